/**
 * Server-side call to Toucan AI's `generate-token` API. Web-standard APIs only
 * (fetch, AbortController, setTimeout), so it runs on Node 20+, Bun, Deno and edge workers.
 * Logs nothing.
 *
 * @module
 */
import { normalizeTokenUser, type TokenUser } from './user.js';
import { readTokenAnswer, secondsLeft, serverNowMs, type GeneratedToken } from './token-response.js';

/** Toucan AI's token API, used when `generateTokenUrl` is not set. */
export const DEFAULT_GENERATE_TOKEN_URL = 'https://toucanai.cloud/embed/generate-token';
/** Default per-attempt upstream timeout, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** Upstream attempts per call: the first one plus one retry on network error, timeout or 5xx. */
export const MAX_ATTEMPTS = 2;
/** Pause before the retry, in milliseconds. */
export const RETRY_DELAY_MS = 200;

/**
 * Options of {@link generateToken}.
 *
 * - `apiKey` — the secret Toucan API key (required). Sent only in the `x-api-key` header of the
 *   upstream request; never appears in a response, an error message or the console.
 * - `generateTokenUrl` — default `'https://toucanai.cloud/embed/generate-token'`.
 * - `timeout` — seconds per upstream attempt, default `10`; must be a finite number > 0.
 * - `fetch` — fetch implementation (for tests or instrumented clients); default `globalThis.fetch`,
 *   read at call time.
 *
 * @example
 * const options: GenerateTokenOptions = { apiKey: process.env.TOUCAN_API_KEY ?? '', timeout: 5 };
 */
export interface GenerateTokenOptions {
  apiKey: string;
  generateTokenUrl?: string;
  timeout?: number;
  fetch?: typeof globalThis.fetch;
}

/** Why an upstream call failed: the same kinds as the browser's `toucan-error` events. */
export type TokenGenerationErrorKind = 'network' | 'timeout' | 'http' | 'response';

/**
 * The Toucan token upstream failed: network error, timeout, non-2xx status, or an answer
 * without a usable token. The message is generic: it never contains the API key or the
 * upstream body.
 *
 * - `kind` — `network` | `timeout` | `http` | `response` (2xx without a usable token).
 * - `status` — the upstream HTTP status, when a response was received.
 *
 * @example
 * try { await generateToken(options, user); }
 * catch (error) { if (error instanceof TokenGenerationError && error.status === 401) alertOps('bad Toucan API key'); }
 */
export class TokenGenerationError extends Error {
  override readonly name = 'TokenGenerationError';
  readonly kind: TokenGenerationErrorKind;
  readonly status: number | undefined;

