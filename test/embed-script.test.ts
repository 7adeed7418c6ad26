import { expect } from 'chai';
import { ToucanEmbedElement, configure } from '../src/index.js';
import { resetConfig } from '../src/config.js';
import { cleanUp, installClock, mockEndpoint, mount, record, settle, unmountAll, until, type FakeClock } from './helpers.js';

const S = 1000;
let count = 0;

/** A wrapper class with its own vendor tag, so every test loads a script of its own. */
function wrapperClass(): { tag: string; vendorTag: string } {
  const n = ++count;
  const vendorTag = `x-vendor-${n}`;
  const tag = `x-wrapper-${n}`;
  customElements.define(
    tag,
    class extends ToucanEmbedElement {
      static override embedTag = vendorTag;
    },
  );
  return { tag, vendorTag };
}

function scripts(fragment: string): HTMLScriptElement[] {
  return [...document.querySelectorAll('script')].filter((script) => script.src.includes(fragment));
}

afterEach(cleanUp);

describe('vendor script loading (CONTRACT §8)', () => {
  it('adds one module script per URL however many wrappers, in parallel with the first token request', async () => {
    const { tag, vendorTag } = wrapperClass();
    const api = await mockEndpoint([{ json: { token: '$auto', expiresIn: 60 }, delayMs: 300 }]);
    const src = `/mock-embed/define.js?tags=${vendorTag}&id=${api.id}`;
    const els = [1, 2, 3].map(() =>
      mount<ToucanEmbedElement>(`<${tag} token-endpoint="${api.url}" embed-src="${src}"></${tag}>`),
    );
    const states = els.map((el) => record(el, 'toucan-statechange'));
    await until(() => states.every((list) => list.at(-1)?.state === 'ready'), 'all ready');
    const added = scripts(`tags=${vendorTag}`);
    expect(added.length).to.equal(1);
    expect(added[0]!.type).to.equal('module');
    const log = await api.requests();
    const tokenRequest = log.find((entry) => entry.url.startsWith('/mock/'))!;
    const scriptRequest = log.find((entry) => entry.url.startsWith('/mock-embed/'))!;
    expect(log.filter((entry) => entry.url.startsWith('/mock-embed/')).length).to.equal(1);
    // The script was requested while the token request was still being answered (300 ms).
    expect(scriptRequest.receivedAt).to.be.below(tokenRequest.receivedAt + 300);
  });

  it('adds no script when the vendor tag is already defined', async () => {
    const { tag, vendorTag } = wrapperClass();
    customElements.define(vendorTag, class extends HTMLElement {});
    const api = await mockEndpoint();
    const el = mount<ToucanEmbedElement>(`<${tag} token-endpoint="${api.url}"></${tag}>`);
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'token');
    expect(scripts('toucanai.cloud').length).to.equal(0);
    expect(el.state).to.equal('ready');
  });

  it('adds no script when one with that src is already in the page', async () => {
    const { tag, vendorTag } = wrapperClass();
    const src = `/mock-embed/define.js?tags=${vendorTag}`;
    const existing = document.createElement('script');
    existing.type = 'module';
    existing.src = src;
    document.head.append(existing);
    const api = await mockEndpoint();
    const el = mount<ToucanEmbedElement>(`<${tag} token-endpoint="${api.url}" embed-src="${src}"></${tag}>`);
    await until(() => el.state === 'ready', 'ready');
    expect(scripts(`tags=${vendorTag}`).length).to.equal(1);
  });

  it('a script that fails to load (404) is a fatal embed-load error', async () => {
    const { tag } = wrapperClass();
    const api = await mockEndpoint();
    const el = mount<ToucanEmbedElement>(
      `<${tag} token-endpoint="${api.url}" embed-src="/mock-embed/missing.js?n=${count}"></${tag}>`,
    );
    const errors = record(el, 'toucan-error');
    await until(() => errors.length === 1, 'embed-load error');
    expect(errors[0]).to.include({ kind: 'embed-load', fatal: true, retryAt: null });
    expect(el.state).to.equal('error');
  });

  it('every wrapper of a failed script gets its own embed-load error, one added later too', async () => {
    const { tag } = wrapperClass();
    const api = await mockEndpoint();
    const markup = `<${tag} token-endpoint="${api.url}" embed-src="/mock-embed/missing.js?n=${count}"></${tag}>`;
    const first = [mount<ToucanEmbedElement>(markup), mount<ToucanEmbedElement>(markup), mount<ToucanEmbedElement>(markup)];
    const errors = first.map((el) => record(el, 'toucan-error'));
    await until(() => errors.every((list) => list.length === 1), 'three embed-load errors');
    const late = mount<ToucanEmbedElement>(markup);
    const lateErrors = record(late, 'toucan-error');
    await until(() => lateErrors.length === 1, 'embed-load error of the late wrapper');
    for (const list of [...errors, lateErrors]) expect(list[0]).to.include({ kind: 'embed-load', fatal: true });
    expect([...first, late].map((el) => el.state)).to.deep.equal(['error', 'error', 'error', 'error']);
  });

  it('after an embed-load error the wrapper stops requesting tokens', async () => {
    const clock: FakeClock = installClock();
    try {
      const { tag } = wrapperClass();
      const api = await mockEndpoint();
      const el = mount<ToucanEmbedElement>(
        `<${tag} token-endpoint="${api.url}" embed-src="/mock-embed/missing.js?n=${count}"></${tag}>`,
      );
      const errors = record(el, 'toucan-error');
      await until(() => errors.length === 1, 'embed-load error');
      // The first token request left with the script request; under load it may reach the
      // endpoint after the error. Count from once it has (at most one).
      await settle(300);
      const before = (await api.requests()).length;
      expect(before).to.be.at.most(1);
      await clock.tickAsync(5 * 60 * S);
      await settle();
      expect((await api.requests()).length).to.equal(before);
      expect(el.state).to.equal('error');
      let rejected: unknown;
      await el.refresh().catch((error: unknown) => (rejected = error));
      expect(rejected).to.include({ kind: 'embed-load' });
    } finally {
      unmountAll();
      await settle(0);
      clock.restore();
    }
  });

  it('a tag still undefined 20 s after loading started is a fatal embed-load error', async () => {
    const clock: FakeClock = installClock();
    try {
      const { tag } = wrapperClass();
      const api = await mockEndpoint();
      const el = mount<ToucanEmbedElement>(
        `<${tag} token-endpoint="${api.url}" embed-src="/mock-embed/never.js?n=${count}"></${tag}>`,
      );
      const errors = record(el, 'toucan-error');
      // The token answer must be in before the fake clock runs, or the 10 s request timeout fires first.
      await until(() => el.expiresAt !== null, 'token held');
      await clock.tickAsync(19.9 * S);
      expect(errors.length).to.equal(0);
      expect(el.state).to.equal('loading');
      await clock.tickAsync(0.2 * S);
      await until(() => errors.length === 1, 'embed-load error');
      expect(errors[0]).to.include({ kind: 'embed-load', fatal: true });
    } finally {
      unmountAll();
      await settle(0);
      clock.restore();
    }
  });

  it('refuses an embed-src on a foreign origin: fatal config error, nothing requested', async () => {
    const { tag } = wrapperClass();
    const api = await mockEndpoint();
    const el = mount<ToucanEmbedElement>(
      `<${tag} token-endpoint="${api.url}" embed-src="https://evil.example/embed.js"></${tag}>`,
    );
    const errors = record(el, 'toucan-error');
    await until(() => errors.length === 1, 'config error');
    expect(errors[0]).to.include({ kind: 'config', fatal: true });
    expect(scripts('evil.example').length).to.equal(0);
    await settle();
    expect((await api.requests()).length).to.equal(0);
    expect(el.state).to.equal('error');
  });

  it('refuses javascript: and data: URLs', async () => {
    for (const src of ['javascript:alert(1)', 'data:text/javascript,alert(1)']) {
      const { tag } = wrapperClass();
      const el = mount<ToucanEmbedElement>(`<${tag} token-endpoint="/mock/unused/token" embed-src="${src}"></${tag}>`);
      const errors = record(el, 'toucan-error');
      await until(() => errors.length === 1, 'config error');
      expect(errors[0]!.kind).to.equal('config');
    }
  });

  it('loads from an origin allowed by configure({ allowedEmbedOrigins })', async () => {
    const { tag, vendorTag } = wrapperClass();
    // Another origin served by the same loopback test server (never a public host).
    const otherOrigin = new URL(location.href);
    otherOrigin.hostname = otherOrigin.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    configure({ allowedEmbedOrigins: [otherOrigin.origin] });
    const api = await mockEndpoint();
    const src = `${otherOrigin.origin}/mock-embed/define.js?tags=${vendorTag}`;
    const el = mount<ToucanEmbedElement>(`<${tag} token-endpoint="${api.url}" embed-src="${src}"></${tag}>`);
    await until(() => el.state === 'ready', 'ready with the cross-origin script');
    expect(scripts(src).length).to.equal(1);
  });

  it('gives the script the nonce of configure(), else of the first <script nonce>', async () => {
    const first = wrapperClass();
    configure({ nonce: 'configured-nonce' });
    mount(
      `<${first.tag} token-endpoint="/mock/unused/token" embed-src="/mock-embed/define.js?tags=${first.vendorTag}"></${first.tag}>`,
    );
    await until(() => scripts(`tags=${first.vendorTag}`).length === 1, 'script');
    expect(scripts(`tags=${first.vendorTag}`)[0]!.nonce).to.equal('configured-nonce');

    resetConfig();
    const pageScript = document.createElement('script');
    pageScript.setAttribute('nonce', 'page-nonce');
    document.head.append(pageScript);
    const second = wrapperClass();
    mount(
      `<${second.tag} token-endpoint="/mock/unused/token" embed-src="/mock-embed/define.js?tags=${second.vendorTag}"></${second.tag}>`,
    );
    await until(() => scripts(`tags=${second.vendorTag}`).length === 1, 'script');
    expect(scripts(`tags=${second.vendorTag}`)[0]!.nonce).to.equal('page-nonce');
    pageScript.remove();
  });

  it('embed-integrity sets integrity and crossorigin="anonymous"', async () => {
    const { tag, vendorTag } = wrapperClass();
    mount(
      `<${tag} token-endpoint="/mock/unused/token" embed-src="/mock-embed/define.js?tags=${vendorTag}" embed-integrity="sha384-abc"></${tag}>`,
    );
    await until(() => scripts(`tags=${vendorTag}`).length === 1, 'script');
    const [script] = scripts(`tags=${vendorTag}`);
    expect(script!.integrity).to.equal('sha384-abc');
    expect(script!.crossOrigin).to.equal('anonymous');
  });
});

