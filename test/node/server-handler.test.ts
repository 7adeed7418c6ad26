import { describe, test, mock, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenHandler, type TokenHandlerOptions, type TokenUser } from '../../src/server/index.js';

const API_KEY = 'tk_live_SECRET-API-KEY-0123456789';
const ENDPOINT = 'http://app.example/api/toucan-token';

type Reply = (request: Request) => Response | Promise<Response>;

/** A programmable upstream: replies are used in order, the last one repeats. */
function fakeUpstream(...replies: Reply[]) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request);
    return replies[Math.min(requests.length - 1, replies.length - 1)]!(request);
  };
  return { fetch, requests };
}

const tokenReply: Reply = () => Response.json({ token: 'tok-abc', expiresIn: 600 });
const signedIn = (): TokenUser => ({ distinctId: 'user-42' });

function handlerWith(upstream: { fetch: typeof globalThis.fetch }, extra: Partial<TokenHandlerOptions> = {}) {
  return createTokenHandler({ apiKey: API_KEY, user: signedIn, fetch: upstream.fetch, ...extra });
}

async function call(handler: (request: Request) => Promise<Response>, method = 'GET', init: RequestInit = {}) {
  const response = await handler(new Request(ENDPOINT, { method, ...init }));
  return { response, body: (await response.json()) as unknown };
}

describe('createTokenHandler', () => {
  test('answers 200 { token, expiresIn } as JSON, not cacheable', async () => {
    const { response, body } = await call(handlerWith(fakeUpstream(tokenReply)));
    assert.equal(response.status, 200);
    assert.deepEqual(body, { token: 'tok-abc', expiresIn: 600 });
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  test('answers POST like GET', async () => {
    const { response, body } = await call(handlerWith(fakeUpstream(tokenReply)), 'POST', { body: '{"dashboard":"d-42"}' });
    assert.equal(response.status, 200);
    assert.deepEqual(body, { token: 'tok-abc', expiresIn: 600 });
  });

  test('gives user() the incoming request and mints the token for the user it returns', async () => {
    const upstream = fakeUpstream(tokenReply);
    const handler = handlerWith(upstream, {
      user: async (request) => ({ distinctId: request.headers.get('cookie')!.replace('session=', ''), role: 'viewer' }),
    });
    await call(handler, 'GET', { headers: { cookie: 'session=user-7' } });
    assert.deepEqual(await upstream.requests[0]!.json(), { user: { distinctId: 'user-7', role: 'viewer', attributes: {} } });
  });

  test('answers 401 without calling upstream when user() returns null', async () => {
    const upstream = fakeUpstream(tokenReply);
    const { response, body } = await call(handlerWith(upstream, { user: () => null }));
    assert.equal(response.status, 401);
    assert.deepEqual(body, { error: 'unauthorized' });
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(upstream.requests.length, 0);
  });

  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    test(`answers ${method} with 405 and Allow: GET, POST`, async () => {
      const upstream = fakeUpstream(tokenReply);
      const { response, body } = await call(handlerWith(upstream), method);
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'GET, POST');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(body, { error: 'method not allowed' });
      assert.equal(upstream.requests.length, 0);
    });
  }

  test('answers a generic 500 when user() throws', async () => {
    const handler = handlerWith(fakeUpstream(tokenReply), {
      user: () => {
        throw new Error('db password hunter2');
      },
    });
    const { response, body } = await call(handler);
    assert.equal(response.status, 500);
    assert.deepEqual(body, { error: 'token endpoint error' });
  });

  test('answers 500 "invalid user" without calling upstream when user() returns an invalid user', async () => {
    const upstream = fakeUpstream(tokenReply);
    const handler = handlerWith(upstream, { user: () => ({ distinctId: 'u', attributes: { since: new Date() } }) as unknown as TokenUser });
    const { response, body } = await call(handler);
    assert.equal(response.status, 500);
    assert.deepEqual(body, { error: 'invalid user' });
    assert.equal(upstream.requests.length, 0);
  });

  test('answers a generic 500 when the apiKey is empty (checked per request, not at import)', async () => {
    const upstream = fakeUpstream(tokenReply);
    const handler = createTokenHandler({ apiKey: '', user: signedIn, fetch: upstream.fetch });
    const { response, body } = await call(handler);
    assert.equal(response.status, 500);
    assert.deepEqual(body, { error: 'token endpoint error' });
    assert.equal(upstream.requests.length, 0);
  });

  test('throws a TypeError at creation when user is not a function', () => {
    assert.throws(() => createTokenHandler({ apiKey: API_KEY } as TokenHandlerOptions), TypeError);
  });

  const upstreamFailures: Array<[string, Reply, number?]> = [
    ['answers 401', () => Response.json({ error: 'invalid api key' }, { status: 401 })],
    ['answers 500 twice', () => new Response('Internal Server Error', { status: 500 })],
    ['answers HTML', () => new Response('<html><body>Maintenance</body></html>', { headers: { 'content-type': 'text/html' } })],
    ['answers JSON without a token', () => Response.json({ ok: true })],
    ['answers an empty body', () => new Response('')],
    ['is unreachable', () => Promise.reject(new TypeError('fetch failed'))],
    ['never answers', (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))), 0.1],
  ];
  for (const [name, reply, timeout] of upstreamFailures) {
    test(`answers a generic 502 when the upstream ${name}`, async () => {
      const handler = handlerWith(fakeUpstream(reply), timeout === undefined ? {} : { timeout });
      const { response, body } = await call(handler);
      assert.equal(response.status, 502);
      assert.deepEqual(body, { error: 'token upstream failed' });
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  }
});

