import './fixtures/vendor.js';
import { expect } from 'chai';
import { configure } from '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import { mockEndpoint, mount, record, settle, until, useFakeClock, type FakeClock } from './helpers.js';

const S = 1000;
let clock: FakeClock;
useFakeClock((installed) => (clock = installed));

async function dashboard(attributes: string) {
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard ${attributes}></toucan-dashboard>`);
  const tokens = record(el, 'toucan-token');
  const errors = record(el, 'toucan-error');
  const states = record(el, 'toucan-statechange');
  return { el, tokens, errors, states };
}

describe('first token (CONTRACT §1, §7)', () => {
  it('creates the vendor element with the token and the forwarded attributes', async () => {
    const api = await mockEndpoint([{ json: { token: 'first-token', expiresIn: 60 } }]);
    const { el, tokens } = await dashboard(
      `token-endpoint="${api.url}" dashboard-id="d-42" server-url="https://toucanai.cloud/api" data-theme="light" id="dash" class="big" style="height: 100px" aria-label="Sales" title="t"`,
    );
    await until(() => tokens.length === 1, 'first token');
    const vendor = el.embedElement!;
    expect(vendor.localName).to.equal('tc-dashboard');
    expect(vendor.parentElement).to.equal(el);
    expect(vendor.getAttribute('auth-token')).to.equal('first-token');
    expect(vendor.getAttribute('dashboard-id')).to.equal('d-42');
    expect(vendor.getAttribute('server-url')).to.equal('https://toucanai.cloud/api');
    expect(vendor.getAttribute('data-theme')).to.equal('light');
    for (const kept of ['id', 'class', 'style', 'aria-label', 'title', 'token-endpoint', 'state']) {
      expect(vendor.hasAttribute(kept), kept).to.equal(false);
    }
    expect(tokens[0]!.reason).to.equal('initial');
    expect(tokens[0]!.lifetime).to.equal(60 * S);
    expect(el.expiresAt).to.equal(tokens[0]!.expiresAt);
  });

  it('moves through loading to ready and reflects the state attribute', async () => {
    const api = await mockEndpoint();
    const { el, tokens, states } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    expect(states.map((event) => [event.previous, event.state])).to.deep.equal([
      ['idle', 'loading'],
      ['loading', 'ready'],
    ]);
    expect(el.getAttribute('state')).to.equal('ready');
  });

  it('shows the loading slot while loading and the error slot on a fatal error', async () => {
    const api = await mockEndpoint([{ json: { token: 'slow', expiresIn: 60 }, delayMs: 150 }]);
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}"><p slot="loading">Loading…</p><p slot="error">Unavailable</p></toucan-dashboard>`,
    );
    const tokens = record(el, 'toucan-token');
    const loading = el.querySelector<HTMLElement>('[slot=loading]')!;
    const error = el.querySelector<HTMLElement>('[slot=error]')!;
    await until(() => el.state === 'loading', 'loading');
    expect(loading.checkVisibility()).to.equal(true);
    expect(error.checkVisibility()).to.equal(false);
    await until(() => tokens.length === 1, 'first token');
    expect(loading.checkVisibility()).to.equal(false);
    expect(error.checkVisibility()).to.equal(false);
    expect(el.embedElement!.checkVisibility()).to.equal(true);
    el.setAttribute('token-endpoint', '');
    el.tokenProvider = () => Promise.reject(Object.assign(new Error('denied'), { status: 401 }));
    await el.refresh().catch(() => {});
    expect(el.state).to.equal('error');
    expect(error.checkVisibility()).to.equal(true);
    expect(loading.checkVisibility()).to.equal(false);
  });

  it('keeps both slots hidden while refreshing and shows the error slot once the token expired', async () => {
    const api = await mockEndpoint([{ json: { token: 'only', expiresIn: 10 } }, ...Array(5).fill({ status: 503 })]);
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}"><p slot="loading">Loading…</p><p slot="error">Unavailable</p></toucan-dashboard>`,
    );
    const errors = record(el, 'toucan-error');
    const loading = el.querySelector<HTMLElement>('[slot=loading]')!;
    const error = el.querySelector<HTMLElement>('[slot=error]')!;
    await until(() => el.state === 'ready', 'ready');
    await clock.tickAsync(5 * S); // a 10 s token refreshes at 5 s; the endpoint fails
    await until(() => errors.length === 1, 'failed refresh');
    expect(el.state).to.equal('refreshing');
    expect([loading.checkVisibility(), error.checkVisibility(), el.embedElement!.checkVisibility()]).to.deep.equal([
      false,
      false,
      true,
    ]);
    await clock.tickAsync(el.expiresAt! - Date.now());
    await until(() => el.state === 'expired', 'expired');
    expect([loading.checkVisibility(), error.checkVisibility()]).to.deep.equal([false, true]);
  });

  it('creates no vendor element before a token arrives', async () => {
    const api = await mockEndpoint([{ json: { token: 'slow', expiresIn: 60 }, delayMs: 150 }]);
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await settle(40);
    expect(el.embedElement).to.equal(null);
    expect(el.querySelector('tc-dashboard')).to.equal(null);
    await until(() => tokens.length === 1, 'first token');
    expect(el.querySelector('tc-dashboard')).to.equal(el.embedElement);
  });

  it('forwards attribute changes and removals to the live vendor element', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}" dashboard-id="d-1" data-theme="light"`);
    await until(() => tokens.length === 1, 'first token');
    el.setAttribute('dashboard-id', 'd-2');
    el.setAttribute('chart-id', 'c-9');
    el.removeAttribute('data-theme');
    el.setAttribute('aria-hidden', 'true');
    await settle(0);
    const vendor = el.embedElement!;
    expect(vendor.getAttribute('dashboard-id')).to.equal('d-2');
    expect(vendor.getAttribute('chart-id')).to.equal('c-9');
    expect(vendor.hasAttribute('data-theme')).to.equal(false);
    expect(vendor.hasAttribute('aria-hidden')).to.equal(false);
  });

  it('forwards for every wrapper while others leave and come back, and after all have left', async () => {
    // One attribute observer serves every wrapper on the page: leaving must not stop it for the others.
    const api = await mockEndpoint();
    const a = await dashboard(`token-endpoint="${api.url}" dashboard-id="a-1"`);
    const b = await dashboard(`token-endpoint="${api.url}" dashboard-id="b-1"`);
    await until(() => a.tokens.length === 1 && b.tokens.length === 1, 'both tokens');
    const parent = a.el.parentNode!;
    a.el.remove();
    await settle(0);
    a.el.setAttribute('dashboard-id', 'a-2'); // while it is out of the document: not followed
    b.el.setAttribute('dashboard-id', 'b-2');
    await settle(0);
    expect(a.el.embedElement!.getAttribute('dashboard-id')).to.equal('a-1');
    expect(b.el.embedElement!.getAttribute('dashboard-id')).to.equal('b-2');
    parent.append(a.el);
    await settle(0);
    a.el.setAttribute('dashboard-id', 'a-3');
    await settle(0);
    expect(a.el.embedElement!.getAttribute('dashboard-id')).to.equal('a-3');
    a.el.remove();
    b.el.remove();
    await settle(0);
    const c = await dashboard(`token-endpoint="${api.url}" dashboard-id="c-1"`);
    await until(() => c.tokens.length === 1, 'token of a wrapper mounted after all had left');
    c.el.setAttribute('dashboard-id', 'c-2');
    await settle(0);
    expect(c.el.embedElement!.getAttribute('dashboard-id')).to.equal('c-2');
  });

  it('uses the token-endpoint of configure() when the wrapper has none, applied in the same task', async () => {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
    configure({ tokenEndpoint: api.url });
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    expect((await api.requests()).length).to.equal(1);
  });

  it('reports a fatal config error when there is no endpoint at all', async () => {
    const { el, errors } = await dashboard('');
    await until(() => errors.length === 1, 'config error');
    expect(errors[0]).to.include({ kind: 'config', fatal: true, retryAt: null, attempt: 0 });
    expect(el.state).to.equal('error');
    await settle();
    expect(errors.length).to.equal(1);
  });

  it('setting a token-endpoint after a config error clears it and fetches a token', async () => {
    const api = await mockEndpoint();
    const { el, errors, tokens } = await dashboard('');
    await until(() => errors.length === 1, 'config error');
    el.setAttribute('token-endpoint', api.url);
    await until(() => tokens.length === 1, 'token');
    expect(el.state).to.equal('ready');
  });
});

