/**
 * The rules of sharing a token key between documents, without a browser: each "document" is a
 * TabSharing on a real BroadcastChannel (Node's), with one in-memory lock manager for the origin
 * and a fake clock.
 *
 * Run: node --import tsx --test test/unit/tab-sharing.test.ts
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import sinon from 'sinon';
import { ToucanError } from '../../src/errors.js';
import type { TokenReason } from '../../src/events.js';
import {
  LOCK_FREED_GRACE_MS,
  PEER_ANSWER_WAIT_MS,
  SHARE_NAME_PREFIX,
  TAKEOVER_MARGIN_MS,
  TabSharing,
  type SharedToken,
  type SharingPlatform,
} from '../../src/tab-sharing.js';
import { FakeOrigin, type FakeLocks } from './fake-locks.js';

const S = 1000;
const TIMEOUT_MS = 10 * S;
const KEY = JSON.stringify(['https://app.example/api/toucan-token?user=ada', 'GET', 'same-origin', [], null]);

const realSetImmediate = setImmediate;
/** Lets channel messages (delivered by Node's event loop, not by the fake clock) arrive. */
async function deliver(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => realSetImmediate(resolve));
}

let clock: sinon.SinonFakeTimers;
let locks: FakeLocks;
let hints: Map<string, string>;
let origin: FakeOrigin;
let platform: SharingPlatform;
let names: string[];

