/**
 * The token source's rules (schedule, single flight, retries, outage cadence, fatal stop, expiry,
 * offline, resume, unsubscribe), with no DOM and no network: `npm run test:unit`.
 *
 * How to build a TokenSource for a test (see ./harness.ts):
 *
 *   const clock = installClock();                 // sinon fake timers: setTimeout, setInterval, Date
 *   const endpoint = new FakeEndpoint();          // records attempts; the test answers each one
 *   const page = new FakePage();                  // page.fire('focus'), page.online = false
 *   const source = new TokenSource({ request: endpoint.request, page, random: () => 0 });
 *   const wrapper = new RecordingSubscriber();    // what a wrapper element would be told
 *   source.subscribe(wrapper);                    // starts the first attempt
 *   endpoint.last.succeed('token-1', 60);         // answer it: a token valid for 60 s
 *   await clock.tickAsync(0);                     // let the answer's promise settle
 *   await clock.tickAsync(ms);                    // move time; timers due on the way fire
 *
 * `random` fixes the backoff and outage jitter (0 → the low end of each range). Expected values are
 * worked out from the constants of src/timing.ts, never retyped, so changing a rule there keeps
 * these tests true. The elements' wiring (DOM, HTTP, page events) is tested in the browser tests.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  AUTO_LEAD_FRACTION,
  BACKOFF_BASE_MS,
  BACKOFF_JITTER_MIN,
  MAX_ATTEMPTS_PER_CYCLE,
  MAX_AUTO_LEAD_MS,
  MAX_LEAD_FRACTION,
  MAX_RETRY_AFTER_MS,
  MIN_AUTO_LEAD_MS,
  MIN_SPACING_MS,
  OUTAGE_JITTER_FRACTION,
  OUTAGE_RETRY_MS,
  WAKE_CHECK_INTERVAL_MS,
} from '../../src/timing.js';
import { ToucanError } from '../../src/errors.js';
import { TokenSource } from '../../src/token-source.js';
import {
  FakeEndpoint,
  FakePage,
  RecordingSubscriber,
  installClock,
  unauthorized,
  unavailable,
  type FakeClock,
} from './harness.js';

const S = 1000;
/** Backoff before retry n with the jitter at its low end (`random: () => 0`). */
const lowBackoffMs = (retry: number) => BACKOFF_BASE_MS * 2 ** (retry - 1) * BACKOFF_JITTER_MIN;
/** Outage cadence with the jitter at its low end. */
const lowOutageMs = OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION);

let clock: FakeClock;
let endpoint: FakeEndpoint;
let page: FakePage;
let emptied: number;

beforeEach(() => {
  clock = installClock();
  endpoint = new FakeEndpoint();
  page = new FakePage();
  emptied = 0;
});

afterEach(() => {
  clock.restore();
});

function newSource(): TokenSource {
  return new TokenSource({ request: endpoint.request, page, random: () => 0, onEmpty: () => emptied++ });
}

/** Lets answered requests settle (their promise continuations run). */
const settled = () => clock.tickAsync(0);

/** A source with one subscriber holding a token of `lifetimeSeconds`, received now. */
async function holding(lifetimeSeconds: number, refreshLeadSeconds: number | null = null) {
  const source = newSource();
  const wrapper = new RecordingSubscriber(refreshLeadSeconds);
  source.subscribe(wrapper);
  endpoint.last.succeed('token-1', lifetimeSeconds);
  await settled();
  assert.equal(wrapper.tokens.length, 1);
  return { source, wrapper };
}

/** Fails the pending attempt and settles. */
async function failLast(error: ToucanError = unavailable()): Promise<void> {
  endpoint.last.fail(error);
  await settled();
}

/** Fails a whole cycle of attempts (the first one pending), waiting out each backoff. */
async function failCycle(wrapper: RecordingSubscriber): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_CYCLE; attempt++) {
    await failLast();
    if (attempt < MAX_ATTEMPTS_PER_CYCLE) await clock.tickAsync(wrapper.failures.at(-1)!.info.retryAt! - Date.now());
  }
}

