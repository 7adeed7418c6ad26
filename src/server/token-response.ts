/**
 * Pure normalisation of Toucan AI's `generate-token` answer to `{ token, expiresIn }`.
 * No I/O, no clock: the caller passes the reference time.
 *
 * @module
 */
import { decodeJwt } from 'jose';

/**
 * What the host endpoint returns to the browser (CONTRACT.md §3).
 *
 * - `token` — the signed embed token (a JWT), non-empty, no whitespace.
 * - `expiresIn` — remaining lifetime in **seconds**, always `> 0`.
 *
 * @example
 * const answer: GeneratedToken = { token: 'eyJhbGciOiJFUzI1NiJ9…', expiresIn: 3600 };
 */
export interface GeneratedToken {
  token: string;
  expiresIn: number;
}

/** Fields that may carry the token, in order of preference (CONTRACT.md §3). */
export const TOKEN_FIELDS = ['token', 'authToken', 'access_token', 'jwt'] as const;
/** Fields that may carry a relative lifetime in seconds. */
export const EXPIRES_IN_FIELDS = ['expiresIn', 'expires_in'] as const;
/** Fields that may carry an absolute expiry (epoch s, epoch ms, or ISO 8601). */
export const EXPIRES_AT_FIELDS = ['expiresAt', 'expires_at'] as const;
/** Epoch numbers at or above this are milliseconds, below it seconds (10^11 s is year 5138). */
export const EPOCH_MS_THRESHOLD = 1e11;

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

function firstPresent(body: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) {
    if (body[field] !== undefined && body[field] !== null) return body[field];
  }
  return undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** Absolute expiry in epoch ms, or `undefined` when unreadable. */
function expiryEpochMs(value: unknown): number | undefined {
  const numeric = toNumber(value);
  if (numeric !== undefined) return numeric >= EPOCH_MS_THRESHOLD ? numeric : numeric * 1000;
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** JWT `exp`/`iat` (epoch seconds), or `{}` when the token is not a readable JWT. */
function jwtTimes(token: string): { exp?: number; iat?: number } {
  try {
    const { exp, iat } = decodeJwt(token);
    return {
      ...(typeof exp === 'number' && Number.isFinite(exp) ? { exp } : {}),
      ...(typeof iat === 'number' && Number.isFinite(iat) ? { iat } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Reads a parsed `generate-token` JSON body.
 *
 * Token: the first of `token`, `authToken`, `access_token`, `jwt` that is present; it must be
 * a non-empty string without whitespace.
 *
 * Lifetime (seconds), in order of preference:
 * 1. `expiresIn` / `expires_in` (number or numeric string, seconds);
 * 2. `expiresAt` / `expires_at` (epoch s, epoch ms when ≥ 10^11, or ISO 8601) − `nowMs`, whole seconds rounded down;
 * 3. the JWT's `exp − iat` (immune to clock skew);
 * 4. the JWT's `exp − nowMs`, whole seconds rounded down.
 *
 * @param body - the value of `JSON.parse` on the upstream body.
 * @param nowMs - reference time in epoch ms: the upstream `Date` header when readable, else the local clock.
 * @returns the normalised answer, or `null` when the body is unusable (no token, unreadable
 *   or missing expiry, lifetime ≤ 0). Never throws.
 *
 * @example
 * readTokenResponse({ token: 'abc', expires_at: '2030-01-01T00:00:00Z' }, Date.parse('2029-12-31T23:00:00Z'));
 * // → { token: 'abc', expiresIn: 3600 }
 */
export function readTokenResponse(body: unknown, nowMs: number): GeneratedToken | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;

  const token = firstPresent(record, TOKEN_FIELDS);
  if (typeof token !== 'string' || token.length === 0 || /\s/.test(token)) return null;

  let expiresIn: number | undefined;
  const relative = firstPresent(record, EXPIRES_IN_FIELDS);
  const absolute = firstPresent(record, EXPIRES_AT_FIELDS);
  if (relative !== undefined) {
    expiresIn = toNumber(relative);
    if (expiresIn === undefined) return null;
  } else if (absolute !== undefined) {
    const expiryMs = expiryEpochMs(absolute);
    if (expiryMs === undefined) return null;
    expiresIn = Math.floor((expiryMs - nowMs) / 1000);
  } else {
    const { exp, iat } = jwtTimes(token);
    if (exp !== undefined && iat !== undefined) expiresIn = exp - iat;
    else if (exp !== undefined) expiresIn = Math.floor(exp - nowMs / 1000);
  }

  if (expiresIn === undefined || !(expiresIn > 0)) return null;
  return { token, expiresIn };
}

/**
 * The upstream's clock, for converting absolute expiries.
 *
 * @param dateHeader - the response `Date` header (RFC 9110 §6.6.1), or `null`.
 * @param localNowMs - the local clock in epoch ms, used when the header is absent or unreadable.
 * @returns epoch ms.
 *
 * @example
 * serverNowMs('Wed, 01 Jan 2030 00:00:00 GMT', Date.now()); // → 1893456000000
 */
export function serverNowMs(dateHeader: string | null, localNowMs: number): number {
  if (dateHeader === null) return localNowMs;
  const parsed = Date.parse(dateHeader);
  return Number.isNaN(parsed) ? localNowMs : parsed;
}
