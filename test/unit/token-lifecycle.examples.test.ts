/**
 * Bugs the token lifecycle's property test found (test/unit/token-lifecycle.property.test.ts), each
 * kept as an example with the shrunk sequence that showed it.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_LEAD_FRACTION } from '../../src/timing.js';
import { ToucanError } from '../../src/errors.js';
import { TokenSource } from '../../src/token-source.js';
import { FakeEndpoint, FakePage, RecordingSubscriber, installClock, unauthorized, type FakeClock } from './harness.js';

const S = 1000;

let clock: FakeClock;
let endpoint: FakeEndpoint;
let page: FakePage;

beforeEach(() => {
  clock = installClock();
  endpoint = new FakeEndpoint();
  page = new FakePage();
});

afterEach(() => clock.restore());

const newSource = () => new TokenSource({ request: endpoint.request, page, random: () => 0 });
const settled = () => clock.tickAsync(0);

describe('TokenSource: examples found by the lifecycle property test', () => {
  // Shrunk: [respond(a, token 1 s), wrapper#0.switch-key, wrapper#0.switch-key, tick(1000 ms)]
  // → "ready with an expired token for 60000 ms": the token stayed, nothing refreshed it.
  it('a wrapper joining a key whose token outlived its last wrapper refreshes that token on schedule', async () => {
    const source = newSource();
    const first = new RecordingSubscriber();
    source.subscribe(first);
    endpoint.last.succeed('token-1', 60);
    await settled();
    source.unsubscribe(first);
    const second = new RecordingSubscriber();
    source.subscribe(second);
    assert.deepEqual(
      second.tokens.map(({ held }) => held.token),
      ['token-1'],
    );
    assert.equal(endpoint.count, 1);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    assert.equal(endpoint.count, 2);
    assert.equal(endpoint.last.reason, 'scheduled');
  });

  it('a wrapper joining a key whose token outlived its last wrapper is told when that token expires', async () => {
    const source = newSource();
    const first = new RecordingSubscriber();
    source.subscribe(first);
    endpoint.last.succeed('token-1', 60);
    await settled();
    source.unsubscribe(first);
    const second = new RecordingSubscriber();
    source.subscribe(second);
    endpoint.failing = () => unauthorized();
    await clock.tickAsync(60 * S);
    assert.equal(second.expiries.length, 1);
  });

  // Shrunk: [page(offline), wrapper#0.refresh] → "refresh() called offline did not reject at once".
  it('refresh() offline rejects at once with kind network and starts no attempt', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    endpoint.last.succeed('token-1', 60);
    await settled();
    page.online = false;
    const outcome = await Promise.race([
      source.refresh().then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      settled().then(() => 'pending'),
    ]);
    assert.ok(outcome instanceof ToucanError, `refresh() ${String(outcome)}`);
    assert.equal(outcome.kind, 'network');
    assert.equal(endpoint.count, 1);
  });

  // Shrunk: [respond(a, token 1 s), page(offline), wrapper#0.refresh] then online
  // → "resume attempt 0 ms after the last token, spacing needs 1000 ms".
  it('refresh() offline leaves the schedule as it was: back online, nothing is requested before the refresh time', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    endpoint.last.succeed('token-1', 60);
    await settled();
    page.online = false;
    await source.refresh().catch(() => {});
    page.online = true;
    page.fire('online');
    await settled();
    assert.equal(endpoint.count, 1);
    assert.equal(source.fatalError, null);
  });

  it('refresh() offline keeps a fatal error: no cycle starts', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    endpoint.last.fail(unauthorized());
    await settled();
    page.online = false;
    await source.refresh().catch(() => {});
    assert.equal(source.fatalError?.kind, 'unauthorized');
  });
});

describe('TokenSource: examples found by the lifecycle property test, after a sleep', () => {
  // Shrunk: [respond(a, token 31 s), sleep(60000 ms), tick(30003 ms)]
  // → "refreshing with an expired token for 30003 ms awake": the wake-up check came while the late
  // refresh request was in flight, and skipped the expiry check.
  it('a token that expired while the machine slept is reported at the wake-up check, even with a request in flight', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    endpoint.last.succeed('token-1', 31);
    await settled();
    clock.setSystemTime(Date.now() + 60 * S); // asleep: wall time moves, timers wait for awake time
    await clock.tickAsync(MAX_LEAD_FRACTION * 31 * S); // the late refresh timer fires: a request is in flight
    assert.equal(endpoint.count, 2);
    assert.equal(wrapper.expiries.length, 0);
    page.fire('wake-check');
    assert.equal(wrapper.expiries.length, 1);
  });
});

describe('TokenSource: examples found by the lifecycle property test, adopting a token', () => {
  // Shrunk: [subscribe(b), respond(a, token 1 s), wrapper#0.switch-key, tick(2000 ms), tick(30003 ms)]
  // → "refreshing with an expired token for 30003 ms awake": the key adopted the wrapper's token while
  // its own request was in flight, and armed no expiry timer for it.
  it('a token adopted while a request is in flight is reported expired when it expires', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber()); // its first request stays in flight
    const startedAtMs = Date.now();
    source.adopt({ token: 'brought-along', lifetimeMs: 60 * S, expiresAtMs: startedAtMs + 60 * S, receivedAtMs: startedAtMs });
    const joining = new RecordingSubscriber();
    source.subscribe(joining);
    assert.deepEqual(
      joining.tokens.map(({ held }) => held.token),
      ['brought-along'],
    );
    await clock.tickAsync(60 * S);
    assert.equal(joining.expiries.length, 1);
  });
});

describe('TokenSource: examples found by the lifecycle property test, a wrapper bringing a longer token', () => {
  // Shrunk: [subscribe(b), respond(b, token 1 s), respond(a, token 30 days), wrapper#0.switch-key, tick(2000 ms)]
  // → "ready with an expired token for 60000 ms": the key took the 30-day token over and re-planned
  // for it, so the wrapper already on the key kept its 1 s token, never refreshed nor reported expired.
  it("a wrapper joining a key whose wrappers hold a valid token gets the key's token, and the key still refreshes on time", async () => {
    const source = newSource();
    const staying = new RecordingSubscriber();
    source.subscribe(staying);
    endpoint.last.succeed('key-token', 60);
    await settled();
    const nowMs = Date.now();
    source.adopt({ token: 'brought-along', lifetimeMs: 3600 * S, expiresAtMs: nowMs + 3600 * S, receivedAtMs: nowMs });
    const joining = new RecordingSubscriber();
    source.subscribe(joining);
    assert.deepEqual(
      joining.tokens.map(({ held }) => held.token),
      ['key-token'],
    );
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    assert.equal(endpoint.count, 2);
  });
});

describe('TokenSource: examples found by the lifecycle property test, a key without a valid token', () => {
  // Shrunk: [respond(a, token 1 s), sleep(60000 ms), subscribe(b), respond(b, token 300 s), wrapper#1.switch-key,
  // page(visible)] → "ready with an expired token for 60000 ms": the key took the newcomer's token, and the
  // wrapper already there kept its expired one, no longer watched by any timer.
  it('wrappers of a key whose token expired get the valid token a joining wrapper brings along', async () => {
    const source = newSource();
    const staying = new RecordingSubscriber();
    source.subscribe(staying);
    endpoint.last.succeed('expired-token', 1);
    await settled();
    endpoint.failing = () => unauthorized();
    await clock.tickAsync(1 * S);
    assert.equal(staying.expiries.length, 1);
    const nowMs = Date.now();
    source.adopt({ token: 'brought-along', lifetimeMs: 300 * S, expiresAtMs: nowMs + 300 * S, receivedAtMs: nowMs });
    assert.deepEqual(
      staying.tokens.map(({ held, reason }) => [held.token, reason]),
      [
        ['expired-token', 'initial'],
        ['brought-along', 'resume'],
      ],
    );
  });
});