describe('TokenSource: refresh schedule (lead rule)', () => {
  const cases = [
    { lifetimeSeconds: 60, rule: 'half the lifetime', leadMs: (lifetimeMs: number) => MAX_LEAD_FRACTION * lifetimeMs },
    { lifetimeSeconds: 100, rule: 'the 30 s floor', leadMs: () => MIN_AUTO_LEAD_MS },
    { lifetimeSeconds: 1000, rule: 'a fifth of the lifetime', leadMs: (lifetimeMs: number) => AUTO_LEAD_FRACTION * lifetimeMs },
    { lifetimeSeconds: 3600, rule: 'the 300 s ceiling', leadMs: () => MAX_AUTO_LEAD_MS },
  ];
  for (const { lifetimeSeconds, rule, leadMs } of cases) {
    it(`refreshes a ${lifetimeSeconds} s token with a lead of ${rule}`, async () => {
      await holding(lifetimeSeconds);
      const refreshInMs = lifetimeSeconds * S - leadMs(lifetimeSeconds * S);
      await clock.tickAsync(refreshInMs - 1);
      assert.equal(endpoint.count, 1);
      await clock.tickAsync(1);
      assert.equal(endpoint.count, 2);
      assert.equal(endpoint.last.reason, 'scheduled');
    });
  }

  it('uses the largest refresh-lead of the subscribers sharing the token', async () => {
    const { source } = await holding(3600, 60);
    source.subscribe(new RecordingSubscriber(600));
    await clock.tickAsync(3000 * S - 1);
    assert.equal(endpoint.count, 1);
    await clock.tickAsync(1);
    assert.equal(endpoint.count, 2);
  });

  it('hands each new token to every subscriber with the reason of its request', async () => {
    const { wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    endpoint.last.succeed('token-2', 60);
    await settled();
    assert.deepEqual(
      wrapper.tokens.map(({ held, reason }) => [held.token, reason]),
      [
        ['token-1', 'initial'],
        ['token-2', 'scheduled'],
      ],
    );
  });

  it('gives a token its expiry from the moment its request started', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    const startedAtMs = Date.now();
    source.subscribe(wrapper);
    await clock.tickAsync(2 * S); // a slow answer
    endpoint.last.succeed('token-1', 60);
    await settled();
    assert.equal(wrapper.tokens[0]!.held.expiresAtMs, startedAtMs + 60 * S);
    assert.equal(wrapper.tokens[0]!.held.lifetimeMs, 60 * S);
  });
});

describe('TokenSource: single flight', () => {
  it('subscribers that join while a request is in flight share it', async () => {
    const source = newSource();
    const a = new RecordingSubscriber();
    const b = new RecordingSubscriber();
    source.subscribe(a);
    source.subscribe(b);
    assert.equal(endpoint.count, 1);
    endpoint.last.succeed('token-1', 60);
    await settled();
    assert.equal(a.tokens.length, 1);
    assert.equal(b.tokens.length, 1);
  });

  it('a subscriber joining while a valid token is held gets it at once, with no request', async () => {
    const { source } = await holding(60);
    const late = new RecordingSubscriber();
    source.subscribe(late);
    assert.equal(endpoint.count, 1);
    assert.deepEqual(
      late.tokens.map(({ held, reason }) => [held.token, reason]),
      [['token-1', 'initial']],
    );
  });

  it('a subscriber joining while a retry is pending waits for it', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber());
    await failLast();
    source.subscribe(new RecordingSubscriber());
    assert.equal(endpoint.count, 1);
  });

  it('an answer the same as the token held is a failed attempt, and the held token keeps its expiry', async () => {
    const { wrapper } = await holding(60);
    const expiresAtMs = wrapper.tokens[0]!.held.expiresAtMs;
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    endpoint.last.succeed('token-1', 60);
    await settled();
    assert.equal(wrapper.tokens.length, 1);
    assert.equal(wrapper.failures[0]!.error.kind, 'response');
    await clock.tickAsync(expiresAtMs - Date.now());
    assert.equal(wrapper.expiries.length, 1);
  });
});