describe('createTokenHandler: the API key stays secret', () => {
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;
  afterEach(() => mock.restoreAll());

  /** An upstream that echoes the key in every answer: the worst case for a leak. */
  const echoKey = (status: number): Reply => (request) =>
    new Response(JSON.stringify({ error: `bad key ${request.headers.get('x-api-key')}`, apiKey: request.headers.get('x-api-key') }), { status });

  const scenarios: Array<{ name: string; options: Partial<TokenHandlerOptions>; reply: Reply; method?: string }> = [
    { name: 'success with extra upstream fields', options: {}, reply: (request) => Response.json({ token: 'tok', expiresIn: 60, echo: request.headers.get('x-api-key') }) },
    { name: 'upstream 401 echoing the key', options: {}, reply: echoKey(401) },
    { name: 'upstream 500 echoing the key', options: {}, reply: echoKey(500) },
    { name: 'upstream 200 garbage echoing the key', options: {}, reply: echoKey(200) },
    { name: 'upstream timeout', options: { timeout: 0.05 }, reply: () => new Promise<Response>(() => {}) },
    { name: 'no user', options: { user: () => null }, reply: tokenReply },
    { name: 'user() throws', options: { user: () => Promise.reject(new Error(API_KEY)) }, reply: tokenReply },
    { name: 'invalid user', options: { user: () => ({ distinctId: '' }) }, reply: tokenReply },
    { name: 'wrong method', options: {}, reply: tokenReply, method: 'DELETE' },
  ];
  for (const { name, options, reply, method } of scenarios) {
    test(`never puts the key in the response or the console: ${name}`, async () => {
      const spies = consoleMethods.map((methodName) => mock.method(console, methodName, () => {}));
      const response = await handlerWith(fakeUpstream(reply), options)(new Request(ENDPOINT, { method: method ?? 'GET' }));
      const text = await response.text();
      assert.ok(!text.includes(API_KEY), text);
      for (const [header, value] of response.headers) assert.ok(!value.includes(API_KEY), `${header}: ${value}`);
      assert.equal(spies.reduce((count, spy) => count + spy.mock.callCount(), 0), 0, 'the module logs nothing');
    });
  }
});
