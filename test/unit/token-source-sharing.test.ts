/**
 * Token sources of several documents sharing one key, without a browser (CONTRACT §7): each
 * "document" is a TokenSource with its own TabSharing, on Node's BroadcastChannel and one in-memory
 * lock manager, under one fake clock (one machine, one clock); and a key's token outliving its last
 * wrapper within one document.
 *
 * Run: node --import tsx --test test/unit/token-source-sharing.test.ts
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ToucanError } from '../../src/errors.js';
import type { TokenReason, TokenVia } from '../../src/events.js';
import { TabSharing, type SharingPlatform } from '../../src/tab-sharing.js';
import { MAX_ATTEMPTS_PER_CYCLE } from '../../src/timing.js';
import { TokenSource, type FailureInfo, type HeldToken, type TokenSubscriber } from '../../src/token-source.js';
import { FakeOrigin } from './fake-locks.js';
import { FakePage, installClock, type FakeClock } from './harness.js';

const S = 1000;
const MIN = 60 * S;
const LIFETIME_SECONDS = 300;

const realSetImmediate = setImmediate;
/** Lets channel messages (delivered by Node's event loop, not by the fake clock) arrive. */
async function deliver(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => realSetImmediate(resolve));
}

let clock: FakeClock;
let origin: FakeOrigin;
let platform: SharingPlatform;
let issued: number;
/** Every attempt made by any document, in order. */
let attempts: string[];
/** When set, every attempt fails with it. */
let failing: ToucanError | null;

beforeEach(() => {
  clock = installClock();
  origin = new FakeOrigin();
  ({ platform } = origin);
  issued = 0;
  attempts = [];
  failing = null;
});

afterEach(() => {
  origin.close();
  clock.restore();
});

/** A wrapper: records the tokens it is given and where they came from. */
class Wrapper implements TokenSubscriber {
  readonly tokens: { token: string; reason: TokenReason; via: TokenVia }[] = [];
  readonly failures: ToucanError[] = [];
  readonly refreshLeadSeconds = null;
  tokenReceived(held: HeldToken, reason: TokenReason, via: TokenVia): void {
    this.tokens.push({ token: held.token, reason, via });
  }
  attemptFailed(error: ToucanError, _info: FailureInfo): void {
    this.failures.push(error);
  }
  tokenExpired(): void {}
  sourceChanged(): void {}
}

/** A document's source of the key `key`, sharing with the others (or alone when `share` is false). */
function openDocument(name: string, { share = true, key = 'GET https://app.example/api/toucan-token' } = {}) {
  const source = new TokenSource({
    request: async () => {
      attempts.push(name);
      if (failing) throw failing;
      return { token: `token-${++issued}`, expiresInSeconds: LIFETIME_SECONDS, serverNowMs: null };
    },
    page: new FakePage(),
    random: () => 0.5,
    ...(share ? { peers: (self) => new TabSharing(key, self, platform, () => 10 * S) } : {}),
  });
  const wrapper = new Wrapper();
  source.subscribe(wrapper);
  return { source, wrapper };
}

/**
 * Moves the one clock by `ms` in steps of `stepMs`, letting messages arrive after each (Node delivers
 * them in real time: a step longer than the wait for a message would skip it).
 */
async function tick(ms: number, stepMs = S): Promise<void> {
  for (let elapsedMs = 0; elapsedMs < ms; elapsedMs += stepMs) {
    await clock.tickAsync(Math.min(stepMs, ms - elapsedMs));
    await deliver();
  }
}

