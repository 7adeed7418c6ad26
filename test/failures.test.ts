import './fixtures/vendor.js';
import { expect } from 'chai';
import '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import {
  MAX_ATTEMPTS_PER_CYCLE,
  MAX_RETRY_AFTER_MS,
  MIN_SPACING_MS,
  OUTAGE_JITTER_FRACTION,
  OUTAGE_RETRY_MS,
} from '../src/timing.js';
import { mockEndpoint, mount, record, settle, until, useFakeClock, type FakeClock } from './helpers.js';

const S = 1000;
/** Bounds of the outage cadence after a failed cycle: 60 s ± 10 %. */
const OUTAGE_MIN_MS = OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION);
const OUTAGE_MAX_MS = OUTAGE_RETRY_MS * (1 + OUTAGE_JITTER_FRACTION);
let clock: FakeClock;
useFakeClock((installed) => (clock = installed));

async function dashboard(endpoint: string) {
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${endpoint}"></toucan-dashboard>`);
  return { el, tokens: record(el, 'toucan-token'), errors: record(el, 'toucan-error') };
}

async function requestCount(api: { requests(): Promise<unknown[]> }): Promise<number> {
  return (await api.requests()).length;
}

describe('fatal failures (CONTRACT §5)', () => {
  for (const status of [401, 403]) {
    it(`HTTP ${status} stops all requests for the key, for every wrapper sharing it`, async () => {
      const api = await mockEndpoint([{ status }]);
      const a = await dashboard(api.url);
      const b = await dashboard(api.url);
      await until(() => a.errors.length === 1 && b.errors.length === 1, 'errors on both');
      expect(a.errors[0]).to.include({ kind: 'unauthorized', status, fatal: true, retryAt: null, attempt: 1 });
      expect(a.el.state).to.equal('error');
      expect(b.el.state).to.equal('error');
      await clock.tickAsync(10 * 60 * S);
      await settle();
      expect(await requestCount(api)).to.equal(1);
    });
  }

  it('any other 4xx is a fatal http error', async () => {
    const api = await mockEndpoint([{ status: 404 }]);
    const { errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'error');
    expect(errors[0]).to.include({ kind: 'http', status: 404, fatal: true, retryAt: null });
  });

  it('refresh() after a fatal error requests again and recovers', async () => {
    const api = await mockEndpoint([{ status: 401 }]);
    const { el, tokens } = await dashboard(api.url);
    await until(() => el.state === 'error', 'error state');
    await el.refresh();
    expect(tokens.length).to.equal(1);
    expect(el.state).to.equal('ready');
  });
});