describe('the embed deadline of a script URL', () => {
  let clock: FakeClock;
  beforeEach(() => (clock = installClock()));
  afterEach(async () => {
    unmountAll();
    await settle(0);
    clock.restore();
  });

  it('is cleared once the tag is defined: no timer is left after the wrapper goes', async () => {
    const { tag, vendorTag } = wrapperClass();
    const api = await mockEndpoint();
    const el = mount<ToucanEmbedElement>(
      `<${tag} token-endpoint="${api.url}" embed-src="/mock-embed/define.js?tags=${vendorTag}"></${tag}>`,
    );
    await until(() => el.state === 'ready', 'ready');
    el.remove();
    await settle(0);
    expect(clock.countTimers()).to.equal(0);
  });

  it('removes the listener it added to the script once the tag is defined', async () => {
    const { tag, vendorTag } = wrapperClass();
    const added = new Set<unknown>();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
      if (this instanceof HTMLScriptElement && this.src.includes(vendorTag)) added.add(args[1]);
      return add.apply(this, args);
    };
    EventTarget.prototype.removeEventListener = function (
      this: EventTarget,
      ...args: Parameters<EventTarget['removeEventListener']>
    ) {
      if (this instanceof HTMLScriptElement) added.delete(args[1]);
      return remove.apply(this, args);
    };
    try {
      const el = mount<ToucanEmbedElement>(
        `<${tag} token-endpoint="/mock/unused/token" embed-src="/mock-embed/define.js?tags=${vendorTag}"></${tag}>`,
      );
      await until(() => customElements.get(vendorTag) !== undefined, 'tag defined');
      await settle(0);
      expect(scripts(vendorTag).length).to.equal(1);
      expect(added.size).to.equal(0);
      expect(el.isConnected).to.equal(true);
    } finally {
      EventTarget.prototype.addEventListener = add;
      EventTarget.prototype.removeEventListener = remove;
    }
  });

  it('a script that already failed stops a wrapper that comes later before any token request', async () => {
    const { tag } = wrapperClass();
    const api = await mockEndpoint();
    const src = `/mock-embed/missing.js?n=${count}`;
    const first = mount<ToucanEmbedElement>(`<${tag} token-endpoint="/mock/unused/token" embed-src="${src}"></${tag}>`);
    await until(() => first.state === 'error', 'first wrapper in error');
    const later = mount<ToucanEmbedElement>(`<${tag} token-endpoint="${api.url}" embed-src="${src}"></${tag}>`);
    const errors = record(later, 'toucan-error');
    await until(() => errors.length === 1, 'embed-load error');
    expect(errors[0]).to.include({ kind: 'embed-load', fatal: true });
    expect(errors[0]!.message).to.include('/mock-embed/missing.js').and.not.include('?n=');
    await settle();
    expect((await api.requests()).length).to.equal(0);
  });

  it('belongs to its script URL: a wrapper using another script keeps its token requests', async () => {
    const failing = wrapperClass();
    const working = wrapperClass();
    const api = await mockEndpoint();
    const broken = mount<ToucanEmbedElement>(
      `<${failing.tag} token-endpoint="${api.url}" embed-src="/mock-embed/missing.js?n=${count}"></${failing.tag}>`,
    );
    const fine = mount<ToucanEmbedElement>(
      `<${working.tag} token-endpoint="${api.url}" embed-src="/mock-embed/define.js?tags=${working.vendorTag}"></${working.tag}>`,
    );
    await until(() => broken.state === 'error' && fine.state === 'ready', 'one in error, one ready');
    const tokens = record(fine, 'toucan-token');
    await clock.tickAsync(31 * S);
    await until(() => tokens.length === 1, 'scheduled refresh of the wrapper whose script loaded');
    expect(tokens[0]!.reason).to.equal('scheduled');
  });
});