describe('TokenSource: retry cycle and backoff', () => {
  it('retries a failed attempt after the backoff of its retry number, up to a whole cycle', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    for (let retry = 1; retry < MAX_ATTEMPTS_PER_CYCLE; retry++) {
      await failLast();
      const { info } = wrapper.failures.at(-1)!;
      assert.equal(info.attempt, retry);
      assert.equal(info.retryAt! - Date.now(), lowBackoffMs(retry));
      await clock.tickAsync(lowBackoffMs(retry) - 1);
      assert.equal(endpoint.count, retry);
      await clock.tickAsync(1);
      assert.equal(endpoint.count, retry + 1);
    }
  });

  it('a Retry-After replaces the backoff', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failLast(
      new ToucanError('http', 'Token endpoint answered HTTP 429.', { status: 429, retryAfterMs: MAX_RETRY_AFTER_MS }),
    );
    assert.equal(wrapper.failures[0]!.info.retryAt! - Date.now(), MAX_RETRY_AFTER_MS);
  });

  it('a success ends the cycle: the next failure is attempt 1 with the first backoff', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failLast();
    await clock.tickAsync(lowBackoffMs(1));
    endpoint.last.succeed('token-1', 60);
    await settled();
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failLast();
    assert.equal(wrapper.failures.at(-1)!.info.attempt, 1);
    assert.equal(wrapper.failures.at(-1)!.info.retryAt! - Date.now(), lowBackoffMs(1));
  });

  it('a failed refresh leaves the still-valid token in place', async () => {
    const { source, wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failLast();
    assert.equal(source.holdsToken, true);
    assert.equal(source.busy, true);
    assert.equal(wrapper.expiries.length, 0);
  });
});

describe('TokenSource: outage cadence', () => {
  it(`after ${MAX_ATTEMPTS_PER_CYCLE} failed attempts, attempts go on at the outage cadence and never stop`, async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failCycle(wrapper);
    for (let outageAttempt = 1; outageAttempt <= 3; outageAttempt++) {
      const { info } = wrapper.failures.at(-1)!;
      assert.equal(info.attempt, MAX_ATTEMPTS_PER_CYCLE + outageAttempt - 1);
      assert.equal(info.retryAt! - Date.now(), lowOutageMs);
      const before = endpoint.count;
      await clock.tickAsync(lowOutageMs - 1);
      assert.equal(endpoint.count, before);
      await clock.tickAsync(1);
      assert.equal(endpoint.count, before + 1);
      await failLast();
    }
  });

  it('the outage cadence jitters by its fraction either way', async () => {
    for (const [random, expectedMs] of [
      [0, OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION)],
      [0.5, OUTAGE_RETRY_MS],
    ] as const) {
      const source = new TokenSource({ request: endpoint.request, page, random: () => random });
      const wrapper = new RecordingSubscriber();
      source.subscribe(wrapper);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_CYCLE; attempt++) {
        await failLast();
        await clock.tickAsync(wrapper.failures.at(-1)!.info.retryAt! - Date.now());
      }
      await failLast();
      assert.equal(wrapper.failures.at(-1)!.info.retryAt! - Date.now(), expectedMs);
      source.unsubscribe(wrapper);
    }
  });
});

describe('TokenSource: fatal stop', () => {
  it('a fatal failure stops every request of the key, with no retry planned', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failLast(unauthorized());
    assert.equal(wrapper.failures[0]!.info.retryAt, null);
    assert.equal(source.fatalError?.kind, 'unauthorized');
    await clock.tickAsync(10 * OUTAGE_RETRY_MS);
    page.fire('focus');
    page.fire('online');
    source.subscribe(new RecordingSubscriber());
    assert.equal(endpoint.count, 1);
  });

  it('refresh() after a fatal failure clears it and requests again', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber());
    await failLast(unauthorized());
    const done = source.refresh();
    assert.equal(source.fatalError, null);
    assert.equal(endpoint.count, 2);
    endpoint.last.succeed('token-1', 60);
    await done;
  });

  it('a fatal failure keeps a still-valid token until it expires', async () => {
    const { source, wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failLast(unauthorized());
    assert.equal(source.holdsToken, true);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    assert.equal(wrapper.expiries.length, 1);
    assert.equal(endpoint.count, 2);
  });
});

describe('TokenSource: expiry', () => {
  it('a token that expires without a replacement is reported once, at its expiry', async () => {
    const { source, wrapper } = await holding(60);
    endpoint.failing = unavailable;
    const expiresAtMs = wrapper.tokens[0]!.held.expiresAtMs;
    await clock.tickAsync(expiresAtMs - 1 - Date.now());
    assert.ok(wrapper.failures.length > 1);
    assert.equal(wrapper.expiries.length, 0);
    assert.equal(source.holdsToken, true);
    await clock.tickAsync(1);
    assert.equal(wrapper.expiries.length, 1);
    assert.equal(source.holdsToken, false);
    assert.equal(wrapper.expiries[0]!.attempt, wrapper.failures.length);
    await clock.tickAsync(10 * OUTAGE_RETRY_MS);
    assert.equal(wrapper.expiries.length, 1);
  });

  it('an answer already expired on arrival is a failed attempt of kind response', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    endpoint.last.succeed('token-1', 0);
    await settled();
    assert.equal(wrapper.tokens.length, 0);
    assert.equal(wrapper.failures[0]!.error.kind, 'response');
    assert.equal(wrapper.failures[0]!.error.fatal, false);
  });
});

