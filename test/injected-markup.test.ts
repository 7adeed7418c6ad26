// Markup injected into the page (HTML injection, no script) must not send the user's token
// anywhere but Toucan: `server-url` is checked against the origin allow-list before any token is
// injected and before any change reaches the vendor element, and `token-attribute` must name a
// plain attribute.
import './fixtures/vendor.js';
import { expect } from 'chai';
import { configure } from '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import { cleanUp, mockEndpoint, mount, record, settle, until } from './helpers.js';

afterEach(cleanUp);

/** What the fake vendor element records: every (token, server-url) pair it held. */
type Held = { token: string | null; serverUrl: string | null }[];
const heldBy = (element: Element | null) => (element as unknown as { held: Held } | null)?.held ?? [];

/** A port of the page's host other than the page's own. */
const otherPort = String(Number(location.port || 80) + 1);

async function wrapper(attributes: string) {
  const api = await mockEndpoint();
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}" ${attributes}></toucan-dashboard>`);
  return { api, el, tokens: record(el, 'toucan-token'), errors: record(el, 'toucan-error') };
}

/** A wrapper whose tokens come from a provider the test controls. */
function providedWrapper(attributes = '') {
  let issued = 0;
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard ${attributes}></toucan-dashboard>`);
  el.tokenProvider = async () => ({ token: `provided-${++issued}`, expiresIn: 600 });
  return { el, tokens: record(el, 'toucan-token'), errors: record(el, 'toucan-error') };
}

describe('server-url: only allowed origins receive the token', () => {
  const refused: [string, string, string][] = [
    ['a foreign origin', 'https://attacker.example/api', 'https://attacker.example'],
    ['a //host URL', '//attacker.example/api', `${location.protocol}//attacker.example`],
    ['an upper-case foreign URL', 'HTTPS://ATTACKER.EXAMPLE/API', 'https://attacker.example'],
    ['Toucan on another port', 'https://toucanai.cloud:8443/api', 'https://toucanai.cloud:8443'],
    ['Toucan over http', 'http://toucanai.cloud/api', 'http://toucanai.cloud'],
    ['a subdomain look-alike', 'https://toucanai.cloud.attacker.example/api', 'https://toucanai.cloud.attacker.example'],
    ['Toucan as user name of a foreign host', 'https://toucanai.cloud@attacker.example/api', 'https://attacker.example'],
    [
      "the page's host on another port",
      `${location.protocol}//${location.hostname}:${otherPort}/api`,
      `${location.protocol}//${location.hostname}:${otherPort}`,
    ],
    ['a javascript: URL', 'javascript:alert(1)', 'javascript:'],
    ['a data: URL', 'data:text/plain,x', 'data:'],
  ];
  for (const [what, serverUrl, origin] of refused) {
    it(`refuses ${what} (${serverUrl}): fatal config error naming ${origin}, no token requested or injected`, async () => {
      const { api, el, tokens, errors } = await wrapper(`server-url="${serverUrl}"`);
      await until(() => errors.length === 1, 'config error');
      expect(errors[0]!.kind).to.equal('config');
      expect(errors[0]!.fatal).to.equal(true);
      expect(errors[0]!.message).to.contain(`server-url origin ${origin} not allowed`);
      expect(el.state).to.equal('error');
      await settle(50);
      expect(await api.requests()).to.have.length(0);
      expect(tokens).to.have.length(0);
      expect(el.embedElement).to.equal(null);
      expect(el.querySelector('tc-dashboard')).to.equal(null);
    });
  }

  it('refuses a server-url that is not a URL', async () => {
    const { el, errors } = await wrapper('server-url="https://[::1"');
    await until(() => errors.length === 1, 'config error');
    expect([errors[0]!.kind, errors[0]!.message]).to.deep.equal(['config', 'server-url is not a valid URL.']);
    expect(el.embedElement).to.equal(null);
  });

  const allowed: [string, () => string][] = [
    ['Toucan', () => 'https://toucanai.cloud/api'],
    ['Toucan in upper case', () => 'HTTPS://TOUCANAI.CLOUD/api'],
    ['Toucan with its default port', () => 'https://toucanai.cloud:443/api'],
    ["the page's origin with its port", () => `${location.origin}/api`],
    ['a path relative to the page', () => '/api/toucan'],
    ['a relative path', () => 'api'],
    ["a //host URL of the page's host", () => `//${location.host}/api`],
  ];
  for (const [what, serverUrl] of allowed) {
    it(`allows ${what}: the vendor element gets the token and the server-url as written`, async () => {
      const { el, tokens, errors } = await wrapper(`server-url="${serverUrl()}"`);
      await until(() => tokens.length === 1, 'token');
      expect(errors).to.have.length(0);
      expect(el.embedElement!.getAttribute('server-url')).to.equal(serverUrl());
      expect(el.embedElement!.getAttribute('auth-token')).to.match(/^tok-/);
    });
  }

  it('allows an origin with a port listed in configure({ allowedEmbedOrigins }), and refuses that host on another port', async () => {
    configure({ allowedEmbedOrigins: ['https://eu.toucan.example:8443'] });
    const good = await wrapper('server-url="https://eu.toucan.example:8443/api"');
    const bad = await wrapper('server-url="https://eu.toucan.example/api"');
    await until(() => good.tokens.length === 1 && bad.errors.length === 1, 'token and error');
    expect(good.el.embedElement!.getAttribute('server-url')).to.equal('https://eu.toucan.example:8443/api');
    expect(bad.errors[0]!.message).to.contain('server-url origin https://eu.toucan.example not allowed');
    expect(bad.el.embedElement).to.equal(null);
  });

  it('judges the same server-url again after configure() or a <base> changed what it means', async () => {
    const url = 'https://eu.toucan.example/api';
    const refused = await wrapper(`server-url="${url}"`);
    await until(() => refused.errors.length === 1, 'config error');
    configure({ allowedEmbedOrigins: ['https://eu.toucan.example'] });
    const allowed = await wrapper(`server-url="${url}"`);
    await until(() => allowed.tokens.length === 1, 'token');
    configure({ allowedEmbedOrigins: [] });
    const refusedAgain = await wrapper(`server-url="${url}"`);
    await until(() => refusedAgain.errors.length === 1, 'config error once the origin is no longer allowed');
    const relative = await wrapper('server-url="/api"');
    await until(() => relative.tokens.length === 1, 'token for a relative server-url');
    const base = document.createElement('base');
    base.href = 'https://attacker.example/';
    document.head.prepend(base);
    try {
      const moved = await wrapper('server-url="/api"');
      await until(() => moved.errors.length === 1, 'config error under <base>');
    } finally {
      base.remove();
    }
  });

  it('judges a relative server-url by the document base URL, which an injected <base> can move', async () => {
    const base = document.createElement('base');
    base.href = 'https://attacker.example/';
    document.head.prepend(base);
    try {
      const el = mount<ToucanDashboardElement>('<toucan-dashboard server-url="/api"></toucan-dashboard>');
      const errors = record(el, 'toucan-error');
      el.tokenProvider = async () => 'never-injected';
      await until(() => errors.length >= 1, 'config error');
      expect(errors[0]!.message).to.contain('server-url origin https://attacker.example not allowed');
      expect(el.embedElement).to.equal(null);
    } finally {
      base.remove();
    }
  });
});

