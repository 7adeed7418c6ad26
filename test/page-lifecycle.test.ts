import './fixtures/vendor.js';
import { expect } from 'chai';
import '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import { mockEndpoint, mount, record, settle, until, useFakeClock, type FakeClock } from './helpers.js';

const S = 1000;
let clock: FakeClock;
let visibility: DocumentVisibilityState = 'visible';

useFakeClock((installed) => (clock = installed));

beforeEach(() => {
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});

afterEach(() => {
  delete (document as { visibilityState?: string }).visibilityState;
});

async function dashboard(endpoint: string) {
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${endpoint}"></toucan-dashboard>`);
  const tokens = record(el, 'toucan-token');
  await until(() => tokens.length === 1, 'first token');
  return { el, tokens, states: record(el, 'toucan-statechange') };
}

/** A throttled or sleeping page: the wall clock moves on, timers do not fire. */
function wallClockJump(ms: number): void {
  clock.setSystemTime(Date.now() + ms);
}

describe('page lifecycle (CONTRACT §4, §7)', () => {
  it('refreshing continues while the page is hidden', async () => {
    const api = await mockEndpoint();
    const { tokens } = await dashboard(api.url);
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'refresh while hidden');
    expect(tokens[1]!.reason).to.equal('scheduled');
  });

  it('on becoming visible, a token inside its lead window is requested at once', async () => {
    const api = await mockEndpoint();
    const { tokens } = await dashboard(api.url);
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    wallClockJump(40 * S); // the hidden tab's timers were throttled
    await settle();
    expect((await api.requests()).length).to.equal(1);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => tokens.length === 2, 'token after visible');
    expect(tokens[1]!.reason).to.equal('resume');
  });

  it('makes one request however many lifecycle events fire', async () => {
    const api = await mockEndpoint([
      { json: { token: '$auto', expiresIn: 60 } },
      { json: { token: '$auto', expiresIn: 60 }, delayMs: 100 },
    ]);
    const { tokens } = await dashboard(api.url);
    wallClockJump(70 * S); // expired while asleep
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    window.dispatchEvent(new Event('focus'));
    await until(() => tokens.length === 2, 'token after resume');
    await settle(100);
    expect((await api.requests()).length).to.equal(2);
  });

  it('the wake-up check catches a refresh that a sleeping machine delayed, within 30 s', async () => {
    const api = await mockEndpoint([{ json: { token: '$auto', expiresIn: 3600 } }]);
    const { tokens } = await dashboard(api.url);
    wallClockJump(3400 * S); // asleep past the refresh time (3300 s); timers are 3300 s away still
    await clock.tickAsync(30 * S);
    await until(() => tokens.length === 2, 'token after wake-up check');
    expect(tokens[1]!.reason).to.equal('resume');
  });
});

describe('connection and disconnection (CONTRACT §7)', () => {
  it('disconnecting the last wrapper clears every timer and makes no more requests', async () => {
    const api = await mockEndpoint();
    const { el, states } = await dashboard(api.url);
    el.remove();
    await settle(0);
    expect(el.state).to.equal('idle');
    expect(states.at(-1)!.state).to.equal('idle');
    expect(clock.countTimers()).to.equal(0);
    await clock.tickAsync(10 * 60 * S);
    await settle();
    expect((await api.requests()).length).to.equal(1);
  });

  it('disconnecting aborts the in-flight request; nothing is injected', async () => {
    // The answer never comes: an answer racing the removal would make the test depend on machine load.
    const api = await mockEndpoint([{ hang: true }]);
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    const tokens = record(el, 'toucan-token');
    const errors = record(el, 'toucan-error');
    await api.receivedRequests(1);
    el.remove();
    await settle();
    expect(clock.countTimers()).to.equal(0); // the attempt's timeout went with the aborted request
    await clock.tickAsync(60 * S);
    expect(tokens.length).to.equal(0);
    expect(errors.length).to.equal(0);
    expect(el.embedElement).to.equal(null);
  });

  it('moving a wrapper within the document keeps its vendor element and token', async () => {
    const api = await mockEndpoint();
    const { el, states } = await dashboard(api.url);
    const vendor = el.embedElement!;
    const box = mount('<section></section>');
    box.append(el);
    await settle();
    expect(el.embedElement).to.equal(vendor);
    expect(vendor.parentElement).to.equal(el);
    expect(states.length).to.equal(0);
    expect((await api.requests()).length).to.equal(1);
  });

  it('re-connecting after the token expired says so, and fetches a new one', async () => {
    const api = await mockEndpoint([
      { json: { token: 'old', expiresIn: 60 } },
      { json: { token: 'new', expiresIn: 60 }, delayMs: 100 },
    ]);
    const { el, tokens } = await dashboard(api.url);
    const errors = record(el, 'toucan-error');
    el.remove();
    await settle();
    wallClockJump(70 * S);
    document.body.append(el);
    await until(() => errors.length === 1, 'expired event');
    expect(errors[0]).to.include({ kind: 'expired', fatal: false });
    expect(el.state).to.equal('expired');
    await until(() => tokens.length === 2, 'new token');
    expect(el.state).to.equal('ready');
    expect(el.embedElement!.getAttribute('auth-token')).to.equal('new');
  });

  it('re-connecting while the token is valid makes no request, and the schedule goes on', async () => {
    const api = await mockEndpoint();
    const { el, tokens } = await dashboard(api.url);
    el.remove();
    await settle();
    await clock.tickAsync(10 * S);
    document.body.append(el);
    await settle();
    expect(el.state).to.equal('ready');
    expect((await api.requests()).length).to.equal(1);
    await clock.tickAsync(20 * S);
    await until(() => tokens.length === 2, 'scheduled refresh');
  });
});