describe('retryable failures (CONTRACT §5)', () => {
  it('503 twice, then recovery, with jittered backoff', async () => {
    const api = await mockEndpoint([{ status: 503 }, { status: 503 }]);
    const { el, tokens, errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'first failure');
    expect(errors[0]).to.include({ kind: 'http', status: 503, fatal: false, attempt: 1 });
    const firstDelay = errors[0]!.retryAt! - Date.now();
    expect(firstDelay).to.be.within(500, 1000);
    expect(el.state).to.equal('loading');

    await clock.tickAsync(1 * S);
    await until(() => errors.length === 2, 'second failure');
    expect(errors[1]).to.include({ attempt: 2 });
    expect(errors[1]!.retryAt! - Date.now()).to.be.within(1000, 2000);

    await clock.tickAsync(2 * S);
    await until(() => tokens.length === 1, 'recovered token');
    expect(el.state).to.equal('ready');
    expect(await requestCount(api)).to.equal(3);
  });

  it('a dropped connection is a retryable network failure', async () => {
    const api = await mockEndpoint([{ drop: true }]);
    const { tokens, errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'network', fatal: false, attempt: 1 });
    expect(errors[0]!.status).to.equal(undefined);
    await clock.tickAsync(1 * S);
    await until(() => tokens.length === 1, 'recovered token');
  });

  for (const [name, answer] of [
    ['a hanging request', { hang: true }],
    ['a body that stalls after the headers', { stall: true }],
  ] as const) {
    it(`${name} times out after 10 s and is retried`, async () => {
      const api = await mockEndpoint([answer]);
      const { tokens, errors } = await dashboard(api.url);
      await api.receivedRequests(1);
      await settle();
      await clock.tickAsync(9.9 * S);
      expect(errors.length).to.equal(0);
      await clock.tickAsync(0.2 * S);
      await until(() => errors.length === 1, 'timeout');
      expect(errors[0]).to.include({ kind: 'timeout', fatal: false });
      await clock.tickAsync(1 * S);
      await until(() => tokens.length === 1, 'recovered token');
    });
  }

  for (const [name, answer] of [
    ['an HTML page', { text: '<html><body>Sign in</body></html>', contentType: 'text/html' }],
    ['JSON without a token', { json: { user: 'alice' } }],
    ['an empty body', { text: '' }],
  ] as const) {
    it(`${name} is a failed attempt of kind response, whose message does not echo the body`, async () => {
      const api = await mockEndpoint([answer]);
      const { errors, tokens } = await dashboard(api.url);
      await until(() => errors.length === 1, 'failure');
      expect(errors[0]).to.include({ kind: 'response', fatal: false });
      expect(errors[0]!.message).not.to.match(/Sign in|alice/);
      await clock.tickAsync(1 * S);
      await until(() => tokens.length === 1, 'recovered token');
    });
  }

  it('a token equal to the one held is a failure, and the held token keeps its expiry', async () => {
    const api = await mockEndpoint([{ json: { token: 'same', expiresIn: 60 } }, { json: { token: 'same', expiresIn: 60 } }]);
    const { el, tokens, errors } = await dashboard(api.url);
    await until(() => tokens.length === 1, 'first token');
    const expiresAt = el.expiresAt;
    await clock.tickAsync(30 * S);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'response', attempt: 1 });
    expect(el.expiresAt).to.equal(expiresAt);
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('same');
    expect(el.state).to.equal('refreshing');
  });

  it('a token expired on arrival is a failure and is never injected', async () => {
    const api = await mockEndpoint([{ json: { token: 'dead', expiresIn: 0 } }]);
    const { el, errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'response' });
    expect(el.embedElement).to.equal(null);
  });

  it('Retry-After on 429 replaces the backoff', async () => {
    const api = await mockEndpoint([{ status: 429, headers: { 'retry-after': '7' } }]);
    const { tokens, errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]!.retryAt! - Date.now()).to.equal(7 * S);
    await clock.tickAsync(6.9 * S);
    await settle();
    expect(await requestCount(api)).to.equal(1);
    await clock.tickAsync(0.2 * S);
    await until(() => tokens.length === 1, 'recovered token');
  });

  it(`Retry-After on 503 is capped at ${MAX_RETRY_AFTER_MS / S} s`, async () => {
    const api = await mockEndpoint([{ status: 503, headers: { 'retry-after': '3600' } }]);
    const { errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]!.retryAt! - Date.now()).to.equal(MAX_RETRY_AFTER_MS);
  });
});

describe('before the first token (CONTRACT §6)', () => {
  it('a whole failed cycle shows the error slot instead of a spinner; retries go on and the first token makes it ready', async () => {
    const api = await mockEndpoint(Array(MAX_ATTEMPTS_PER_CYCLE).fill({ status: 503 }));
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}"><p slot="loading">Loading…</p><p slot="error">Analytics unavailable.</p></toucan-dashboard>`,
    );
    const errors = record(el, 'toucan-error');
    const tokens = record(el, 'toucan-token');
    const shown = (slot: string) => el.querySelector(`[slot=${slot}]`)!.getClientRects().length > 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_CYCLE; attempt++) {
      await until(() => errors.length === attempt, `failure ${attempt}`);
      if (attempt === MAX_ATTEMPTS_PER_CYCLE) break;
      expect(el.state).to.equal('loading');
      expect(shown('loading')).to.equal(true);
      await clock.tickAsync(errors.at(-1)!.retryAt! - Date.now());
    }
    expect(el.state).to.equal('error');
    expect(errors.at(-1)).to.include({ kind: 'http', fatal: false, attempt: MAX_ATTEMPTS_PER_CYCLE });
    expect(errors.at(-1)!.retryAt! - Date.now()).to.be.within(OUTAGE_MIN_MS, OUTAGE_MAX_MS);
    expect(shown('error')).to.equal(true);
    expect(shown('loading')).to.equal(false);

    await clock.tickAsync(errors.at(-1)!.retryAt! - Date.now());
    await until(() => tokens.length === 1, 'first token');
    expect(el.state).to.equal('ready');
    expect(shown('error')).to.equal(false);
  });
});