describe('server-url changed after the first token', () => {
  for (const mode of ['update', 'remount']) {
    it(`(${mode}) removes the vendor element before the refused value reaches it, and injects no later token`, async () => {
      const { el, tokens, errors } = providedWrapper(`refresh-mode="${mode}" server-url="https://toucanai.cloud/api"`);
      await until(() => tokens.length === 1, 'first token');
      const vendor = el.embedElement!;
      el.setAttribute('server-url', 'https://attacker.example/api');
      await until(() => errors.length === 1, 'config error');
      expect([errors[0]!.kind, errors[0]!.fatal]).to.deep.equal(['config', true]);
      expect(errors[0]!.message).to.contain('https://attacker.example');
      expect(vendor.isConnected).to.equal(false);
      expect(el.embedElement).to.equal(null);
      expect(el.querySelector('tc-dashboard')).to.equal(null);
      expect(heldBy(vendor).filter((pair) => pair.serverUrl !== 'https://toucanai.cloud/api')).to.deep.equal([]);
      expect(el.state).to.equal('error');
      const refused = await el.refresh().then(
        () => null,
        (error: unknown) => error,
      );
      expect((refused as Error).message).to.contain('https://attacker.example');
      await settle(20);
      expect(el.querySelector('tc-dashboard')).to.equal(null);
      expect(tokens).to.have.length(1);
    });
  }

  it('an allowed server-url again brings back a vendor element with the still-valid token, without a request', async () => {
    const { api, el, tokens, errors } = await wrapper('server-url="https://toucanai.cloud/api"');
    await until(() => tokens.length === 1, 'first token');
    const token = el.embedElement!.getAttribute('auth-token');
    el.setAttribute('server-url', 'https://attacker.example/api');
    await until(() => errors.length === 1, 'config error');
    el.setAttribute('server-url', 'https://toucanai.cloud/v2');
    await until(() => el.state === 'ready', 'ready again');
    expect(el.embedElement!.getAttribute('auth-token')).to.equal(token);
    expect(el.embedElement!.getAttribute('server-url')).to.equal('https://toucanai.cloud/v2');
    expect(await api.requests()).to.have.length(1);
  });

  it('removing server-url is allowed (the vendor element uses its own default)', async () => {
    const { el, tokens, errors } = await wrapper('server-url="https://toucanai.cloud/api"');
    await until(() => tokens.length === 1, 'first token');
    el.removeAttribute('server-url');
    await settle(20);
    expect(errors).to.have.length(0);
    expect(el.embedElement!.hasAttribute('server-url')).to.equal(false);
    expect(el.state).to.equal('ready');
  });

  for (const mode of ['update', 'remount']) {
    it(`(${mode}) a token arriving in the same task as a refused change, before it is forwarded, is not injected`, async () => {
      // Two wrappers share one request, so one answer reaches both in one task; the first one's
      // listener changes the second one's server-url before the second gets the token.
      let issued = 0;
      const provider = async () => ({ token: `shared-${++issued}`, expiresIn: 600 });
      const first = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
      const second = mount<ToucanDashboardElement>(
        `<toucan-dashboard refresh-mode="${mode}" server-url="https://toucanai.cloud/api"></toucan-dashboard>`,
      );
      first.tokenProvider = provider;
      second.tokenProvider = provider;
      const secondErrors = record(second, 'toucan-error');
      await until(() => first.embedElement !== null && second.embedElement !== null, 'first tokens');
      const vendor = second.embedElement!;
      first.addEventListener('toucan-token', () => second.setAttribute('server-url', 'https://attacker.example/api'), {
        once: true,
      });
      await first.refresh();
      await until(() => secondErrors.length === 1, 'config error');
      expect(second.querySelector('tc-dashboard')).to.equal(null);
      expect(heldBy(vendor).some((pair) => pair.serverUrl === 'https://attacker.example/api')).to.equal(false);
      expect(heldBy(vendor).some((pair) => pair.token === 'shared-2')).to.equal(false);
      expect(first.embedElement!.getAttribute('auth-token')).to.equal('shared-2');
    });
  }

  it('a wrapper created with a refused server-url starts once the page allows it and it changes', async () => {
    const { el, tokens, errors } = await wrapper('server-url="https://attacker.example/api"');
    await until(() => errors.length === 1, 'config error');
    el.setAttribute('server-url', 'https://toucanai.cloud/api');
    await until(() => tokens.length === 1, 'token');
    expect(el.embedElement!.getAttribute('server-url')).to.equal('https://toucanai.cloud/api');
    expect(el.state).to.equal('ready');
  });
});