beforeEach(() => {
  clock = sinon.useFakeTimers({ now: 1_800_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  origin = new FakeOrigin();
  ({ locks, hints, platform } = origin);
  names = origin.names;
});

afterEach(() => {
  origin.close();
  clock.restore();
});

/** A document of the origin: its sharing of KEY, the token it holds, and what peers pushed to it. */
function openDocument(key = KEY) {
  const doc = {
    held: null as SharedToken | null,
    pushed: [] as { held: SharedToken; reason: TokenReason }[],
    requests: 0,
    sharing: null as unknown as TabSharing,
  };
  doc.sharing = new TabSharing(
    key,
    { heldToken: () => doc.held, peerToken: (held, reason) => doc.pushed.push({ held, reason }) },
    platform,
    () => TIMEOUT_MS,
  );
  doc.sharing.open();
  return doc;
}

type Doc = ReturnType<typeof openDocument>;

let issued = 0;
function newToken(lifetimeMs = 300 * S): SharedToken {
  const now = Date.now();
  return { token: `token-${++issued}`, lifetimeMs, expiresAtMs: now + lifetimeMs, receivedAtMs: now };
}

/** An attempt that answers a new token when `answer` resolves (at once by default). */
function attemptOf(doc: Doc, answer: Promise<unknown> = Promise.resolve()) {
  return async (signal: AbortSignal) => {
    doc.requests++;
    await Promise.race([answer, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]);
    return newToken();
  };
}

/** Runs one attempt of `doc` and, like a token source, keeps and publishes what it got. */
async function run(doc: Doc, reason: TokenReason, attempt = attemptOf(doc), signal = new AbortController().signal) {
  const outcome = await doc.sharing.run(reason, attempt, { signal, held: doc.held });
  doc.held = outcome.from === 'own' ? outcome.value : outcome.held;
  if (outcome.from === 'own') doc.sharing.published(outcome.value, reason);
  return outcome;
}

function hanging(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('a document that opens (CONTRACT §7)', () => {
  test('gets the token another document holds, with no request', async () => {
    const first = openDocument();
    await run(first, 'initial');
    await deliver();
    const second = openDocument();
    const outcome = await run(second, 'initial');
    assert.equal(outcome.from, 'peer');
    assert.equal(second.held?.token, first.held?.token);
    assert.equal(second.requests, 0);
  });

  test('requests at once when no document holds a token, without waiting for answers', async () => {
    const doc = openDocument();
    const outcome = run(doc, 'initial');
    await deliver();
    assert.equal(doc.requests, 1, 'requested before any timer ran');
    assert.equal((await outcome).from, 'own');
  });

  test('requests after a short wait when the document that held a token is gone', async () => {
    const first = openDocument();
    await run(first, 'initial');
    first.sharing.close();
    const second = openDocument();
    const outcome = run(second, 'initial');
    await deliver();
    assert.equal(second.requests, 0);
    await clock.tickAsync(PEER_ANSWER_WAIT_MS);
    assert.equal((await outcome).from, 'own');
    assert.equal(second.requests, 1);
  });

  test('never reads a token of another key', async () => {
    const other = openDocument(KEY.replace('ada', 'bob'));
    await run(other, 'initial');
    await deliver();
    const doc = openDocument();
    await run(doc, 'initial');
    assert.equal(doc.requests, 1);
    assert.notEqual(doc.held?.token, other.held?.token);
    assert.deepEqual(other.pushed, []);
  });
});

describe('refreshes among documents (CONTRACT §7)', () => {
  async function twoDocumentsHoldingOneToken(): Promise<[Doc, Doc]> {
    const first = openDocument();
    await run(first, 'initial');
    await deliver();
    const second = openDocument();
    await run(second, 'initial');
    return [first, second];
  }

  test('two documents refreshing at the same time make one request; the other gets its token', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    const release = hanging();
    const refreshes = [
      run(first, 'scheduled', attemptOf(first, release.promise)),
      run(second, 'scheduled', attemptOf(second, release.promise)),
    ];
    await deliver();
    release.resolve();
    const [a, b] = await Promise.all(refreshes);
    assert.equal(first.requests + second.requests, 2, 'one initial request and one refresh in all');
    assert.deepEqual([a.from, b.from].sort(), ['own', 'peer']);
    assert.equal(first.held?.token, second.held?.token);
  });

  test('a refresh that starts after a peer already refreshed takes its token (the first look)', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    await run(first, 'scheduled');
    await deliver();
    assert.equal(second.pushed.length, 1, 'the new token was pushed to the idle document');
    const outcome = await second.sharing.run('scheduled', attemptOf(second), {
      signal: new AbortController().signal,
      held: second.held,
    });
    assert.equal(outcome.from, 'peer');
    assert.equal(second.requests, 0);
  });

  test('a follower gets the failure of the document that requests, and does not request itself', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    const release = hanging();
    const failing = async () => {
      first.requests++;
      await release.promise;
      throw new ToucanError('http', 'Token endpoint answered HTTP 503.', { status: 503 });
    };
    const leader = first.sharing
      .run('scheduled', failing, { signal: new AbortController().signal, held: first.held })
      .catch((error) => error);
    await deliver();
    const follower = second.sharing
      .run('scheduled', attemptOf(second), { signal: new AbortController().signal, held: second.held })
      .catch((error) => error);
    await deliver();
    release.resolve();
    assert.equal((await leader).kind, 'http');
    first.sharing.failed(new ToucanError('http', 'Token endpoint answered HTTP 503.', { status: 503 }), Date.now() + 800);
    await deliver();
    assert.deepEqual([(await follower).kind, (await follower).status], ['http', 503]);
    assert.equal(second.requests, 0);
  });

  test('while the requesting document plans a retry, a follower waits for it rather than requesting', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    first.sharing.failed(new ToucanError('network', 'Token request failed (network).'), Date.now() + 2 * S);
    await deliver();
    const follower = run(second, 'scheduled');
    await clock.tickAsync(2 * S);
    await deliver();
    assert.equal(second.requests, 0);
    await run(first, 'scheduled');
    await deliver();
    assert.equal((await follower).from, 'peer');
    assert.equal(second.requests, 0);
  });

  test('a fatal failure stops the other documents too, with no request', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    first.sharing.failed(
      new ToucanError('unauthorized', 'Token endpoint refused the request (HTTP 401).', { status: 401, fatal: true }),
      null,
    );
    await deliver();
    await assert.rejects(run(second, 'scheduled'), { kind: 'unauthorized', fatal: true });
    assert.equal(second.requests, 0);
  });

  test('after a fatal failure of another document, refresh() here starts the key again', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    first.sharing.failed(
      new ToucanError('unauthorized', 'Token endpoint refused the request (HTTP 401).', { status: 401, fatal: true }),
      null,
    );
    await deliver();
    await run(second, 'manual');
    assert.equal((await run(second, 'scheduled')).from, 'own');
    assert.equal(second.requests, 2);
  });

  test('refresh() requests even while another document is requesting, and every document gets its token', async () => {
    const [first, second] = await twoDocumentsHoldingOneToken();
    const release = hanging();
    const scheduled = run(first, 'scheduled', attemptOf(first, release.promise));
    await deliver();
    const manual = await run(second, 'manual');
    assert.equal(manual.from, 'own');
    await deliver();
    assert.equal(first.pushed[0]?.held.token, second.held?.token, 'the requesting document gets the manual token too');
    release.resolve();
    await scheduled;
    assert.equal(first.requests + second.requests, 3);
  });
});