describe('TokenSource: offline', () => {
  it('makes no attempt while offline; going online makes the skipped attempt at once', async () => {
    page.online = false;
    const source = newSource();
    source.subscribe(new RecordingSubscriber());
    assert.equal(endpoint.count, 0);
    assert.equal(source.busy, true);
    page.fire('focus');
    assert.equal(endpoint.count, 0);
    page.online = true;
    page.fire('online');
    assert.equal(endpoint.count, 1);
    assert.equal(endpoint.last.reason, 'resume');
  });

  it('a retry that comes due while offline is skipped, and made when the page is back online', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber());
    await failLast();
    page.online = false;
    await clock.tickAsync(lowBackoffMs(1));
    assert.equal(endpoint.count, 1);
    await clock.tickAsync(10 * OUTAGE_RETRY_MS);
    assert.equal(endpoint.count, 1);
    page.online = true;
    page.fire('online');
    assert.equal(endpoint.count, 2);
  });

  it('going online makes a pending retry at once', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failCycle(wrapper);
    assert.equal(wrapper.failures.at(-1)!.info.retryAt! - Date.now(), lowOutageMs);
    await clock.tickAsync(lowOutageMs / 2);
    page.fire('online');
    assert.equal(endpoint.count, MAX_ATTEMPTS_PER_CYCLE + 1);
  });
});

describe('TokenSource: resume triggers', () => {
  for (const trigger of ['focus', 'visible', 'pageshow'] as const) {
    it(`on ${trigger}, a token inside its lead window is requested at once`, async () => {
      await holding(60);
      clock.setSystemTime(Date.now() + MAX_LEAD_FRACTION * 60 * S); // a throttled tab: timers did not run
      page.fire(trigger);
      assert.equal(endpoint.count, 2);
      assert.equal(endpoint.last.reason, 'resume');
    });
  }

  it('on focus, a token outside its lead window is not requested', async () => {
    await holding(60);
    clock.setSystemTime(Date.now() + MAX_LEAD_FRACTION * 60 * S - 1);
    page.fire('focus');
    page.fire('visible');
    assert.equal(endpoint.count, 1);
  });

  it('many signals while a request is in flight make no second request', async () => {
    await holding(60);
    clock.setSystemTime(Date.now() + 2 * 60 * S); // expired while asleep
    for (const trigger of ['visible', 'focus', 'pageshow', 'focus', 'online', 'wake-check'] as const) page.fire(trigger);
    assert.equal(endpoint.count, 2);
  });

  it('the wake-up check runs a refresh that a sleeping machine delayed', async () => {
    await holding(3600);
    clock.setSystemTime(Date.now() + (3600 * S - MAX_AUTO_LEAD_MS) + WAKE_CHECK_INTERVAL_MS);
    page.fire('wake-check');
    assert.equal(endpoint.count, 2);
    assert.equal(endpoint.last.reason, 'resume');
  });

  it('on focus, an expired token waiting for its outage retry is requested at once', async () => {
    const { wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failCycle(wrapper);
    await clock.tickAsync(wrapper.tokens[0]!.held.expiresAtMs - Date.now());
    assert.equal(wrapper.expiries.length, 1);
    const before = endpoint.count;
    page.fire('focus');
    assert.equal(endpoint.count, before + 1);
  });

  it('the wake-up check does not hurry an outage retry', async () => {
    const { wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failCycle(wrapper);
    await clock.tickAsync(wrapper.tokens[0]!.held.expiresAtMs - Date.now());
    const before = endpoint.count;
    page.fire('wake-check');
    assert.equal(endpoint.count, before);
  });
});

describe('TokenSource: unsubscribe', () => {
  it('the last unsubscribe aborts the request, clears every timer and stops watching the page', async () => {
    const { source, wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    const inFlight = endpoint.last;
    source.unsubscribe(wrapper);
    assert.equal(inFlight.signal.aborted, true);
    assert.equal(clock.countTimers(), 0);
    assert.equal(page.watchers.size, 0);
    assert.equal(emptied, 1);
    await clock.tickAsync(10 * OUTAGE_RETRY_MS);
    assert.equal(endpoint.count, 2);
  });

  it('the last unsubscribe clears a pending retry', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failLast();
    source.unsubscribe(wrapper);
    assert.equal(clock.countTimers(), 0);
    assert.equal(source.busy, false);
  });

  it('the answer of an aborted request is dropped', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    const aborted = endpoint.last;
    source.unsubscribe(wrapper);
    aborted.succeed('late', 60);
    await settled();
    assert.equal(wrapper.tokens.length, 0);
    assert.equal(wrapper.failures.length, 0);
  });

  it('a refresh() pending when the last subscriber leaves rejects with an AbortError', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    const done = source.refresh();
    source.unsubscribe(wrapper);
    await assert.rejects(done, { name: 'AbortError' });
  });

  it('a subscriber that stays keeps the schedule when another leaves', async () => {
    const { source, wrapper } = await holding(60);
    const stays = new RecordingSubscriber();
    source.subscribe(stays);
    source.unsubscribe(wrapper);
    assert.equal(emptied, 0);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    assert.equal(endpoint.count, 2);
  });
});

