import { describe, test, before, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import { generateToken, TokenGenerationError, type GenerateTokenOptions, type TokenUser } from '../../src/server/index.js';

const API_KEY = 'tk_live_SECRET-API-KEY-0123456789';
const USER: TokenUser = { distinctId: 'user-42' };
/** The upstream clock used by tests that send a `Date` header: 2030-01-01T00:00:00Z. */
const UPSTREAM_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT';
const UPSTREAM_NOW_S = Date.parse(UPSTREAM_DATE) / 1000;

type Reply = (request: Request) => Response | Promise<Response>;

/** A programmable upstream: replies are used in order, the last one repeats. */
function fakeUpstream(...replies: Reply[]) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    return reply(request);
  };
  return { fetch, requests };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const text =
  (body: string, status = 200, contentType = 'text/html'): Reply =>
  () =>
    new Response(body, { status, headers: { 'content-type': contentType } });
const networkError: Reply = () => Promise.reject(new TypeError('fetch failed'));
/** Never answers; rejects once the request's signal aborts, like a real fetch. */
const hang: Reply = (request) =>
  new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));

function options(fetch: typeof globalThis.fetch, extra: Partial<GenerateTokenOptions> = {}): GenerateTokenOptions {
  return { apiKey: API_KEY, fetch, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

let privateKey: CryptoKey;
before(async () => {
  ({ privateKey } = await generateKeyPair('ES256'));
});

// The local clock stands still (timers run for real), so `expiresIn`, the whole seconds left, is exact.
beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.now() }));
afterEach(() => mock.timers.reset());

function jwt(claims: { iat?: number; exp?: number }): Promise<string> {
  const builder = new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setSubject('user-42');
  if (claims.iat !== undefined) builder.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) builder.setExpirationTime(claims.exp);
  return builder.sign(privateKey);
}

describe('generateToken: the upstream request', () => {
  test('posts the user with the API key header to the default Toucan URL', async () => {
    const upstream = fakeUpstream(json({ token: 'tok', expiresIn: 60 }));
    await generateToken(options(upstream.fetch), USER);
    const [request] = upstream.requests;
    assert.equal(upstream.requests.length, 1);
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, 'https://toucanai.cloud/embed/generate-token');
    assert.equal(request!.headers.get('x-api-key'), API_KEY);
    assert.equal(request!.headers.get('content-type'), 'application/json');
    assert.deepEqual(await request!.json(), { user: { distinctId: 'user-42', role: 'explorer', attributes: {} } });
  });

  test('sends role and attributes as given, to a custom generateTokenUrl', async () => {
    const upstream = fakeUpstream(json({ token: 'tok', expiresIn: 60 }));
    const user: TokenUser = { distinctId: 'u-1', role: 'viewer', attributes: { company: 'acme', seats: 3, tags: ['a'] } };
    await generateToken(options(upstream.fetch, { generateTokenUrl: 'https://toucan.example/api/token' }), user);
    assert.equal(upstream.requests[0]!.url, 'https://toucan.example/api/token');
    assert.deepEqual(await upstream.requests[0]!.json(), { user });
  });

  test('does not follow redirects, so the API key never reaches another host', async () => {
    const upstream = fakeUpstream(() => new Response(null, { status: 302, headers: { location: 'https://evil.example/' } }));
    const error = await rejection(generateToken(options(upstream.fetch), USER));
    assert.equal(upstream.requests[0]!.redirect, 'manual');
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.status, 302);
    assert.equal(upstream.requests.length, 1);
  });
});