describe('refresh before expiry (CONTRACT §4)', () => {
  it('refreshes a 60 s token at 30 s on the same vendor element', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    const vendor = el.embedElement!;
    const first = vendor.getAttribute('auth-token');

    await clock.tickAsync(29.9 * S);
    await settle();
    expect((await api.requests()).length).to.equal(1);

    await clock.tickAsync(0.2 * S);
    await until(() => tokens.length === 2, 'refreshed token');
    expect(tokens[1]!.reason).to.equal('scheduled');
    expect(el.embedElement).to.equal(vendor);
    expect(vendor.getAttribute('auth-token')).not.to.equal(first);
    expect((await api.requests()).length).to.equal(2);
  });

  it('honours refresh-lead, within half the lifetime', async () => {
    const api = await mockEndpoint([{ json: { token: '$auto', expiresIn: 300 } }]);
    const { tokens } = await dashboard(`token-endpoint="${api.url}" refresh-lead="100"`);
    await until(() => tokens.length === 1, 'first token');
    await clock.tickAsync(199 * S);
    await settle();
    expect((await api.requests()).length).to.equal(1);
    await clock.tickAsync(1.1 * S);
    await until(() => tokens.length === 2, 'refresh at 200 s');
  });

  it('in refresh-mode="remount" replaces the vendor element with a new one', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}" refresh-mode="remount" dashboard-id="d-1"`);
    await until(() => tokens.length === 1, 'first token');
    const vendor = el.embedElement!;
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'refreshed token');
    expect(el.embedElement).not.to.equal(vendor);
    expect(vendor.isConnected).to.equal(false);
    expect(el.embedElement!.getAttribute('dashboard-id')).to.equal('d-1');
    expect(el.querySelectorAll('tc-dashboard').length).to.equal(1);
  });

  it('never refreshes a 30-day token at once (timer delays are capped)', async () => {
    const api = await mockEndpoint([{ json: { token: '$auto', expiresIn: 30 * 86400 } }]);
    const { tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    clock.tick(25 * 86400 * S); // past one capped 2^31−1 ms timer (≈ 24.8 days); no request expected
    clock.tick((5 * 86400 - 301) * S);
    await settle();
    expect((await api.requests()).length).to.equal(1);
    await clock.tickAsync(2 * S);
    await until(() => tokens.length === 2, 'refresh 300 s before expiry');
  });
});

