/**
 * The one parser of token answers, in Node without a browser: the browser wrappers read the host
 * endpoint's answer with `parseTokenBody` + `tokenLifetimeMs`, the server module reads Toucan's answer
 * with `readTokenAnswer`, which calls them. Every case runs through both, so they cannot drift apart.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ToucanError } from '../../src/errors.js';
import { parseTokenBody, tokenLifetimeMs } from '../../src/token-response.js';
import { DEFAULT_TTL_SECONDS, readTokenAnswer } from '../../src/server/token-response.js';

const SECOND_MS = 1000;
const SERVER_NOW_MS = Date.parse('2030-01-01T00:00:00Z');
const SERVER_NOW_S = SERVER_NOW_MS / SECOND_MS;
/** The client clock runs an hour ahead of the server: rules immune to skew must not notice. */
const CLIENT_NOW_MS = SERVER_NOW_MS + 3600 * SECOND_MS;

/** An unsigned JWT with the given claims (the parser only decodes). */
function jwt(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.sig`;
}

/** The browser's reading: lifetime in ms, or the ToucanError kind it throws. */
function browserLifetimeMs(contentType: string, body: string, serverNowMs: number | null): number | string {
  try {
    const fields = parseTokenBody(contentType, body);
    return tokenLifetimeMs({ ...fields, serverNowMs, clientNowMs: CLIENT_NOW_MS, defaultTtlSeconds: DEFAULT_TTL_SECONDS });
  } catch (error) {
    assert.ok(error instanceof ToucanError);
    return error.kind;
  }
}

const JSON_TYPE = 'application/json';

const lifetimes: Array<{ name: string; body: Record<string, unknown>; serverNowMs?: number | null; lifetimeS: number }> = [
  { name: 'expiresIn as a number', body: { token: 'abc', expiresIn: 3600 }, lifetimeS: 3600 },
  { name: 'expires_in as a string of digits', body: { access_token: 'abc', expires_in: '3600' }, lifetimeS: 3600 },
  { name: 'expiresIn as a string of digits', body: { token: 'abc', expiresIn: '90' }, lifetimeS: 90 },
  {
    name: 'expiresAt in epoch seconds as a string of digits',
    body: { token: 'abc', expiresAt: String(SERVER_NOW_S + 600) },
    lifetimeS: 600,
  },
  {
    name: 'expires_at in epoch ms as a string of digits',
    body: { token: 'abc', expires_at: String(SERVER_NOW_MS + 600 * SECOND_MS) },
    lifetimeS: 600,
  },
  { name: 'expiresAt in ISO 8601', body: { token: 'abc', expiresAt: '2030-01-01T00:10:00Z' }, lifetimeS: 600 },
  {
    name: "a JWT's exp − iat over an absolute expiresAt",
    body: { token: jwt({ iat: SERVER_NOW_S, exp: SERVER_NOW_S + 900 }), expiresAt: SERVER_NOW_S + 60 },
    lifetimeS: 900,
  },
  {
    name: "a JWT's exp − iat whatever the clocks, without a Date header",
    body: { token: jwt({ iat: 1000, exp: 1900 }) },
    serverNowMs: null,
    lifetimeS: 900,
  },
  {
    name: "a JWT's exp − Date header when shorter than exp − iat (minted earlier, served again)",
    body: { token: jwt({ iat: SERVER_NOW_S - 600, exp: SERVER_NOW_S + 300 }) },
    lifetimeS: 300,
  },
  { name: "a JWT's exp without iat against the Date header", body: { token: jwt({ exp: SERVER_NOW_S + 120 }) }, lifetimeS: 120 },
  {
    name: 'expiresIn over the JWT claims',
    body: { token: jwt({ iat: SERVER_NOW_S, exp: SERVER_NOW_S + 900 }), expiresIn: 60 },
    lifetimeS: 60,
  },
  { name: 'the default TTL when nothing tells the lifetime', body: { token: 'abc' }, lifetimeS: DEFAULT_TTL_SECONDS },
];

describe('one parser for the browser and the server: lifetimes', () => {
  for (const { name, body, serverNowMs = SERVER_NOW_MS, lifetimeS } of lifetimes) {
    test(`reads ${name}, in the browser and on the server alike`, () => {
      const text = JSON.stringify(body);
      assert.equal(browserLifetimeMs(JSON_TYPE, text, serverNowMs), lifetimeS * SECOND_MS);
      assert.deepEqual(readTokenAnswer(JSON_TYPE, text, serverNowMs, CLIENT_NOW_MS)?.lifetimeMs, lifetimeS * SECOND_MS);
    });
  }
});

const unusable: Array<{ name: string; contentType: string; body: string }> = [
  { name: 'an expiresIn that is not a string of digits', contentType: JSON_TYPE, body: '{"token":"abc","expiresIn":"1h"}' },
  { name: 'a negative expiresIn as a string', contentType: JSON_TYPE, body: '{"token":"abc","expiresIn":"-60"}' },
  { name: 'a decimal expiresIn as a string', contentType: JSON_TYPE, body: '{"token":"abc","expiresIn":"60.5"}' },
  { name: 'an HTML page', contentType: 'text/html', body: '<!doctype html><p>Sign in</p>' },
  { name: 'JSON without a token', contentType: JSON_TYPE, body: '{"expiresIn":60}' },
  { name: 'a non-string token', contentType: JSON_TYPE, body: '{"token":42}' },
];

describe('one parser for the browser and the server: unusable answers', () => {
  for (const { name, contentType, body } of unusable) {
    test(`rejects ${name}, in the browser and on the server alike`, () => {
      assert.equal(browserLifetimeMs(contentType, body, SERVER_NOW_MS), 'response');
      assert.equal(readTokenAnswer(contentType, body, SERVER_NOW_MS, CLIENT_NOW_MS), null);
    });
  }

  test('an expiry in the past is a lifetime ≤ 0 in the browser and unusable on the server', () => {
    const body = JSON.stringify({ token: 'abc', expiresAt: SERVER_NOW_S - 1 });
    assert.ok((browserLifetimeMs(JSON_TYPE, body, SERVER_NOW_MS) as number) <= 0);
    assert.equal(readTokenAnswer(JSON_TYPE, body, SERVER_NOW_MS, CLIENT_NOW_MS), null);
  });
});