describe('generateToken: reading the expiry', () => {
  const cases: Array<{ name: string; body: Record<string, unknown>; headers?: Record<string, string>; expiresIn: number }> = [
    { name: 'expiresIn in seconds', body: { token: 'tok', expiresIn: 3600 }, expiresIn: 3600 },
    { name: 'expires_in in seconds', body: { token: 'tok', expires_in: 900 }, expiresIn: 900 },
    { name: 'expiresIn as a string of digits', body: { token: 'tok', expiresIn: '120' }, expiresIn: 120 },
    { name: 'expires_in as a string of digits', body: { token: 'tok', expires_in: '3600' }, expiresIn: 3600 },
    {
      name: 'expiresAt in epoch seconds as a string of digits',
      body: { token: 'tok', expiresAt: String(UPSTREAM_NOW_S + 600) },
      headers: { date: UPSTREAM_DATE },
      expiresIn: 600,
    },
    { name: 'a token without any expiry as the default 300 s, like the browser', body: { token: 'tok' }, expiresIn: 300 },
    {
      name: 'expiresAt in epoch seconds, against the upstream Date header',
      body: { token: 'tok', expiresAt: UPSTREAM_NOW_S + 600 },
      headers: { date: UPSTREAM_DATE },
      expiresIn: 600,
    },
    {
      name: 'expires_at in epoch milliseconds',
      body: { token: 'tok', expires_at: (UPSTREAM_NOW_S + 600) * 1000 },
      headers: { date: UPSTREAM_DATE },
      expiresIn: 600,
    },
    {
      name: 'expiresAt in ISO 8601',
      body: { token: 'tok', expiresAt: '2030-01-01T00:10:00Z' },
      headers: { date: UPSTREAM_DATE },
      expiresIn: 600,
    },
    { name: 'the token under authToken', body: { authToken: 'tok', expiresIn: 60 }, expiresIn: 60 },
    { name: 'the token under access_token', body: { access_token: 'tok', expires_in: 60 }, expiresIn: 60 },
    { name: 'the token under jwt', body: { jwt: 'tok', expiresIn: 60 }, expiresIn: 60 },
  ];
  for (const { name, body, headers, expiresIn } of cases) {
    test(`reads ${name}`, async () => {
      const upstream = fakeUpstream(json(body, 200, headers));
      assert.deepEqual(await generateToken(options(upstream.fetch), USER), { token: 'tok', expiresIn });
    });
  }

  test('reads expiresAt against the local clock when the upstream sends no Date header', async () => {
    const upstream = fakeUpstream(json({ token: 'tok', expiresAt: Math.floor(Date.now() / 1000) + 600 }));
    const { expiresIn } = await generateToken(options(upstream.fetch), USER);
    assert.ok(expiresIn >= 598 && expiresIn <= 600, `expiresIn ${expiresIn}`);
  });

  test('falls back to the JWT exp − iat, whatever the clocks say', async () => {
    const token = await jwt({ iat: 1_000, exp: 4_600 });
    const upstream = fakeUpstream(json({ token }));
    assert.deepEqual(await generateToken(options(upstream.fetch), USER), { token, expiresIn: 3600 });
  });

  test('falls back to the JWT exp − now when the JWT has no iat', async () => {
    const token = await jwt({ exp: UPSTREAM_NOW_S + 300 });
    const upstream = fakeUpstream(json({ token }, 200, { date: UPSTREAM_DATE }));
    assert.deepEqual(await generateToken(options(upstream.fetch), USER), { token, expiresIn: 300 });
  });

  test('prefers the JWT exp − iat over an absolute expiresAt, as the browser does', async () => {
    const token = await jwt({ iat: UPSTREAM_NOW_S, exp: UPSTREAM_NOW_S + 900 });
    const upstream = fakeUpstream(json({ token, expiresAt: UPSTREAM_NOW_S + 60 }, 200, { date: UPSTREAM_DATE }));
    assert.equal((await generateToken(options(upstream.fetch), USER)).expiresIn, 900);
  });

  test('takes the JWT exp − Date header when shorter than exp − iat (a token minted earlier)', async () => {
    const token = await jwt({ iat: UPSTREAM_NOW_S - 600, exp: UPSTREAM_NOW_S + 300 });
    const upstream = fakeUpstream(json({ token }, 200, { date: UPSTREAM_DATE }));
    assert.equal((await generateToken(options(upstream.fetch), USER)).expiresIn, 300);
  });

  test('counts expiresIn in whole seconds left since just before the request, rounded down', async () => {
    const upstream = fakeUpstream(() => {
      mock.timers.tick(1500); // the upstream takes 1.5 s to answer
      return Response.json({ token: 'tok', expiresIn: 60 });
    });
    assert.equal((await generateToken(options(upstream.fetch), USER)).expiresIn, 58);
  });

  test('prefers an explicit expiresIn over the JWT claims', async () => {
    const token = await jwt({ iat: 1_000, exp: 4_600 });
    const upstream = fakeUpstream(json({ token, expiresIn: 60 }));
    assert.equal((await generateToken(options(upstream.fetch), USER)).expiresIn, 60);
  });
});