describe('sharing (CONTRACT §7)', () => {
  it('five wrappers with the same request share one request and one schedule', async () => {
    const api = await mockEndpoint();
    const els = Array.from({ length: 5 }, (_, index) =>
      mount<ToucanDashboardElement>(
        `<toucan-dashboard token-endpoint="${api.url}" dashboard-id="d-${index}"></toucan-dashboard>`,
      ),
    );
    const tokens = els.map((el) => record(el, 'toucan-token'));
    await until(() => tokens.every((list) => list.length === 1), 'every first token');
    expect((await api.requests()).length).to.equal(1);
    const injected = new Set(els.map((el) => el.embedElement!.getAttribute('auth-token')));
    expect(injected.size).to.equal(1);
    expect(tokens.map((list) => list[0]!.reason)).to.deep.equal(Array(5).fill('initial'));

    await clock.tickAsync(30 * S);
    await until(() => tokens.every((list) => list.length === 2), 'every refreshed token');
    expect((await api.requests()).length).to.equal(2);
  });

  it('a wrapper added later gets the held token without a request', async () => {
    const api = await mockEndpoint();
    const { tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    const late = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => late.tokens.length === 1, 'shared token');
    expect(late.tokens[0]!.reason).to.equal('initial');
    expect((await api.requests()).length).to.equal(1);
  });

  it('different requests never share: other URL, method or headers', async () => {
    const api = await mockEndpoint();
    const a = await dashboard(`token-endpoint="${api.url}"`);
    const b = await dashboard(`token-endpoint="${api.url}?tenant=2"`);
    const c = await dashboard(`token-endpoint="${api.url}" token-method="POST"`);
    const d = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    d.tokenRequest = { headers: { 'x-tenant': '4' } };
    const dTokens = record(d, 'toucan-token');
    await until(() => [a.tokens, b.tokens, c.tokens, dTokens].every((list) => list.length === 1), 'four tokens');
    const requests = await api.requests();
    expect(requests.length).to.equal(4);
    const injected = new Set(
      [a, b, c].map(({ el }) => el.embedElement!.getAttribute('auth-token')).concat(d.embedElement!.getAttribute('auth-token')),
    );
    expect(injected.size).to.equal(4);
  });
});

