import { describe, test, mock, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  createTokenHandler,
  TokenEndpointError,
  type TokenEndpointErrorKind,
  type TokenHandlerOptions,
  type TokenUser,
} from '../../src/server/index.js';

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
  return createTokenHandler({ apiKey: API_KEY, user: signedIn, fetch: upstream.fetch, onError: () => {}, ...extra });
}

async function call(handler: (request: Request) => Promise<Response>, method = 'GET', init: RequestInit = {}) {
  const response = await handler(new Request(ENDPOINT, { method, ...init }));
  return { response, body: (await response.json()) as unknown };
}

// The local clock stands still (timers run for real), so `expiresIn`, the whole seconds left, is exact;
// onError is silenced unless a test asks for it.
beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.now() }));
afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

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
    const handler = handlerWith(upstream, {
      user: () => ({ distinctId: 'u', attributes: { since: new Date() } }) as unknown as TokenUser,
    });
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

  for (const status of [401, 403]) {
    test(`answers a generic 500 when the upstream rejects the API key with ${status}: the host's setup, not an outage`, async () => {
      const { response, body } = await call(
        handlerWith(fakeUpstream(() => Response.json({ error: 'invalid api key' }, { status }))),
      );
      assert.equal(response.status, 500);
      assert.deepEqual(body, { error: 'token endpoint error' });
    });
  }

  const upstreamFailures: Array<[string, Reply, number?]> = [
    ['answers 400', () => Response.json({ error: 'bad role' }, { status: 400 })],
    ['answers 500 twice', () => new Response('Internal Server Error', { status: 500 })],
    ['answers HTML', () => new Response('<html><body>Maintenance</body></html>', { headers: { 'content-type': 'text/html' } })],
    ['answers JSON without a token', () => Response.json({ ok: true })],
    ['answers an empty body', () => new Response('')],
    ['is unreachable', () => Promise.reject(new TypeError('fetch failed'))],
    [
      'never answers',
      (request) => new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
      0.1,
    ],
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

/** Everything the console prints during `run`, one string per call. */
async function consoleOutput(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const) {
    mock.method(console, name, (...args: unknown[]) =>
      lines.push(`${name}: ${args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ')}`),
    );
  }
  await run();
  return lines;
}

describe('createTokenHandler: the API key and the token stay secret', () => {
  /** An upstream that echoes the key in every answer: the worst case for a leak. */
  const echoKey =
    (status: number): Reply =>
    (request) =>
      new Response(
        JSON.stringify({ error: `bad key ${request.headers.get('x-api-key')}`, apiKey: request.headers.get('x-api-key') }),
        { status },
      );

  const scenarios: Array<{ name: string; options: Partial<TokenHandlerOptions>; reply: Reply; method?: string }> = [
    {
      name: 'success with extra upstream fields',
      options: {},
      reply: (request) => Response.json({ token: 'tok-SECRET-TOKEN', expiresIn: 60, echo: request.headers.get('x-api-key') }),
    },
    { name: 'upstream 401 echoing the key', options: {}, reply: echoKey(401) },
    { name: 'upstream 500 echoing the key', options: {}, reply: echoKey(500) },
    { name: 'upstream 200 garbage echoing the key', options: {}, reply: echoKey(200) },
    {
      name: 'upstream answer whose token expired',
      options: {},
      reply: () => Response.json({ token: 'tok-SECRET-TOKEN', expiresIn: 0 }),
    },
    { name: 'upstream timeout', options: { timeout: 0.05 }, reply: () => new Promise<Response>(() => {}) },
    { name: 'no user', options: { user: () => null }, reply: tokenReply },
    {
      name: 'user() throws the key',
      options: { user: () => Promise.reject(new Error(`db said ${API_KEY}`)) },
      reply: tokenReply,
    },
    { name: 'invalid user', options: { user: () => ({ distinctId: '' }) }, reply: tokenReply },
    { name: 'wrong method', options: {}, reply: tokenReply, method: 'DELETE' },
  ];
  for (const { name, options, reply, method } of scenarios) {
    test(`never puts the key or a token in the response or the console: ${name}`, async () => {
      let text = '';
      const response = await handlerWith(fakeUpstream(reply), { ...options, onError: undefined })(
        new Request(ENDPOINT, { method: method ?? 'GET' }),
      );
      const lines = await consoleOutput(async () => {
        text = await response.text();
      });
      const printed = lines.join('\n');
      for (const secret of [API_KEY, 'tok-SECRET-TOKEN']) {
        assert.ok(response.status === 200 || !text.includes(secret), text);
        assert.ok(!printed.includes(secret), printed);
        for (const [header, value] of response.headers) assert.ok(!value.includes(secret), `${header}: ${value}`);
      }
      assert.ok(!text.includes(API_KEY), text);
    });
  }
});

