/**
 * One token request attempt: over HTTP with ky (timeout, status handling) or through a
 * `tokenProvider`. Every failure comes out as a `ToucanError` classified by docs/behaviour.md §5,
 * except an abort, which rejects with the signal's `AbortError` for the caller to drop.
 */
import ky from 'ky';
import { ToucanError, endpointName, httpStatusError } from './errors.js';
import type { TokenReason } from './events.js';
import { retryAfterMs } from './timing.js';
import { parseTokenBody, readTokenFields, type TokenFields, type TokenResponse } from './token-response.js';

/**
 * A function that returns a token, used instead of `token-endpoint` (docs/behaviour.md §2).
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
      /** Lower-cased, sorted header pairs (with `content-type: application/json` when a body is sent). */
      headers: [string, string][];
      /** JSON text sent with POST, when there is a body. */
      body: string | undefined;
    }
  | {
      kind: 'provider';
      provider: TokenProvider;
      /** `token-share-key`: names the provider's token, so that other documents may share it. */
      shareKey?: string;
    };

/** A successful attempt, before its lifetime is worked out. */
export interface TokenAttempt extends TokenFields {
  /** Server clock from the `Date` header in epoch ms, when readable. */
  serverNowMs: number | null;
}

/**
 * Makes one attempt. Rejects with a `ToucanError`, or with an `AbortError` when `signal` aborts.
 *
 * @param timeoutMs the attempt fails with kind `timeout` after this long (§5, `requestTimeout`),
 *   whether the answer's headers, its body or a `tokenProvider` is late.
 */
export async function requestToken(
  spec: TokenRequestSpec,
  { signal, timeoutMs, reason }: { signal: AbortSignal; timeoutMs: number; reason: TokenReason },
): Promise<TokenAttempt> {
  // One deadline owns the timeout of the whole attempt: ky's own `timeout` stops at the
  // response headers and does not cover a provider, so a stalled body could hang the shared
  // single-flight request forever.
  const attempt = new AbortController();
  const abort = () => attempt.abort();
  signal.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    attempt.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true });
  });
  try {
    // The race also ends an attempt whose provider ignores its signal.
    return await Promise.race([
      spec.kind === 'endpoint' ? fetchToken(spec, attempt.signal) : callProvider(spec.provider, attempt.signal, reason),
      aborted,
    ]);
  } catch (error) {
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    const where = spec.kind === 'endpoint' ? endpointName(spec.url) : 'tokenProvider';
    if (timedOut) throw new ToucanError('timeout', `${where} timed out.`);
    if (error instanceof ToucanError) throw error;
    const status = statusOf(error);
    if (status !== undefined) throw httpStatusError(status, null, where);
    throw new ToucanError('network', `${where} unreachable (network, or CORS).`);
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener('abort', abort);
  }
}

async function fetchToken(spec: Extract<TokenRequestSpec, { kind: 'endpoint' }>, signal: AbortSignal): Promise<TokenAttempt> {
  const response = await ky(spec.url, {
    method: spec.method,
    headers: spec.headers,
    credentials: spec.credentials,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    cache: 'no-store',
    signal,
    timeout: false, // the attempt's deadline owns the timeout, see requestToken
    retry: 0, // retries follow the shared cycle of docs/behaviour.md §5, see TokenSource
    throwHttpErrors: false,
  });
  const body = response.ok ? await response.text() : '';
  const serverNowMs = Date.parse(response.headers.get('date') ?? '');
  const serverNow = Number.isNaN(serverNowMs) ? null : serverNowMs;
  const where = endpointName(spec.url);
  if (!response.ok) {
    throw httpStatusError(response.status, retryAfterMs(response.headers.get('retry-after'), serverNow ?? Date.now()), where);
  }
  try {
    return { ...parseTokenBody(response.headers.get('content-type'), body), serverNowMs: serverNow };
  } catch (error) {
    // A sign-in wall: the endpoint sent the browser to a login page. Fatal, like 401, so that
    // one `kind === 'unauthorized'` check handles both.
    if (response.redirected) {
      throw new ToucanError('unauthorized', `${where} redirected to a non-token answer (sign-in page?).`, {
        fatal: true,
      });
    }
    throw new ToucanError('response', `${where}: ${(error as ToucanError).message}`);
  }
}

async function callProvider(provider: TokenProvider, signal: AbortSignal, reason: TokenReason): Promise<TokenAttempt> {
  return { ...readTokenFields(await provider({ signal, reason })), serverNowMs: null };
}

/** An HTTP status carried by an error thrown by a provider (ky's HTTPError, fetch wrappers…). */
function statusOf(error: unknown): number | undefined {
  const carrier = error as { status?: unknown; response?: { status?: unknown } } | null | undefined;
  const status = carrier?.status ?? carrier?.response?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