describe('token-attribute: only a plain attribute receives the token', () => {
  const refused = [
    'onclick',
    'ONLOAD',
    'onerror',
    'src',
    'href',
    'action',
    'formaction',
    'srcdoc',
    'xlink:href',
    'data',
    'poster',
    'background',
    'ping',
    'codebase',
    'cite',
    'manifest',
    'srcset',
    'style',
    '',
    'auth token',
    '1token',
  ];
  for (const name of refused) {
    it(`refuses token-attribute="${name}": fatal config error, no token requested or injected`, async () => {
      const { api, el, errors } = await wrapper(`token-attribute="${name}"`);
      await until(() => errors.length === 1, 'config error');
      expect([errors[0]!.kind, errors[0]!.fatal]).to.deep.equal(['config', true]);
      expect(errors[0]!.message).to.contain(`token-attribute "${name.toLowerCase()}" not allowed`);
      await settle(50);
      expect(await api.requests()).to.have.length(0);
      expect(el.embedElement).to.equal(null);
      expect(el.state).to.equal('error');
    });
  }

  for (const name of ['auth-token', 'data-token', 'token', 'jwt_token']) {
    it(`allows token-attribute="${name}"`, async () => {
      const { el, tokens, errors } = await wrapper(`token-attribute="${name}"`);
      await until(() => tokens.length === 1, 'token');
      expect(errors).to.have.length(0);
      expect(el.embedElement!.getAttribute(name)).to.match(/^tok-/);
    });
  }

  it('a token-attribute changed to an event handler after the first token removes the vendor element', async () => {
    const { el, tokens, errors } = providedWrapper();
    await until(() => tokens.length === 1, 'first token');
    const vendor = el.embedElement!;
    el.setAttribute('token-attribute', 'onmouseover');
    await until(() => errors.length === 1, 'config error');
    expect(errors[0]!.message).to.contain('token-attribute "onmouseover" not allowed');
    expect(vendor.isConnected).to.equal(false);
    expect(vendor.hasAttribute('onmouseover')).to.equal(false);
    expect(el.state).to.equal('error');
  });

  it('removing token-attribute puts the token back in auth-token', async () => {
    const { el, tokens } = providedWrapper('token-attribute="data-token" refresh-mode="remount"');
    await until(() => tokens.length === 1, 'first token');
    el.removeAttribute('token-attribute');
    await el.refresh();
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('provided-2');
    expect(el.embedElement!.hasAttribute('null')).to.equal(false);
  });
});