describe('a document that leaves mid-request (CONTRACT §7)', () => {
  test('closed: the next document takes over at once', async () => {
    const first = openDocument();
    await run(first, 'initial');
    await deliver();
    const second = openDocument();
    await run(second, 'initial');
    const leader = run(first, 'scheduled', attemptOf(first, new Promise(() => {}))).catch(() => {});
    await deliver();
    const follower = run(second, 'scheduled');
    await deliver();
    assert.equal(second.requests, 0, 'follows while the leader requests');
    first.sharing.close();
    locks.crash(`${SHARE_NAME_PREFIX}${createHash('sha256').update(KEY).digest('hex')}`);
    await deliver();
    assert.equal((await follower).from, 'own');
    assert.equal(second.requests, 1);
    void leader;
  });

  test('gone without a word: the next document takes over once the lock comes free and no message follows', async () => {
    const first = openDocument();
    await run(first, 'initial');
    await deliver();
    const second = openDocument();
    await run(second, 'initial');
    void run(first, 'scheduled', attemptOf(first, new Promise(() => {}))).catch(() => {});
    await deliver();
    const follower = run(second, 'scheduled');
    await deliver();
    locks.crash(names[0]!); // the browser releases the lock of a document that died
    await deliver();
    await clock.tickAsync(LOCK_FREED_GRACE_MS - 1);
    assert.equal(second.requests, 0, 'a message may still be on its way');
    await clock.tickAsync(1);
    await deliver();
    assert.equal((await follower).from, 'own');
    assert.equal(second.requests, 1);
  });

  test('gone while waiting to retry: the next document takes over one request timeout after the planned retry', async () => {
    const [first, second] = [openDocument(), openDocument()];
    await run(first, 'initial');
    await deliver();
    await run(second, 'initial');
    first.sharing.failed(new ToucanError('network', 'Token request failed (network).'), Date.now() + 2 * S);
    first.sharing.close(); // it leaves before its retry, with nothing to abandon
    await deliver();
    const follower = run(second, 'scheduled');
    await clock.tickAsync(2 * S + TIMEOUT_MS + TAKEOVER_MARGIN_MS - 1);
    await deliver();
    assert.equal(second.requests, 0);
    await clock.tickAsync(1);
    await deliver();
    assert.equal((await follower).from, 'own');
  });

  test('frozen with the lock held: the next document steals the lock after two silent deadlines', async () => {
    const first = openDocument();
    await run(first, 'initial');
    await deliver();
    const second = openDocument();
    await run(second, 'initial');
    void run(first, 'scheduled', attemptOf(first, new Promise(() => {}))).catch(() => {});
    await deliver();
    const follower = run(second, 'scheduled');
    for (let step = 0; step < 3; step++) {
      await clock.tickAsync(TIMEOUT_MS + TAKEOVER_MARGIN_MS);
      await deliver();
    }
    assert.equal((await follower).from, 'own');
    assert.equal(second.requests, 1);
  });
});

describe('what leaves the document (CONTRACT §7, §9)', () => {
  test('channel and lock names carry the SHA-256 of the key, never its URL', async () => {
    const doc = openDocument();
    await run(doc, 'scheduled'); // first attempt: no lock
    await run(doc, 'scheduled'); // later attempt: under the lock
    const expected = SHARE_NAME_PREFIX + createHash('sha256').update(KEY).digest('hex');
    assert.deepEqual(names, [expected]);
    assert.deepEqual(locks.granted, [expected]);
    assert.ok(!expected.includes('example'));
  });

  test('storage gets when a token expires, never the token', async () => {
    const doc = openDocument();
    await run(doc, 'initial');
    assert.deepEqual(
      [...hints.values()].map((hint) => hint.split(' ')[0]),
      [String(doc.held!.expiresAtMs)],
    );
  });

  test('a closed sharing hears nothing from other documents', async () => {
    const first = openDocument();
    const second = openDocument();
    await run(first, 'initial');
    await deliver();
    second.sharing.close();
    await run(first, 'manual');
    await deliver();
    assert.equal(second.pushed.length, 1, 'only the token sent before it closed');
  });
});