describe('createTokenHandler: onError', () => {
  const failures: Array<{
    kind: TokenEndpointErrorKind;
    status: number;
    options?: Partial<TokenHandlerOptions>;
    reply?: Reply;
    hint: RegExp;
  }> = [
    { kind: 'missing-api-key', status: 500, options: { apiKey: '' }, hint: /API key is empty/ },
    {
      kind: 'invalid-user',
      status: 500,
      options: { user: () => ({ distinctId: 'u', attributes: { since: new Date() } }) as unknown as TokenUser },
      hint: /attributes\.since/,
    },
    {
      kind: 'user-threw',
      status: 500,
      options: {
        user: () => {
          throw new Error('session store down');
        },
      },
      hint: /user\(\) threw \(Error: session store down\)/,
    },
    {
      kind: 'api-key-rejected',
      status: 500,
      reply: () => Response.json({}, { status: 403 }),
      hint: /rejected the API key \(HTTP 403\)/,
    },
    {
      kind: 'upstream-network',
      status: 502,
      reply: () => Promise.reject(new TypeError('fetch failed')),
      hint: /could not reach .*toucanai\.cloud\/embed\/generate-token/,
    },
    {
      kind: 'upstream-timeout',
      status: 502,
      options: { timeout: 0.05 },
      reply: () => new Promise<Response>(() => {}),
      hint: /did not answer within 0\.05 s/,
    },
    { kind: 'upstream-http', status: 502, reply: () => new Response('busy', { status: 503 }), hint: /HTTP 503/ },
    {
      kind: 'upstream-answer',
      status: 502,
      reply: () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
      hint: /without a usable token/,
    },
  ];
  for (const { kind, status, options, reply, hint } of failures) {
    test(`tells onError once, with kind ${kind} and the request, and answers ${status}`, async () => {
      const calls: Array<[TokenEndpointError, Request]> = [];
      const handler = handlerWith(fakeUpstream(reply ?? tokenReply), {
        ...options,
        onError: (error, request) => calls.push([error, request]),
      });
      const request = new Request(ENDPOINT);
      const response = await handler(request);
      assert.equal(response.status, status);
      assert.equal(calls.length, 1);
      const [error, reported] = calls[0]!;
      assert.ok(error instanceof TokenEndpointError);
      assert.equal(error.kind, kind);
      assert.match(error.message, hint);
      assert.equal(reported, request);
    });

    test(`by default prints one console.error line naming ${kind}`, async () => {
      const handler = handlerWith(fakeUpstream(reply ?? tokenReply), { ...options, onError: undefined });
      const lines = await consoleOutput(() => handler(new Request(ENDPOINT)));
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, new RegExp(`^error: \\[toucan-embed-loader/server\\] ${kind}: `));
      assert.doesNotMatch(lines[0]!, /\n/);
    });
  }

  test('gives user-threw the thrown error as its cause', async () => {
    const thrown = new Error('no session table');
    const calls: TokenEndpointError[] = [];
    await handlerWith(fakeUpstream(tokenReply), { user: () => Promise.reject(thrown), onError: (error) => calls.push(error) })(
      new Request(ENDPOINT),
    );
    assert.equal(calls[0]!.cause, thrown);
  });

  test('gives api-key-rejected the upstream status', async () => {
    const calls: TokenEndpointError[] = [];
    await handlerWith(
      fakeUpstream(() => new Response(null, { status: 401 })),
      { onError: (error) => calls.push(error) },
    )(new Request(ENDPOINT));
    assert.equal(calls[0]!.status, 401);
  });

  test('is not called for a success, a 401 without a user, or a 405', async () => {
    const calls: TokenEndpointError[] = [];
    const onError = (error: TokenEndpointError) => calls.push(error);
    await handlerWith(fakeUpstream(tokenReply), { onError })(new Request(ENDPOINT));
    await handlerWith(fakeUpstream(tokenReply), { onError, user: () => null })(new Request(ENDPOINT));
    await handlerWith(fakeUpstream(tokenReply), { onError })(new Request(ENDPOINT, { method: 'PUT' }));
    assert.equal(calls.length, 0);
  });

  test('an onError that throws or rejects does not change the answer', async () => {
    for (const onError of [
      () => {
        throw new Error('metrics down');
      },
      () => Promise.reject(new Error('metrics down')),
    ]) {
      const response = await handlerWith(
        fakeUpstream(() => new Response(null, { status: 500 })),
        { onError },
      )(new Request(ENDPOINT));
      assert.equal(response.status, 502);
    }
  });
});

describe('createTokenHandler: user(request, context)', () => {
  test("receives the handler's second argument, so a framework's session is readable", async () => {
    const upstream = fakeUpstream(tokenReply);
    const handler = createTokenHandler<{ incoming: { session: { userId: string } } }>({
      apiKey: API_KEY,
      fetch: upstream.fetch,
      user: (_request, context) => ({ distinctId: context!.incoming.session.userId }),
    });
    const response = await handler(new Request(ENDPOINT), { incoming: { session: { userId: 'user-from-session' } } });
    assert.equal(response.status, 200);
    assert.deepEqual(await upstream.requests[0]!.json(), {
      user: { distinctId: 'user-from-session', role: 'explorer', attributes: {} },
    });
  });

  test('receives undefined as context when the handler is called with the request alone', async () => {
    let seen: unknown = 'not called';
    await handlerWith(fakeUpstream(tokenReply), { user: (_request, context) => ((seen = context), null) })(new Request(ENDPOINT));
    assert.equal(seen, undefined);
  });
});
