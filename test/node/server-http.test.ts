/**
 * End to end over real sockets: a local `node:http` upstream that signs ES256 JWTs with jose
 * (so the JWT `exp − iat` path is real), the default global fetch, and the handler mounted
 * through `@hono/node-server`'s `getRequestListener` (the Express/Fastify/Connect adapter path).
 */
import { describe, test, before, after, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createTokenHandler, generateToken } from '../../src/server/index.js';

const API_KEY = 'tk_live_SECRET-API-KEY-0123456789';
const TOKEN_LIFETIME_S = 900;

let privateKey: CryptoKey;
let publicKey: CryptoKey;
let upstream: Server;
let upstreamUrl: string;
/** How many requests the next `/flaky` calls fail with 503 before answering. */
let flakyFailuresLeft = 0;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

before(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('ES256'));
  // A stand-in for Toucan's generate-token API: checks the key, signs { sub: distinctId, role }.
  upstream = createServer((request, response) => {
    void (async () => {
      if (request.url === '/hang') return; // never answers
      if (request.url === '/flaky' && flakyFailuresLeft > 0) {
        flakyFailuresLeft -= 1;
        response.writeHead(503).end('busy');
        return;
      }
      if (request.method !== 'POST' || request.headers['x-api-key'] !== API_KEY) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid api key"}');
        return;
      }
      const { user } = JSON.parse(await readBody(request)) as { user: { distinctId: string; role: string } };
      const iat = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject(user.distinctId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TOKEN_LIFETIME_S)
        .sign(privateKey);
      response.sendDate = false;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
    })();
  });
  upstreamUrl = await listen(upstream);
});

after(() => close(upstream));

// The local clock stands still (timers run for real) and the upstream sends no `Date` header, so the
// lifetime is the JWT's exp − iat and `expiresIn`, the whole seconds left, is exact however slow the machine.
beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.now() }));
afterEach(() => mock.timers.reset());

describe('over a real local upstream', () => {
  test('returns the signed JWT with expiresIn = exp − iat', async () => {
    const { token, expiresIn } = await generateToken(
      { apiKey: API_KEY, generateTokenUrl: `${upstreamUrl}/embed/generate-token` },
      { distinctId: 'user-42' },
    );
    assert.equal(expiresIn, TOKEN_LIFETIME_S);
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['ES256'] });
    assert.equal(payload.sub, 'user-42');
    assert.equal(payload.role, 'explorer');
  });

  test('retries once after a real 503', async () => {
    flakyFailuresLeft = 1;
    const { expiresIn } = await generateToken({ apiKey: API_KEY, generateTokenUrl: `${upstreamUrl}/flaky` }, { distinctId: 'u' });
    assert.equal(expiresIn, TOKEN_LIFETIME_S);
    assert.equal(flakyFailuresLeft, 0);
  });

  test('the handler answers 500 and reports api-key-rejected when the upstream rejects the key', async () => {
    const kinds: string[] = [];
    const handler = createTokenHandler({
      apiKey: 'wrong-key',
      generateTokenUrl: upstreamUrl,
      user: () => ({ distinctId: 'u' }),
      onError: (error) => kinds.push(error.kind),
    });
    const response = await handler(new Request('http://app.example/api/toucan-token'));
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: 'token endpoint error' });
    assert.deepEqual(kinds, ['api-key-rejected']);
  });

  test('the handler answers 502 within the timeout when the upstream never answers', async () => {
    const handler = createTokenHandler({
      apiKey: API_KEY,
      generateTokenUrl: `${upstreamUrl}/hang`,
      timeout: 0.2,
      user: () => ({ distinctId: 'u' }),
      onError: () => {},
    });
    const started = performance.now();
    const response = await handler(new Request('http://app.example/api/toucan-token'));
    assert.equal(response.status, 502);
    assert.ok(performance.now() - started < 2000);
  });
});

describe('mounted with @hono/node-server getRequestListener (the Express/Fastify/Connect path)', () => {
  let app: Server;
  let appUrl: string;

  before(async () => {
    const handler = createTokenHandler({
      apiKey: API_KEY,
      generateTokenUrl: upstreamUrl,
      user: (request) => (request.headers.get('cookie') === 'session=ok' ? { distinctId: 'user-42' } : null),
    });
    app = createServer(getRequestListener(handler));
    appUrl = await listen(app);
  });

  after(() => close(app));

  test('serves 200 { token, expiresIn } with Cache-Control: no-store', async () => {
    const response = await fetch(`${appUrl}/api/toucan-token`, { headers: { cookie: 'session=ok' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { token: string; expiresIn: number };
    assert.equal(body.expiresIn, TOKEN_LIFETIME_S);
    const { payload } = await jwtVerify(body.token, publicKey);
    assert.equal(payload.sub, 'user-42');
  });

  test('serves 401 without a session', async () => {
    const response = await fetch(`${appUrl}/api/toucan-token`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'unauthorized' });
  });

  test('serves 405 with Allow: GET, POST for PUT', async () => {
    const response = await fetch(`${appUrl}/api/toucan-token`, { method: 'PUT', body: '{}' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST');
    await response.body?.cancel();
  });
});
