// Which build an app gets: bundlers and Node pick the `development` export condition in
// development, and the package answers it with the build that carries the console diagnostics.
// `npm test` builds dist/ before this runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `specifier` resolves to from inside the package, under the given extra conditions. */
async function resolveWith(conditions: string[], specifier: string): Promise<string> {
  const script = `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`;
  const flags = conditions.map((condition) => `--conditions=${condition}`);
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: process.cwd() });
  return stdout.trim();
}

for (const [specifier, development, production] of [
  ['toucan-embed-loader', 'dist/lib/development.js', 'dist/lib/index.js'],
  ['toucan-embed-loader/elements', 'dist/lib/elements.development.js', 'dist/lib/elements.js'],
] as const) {
  test(`${specifier}: the development condition gets the development build, any other the production one`, async () => {
    assert.ok((await resolveWith(['development'], specifier)).endsWith(development));
    assert.ok((await resolveWith(['production'], specifier)).endsWith(production));
    assert.ok((await resolveWith([], specifier)).endsWith(production));
  });
}

test('the production entry reaches no development module', async () => {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = await readFile(new URL(`../../dist/lib/${file}`, import.meta.url), 'utf8');
    for (const [, imported] of source.matchAll(/(?:from|import)\s*'\.\/([\w./-]+)'/g)) await visit(imported!);
  };
  await visit('index.js');
  assert.ok(seen.has('config.js'), 'the walk follows imports');
  assert.deepEqual(
    [...seen].filter((file) => /diagnostics|development/.test(file)),
    [],
  );
});

test('the development build imports without a DOM (server-side rendering) and warns nothing', async () => {
  const script = "const entry = await import('toucan-embed-loader'); console.log(typeof entry.configure);";
  const { stdout, stderr } = await run(process.execPath, ['--conditions=development', '--input-type=module', '-e', script]);
  assert.equal(stdout.trim(), 'function');
  assert.ok(!stderr.includes('toucan-embed-loader'), stderr); // Lit says it is in dev mode, we say nothing
});
