// The built bundle (CONTRACT §10). `npm test` builds it before the browser tests run.
import './fixtures/vendor.js';
import { expect } from 'chai';
import { mockEndpoint, mount, record, settle, unmountAll, until } from './helpers.js';

const BUNDLE = '/dist/toucan-embed-loader.js';

afterEach(async () => {
  unmountAll();
  await settle(0);
});

describe('dist/toucan-embed-loader.js', () => {
  it('registers both elements on import, exports configure, and is safe to import twice', async () => {
    const first = await import(/* @vite-ignore */ BUNDLE);
    const second = await import(/* @vite-ignore */ `${BUNDLE}?second-copy`);
    expect(first).not.to.equal(second);
    expect(typeof first.configure).to.equal('function');
    expect(customElements.get('toucan-dashboard')).to.equal(first.ToucanDashboardElement);
    expect(customElements.get('toucan-ai-assistant')).to.equal(first.ToucanAiAssistantElement);
  });

  it('is self-contained: no bare module imports', async () => {
    const source = await (await fetch(BUNDLE)).text();
    expect(source).not.to.match(/\bfrom\s*["'`](?![./])/);
    expect(source).not.to.match(/\bimport\s*\(\s*["'`](?![./])/);
  });

  it('works end to end: token fetched and injected', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    const api = await mockEndpoint([{ json: { token: 'bundle-token', expiresIn: 60 } }]);
    const el = mount(`<toucan-ai-assistant token-endpoint="${api.url}"></toucan-ai-assistant>`);
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'token');
    expect(el.querySelector('tc-ai-assistant')!.getAttribute('auth-token')).to.equal('bundle-token');
  });
});

describe('dist/toucan-embed-loader.iife.js', () => {
  it('exposes window.ToucanEmbedLoader from a classic script', async () => {
    const script = document.createElement('script');
    script.src = '/dist/toucan-embed-loader.iife.js';
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
    });
    document.head.append(script);
    await loaded;
    const global = (window as unknown as { ToucanEmbedLoader: Record<string, unknown> }).ToucanEmbedLoader;
    expect(typeof global.configure).to.equal('function');
    expect(typeof global.ToucanDashboardElement).to.equal('function');
  });
});
