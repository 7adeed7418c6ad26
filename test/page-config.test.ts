// configure() is page-wide (shared by every copy of the package on the page) and never too late
// for a wrapper stopped by a config error. `npm test` builds dist/ before the browser tests run.
import './fixtures/vendor.js';
import { expect } from 'chai';
import { ToucanEmbedElement, configure, type ToucanDashboardElement } from '../src/index.js';
import { pageConfig } from '../src/config.js';
import { mockEndpoint, mount, record, settle, unmountAll, until } from './helpers.js';
import { resetConfig } from '../src/config.js';

afterEach(async () => {
  unmountAll();
  await settle(0);
  resetConfig();
});

/** Loads the classic-script build next to the module imported above, as a page with both would. */
async function loadScriptTagCopy(): Promise<{ configure(options: object): void }> {
  const script = document.createElement('script');
  script.src = '/dist/toucan-embed-loader.iife.js';
  await new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
  return (window as unknown as { ToucanEmbedLoader: { configure(options: object): void } }).ToucanEmbedLoader;
}

describe('configure() is shared by every copy of the package on the page', () => {
  it('the script-tag copy configures the wrappers the npm copy registered', async () => {
    const scriptTagCopy = await loadScriptTagCopy();
    const api = await mockEndpoint();
    scriptTagCopy.configure({ tokenEndpoint: api.url });
    const el = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
    await until(() => el.state === 'ready', 'ready with the endpoint set by the other copy');
    expect((await api.requests()).length).to.equal(1);
  });

  it('the npm copy sees settings written by another version of the package', async () => {
    const otherCopy: string = '/dist/toucan-embed-loader.js?other-version';
    const other = (await import(/* @vite-ignore */ otherCopy)) as {
      configure(options: object): void;
    };
    other.configure({ requestTimeout: 3, tokenEndpoint: '/from-the-other-copy' });
    expect(pageConfig()).to.include({ requestTimeout: 3, tokenEndpoint: '/from-the-other-copy', defaultTtl: 300 });
  });
});

describe('configure() is never too late for a wrapper stopped by a config error', () => {
  it('a wrapper with no endpoint starts when a later task supplies one', async () => {
    const el = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
    const errors = record(el, 'toucan-error');
    await until(() => el.state === 'error', 'config error');
    expect(errors[0]).to.include({ kind: 'config', fatal: true });
    await settle(); // after an await, DOMContentLoaded, or a classic <script> after the elements
    const api = await mockEndpoint();
    configure({ tokenEndpoint: api.url });
    await until(() => el.state === 'ready', 'ready after configure()');
    expect(el.embedElement!.getAttribute('auth-token')).to.match(/^tok-/);
  });

  it('a configure() that still lacks the endpoint repeats no error', async () => {
    const el = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
    const errors = record(el, 'toucan-error');
    await until(() => errors.length === 1, 'config error');
    configure({ requestTimeout: 5 });
    await settle();
    expect(errors.length).to.equal(1);
    expect(el.state).to.equal('error');
  });

  it('a wrapper whose embed-src origin was refused starts when configure() allows that origin', async () => {
    customElements.define(
      'x-late-origin',
      class extends ToucanEmbedElement {
        static override embedTag = 'x-late-origin-vendor';
      },
    );
    const otherOrigin = new URL(location.href);
    otherOrigin.hostname = otherOrigin.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const api = await mockEndpoint();
    const src = `${otherOrigin.origin}/mock-embed/define.js?tags=x-late-origin-vendor`;
    const el = mount<ToucanEmbedElement>(`<x-late-origin token-endpoint="${api.url}" embed-src="${src}"></x-late-origin>`);
    await until(() => el.state === 'error', 'origin refused');
    expect((await api.requests()).length).to.equal(0);
    configure({ allowedEmbedOrigins: [otherOrigin.origin] });
    await until(() => el.state === 'ready', 'ready once the origin is allowed');
  });

  it('a running wrapper keeps the settings it started with', async () => {
    const first = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${first.url}"></toucan-dashboard>`);
    await until(() => el.state === 'ready', 'ready');
    const second = await mockEndpoint();
    configure({ tokenEndpoint: second.url });
    await settle();
    expect((await first.requests()).length).to.equal(1);
    expect((await second.requests()).length).to.equal(0);
  });
});