describe('generateToken: upstream failures', () => {
  const garbage: Array<{ name: string; reply: Reply }> = [
    { name: 'an HTML page', reply: text('<!doctype html><html><body>Welcome</body></html>') },
    { name: 'JSON without a token', reply: json({ ok: true, expiresIn: 60 }) },
    { name: 'an empty body', reply: text('', 200, 'application/json') },
    { name: 'a JSON array', reply: json([{ token: 'tok' }]) },
    { name: 'a non-string token', reply: json({ token: 12345, expiresIn: 60 }) },
    { name: 'an empty token', reply: json({ token: '', expiresIn: 60 }) },
    { name: 'a token with whitespace', reply: json({ token: 'two words', expiresIn: 60 }) },
    { name: 'an expiresIn that is not a number nor a string of digits', reply: json({ token: 'tok', expiresIn: '1h' }) },
    { name: 'a JSON body sent as text/html', reply: text('{"token":"tok","expiresIn":60}') },
    { name: 'expiresIn 0', reply: json({ token: 'tok', expiresIn: 0 }) },
    { name: 'a negative expiresIn', reply: json({ token: 'tok', expiresIn: -5 }) },
    { name: 'an unreadable expiresAt', reply: json({ token: 'tok', expiresAt: 'soon' }) },
    {
      name: 'an expiresAt in the past',
      reply: json({ token: 'tok', expiresAt: UPSTREAM_NOW_S - 1 }, 200, { date: UPSTREAM_DATE }),
    },
  ];
  for (const { name, reply } of garbage) {
    test(`rejects ${name} as a response error, without retrying`, async () => {
      const upstream = fakeUpstream(reply);
      const error = await rejection(generateToken(options(upstream.fetch), USER));
      assert.ok(error instanceof TokenGenerationError);
      assert.equal(error.kind, 'response');
      assert.equal(upstream.requests.length, 1);
    });
  }

  test('does not retry an upstream 401', async () => {
    const upstream = fakeUpstream(json({ error: 'bad key' }, 401));
    const error = await rejection(generateToken(options(upstream.fetch), USER));
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 401);
    assert.equal(upstream.requests.length, 1);
  });

  test('retries once after a 500 and returns the second answer', async () => {
    const upstream = fakeUpstream(json({ error: 'oops' }, 500), json({ token: 'tok', expiresIn: 60 }));
    assert.deepEqual(await generateToken(options(upstream.fetch), USER), { token: 'tok', expiresIn: 60 });
    assert.equal(upstream.requests.length, 2);
  });

  test('gives up after two 500s', async () => {
    const upstream = fakeUpstream(json({ error: 'oops' }, 500));
    const error = await rejection(generateToken(options(upstream.fetch), USER));
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.status, 500);
    assert.equal(upstream.requests.length, 2);
  });

  test('retries once after a network error', async () => {
    const upstream = fakeUpstream(networkError, json({ token: 'tok', expiresIn: 60 }));
    assert.equal((await generateToken(options(upstream.fetch), USER)).token, 'tok');
    assert.equal(upstream.requests.length, 2);
  });

  test('reports two network errors as kind network', async () => {
    const upstream = fakeUpstream(networkError);
    const error = await rejection(generateToken(options(upstream.fetch), USER));
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.kind, 'network');
    assert.equal(error.status, undefined);
    assert.equal(upstream.requests.length, 2);
  });

  test('times out each attempt after `timeout` seconds, aborts it, and retries once', async () => {
    const upstream = fakeUpstream(hang);
    const started = performance.now();
    const error = await rejection(generateToken(options(upstream.fetch, { timeout: 0.2 }), USER));
    const elapsedMs = performance.now() - started;
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.kind, 'timeout');
    assert.equal(upstream.requests.length, 2);
    assert.ok(upstream.requests.every((request) => request.signal.aborted));
    assert.ok(elapsedMs >= 380 && elapsedMs < 2000, `elapsed ${elapsedMs} ms`);
  });

  test('times out even when the fetch implementation ignores the abort signal', async () => {
    const upstream = fakeUpstream(() => new Promise<Response>(() => {}));
    const error = await rejection(generateToken(options(upstream.fetch, { timeout: 0.1 }), USER));
    assert.ok(error instanceof TokenGenerationError);
    assert.equal(error.kind, 'timeout');
  });

  test('keeps the API key and the upstream body out of the error', async () => {
    const upstream = fakeUpstream(text(`invalid key ${API_KEY} UPSTREAM-BODY-MARKER`, 500, 'text/plain'));
    const error = await rejection(generateToken(options(upstream.fetch), USER));
    for (const rendering of [String(error), inspect(error), JSON.stringify(error)]) {
      assert.ok(!rendering.includes(API_KEY), rendering);
      assert.ok(!rendering.includes('UPSTREAM-BODY-MARKER'), rendering);
    }
  });
});

describe('generateToken: options', () => {
  test('rejects an empty apiKey with a TypeError before any request', async () => {
    const upstream = fakeUpstream(json({ token: 'tok', expiresIn: 60 }));
    await assert.rejects(generateToken({ apiKey: '', fetch: upstream.fetch }, USER), TypeError);
    assert.equal(upstream.requests.length, 0);
  });

  for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    test(`rejects timeout ${timeout} with a TypeError`, async () => {
      const upstream = fakeUpstream(json({ token: 'tok', expiresIn: 60 }));
      await assert.rejects(generateToken(options(upstream.fetch, { timeout }), USER), TypeError);
      assert.equal(upstream.requests.length, 0);
    });
  }
});
