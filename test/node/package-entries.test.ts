// The package's entry points as an installed app sees them (package self-reference through
// package.json "exports"), imported in Node without a DOM, as server-side rendering does.
// `npm test` builds dist/ before this runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('the main entry imports without a DOM, defines nothing and exports the API', async () => {
  const entry = await import('toucan-embed-loader');
  assert.equal(typeof entry.configure, 'function');
  assert.equal(typeof entry.ToucanDashboardElement, 'function');
  assert.equal(typeof entry.ToucanAiAssistantElement, 'function');
  assert.equal(entry.ToucanDashboardElement.embedTag, 'tc-dashboard');
  assert.equal(entry.ToucanAiAssistantElement.embedTag, 'tc-ai-assistant');
  // Lit installs a customElements shim in Node; nothing may be registered in it.
  const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
  assert.equal(registry?.get('toucan-dashboard'), undefined);
  assert.equal(registry?.get('toucan-ai-assistant'), undefined);
});

test('the elements entry exports the classes with no side effect', async () => {
  const entry = await import('toucan-embed-loader/elements');
  assert.equal(typeof entry.ToucanEmbedElement.define, 'function');
  assert.equal(typeof entry.ToucanTokenEvent, 'function');
});

test('the server entry exports createTokenHandler and generateToken', async () => {
  const entry = await import('toucan-embed-loader/server');
  assert.equal(typeof entry.createTokenHandler, 'function');
  assert.equal(typeof entry.generateToken, 'function');
  const handler = entry.createTokenHandler({ apiKey: 'k', user: () => null });
  const response = await handler(new Request('http://localhost/api/toucan-token'));
  assert.equal(response.status, 401);
});

test('VERSION matches package.json', async () => {
  const { readFile } = await import('node:fs/promises');
  const { VERSION } = await import('toucan-embed-loader/elements');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(VERSION, pkg.version);
});
