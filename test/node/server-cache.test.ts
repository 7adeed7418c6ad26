/**
 * Token reuse on the host endpoint, with real parts: a fake Toucan on 127.0.0.1 that counts its calls,
 * and Debian's redis-server through unstorage's Redis driver as the shared store. The local clock is
 * mocked (timers run for real), so "after half the lifetime" needs no waiting.
 */
import { describe, test, before, after, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createStorage, type Storage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import type { Redis } from 'ioredis';
import {
  createTokenHandler,
  TokenEndpointError,
  type TokenCacheOptions,
  type TokenHandlerOptions,
} from '../../src/server/index.js';
import { REUSE_MARGIN_MS } from '../../src/server/token-cache.js';
import { API_KEY, startFakeToucan, startRedis, type FakeToucan, type RedisServer } from './server-fixtures.js';

const ENDPOINT = 'http://app.example/api/toucan-token';
const LIFETIME_S = 600;
const SECOND_MS = 1000;

let toucan: FakeToucan;

before(async () => {
  toucan = await startFakeToucan({ lifetimeSeconds: LIFETIME_S });
});
after(() => toucan.close());
beforeEach(() => {
  toucan.calls.length = 0;
  toucan.lifetimeSeconds = LIFETIME_S;
  toucan.status = 200;
  mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

/** The signed-in user comes from test headers: `x-user` and `x-attributes` (JSON). */
function handlerWith(options: Partial<TokenHandlerOptions> = {}) {
  return createTokenHandler({
    apiKey: API_KEY,
    generateTokenUrl: toucan.url,
    user: (request) => ({
      distinctId: request.headers.get('x-user') ?? 'user-42',
      attributes: JSON.parse(request.headers.get('x-attributes') ?? '{}') as Record<string, string>,
    }),
    onError: () => {},
    ...options,
  });
}

async function ask(handler: (request: Request) => Promise<Response>, user = 'user-42', attributes: object = {}) {
  const response = await handler(
    new Request(ENDPOINT, { headers: { 'x-user': user, 'x-attributes': JSON.stringify(attributes) } }),
  );
  assert.equal(response.status, 200);
  return (await response.json()) as { token: string; expiresIn: number };
}

describe('token reuse in memory', () => {
  test('10 concurrent requests of one user make one call to Toucan and get the same token', async () => {
    const handler = handlerWith();
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask(handler)));
    assert.equal(toucan.calls.length, 1);
    assert.deepEqual(new Set(answers.map((answer) => answer.token)), new Set(['tok-1']));
  });

  test('answers the same token again, with the whole seconds left, while more than half its lifetime is left', async () => {
    const handler = handlerWith();
    await ask(handler);
    mock.timers.tick((LIFETIME_S / 2) * SECOND_MS - REUSE_MARGIN_MS - 500);
    assert.deepEqual(await ask(handler), { token: 'tok-1', expiresIn: LIFETIME_S / 2 + REUSE_MARGIN_MS / SECOND_MS });
    assert.equal(toucan.calls.length, 1);
  });

  test('mints a new token once half its lifetime has passed', async () => {
    const handler = handlerWith();
    await ask(handler);
    mock.timers.tick((LIFETIME_S / 2) * SECOND_MS);
    assert.deepEqual(await ask(handler), { token: 'tok-2', expiresIn: LIFETIME_S });
    assert.equal(toucan.calls.length, 2);
  });

  test('a browser that refreshes at half the lifetime it was told never gets its own token back', async () => {
    toucan.lifetimeSeconds = 60; // lead = half the lifetime for tokens of 60 s or less
    const handler = handlerWith();
    const browserSentAtMs = Date.now();
    mock.timers.tick(200); // the request reaches the server 200 ms later
    const first = await ask(handler);
    mock.timers.tick(browserSentAtMs + (first.expiresIn / 2) * SECOND_MS - Date.now());
    assert.notEqual((await ask(handler)).token, first.token);
  });

  test('a user with other attributes gets a token of their own', async () => {
    const handler = handlerWith();
    await ask(handler, 'user-42', { company: 'acme' });
    assert.equal((await ask(handler, 'user-42', { company: 'globex' })).token, 'tok-2');
    assert.equal((await ask(handler, 'user-7', { company: 'acme' })).token, 'tok-3');
    assert.equal(toucan.calls.length, 3);
  });

  test('the same attributes in another key order are the same user', async () => {
    const handler = handlerWith();
    await ask(handler, 'user-42', { company: 'acme', plan: 'pro' });
    assert.equal((await ask(handler, 'user-42', { plan: 'pro', company: 'acme' })).token, 'tok-1');
    assert.equal(toucan.calls.length, 1);
  });

  test('keeps at most maxEntries users in memory, the least recently used out first', async () => {
    const handler = handlerWith({ cache: { maxEntries: 2 } });
    await ask(handler, 'a');
    await ask(handler, 'b');
    await ask(handler, 'a'); // a is now the most recently used
    await ask(handler, 'c'); // b goes out
    assert.equal(toucan.calls.length, 3);
    assert.equal((await ask(handler, 'a')).token, 'tok-1');
    assert.equal((await ask(handler, 'b')).token, 'tok-4');
  });

  test('cache: false makes one call to Toucan per request', async () => {
    const handler = handlerWith({ cache: false });
    await Promise.all(Array.from({ length: 3 }, () => ask(handler)));
    assert.equal(toucan.calls.length, 3);
  });

  test('concurrent requests joined to a failed call each fail, and each is told to onError', async () => {
    toucan.status = 400;
    const kinds: string[] = [];
    const handler = handlerWith({ onError: (error) => kinds.push(error.kind) });
    const responses = await Promise.all(Array.from({ length: 3 }, () => handler(new Request(ENDPOINT))));
    assert.deepEqual(
      responses.map((response) => response.status),
      [502, 502, 502],
    );
    assert.equal(toucan.calls.length, 1);
    assert.deepEqual(kinds, ['upstream-http', 'upstream-http', 'upstream-http']);
  });

  test('a failed call is not kept: the next request calls Toucan again', async () => {
    toucan.status = 400;
    const handler = handlerWith();
    await handler(new Request(ENDPOINT));
    toucan.status = 200;
    assert.equal((await ask(handler)).token, 'tok-2');
  });

  test('rejects a maxEntries that is not an integer ≥ 1 at creation', () => {
    for (const maxEntries of [0, 1.5, -1]) assert.throws(() => handlerWith({ cache: { maxEntries } }), TypeError);
  });
});

describe('token reuse through a shared store (redis-server)', () => {
  let redis: RedisServer;
  const storages: Storage[] = [];

  function redisStorage(url: string): Storage {
    const storage = createStorage({ driver: redisDriver({ url, maxRetriesPerRequest: 0 }) });
    // A store that is down is the handler's business (kind `cache`); keep ioredis from printing.
    (storage.getMount('').driver.getInstance!() as Redis).on('error', () => {});
    storages.push(storage);
    return storage;
  }
  const shared = (url: string, extra: TokenCacheOptions = {}): Partial<TokenHandlerOptions> => ({
    cache: { store: redisStorage(url), ...extra },
  });

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await Promise.all(storages.map((storage) => storage.dispose()));
    await redis.stop();
  });

  test("a second server instance reuses the first instance's token", async () => {
    const first = handlerWith(shared(redis.url));
    const second = handlerWith(shared(redis.url));
    const minted = await ask(first, 'shared-user');
    mock.timers.tick(100 * SECOND_MS);
    assert.deepEqual(await ask(second, 'shared-user'), { token: minted.token, expiresIn: LIFETIME_S - 100 });
    assert.equal(toucan.calls.length, 1);
  });

  test('keeps a token in the store under a hash, never the user id, until its reuse window ends', async () => {
    const storage = redisStorage(redis.url);
    await ask(handlerWith({ cache: { store: storage } }), 'user-with-a-readable-id', { company: 'acme' });
    const client = storage.getMount('').driver.getInstance!() as Redis;
    const keys = await client.keys('*');
    const stored = await Promise.all(keys.map((name) => client.get(name)));
    const ttls = await Promise.all(keys.map((name) => client.ttl(name)));
    assert.ok(keys.length > 0 && keys.every((name) => /^toucan-token:[0-9a-f]{64}$/.test(name)), keys.join());
    assert.ok(![...keys, ...stored].some((text) => text!.includes('user-with-a-readable-id') || text!.includes('acme')));
    assert.ok(
      ttls.every((ttl) => ttl > 0 && ttl <= LIFETIME_S / 2),
      `ttls ${ttls.join()} s`,
    );
  });

  test('a store that is down is bypassed: tokens are still served and onError is told (kind cache)', async () => {
    const down = await startRedis();
    const url = down.url;
    await down.stop();
    const errors: TokenEndpointError[] = [];
    const handler = handlerWith({ ...shared(url), onError: (error) => errors.push(error) });
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask(handler, 'user-down')));
    assert.deepEqual(new Set(answers.map((answer) => answer.token)), new Set([answers[0]!.token]));
    assert.equal(toucan.calls.length, 1);
    assert.ok(errors.length >= 1 && errors.every((error) => error.kind === 'cache'), inspect(errors));
  });

  test('a store slower than its budget is bypassed within the budget', async () => {
    const never = { getItem: () => new Promise<never>(() => {}), setItem: () => new Promise<never>(() => {}) };
    const errors: TokenEndpointError[] = [];
    const handler = handlerWith({ cache: { store: never, storeTimeoutMs: 50 }, onError: (error) => errors.push(error) });
    const started = performance.now();
    assert.equal((await ask(handler)).token, 'tok-1');
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(
      errors.map((error) => [error.kind, /within 50 ms/.test(error.message)]),
      [
        ['cache', true],
        ['cache', true],
      ],
    );
  });

  test('the default report of a store failure is one line without the token', async () => {
    const lines: string[] = [];
    mock.method(console, 'error', (...args: unknown[]) => lines.push(args.map(String).join(' ')));
    const failing = {
      getItem: () => Promise.reject(new Error('tok-1 in a message')),
      setItem: () => Promise.reject(new Error('tok-1')),
    };
    const handler = handlerWith({ cache: { store: failing }, onError: undefined });
    assert.equal((await ask(handler)).token, 'tok-1');
    assert.equal(lines.length, 2);
    assert.ok(
      lines.every((line) => line.startsWith('[toucan-embed-loader/server] cache: ') && !line.includes('tok-1')),
      lines.join('\n'),
    );
  });
});