describe('request settings (CONTRACT §2)', () => {
  it('a refresh sends exactly the method, URL, headers, credentials and body of the first request', async () => {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}?app=1" token-method="POST"></toucan-dashboard>`,
    );
    el.tokenRequest = { headers: { 'x-csrf': 'abc' }, body: { dashboard: 'd-42' } };
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'refresh');
    const [first, second] = await api.requests();
    for (const request of [first!, second!]) {
      expect(request.method).to.equal('POST');
      expect(request.url).to.equal(`${api.url}?app=1`);
      expect(request.headers['x-csrf']).to.equal('abc');
      expect(request.headers['content-type']).to.equal('application/json');
      expect(JSON.parse(request.body)).to.deep.equal({ dashboard: 'd-42' });
      expect(request.headers['cache-control'] ?? request.headers.pragma).to.match(/no-cache/);
    }
  });

  it('a GET sends no body', async () => {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    el.tokenRequest = { body: { ignored: true } };
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    const [request] = await api.requests();
    expect(request!.method).to.equal('GET');
    expect(request!.body).to.equal('');
  });

  it('after a token-endpoint change, the next request goes to the new endpoint and the token is kept', async () => {
    const oldApi = await mockEndpoint();
    const newApi = await mockEndpoint();
    const { el, tokens } = await dashboard(`token-endpoint="${oldApi.url}"`);
    await until(() => tokens.length === 1, 'first token');
    const held = el.embedElement!.getAttribute('auth-token');
    el.setAttribute('token-endpoint', newApi.url);
    await settle();
    expect(el.embedElement!.getAttribute('auth-token')).to.equal(held);
    expect((await newApi.requests()).length).to.equal(0);
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'refresh from the new endpoint');
    expect((await oldApi.requests()).length).to.equal(1);
    expect((await newApi.requests()).length).to.equal(1);
  });

  it('setting a request property again clears a fatal error and requests at once', async () => {
    const api = await mockEndpoint([{ status: 401 }]);
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => el.state === 'error', 'fatal error');
    el.tokenRequest = { headers: {} }; // the same effective request
    await until(() => tokens.length === 1, 'token after the change');
    expect(el.state).to.equal('ready');
    expect((await api.requests()).length).to.equal(2);
  });

  it('uses tokenProvider instead of the endpoint, with the reason and an AbortSignal', async () => {
    const calls: { reason: string; signal: AbortSignal }[] = [];
    const el = mount<ToucanDashboardElement>('<toucan-dashboard></toucan-dashboard>');
    let count = 0;
    el.tokenProvider = async (context) => {
      calls.push(context);
      return { token: `provided-${++count}`, expiresIn: 60 };
    };
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('provided-1');
    expect(calls[0]!.reason).to.equal('initial');
    expect(calls[0]!.signal).to.be.instanceOf(AbortSignal);
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'refreshed token');
    expect(calls[1]!.reason).to.equal('scheduled');
  });
});

describe('refresh() (CONTRACT §2)', () => {
  it('requests a new token at once and resolves once it is injected', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    await el.refresh();
    expect(tokens.length).to.equal(2);
    expect(tokens[1]!.reason).to.equal('manual');
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('tok-' + api.id + '-2');
  });

  it('aborts the in-flight request silently and never joins it', async () => {
    // The stale answer must still be on its way when refresh() runs: 1 s leaves room for a slow, loaded machine.
    const STALE_DELAY_MS = 1000;
    const api = await mockEndpoint([
      { json: { token: 'stale', expiresIn: 60 }, delayMs: STALE_DELAY_MS },
      { json: { token: 'fresh', expiresIn: 60 } },
    ]);
    const { el, tokens, errors } = await dashboard(`token-endpoint="${api.url}"`);
    await api.receivedRequests(1);
    expect(tokens.length).to.equal(0);
    await el.refresh();
    await settle(STALE_DELAY_MS + 100);
    expect(tokens.length).to.equal(1);
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('fresh');
    expect(errors.length).to.equal(0);
    expect((await api.requests()).length).to.equal(2);
  });

  it('works right after the wrapper is appended, in the same task', async () => {
    const api = await mockEndpoint();
    const el = document.createElement('toucan-dashboard');
    el.setAttribute('token-endpoint', api.url);
    document.body.append(el);
    try {
      await el.refresh();
      expect(el.embedElement!.getAttribute('auth-token')).to.match(/^tok-/);
      expect((await api.requests()).length).to.equal(1);
    } finally {
      el.remove();
    }
  });

  it('rejects with the error of the failed attempt and keeps the valid token', async () => {
    const api = await mockEndpoint([{ json: { token: 'good', expiresIn: 60 } }, { status: 500 }]);
    const { el, tokens } = await dashboard(`token-endpoint="${api.url}"`);
    await until(() => tokens.length === 1, 'first token');
    let rejected: unknown;
    await el.refresh().catch((error: unknown) => (rejected = error));
    expect(rejected).to.include({ kind: 'http', status: 500 });
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('good');
    expect(el.state).to.equal('refreshing');
  });
});
