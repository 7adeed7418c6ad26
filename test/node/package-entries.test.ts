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

test('the self-contained bundle imports without a DOM, defines nothing and exports the API', async () => {
  const entry = await import('toucan-embed-loader/bundle');
  assert.equal(typeof entry.configure, 'function');
  assert.equal(entry.ToucanDashboardElement.embedTag, 'tc-dashboard');
  assert.equal(globalThis.customElements?.get('toucan-dashboard'), undefined);
});

test('the type-only entries import without a DOM', async () => {
  for (const name of ['toucan-embed-loader/preact', 'toucan-embed-loader/vue']) {
    assert.deepEqual(Object.keys(await import(name)), [], name);
  }
});

test('the React entry imports without a DOM and exports a component per wrapper', async () => {
  const { ToucanDashboard, ToucanAiAssistant } = await import('toucan-embed-loader/react');
  assert.equal(ToucanDashboard.displayName, 'ToucanDashboard');
  assert.equal(ToucanAiAssistant.displayName, 'ToucanAiAssistant');
  assert.equal(globalThis.customElements?.get('toucan-dashboard'), undefined);
});

test('a React server render writes settings as kebab-case attributes, never JS-only properties or events', async () => {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { ToucanDashboard } = await import('toucan-embed-loader/react');
  const html = renderToString(
    createElement(
      ToucanDashboard,
      {
        tokenEndpoint: '/api/toucan-token',
        tokenMethod: 'POST',
        embedSrc: '/vendor/embed.js',
        refreshLead: 45,
        tokenProvider: async () => 'token',
        tokenRequest: { headers: { 'x-csrf-token': 'secret-header' } },
        onToucanToken: () => {},
        'dashboard-id': 'd-42',
        className: 'embed',
        style: { height: 600 },
      },
      createElement('p', { slot: 'loading' }, 'Loading…'),
    ),
  );
  assert.equal(
    html,
    '<toucan-dashboard token-endpoint="/api/toucan-token" token-method="POST" embed-src="/vendor/embed.js" refresh-lead="45" dashboard-id="d-42" class="embed" style="height:600px"><p slot="loading">Loading…</p></toucan-dashboard>',
  );
});