  constructor(kind: TokenGenerationErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

function isRetryable(error: TokenGenerationError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || (error.status !== undefined && error.status >= 500);
}

function checkOptions(options: GenerateTokenOptions): { url: string; timeoutMs: number; fetchImpl: typeof globalThis.fetch } {
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
    throw new TypeError('Toucan apiKey is required (a non-empty string)');
  }
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new TypeError('Toucan timeout must be a number of seconds > 0');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch implementation available');
  return { url: options.generateTokenUrl ?? DEFAULT_GENERATE_TOKEN_URL, timeoutMs: timeout * 1000, fetchImpl };
}

/**
 * A token minted by Toucan: its lifetime in ms and its expiry in epoch ms on the local clock
 * (the local time just before the request was sent + the lifetime, so it is never late).
 */
export interface MintedToken {
  token: string;
  lifetimeMs: number;
  expiresAtMs: number;
}

/** One upstream attempt: request, read, parse — all inside the per-attempt timeout. */
async function attempt(
  fetchImpl: typeof globalThis.fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<MintedToken> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TokenGenerationError('timeout', `Toucan token upstream timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  const exchange = (async () => {
    const sentAtMs = Date.now();
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: controller.signal });
    } catch {
      throw new TokenGenerationError('network', 'Toucan token upstream unreachable');
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw new TokenGenerationError('http', `Toucan token upstream answered HTTP ${response.status}`, response.status);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new TokenGenerationError('network', 'Toucan token upstream connection failed', response.status);
    }
    const { headers } = response;
    const answer = readTokenAnswer(headers.get('content-type'), text, serverNowMs(headers.get('date')), Date.now());
    if (answer === null) {
      throw new TokenGenerationError('response', 'Toucan token upstream answered without a usable token', response.status);
    }
    return { ...answer, expiresAtMs: sentAtMs + answer.lifetimeMs };
  })();
  try {
    return await Promise.race([exchange, timedOut]);
  } finally {
    clearTimeout(timer);
    exchange.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  }
}

/**
 * Calls Toucan's `generate-token` API for `user` (see {@link generateToken}) and keeps the expiry
 * as an absolute time, for token reuse.
 *
 * @throws TypeError when `options` or `user` is invalid.
 * @throws {@link TokenGenerationError} when the upstream fails, times out or answers garbage.
 */
export async function mintToken(options: GenerateTokenOptions, user: TokenUser): Promise<MintedToken> {
  const { url, timeoutMs, fetchImpl } = checkOptions(options);
  const body = JSON.stringify({ user: normalizeTokenUser(user) });
  const init: RequestInit = {
    method: 'POST',
    headers: { 'x-api-key': options.apiKey, 'content-type': 'application/json', accept: 'application/json' },
    body,
    redirect: 'manual',
  };
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(fetchImpl, url, init, timeoutMs);
    } catch (error) {
      if (!(error instanceof TokenGenerationError) || !isRetryable(error) || attemptNumber >= MAX_ATTEMPTS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  }
}

/**
 * Mints an embed token for `user` by calling Toucan AI's `generate-token` API.
 *
 * Upstream request: `POST generateTokenUrl` with headers `x-api-key: apiKey` and
 * `content-type: application/json`, body `{ "user": { distinctId, role, attributes } }`
 * (`role` default `"explorer"`, `attributes` default `{}`). Redirects are not followed, so the
 * key is never forwarded to another host. One retry (after {@link RETRY_DELAY_MS} ms) on network
 * error, timeout or 5xx; none on 4xx or on a 2xx without a usable token.
 *
 * @param options - see {@link GenerateTokenOptions}.
 * @param user - see {@link TokenUser}; validated before any upstream call.
 * @returns `{ token, expiresIn }`, `expiresIn` the whole seconds left (rounded down, ≥ 1), counted from
 *   just before the request was sent. Toucan's answer is read by the same rules as the browser wrappers
 *   read the host endpoint's: the lifetime is the upstream's `expiresIn`/`expires_in` (a number or a
 *   string of digits); else the JWT's `exp − iat`, or its `exp` minus the upstream's `Date` header when
 *   that is shorter; else `expiresAt`/`expires_at` (or a JWT `exp` without `iat`) against the upstream's
 *   `Date` header (else the local clock); else 300 s.
 * @throws TypeError when `options` or `user` is invalid (a host-app bug; the message names the
 *   bad attribute path, never its value).
 * @throws {@link TokenGenerationError} when the upstream fails, times out or answers garbage.
 *
 * @example
 * import { generateToken } from 'toucan-embed-loader/server';
 * const { token, expiresIn } = await generateToken(
 *   { apiKey: process.env.TOUCAN_API_KEY! },
 *   { distinctId: session.userId, attributes: { company: session.companyId } },
 * );
 */
export async function generateToken(options: GenerateTokenOptions, user: TokenUser): Promise<GeneratedToken> {
  const { token, expiresAtMs } = await mintToken(options, user);
  const expiresIn = secondsLeft(expiresAtMs, Date.now());
  if (expiresIn < 1) throw new TokenGenerationError('response', 'Toucan token upstream answered a token that expired on arrival');
  return { token, expiresIn };
}