describe('joining during retries', () => {
  it('a wrapper that joins while a refresh is being retried gets the valid token and does not cut the backoff short', async () => {
    const api = await mockEndpoint([
      { json: { token: 'valid', expiresIn: 60 } },
      { status: 503, headers: { 'retry-after': '10' } },
    ]);
    const first = await dashboard(api.url);
    await until(() => first.tokens.length === 1, 'first token');
    await clock.tickAsync(30 * 1000);
    await until(() => first.errors.length === 1, 'failed refresh');
    const late = await dashboard(api.url);
    await until(() => late.tokens.length === 1, 'shared token');
    expect(late.el.embedElement!.getAttribute('auth-token')).to.equal('valid');
    expect(late.el.state).to.equal('refreshing');
    await clock.tickAsync(9.9 * 1000);
    await settle();
    expect(await requestCount(api)).to.equal(2);
  });
});

describe('a long outage (CONTRACT §5)', () => {
  it('keeps the token while valid, fires one expired event, then retries at the outage cadence until recovery', async () => {
    const api = await mockEndpoint([{ json: { token: 'only', expiresIn: 60 } }, ...Array(8).fill({ status: 503 })]);
    const { el, tokens, errors } = await dashboard(api.url);
    await until(() => tokens.length === 1, 'first token');

    // The cycle starts at 30 s: 5 attempts within 1 + 2 + 4 + 8 s of backoff.
    await clock.tickAsync(30 * S);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_CYCLE; attempt++) {
      await until(() => errors.length === attempt, `failure ${attempt}`);
      if (attempt < MAX_ATTEMPTS_PER_CYCLE) await clock.tickAsync(errors[attempt - 1]!.retryAt! - Date.now());
    }
    expect(errors.map((event) => event.attempt)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('only');
    expect(el.state).to.equal('refreshing');
    const outageDelay = errors[4]!.retryAt! - Date.now();
    expect(outageDelay).to.be.within(OUTAGE_MIN_MS, OUTAGE_MAX_MS);

    // The token expires at 60 s while waiting.
    await clock.tickAsync(el.expiresAt! - Date.now());
    await until(() => errors.length === 6, 'expired event');
    expect(errors[5]).to.include({ kind: 'expired', attempt: 5, fatal: false, retryAt: errors[4]!.retryAt });
    expect(el.state).to.equal('expired');

    // Attempts continue at the outage cadence, counting across cycles; no second expired event.
    for (let attempt = 6; attempt <= 8; attempt++) {
      const previous = errors.filter((event) => event.kind !== 'expired').at(-1)!;
      await clock.tickAsync(previous.retryAt! - Date.now());
      await until(() => errors.filter((event) => event.kind !== 'expired').length === attempt, `failure ${attempt}`);
      const latest = errors.at(-1)!;
      expect(latest).to.include({ kind: 'http', attempt });
      expect(latest.retryAt! - Date.now()).to.be.within(OUTAGE_MIN_MS, OUTAGE_MAX_MS);
    }
    expect(errors.filter((event) => event.kind === 'expired').length).to.equal(1);

    // Recovery: the next attempt gets a token.
    const last = errors.at(-1)!;
    await clock.tickAsync(last.retryAt! - Date.now());
    await until(() => tokens.length === 2, 'recovered token');
    expect(el.state).to.equal('ready');
    expect(el.embedElement!.getAttribute('auth-token')).not.to.equal('only');
    expect(await requestCount(api)).to.equal(10);
  });
});

describe('offline (CONTRACT §5)', () => {
  let online = true;
  beforeEach(() => {
    online = true;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  });
  afterEach(() => {
    delete (navigator as { onLine?: boolean }).onLine;
  });

  it('makes no attempt while offline and makes the skipped one as soon as the browser is online', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(api.url);
    await until(() => tokens.length === 1, 'first token');
    online = false;
    await clock.tickAsync(45 * S);
    await settle();
    expect(await requestCount(api)).to.equal(1);
    expect(el.state).to.equal('refreshing');
    online = true;
    window.dispatchEvent(new Event('online'));
    await until(() => tokens.length === 2, 'token after online');
    expect(tokens[1]!.reason).to.equal('resume');
  });

  it('the online event makes a pending retry at once', async () => {
    const api = await mockEndpoint([{ status: 503, headers: { 'retry-after': '50' } }]);
    const { tokens, errors } = await dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    await clock.tickAsync(MIN_SPACING_MS); // the online event too waits for the spacing after the last attempt
    window.dispatchEvent(new Event('online'));
    await until(() => tokens.length === 1, 'token after online');
    expect(await requestCount(api)).to.equal(2);
  });
});
