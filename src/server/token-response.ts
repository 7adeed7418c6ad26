/**
 * Reads Toucan AI's `generate-token` answer with the browser's own parser, so the server and the
 * wrappers apply the same rules to a token answer: the token from `token`, `authToken`,
 * `access_token` or `jwt`; the lifetime from `expiresIn`/`expires_in`, else the JWT's `exp − iat`
 * (or `exp` minus the upstream's `Date` when shorter), else an absolute expiry against the
 * upstream's `Date`, else 300 s; numbers may come as digit strings (`"3600"`).
 * No I/O, no clock: the caller passes the times.
 *
 * @module
 */
import { ToucanError } from '../errors.js';
import { parseTokenBody, tokenLifetimeMs } from '../token-response.js';

/**
 * What the host endpoint returns to the browser.
 *
 * - `token` — the signed embed token (a JWT), non-empty, no whitespace.
 * - `expiresIn` — whole seconds left (rounded down), always `≥ 1`.
 *
 * @example
 * const answer: GeneratedToken = { token: 'eyJhbGciOiJFUzI1NiJ9…', expiresIn: 3600 };
 */
export interface GeneratedToken {
  token: string;
  expiresIn: number;
}

/** A token read from Toucan's answer and its lifetime in ms (> 0). */
export interface TokenAnswer {
  token: string;
  lifetimeMs: number;
}

/** Lifetime when Toucan's answer tells none, in seconds: the browser's default too. */
export const DEFAULT_TTL_SECONDS = 300;

const SECOND_MS = 1000;

/**
 * Reads a 2xx body of the upstream.
 *
 * @param contentType - the `Content-Type` header, or `null`.
 * @param body - the body text.
 * @param serverNowMs - the upstream's clock (its `Date` header) in epoch ms, or `null` when unreadable.
 * @param clientNowMs - the local clock in epoch ms when the answer arrived.
 * @returns the token and its lifetime, or `null` when the answer is unusable (HTML, no string token,
 *   unreadable expiry, less than 1 s of lifetime). Never throws.
 *
 * @example
 * readTokenAnswer('application/json', '{"token":"abc","expires_in":"3600"}', null, Date.now());
 * // → { token: 'abc', lifetimeMs: 3600000 }
 */
export function readTokenAnswer(
  contentType: string | null,
  body: string,
  serverNowMs: number | null,
  clientNowMs: number,
): TokenAnswer | null {
  try {
    const fields = parseTokenBody(contentType, body);
    const lifetimeMs = tokenLifetimeMs({ ...fields, serverNowMs, clientNowMs, defaultTtlSeconds: DEFAULT_TTL_SECONDS });
    return lifetimeMs >= SECOND_MS ? { token: fields.token, lifetimeMs } : null;
  } catch (error) {
    if (error instanceof ToucanError) return null;
    throw error;
  }
}

/**
 * The upstream's clock, for absolute expiries.
 *
 * @param dateHeader - the response `Date` header (RFC 9110 §6.6.1), or `null`.
 * @returns epoch ms, or `null` when the header is absent or unreadable.
 *
 * @example
 * serverNowMs('Tue, 01 Jan 2030 00:00:00 GMT'); // → 1893456000000
 */
export function serverNowMs(dateHeader: string | null): number | null {
  const parsed = Date.parse(dateHeader ?? '');
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Whole seconds left before `expiresAtMs` at `nowMs`, rounded down (what the browser is told).
 *
 * @example
 * secondsLeft(10_999, 1_000); // → 9
 */
export function secondsLeft(expiresAtMs: number, nowMs: number): number {
  return Math.floor((expiresAtMs - nowMs) / SECOND_MS);
}