describe('TokenSource: refresh()', () => {
  it('starts a request at once and resolves with the token it brings', async () => {
    const { source, wrapper } = await holding(3600);
    const done = source.refresh();
    assert.equal(endpoint.count, 2);
    assert.equal(endpoint.last.reason, 'manual');
    endpoint.last.succeed('token-2', 3600);
    await done;
    assert.equal(wrapper.tokens.at(-1)!.held.token, 'token-2');
  });

  it('rejects with the error of the attempt that failed', async () => {
    const { source } = await holding(3600);
    const done = source.refresh();
    endpoint.last.fail(unavailable());
    await assert.rejects(done, { kind: 'http', status: 503 });
  });
});

describe('TokenSource: before the first token', () => {
  it('a whole failed cycle before any token marks the cycle failed; retries go on and the first token clears it', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    for (let attempt = 1; attempt < MAX_ATTEMPTS_PER_CYCLE; attempt++) {
      await failLast();
      assert.equal(source.cycleFailed, false, `after ${attempt} failed attempts`);
      await clock.tickAsync(wrapper.failures.at(-1)!.info.retryAt! - Date.now());
    }
    await failLast();
    assert.equal(source.cycleFailed, true);
    assert.equal(wrapper.failures.at(-1)!.error.fatal, false);
    assert.equal(wrapper.failures.at(-1)!.info.retryAt! - Date.now(), lowOutageMs);
    await clock.tickAsync(lowOutageMs);
    endpoint.last.succeed('token-1', 60);
    await settled();
    assert.equal(source.cycleFailed, false);
    assert.equal(wrapper.tokens.length, 1);
  });
});

