import { expect } from 'chai';
import { ToucanError } from '../src/errors.js';
import { parseTokenBody, readTokenFields, tokenLifetimeMs } from '../src/token-response.js';
import { fakeJwt } from './helpers.js';

const S = 1000;
const HOUR = 3600 * S;

describe('token response: accepted forms (CONTRACT §3)', () => {
  const accepted: [string, string | null, string, object][] = [
    ['JSON token', 'application/json', '{"token":"abc"}', { token: 'abc' }],
    ['JSON authToken', 'application/json', '{"authToken":"abc"}', { token: 'abc' }],
    ['JSON access_token', 'application/json; charset=utf-8', '{"access_token":"abc"}', { token: 'abc' }],
    ['JSON jwt', 'application/vnd.api+json', '{"jwt":"abc"}', { token: 'abc' }],
    ['expiresIn', 'application/json', '{"token":"abc","expiresIn":60}', { token: 'abc', expiresInSeconds: 60 }],
    ['expires_in', 'application/json', '{"token":"abc","expires_in":90}', { token: 'abc', expiresInSeconds: 90 }],
    [
      'expires_in as a string of digits',
      'application/json',
      '{"token":"abc","expires_in":"3600"}',
      { token: 'abc', expiresInSeconds: 3600 },
    ],
    [
      'expiresAt epoch s as a string of digits',
      'application/json',
      '{"token":"abc","expiresAt":"1800000000"}',
      { token: 'abc', expiresAtMs: 1800000000 * S },
    ],
    [
      'expiresAt epoch s',
      'application/json',
      '{"token":"abc","expiresAt":1800000000}',
      { token: 'abc', expiresAtMs: 1800000000 * S },
    ],
    [
      'expires_at epoch ms',
      'application/json',
      '{"token":"abc","expires_at":1800000000000}',
      { token: 'abc', expiresAtMs: 1800000000000 },
    ],
    [
      'expiresAt ISO 8601',
      'application/json',
      '{"token":"abc","expiresAt":"2027-01-15T08:00:00Z"}',
      { token: 'abc', expiresAtMs: Date.parse('2027-01-15T08:00:00Z') },
    ],
    // RFC 3339 allows lower-case t and z; Firefox's and WebKit's Date.parse do not.
    [
      'expires_at RFC 3339 with lower-case t and z',
      'application/json',
      '{"token":"abc","expires_at":"2027-01-15t08:00:00.250z"}',
      { token: 'abc', expiresAtMs: Date.UTC(2027, 0, 15, 8, 0, 0, 250) },
    ],
    ['text/plain', 'text/plain', '  abc.def.ghi\n', { token: 'abc.def.ghi' }],
    ['no content type, JSON-looking', null, '{"token":"abc"}', { token: 'abc' }],
  ];
  for (const [name, type, body, expected] of accepted) {
    it(`reads ${name}`, () => {
      expect(parseTokenBody(type, body)).to.deep.equal(expected);
    });
  }

  it('reads a tokenProvider string', () => {
    expect(readTokenFields('abc')).to.deep.equal({ token: 'abc' });
  });
});

describe('token response: rejected forms are failed attempts of kind response (CONTRACT §3)', () => {
  const rejected: [string, string | null, string][] = [
    ['an HTML page', 'text/html', '<!doctype html><p>Login</p>'],
    ['JSON without a token', 'application/json', '{"ok":true}'],
    ['an empty body', 'text/plain', '   '],
    ['an empty JSON body', 'application/json', ''],
    ['a non-string token', 'application/json', '{"token":42}'],
    ['an empty token', 'application/json', '{"token":""}'],
    ['a token with whitespace', 'application/json', '{"token":"a b"}'],
    ['plain text with whitespace', 'text/plain', 'not a token'],
    ['malformed JSON', 'application/json', '{"token":'],
    ['a JSON array', 'application/json', '["abc"]'],
    ['an unreadable expiresAt', 'application/json', '{"token":"abc","expiresAt":"tomorrow"}'],
    ['an unreadable expiresIn', 'application/json', '{"token":"abc","expiresIn":"soon"}'],
    ['an expiresIn string that is not all digits', 'application/json', '{"token":"abc","expiresIn":"90s"}'],
  ];
  for (const [name, type, body] of rejected) {
    it(`rejects ${name} without echoing the body`, () => {
      let thrown: unknown;
      try {
        parseTokenBody(type, body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(ToucanError);
      expect((thrown as ToucanError).kind).to.equal('response');
      if (body.trim().length > 3) expect((thrown as ToucanError).message).not.to.include(body.trim());
    });
  }
});

describe('token lifetime (CONTRACT §4)', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const nowS = now / S;
  const base = { clientNowMs: now, defaultTtlSeconds: 300 };

  for (const skewMs of [-HOUR, 0, HOUR]) {
    const clientNowMs = now + skewMs;
    const label = skewMs === 0 ? 'no skew' : `client clock ${skewMs > 0 ? '+' : '−'}1 h`;

    it(`expiresIn wins (${label})`, () => {
      const token = fakeJwt({ iat: nowS, exp: nowS + 999 });
      expect(tokenLifetimeMs({ ...base, clientNowMs, token, expiresInSeconds: 60 })).to.equal(60 * S);
    });

    it(`a JWT with exp and iat gives exp − iat (${label})`, () => {
      const token = fakeJwt({ iat: nowS, exp: nowS + 600 });
      expect(tokenLifetimeMs({ ...base, clientNowMs, token })).to.equal(600 * S);
    });

    it(`an absolute expiry is measured against the server Date (${label})`, () => {
      expect(tokenLifetimeMs({ ...base, clientNowMs, token: 'opaque', expiresAtMs: now + 120 * S, serverNowMs: now })).to.equal(
        120 * S,
      );
    });

    it(`a JWT exp without iat is measured against the server Date (${label})`, () => {
      const token = fakeJwt({ exp: nowS + 90 });
      expect(tokenLifetimeMs({ ...base, clientNowMs, token, serverNowMs: now })).to.equal(90 * S);
    });

    it(`with nothing else, the default TTL applies (${label})`, () => {
      expect(tokenLifetimeMs({ ...base, clientNowMs, token: 'opaque' })).to.equal(300 * S);
    });
  }

  it('without a readable Date header, an absolute expiry is measured against the client clock', () => {
    const result = tokenLifetimeMs({
      ...base,
      clientNowMs: now + 20 * S,
      token: 'opaque',
      expiresAtMs: now + 120 * S,
      serverNowMs: null,
    });
    expect(result).to.equal(100 * S);
  });

  it('an expiry in the past gives a lifetime ≤ 0', () => {
    const result = tokenLifetimeMs({ ...base, token: 'opaque', expiresAtMs: now - S, serverNowMs: now });
    expect(result).to.be.at.most(0);
  });

  it('a configured default TTL is used', () => {
    expect(tokenLifetimeMs({ ...base, defaultTtlSeconds: 45, token: 'opaque' })).to.equal(45 * S);
  });
});
