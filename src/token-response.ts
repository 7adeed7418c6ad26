/**
 * Pure reading of a token answer and of a token's lifetime: the one parser shared by the browser
 * wrappers (the host endpoint's answer) and `toucan-embed-loader/server` (Toucan's answer), so both
 * apply the same rules. Nothing here throws anything but a `ToucanError` of kind `response`, and no
 * message repeats the body or the token.
 */
import { decodeJwt } from 'jose';
import { ToucanError } from './errors.js';

/**
 * What a token endpoint or a `tokenProvider` may answer. The token is read from `token`,
 * else `authToken`, `access_token`, `jwt`; the expiry from `expiresIn`/`expires_in` (seconds)
 * or `expiresAt`/`expires_at` (epoch seconds, epoch ms when ≥ 10^11, or ISO 8601).
 * A number may also come as a string of digits (`"3600"`), read as that number.
 */
export interface TokenResponse {
  token?: string;
  authToken?: string;
  access_token?: string;
  jwt?: string;
  expiresIn?: number | string;
  expires_in?: number | string;
  expiresAt?: number | string;
  expires_at?: number | string;
}

/** A token and the expiry hints that came with it. */
export interface TokenFields {
  token: string;
  /** Relative lifetime in seconds, when the answer gave one. */
  expiresInSeconds?: number;
  /** Absolute expiry in client-independent epoch ms, when the answer gave one. */
  expiresAtMs?: number;
}

const TOKEN_KEYS = ['token', 'authToken', 'access_token', 'jwt'] as const;
/** A token: not empty, no whitespace. */
const ONE_TOKEN = /^\S+$/;
/** Epoch values at or above this are milliseconds, below it seconds (10^11 s is in the year 5138). */
export const EPOCH_MS_THRESHOLD = 1e11;

const SECOND_MS = 1000;

/** `Token answer unusable: <what>.` — never the body itself, which may hold a token. */
function badResponse(what: string): ToucanError {
  return new ToucanError('response', `Token answer unusable: ${what}.`);
}

/**
 * Reads a 2xx body: JSON (`application/json` or any `+json`) or `text/plain`. A body without a
 * content type is read as JSON when it looks like an object, else as plain text.
 *
 * @throws ToucanError `response` for HTML, JSON without a usable token, an empty body, or a
 *   plain-text body with whitespace inside.
 */
export function parseTokenBody(contentType: string | null, body: string): TokenFields {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const trimmed = body.trim();
  const isJson = type === 'application/json' || type.endsWith('+json') || (type === '' && trimmed.startsWith('{'));
  if (isJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw badResponse('malformed JSON');
    }
    return readTokenFields(parsed);
  }
  if (type === 'text/plain' || type === '') {
    if (!ONE_TOKEN.test(trimmed)) throw badResponse('text that is not one token');
    return { token: trimmed };
  }
  throw badResponse(`content type ${type}`);
}

/**
 * Reads the token and expiry hints of an already-parsed answer (JSON body or `tokenProvider` result).
 *
 * @throws ToucanError `response` when there is no non-empty string token without whitespace,
 *   or an expiry field is present but unreadable.
 */
export function readTokenFields(value: unknown): TokenFields {
  if (typeof value === 'string') return readTokenFields({ token: value });
  // Anything but an object (null, a number, an array) has none of the token fields.
  const record = Object(value) as Record<string, unknown>;
  const token = TOKEN_KEYS.map((name) => record[name]).find((field) => field !== undefined);
  if (typeof token !== 'string' || !ONE_TOKEN.test(token)) throw badResponse('no token, or not a string without spaces');

  const fields: TokenFields = { token };
  const expiresIn = record.expiresIn ?? record.expires_in;
  if (expiresIn != null) {
    const seconds = finite(expiresIn);
    if (seconds === undefined) throw badResponse('unreadable expiresIn');
    fields.expiresInSeconds = seconds;
  }
  const expiresAt = record.expiresAt ?? record.expires_at;
  if (expiresAt != null) {
    const ms = epochMs(expiresAt);
    if (ms === null) throw badResponse('unreadable expiresAt');
    fields.expiresAtMs = ms;
  }
  return fields;
}

/**
 * Epoch seconds or epoch ms (numbers or digit strings, ms when ≥ 10^11) or an ISO 8601 string → epoch ms;
 * `null` when unreadable. RFC 3339 (section 5.6) allows a lower-case `t` and `z`, which Firefox's and WebKit's
 * `Date.parse` reject: upper-cased first, the string reads the same in every engine and in Node.
 */
export function epochMs(value: unknown): number | null {
  const number = finite(value);
  const ms =
    number === undefined
      ? typeof value === 'string'
        ? Date.parse(value.toUpperCase())
        : NaN
      : number < EPOCH_MS_THRESHOLD
        ? number * SECOND_MS
        : number;
  return Number.isNaN(ms) ? null : ms;
}

export interface LifetimeInput extends TokenFields {
  /** Server clock at the response (its `Date` header) in epoch ms, when readable. */
  serverNowMs?: number | null;
  /** Client `Date.now()` when the response arrived. */
  clientNowMs: number;
  /** Lifetime when nothing else tells it, in seconds (`configure({ defaultTtl })`, default 300). */
  defaultTtlSeconds: number;
}

/**
 * Lifetime of a token in ms, in order of preference:
 * 1. `expiresIn`;
 * 2. a JWT's `exp − iat` (immune to client clock skew), or `exp` minus the server's time (`Date` header)
 *    when that is shorter (a token minted earlier and served again);
 * 3. an absolute expiry (`expiresAt`, or a JWT `exp` without `iat`) minus the server's time, or else the client's;
 * 4. `defaultTtl`.
 * The result may be ≤ 0: the caller treats that as expired on arrival.
 */
export function tokenLifetimeMs(input: LifetimeInput): number {
  if (input.expiresInSeconds !== undefined) return input.expiresInSeconds * SECOND_MS;
  const claims = jwtTimes(input.token);
  if (claims.exp !== undefined && claims.iat !== undefined) {
    return Math.min((claims.exp - claims.iat) * SECOND_MS, claims.exp * SECOND_MS - (input.serverNowMs ?? -Infinity));
  }
  const absoluteMs = input.expiresAtMs ?? (claims.exp !== undefined ? claims.exp * SECOND_MS : undefined);
  if (absoluteMs !== undefined) return absoluteMs - (input.serverNowMs ?? input.clientNowMs);
  return input.defaultTtlSeconds * SECOND_MS;
}

/** Numeric `exp` and `iat` of a JWT (seconds); empty for anything that is not a JWT. */
function jwtTimes(token: string): { exp?: number | undefined; iat?: number | undefined } {
  try {
    const { exp, iat } = decodeJwt(token);
    return { exp: finite(exp), iat: finite(iat) };
  } catch {
    return {};
  }
}

/** A finite number, or a string of digits read as that number; `undefined` for anything else. */
function finite(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