describe('TokenSource: refresh() bursts', () => {
  it('silently aborts a request started in an earlier task and starts one new request', async () => {
    const { source, wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S); // the scheduled refresh is in flight
    const scheduled = endpoint.last;
    const done = source.refresh();
    assert.equal(scheduled.signal.aborted, true);
    assert.equal(endpoint.count, 3);
    assert.equal(endpoint.last.reason, 'manual');
    endpoint.last.succeed('token-2', 60);
    await done;
    assert.equal(wrapper.failures.length, 0);
  });

  it('calls made in the same task share one new request, and each settles with its token', async () => {
    const { source, wrapper } = await holding(3600);
    const calls = [source.refresh(), source.refresh(), source.refresh()];
    assert.equal(endpoint.count, 2);
    endpoint.last.succeed('token-2', 3600);
    await Promise.all(calls);
    assert.equal(wrapper.tokens.length, 2);
  });

  it('a call in a later task aborts the first call’s request; both settle with the token of the new one', async () => {
    const { source, wrapper } = await holding(3600);
    let firstSettled = false;
    const first = source.refresh().then(() => (firstSettled = true));
    const firstRequest = endpoint.last;
    await settled(); // a later task
    const second = source.refresh();
    assert.equal(firstRequest.signal.aborted, true);
    assert.equal(endpoint.count, 3);
    firstRequest.succeed('stale', 3600); // too late: dropped
    await settled();
    assert.equal(firstSettled, false);
    endpoint.last.succeed('token-2', 3600);
    await Promise.all([first, second]);
    assert.deepEqual(
      wrapper.tokens.map(({ held }) => held.token),
      ['token-1', 'token-2'],
    );
  });

  it('joins a request that started in the same task rather than aborting it', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber()); // starts the first request in this task
    const done = source.refresh();
    assert.equal(endpoint.count, 1);
    assert.equal(endpoint.last.signal.aborted, false);
    endpoint.last.succeed('token-1', 60);
    await done;
  });

  it('every call of a burst rejects with the error of the attempt that ended it', async () => {
    const { source } = await holding(3600);
    const calls = [source.refresh(), source.refresh()];
    endpoint.last.fail(unavailable());
    for (const call of calls) await assert.rejects(call, { kind: 'http', status: 503 });
  });

  it('offline, it rejects at once with kind network and leaves the pending cycle as it was', async () => {
    const { source, wrapper } = await holding(60);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    await failLast(); // a retry is pending
    const retryAt = wrapper.failures.at(-1)!.info.retryAt!;
    page.online = false;
    await assert.rejects(source.refresh(), { kind: 'network', fatal: false });
    assert.equal(endpoint.count, 2);
    assert.equal(wrapper.failures.length, 1);
    page.online = true;
    await clock.tickAsync(retryAt - Date.now() - 1);
    assert.equal(endpoint.count, 2);
    await clock.tickAsync(1);
    assert.equal(endpoint.count, 3);
  });

  it('offline, it leaves a fatal stop in place', async () => {
    const source = newSource();
    source.subscribe(new RecordingSubscriber());
    await failLast(unauthorized());
    page.online = false;
    await assert.rejects(source.refresh(), { kind: 'network' });
    assert.equal(source.fatalError?.kind, 'unauthorized');
  });
});

describe('TokenSource: spacing of event-triggered requests', () => {
  /** A source whose token expired during an outage: every attempt fails at once. */
  async function expiredDuringOutage() {
    const held = await holding(60);
    endpoint.failing = unavailable;
    await clock.tickAsync(held.wrapper.tokens[0]!.held.expiresAtMs - Date.now());
    assert.equal(held.wrapper.expiries.length, 1);
    return held;
  }

  it('a storm of focus and visibility events on an expired token makes no more attempts than spacing allows', async () => {
    await expiredDuringOutage();
    const before = endpoint.count;
    const stormMs = 10 * S;
    const everyMs = 50;
    for (let elapsedMs = 0; elapsedMs < stormMs; elapsedMs += everyMs) {
      page.fire('focus');
      page.fire('visible');
      await clock.tickAsync(everyMs);
    }
    // No valid token: spacing is its floor, counted from the last attempt.
    assert.ok(endpoint.count - before <= stormMs / MIN_SPACING_MS + 1, `${endpoint.count - before} attempts`);
    assert.ok(endpoint.count - before >= stormMs / MIN_SPACING_MS - 1, `${endpoint.count - before} attempts`);
  });

  it('an event right after an attempt waits for the spacing, counted from that attempt', async () => {
    await expiredDuringOutage();
    page.fire('focus');
    const lastAttemptAtMs = endpoint.last.startedAtMs;
    await settled();
    const before = endpoint.count;
    page.fire('focus');
    await clock.tickAsync(MIN_SPACING_MS - 1);
    assert.equal(endpoint.count, before);
    await clock.tickAsync(1);
    assert.equal(endpoint.count, before + 1);
    assert.equal(endpoint.last.startedAtMs, lastAttemptAtMs + MIN_SPACING_MS);
  });

  it('spacing does not delay the retries of a cycle', async () => {
    const source = newSource();
    const wrapper = new RecordingSubscriber();
    source.subscribe(wrapper);
    await failLast();
    assert.ok(lowBackoffMs(1) < MIN_SPACING_MS);
    await clock.tickAsync(lowBackoffMs(1));
    assert.equal(endpoint.count, 2);
  });

  it('refresh() is exempt from spacing', async () => {
    const { source } = await holding(3600);
    const first = source.refresh();
    endpoint.last.succeed('token-2', 3600);
    await first;
    const second = source.refresh();
    assert.equal(endpoint.count, 3);
    endpoint.last.succeed('token-3', 3600);
    await second;
  });
});
