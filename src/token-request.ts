/**
 * One token request attempt: over HTTP with ky (timeout, status handling) or through a
 * `tokenProvider`. Every failure comes out as a `ToucanError` classified by CONTRACT §5,
 * except an abort, which rejects with the signal's `AbortError` for the caller to drop.
 */
import ky, { TimeoutError } from 'ky';
import { ToucanError, httpStatusError, isAbortError } from './errors.js';
import type { TokenReason } from './events.js';
import { retryAfterMs } from './timing.js';
import { parseTokenBody, readTokenFields, type TokenFields, type TokenResponse } from './token-response.js';

/**
 * A function that returns a token, used instead of `token-endpoint` (CONTRACT §2).
 * Reject with a `ToucanError` to choose the failure kind; any other rejection is a retryable
 * `network` failure, unless it carries an HTTP `status` (or `response.status`), classified like one.
 */
export type TokenProvider = (context: { signal: AbortSignal; reason: TokenReason }) => Promise<string | TokenResponse>;

/** The effective request of a wrapper: what two wrappers must share to share a token (§7). */
export type TokenRequestSpec =
  | {
      kind: 'endpoint';
      /** Absolute URL, resolved against `document.baseURI`. */
      url: string;
      method: 'GET' | 'POST';
      credentials: RequestCredentials;
      /** Lower-cased, sorted header pairs. */
      headers: [string, string][];
      /** JSON text sent with POST, when there is a body. */
      body: string | undefined;
    }
  | { kind: 'provider'; provider: TokenProvider };

/** A successful attempt, before its lifetime is worked out. */
export interface TokenAttempt extends TokenFields {
  /** Server clock from the `Date` header in epoch ms, when readable. */
  serverNowMs: number | null;
}

/**
 * Makes one attempt. Rejects with a `ToucanError`, or with an `AbortError` when `signal` aborts.
 *
 * @param timeoutMs the attempt fails with kind `timeout` after this long (§5, `requestTimeout`).
 */
export async function requestToken(
  spec: TokenRequestSpec,
  options: { signal: AbortSignal; timeoutMs: number; reason: TokenReason },
): Promise<TokenAttempt> {
  return spec.kind === 'endpoint' ? fetchToken(spec, options) : callProvider(spec.provider, options);
}

async function fetchToken(
  spec: Extract<TokenRequestSpec, { kind: 'endpoint' }>,
  { signal, timeoutMs }: { signal: AbortSignal; timeoutMs: number },
): Promise<TokenAttempt> {
  const headers = new Headers(spec.headers);
  if (spec.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  // ky's timeout ends a request whose answer does not start in time; this deadline also ends
  // one whose body stalls after the headers, so a single-flight request can never hang forever.
  const attempt = new AbortController();
  const abortAttempt = () => attempt.abort();
  signal.addEventListener('abort', abortAttempt, { once: true });
  let bodyTimedOut = false;
  const deadline = setTimeout(() => {
    bodyTimedOut = true;
    attempt.abort();
  }, timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await ky(spec.url, {
      method: spec.method,
      headers,
      credentials: spec.credentials,
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      cache: 'no-store',
      signal: attempt.signal,
      timeout: timeoutMs,
      retry: 0, // retries follow the shared cycle of CONTRACT §5, see TokenSource
      throwHttpErrors: false,
    });
    body = response.ok ? await response.text() : '';
  } catch (error) {
    if (bodyTimedOut && !signal.aborted) throw new ToucanError('timeout', 'Token request timed out.');
    throw classifyThrown(error, signal);
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener('abort', abortAttempt);
  }
  const serverNowMs = readDate(response.headers.get('date'));
  if (!response.ok) {
    throw httpStatusError(response.status, retryAfterMs(response.headers.get('retry-after'), serverNowMs ?? Date.now()));
  }
  return { ...parseTokenBody(response.headers.get('content-type'), body), serverNowMs };
}

async function callProvider(
  provider: TokenProvider,
  { signal, timeoutMs, reason }: { signal: AbortSignal; timeoutMs: number; reason: TokenReason },
): Promise<TokenAttempt> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ToucanError('timeout', `Token provider did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
  });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true });
  });
  try {
    const value = await Promise.race([provider({ signal: controller.signal, reason }), timeout, aborted]);
    return { ...readTokenFields(value), serverNowMs: null };
  } catch (error) {
    throw classifyThrown(error, signal);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

function classifyThrown(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted && (isAbortError(error) || !(error instanceof ToucanError))) {
    return new DOMException('Aborted', 'AbortError');
  }
  if (error instanceof ToucanError) return error;
  if (error instanceof TimeoutError) {
    return new ToucanError('timeout', 'Token request timed out.');
  }
  const status = statusOf(error);
  if (status !== undefined) return httpStatusError(status, null);
  return new ToucanError('network', 'Token request failed: network error.');
}

/** An HTTP status carried by an error thrown by a provider (ky's HTTPError, fetch wrappers…). */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { status?: unknown; response?: { status?: unknown } };
  const status = typeof record.status === 'number' ? record.status : record.response?.status;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

function readDate(header: string | null): number | null {
  if (header === null) return null;
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? null : ms;
}
