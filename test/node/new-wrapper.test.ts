/**
 * Adding a wrapper for a new vendor tag is one class plus one entry in the tag map
 * (src/wrappers.ts). This test makes exactly that change in a copy of src/ and checks everything
 * that must follow from it alone: the JSX typings and `HTMLElementTagNameMap` know the new tag, and
 * importing the package registers it, so in Chromium it creates its vendor element with a token,
 * forwards vendor attributes and keeps its own.
 *
 * Run: node --import tsx --test test/node/new-wrapper.test.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { launchChromium } from '../browsers/engines.mjs';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repository (git-ignored), so the copy resolves lit, ky, jose and React's types from node_modules. */
const COPY = join(ROOT, '.tmp', `new-wrapper-${process.pid}`);
const ORIGIN = 'http://new-wrapper.test';

const WIDGET_CLASS = `import { ToucanEmbedElement } from './toucan-embed-element.js';

/** \`<toucan-widget>\`: a Toucan AI widget (\`<tc-widget>\`) with its token managed. */
export class ToucanWidgetElement extends ToucanEmbedElement {
  static override embedTag = 'tc-widget';
}
`;

/** The one map entry (with the import that brings the class in). */
function addMapEntry(wrappers: string): string {
  const lastEntry = "  'toucan-ai-assistant': ToucanAiAssistantElement,\n";
  assert.ok(wrappers.includes(lastEntry), 'the tag map lists toucan-ai-assistant');
  return `import { ToucanWidgetElement } from './toucan-widget.js';\n${wrappers.replace(lastEntry, `${lastEntry}  'toucan-widget': ToucanWidgetElement,\n`)}`;
}

before(() => {
  rmSync(COPY, { recursive: true, force: true });
  mkdirSync(COPY, { recursive: true });
  cpSync(join(ROOT, 'src'), join(COPY, 'src'), { recursive: true });
  writeFileSync(join(COPY, 'src', 'toucan-widget.ts'), WIDGET_CLASS);
  const wrappersFile = join(COPY, 'src', 'wrappers.ts');
  writeFileSync(wrappersFile, addMapEntry(readFileSync(wrappersFile, 'utf8')));
});

after(() => rmSync(COPY, { recursive: true, force: true }));

test('the React JSX typings and HTMLElementTagNameMap type the new tag', async () => {
  writeFileSync(
    join(COPY, 'app.tsx'),
    `import { useRef } from 'react';
import './src/index.ts';
import type {} from './src/jsx/react.ts';
import type { ToucanWidgetElement } from './src/toucan-widget.ts';

export const created: ToucanWidgetElement = document.createElement('toucan-widget');
export function Widget() {
  const widget = useRef<ToucanWidgetElement>(null);
  return <toucan-widget ref={widget} token-endpoint="/t" refresh-lead={30} data-theme="dark" ontoucan-token={(event) => event.reason} />;
}
// @ts-expect-error -- the own attribute refresh-mode keeps its type
export const wrongMode = <toucan-widget refresh-mode="reload" />;
// @ts-expect-error -- the ref is a ToucanWidgetElement
export const wrongRef = <toucan-widget ref={useRef<HTMLInputElement>(null)} />;
`,
  );
  writeFileSync(
    join(COPY, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        useDefineForClassFields: false,
        noImplicitOverride: true,
        isolatedModules: true,
        verbatimModuleSyntax: true,
      },
      files: ['app.tsx'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const output = await new Promise<string>((done) =>
    execFile(process.execPath, [tsc, '-p', COPY], { timeout: 60_000 }, (error, stdout, stderr) =>
      done(error ? `${stdout}${stderr}${error.message}` : ''),
    ),
  );
  assert.equal(output, '');
});

test('importing the package registers the new tag, which creates its vendor element with a token and forwards only vendor attributes', async () => {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: join(COPY, 'src', 'index.ts'), formats: ['es'], fileName: 'app' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((output) => ('output' in output ? output.output : [])).find((file) => file.type === 'chunk');
  assert.ok(chunk && chunk.type === 'chunk', 'the copy bundles');

  const browser = await launchChromium(chromium);
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/api/toucan-token') return route.fulfill({ json: { token: 'widget-token', expiresIn: 60 } });
      if (path === '/app.js') return route.fulfill({ contentType: 'text/javascript', body: chunk.code });
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html>
<script>customElements.define('tc-widget', class extends HTMLElement {});</script>
<toucan-widget embed-src="" token-endpoint="/api/toucan-token" refresh-lead="20" data-theme="dark" widget-id="w-1"></toucan-widget>
<script type="module" src="/app.js"></script>`,
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => document.querySelector('toucan-widget')?.getAttribute('state') === 'ready', undefined, {
      timeout: 10_000,
    });
    const vendor = await page.evaluate(() => {
      const element = document.querySelector('toucan-widget > tc-widget');
      return element && Object.fromEntries([...element.attributes].map(({ name, value }) => [name, value]));
    });
    assert.deepEqual(vendor, { 'data-theme': 'dark', 'widget-id': 'w-1', 'auth-token': 'widget-token' });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
