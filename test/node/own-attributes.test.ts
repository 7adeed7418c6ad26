// The wrapper's own attributes are one list: the element's declared properties (`static
// properties`). Forwarding reads them from the class at run time; the typings of the attributes
// (src/jsx/attributes.ts, read by the React, Preact and Vue typings) must list the same names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ToucanEmbedElement } from '../../src/toucan-embed-element.ts';

const ATTRIBUTE_TYPINGS = fileURLToPath(new URL('../../src/jsx/attributes.ts', import.meta.url));

/** Property names of the exported interface `name` of `file`, as TypeScript sees them. */
function interfaceKeys(file: string, name: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const symbol = checker.getExportsOfModule(moduleSymbol).find((candidate) => candidate.name === name);
  assert.ok(symbol, `${name} is exported`);
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((property) => property.name);
}

test('the attribute typings list exactly the attributes the element declares', () => {
  assert.deepEqual(
    interfaceKeys(ATTRIBUTE_TYPINGS, 'ToucanEmbedAttributes').sort(),
    [...ToucanEmbedElement.observedAttributes].sort(),
  );
});

test('each declared attribute is its property name in kebab case', () => {
  assert.ok(ToucanEmbedElement.observedAttributes.length > 0, 'the class is finalized');
  for (const [property, { attribute }] of ToucanEmbedElement.elementProperties) {
    if (typeof attribute !== 'string') continue;
    assert.equal(
      attribute,
      String(property).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    );
  }
});