describe('documents sharing a key (CONTRACT §7)', () => {
  it('a document that opens while another holds the token gets it with no request (via tab)', async () => {
    const first = openDocument('first');
    await tick(S);
    const second = openDocument('second');
    await tick(S);
    assert.deepEqual(attempts, ['first']);
    assert.deepEqual(second.wrapper.tokens, [{ token: 'token-1', reason: 'initial', via: 'tab' }]);
    assert.deepEqual(first.wrapper.tokens, [{ token: 'token-1', reason: 'initial', via: 'request' }]);
  });

  it('three documents make the requests of one in an hour', async () => {
    openDocument('first');
    await tick(S);
    openDocument('second');
    openDocument('third');
    await tick(60 * MIN - S);
    assert.equal(attempts.length, 1 + (60 * MIN) / (240 * S)); // at 0 s, then every 240 s up to 3600 s
  });

  it('a refresh by one document reaches every wrapper of the others, and their schedule follows it', async () => {
    const first = openDocument('first');
    await tick(S);
    const second = openDocument('second');
    await tick(240 * S);
    assert.equal(attempts.length, 2);
    assert.deepEqual(second.wrapper.tokens.at(-1), { token: 'token-2', reason: 'scheduled', via: 'tab' });
    assert.equal(first.wrapper.tokens.at(-1)?.token, 'token-2');
    await tick(240 * S);
    assert.equal(attempts.length, 3, 'one request for the next cycle too');
  });

  it('during an outage, the documents together attempt as one document would, plus at most one each', async () => {
    const countFor = async (documents: number) => {
      attempts = [];
      const opened = Array.from({ length: documents }, (_, index) => openDocument(`doc${index}`, { key: `outage-${documents}` }));
      await tick(10 * S);
      failing = new ToucanError('http', 'Token endpoint answered HTTP 503.', { status: 503 });
      const before = attempts.length;
      await tick(10 * MIN, 100);
      failing = null;
      for (const { source, wrapper } of opened) source.unsubscribe(wrapper); // closed: it attempts no more
      return attempts.length - before;
    };
    const one = await countFor(1);
    const three = await countFor(3);
    assert.ok(one > MAX_ATTEMPTS_PER_CYCLE, `one document kept attempting (${one})`);
    assert.ok(three <= one + 3, `3 documents: ${three} attempts, one: ${one}`);
  });

  it('a fatal failure in one document stops the others too', async () => {
    const first = openDocument('first');
    await tick(S);
    const second = openDocument('second');
    await tick(S);
    failing = new ToucanError('unauthorized', 'Token endpoint refused the request (HTTP 401).', { status: 401, fatal: true });
    await tick(10 * MIN);
    assert.equal(attempts.length, 2, 'one refused refresh, then nothing');
    assert.ok(first.source.fatalError || second.source.fatalError);
    assert.equal(second.wrapper.failures.at(-1)?.kind ?? first.wrapper.failures.at(-1)?.kind, 'unauthorized');
  });

  it('documents that do not share each request their own token', async () => {
    openDocument('first', { share: false });
    await tick(S);
    openDocument('second', { share: false });
    await tick(S);
    assert.deepEqual(attempts, ['first', 'second']);
  });
});

describe('a token outlives its last wrapper (CONTRACT §7)', () => {
  it('the next wrapper gets it with no request (via cache), then it refreshes on schedule', async () => {
    const { source, wrapper } = openDocument('doc', { share: false });
    await tick(S);
    source.unsubscribe(wrapper);
    await tick(100 * S);
    const later = new Wrapper();
    source.subscribe(later);
    assert.deepEqual(later.tokens, [{ token: 'token-1', reason: 'initial', via: 'cache' }]);
    assert.equal(attempts.length, 1);
    await tick(140 * S);
    assert.equal(attempts.length, 2);
    assert.deepEqual(later.tokens.at(-1), { token: 'token-2', reason: 'scheduled', via: 'request' });
  });

  it('nothing runs for a key without wrappers: no timer, no request', async () => {
    const { source, wrapper } = openDocument('doc');
    await tick(S);
    source.unsubscribe(wrapper);
    await deliver();
    assert.equal(clock.countTimers(), 0);
    await tick(10 * MIN);
    assert.equal(attempts.length, 1);
  });

  it('a wrapper joining a key that has live wrappers gets the token with via request', async () => {
    const { source } = openDocument('doc', { share: false });
    await tick(S);
    const joining = new Wrapper();
    source.subscribe(joining);
    assert.deepEqual(joining.tokens, [{ token: 'token-1', reason: 'initial', via: 'request' }]);
  });
});
