/** Kinds of failure reported by `toucan-error` (docs/behaviour.md §6). */
export type ToucanErrorKind = 'config' | 'network' | 'timeout' | 'http' | 'unauthorized' | 'response' | 'expired' | 'embed-load';

/**
 * A failed attempt or a failed setup, classified by docs/behaviour.md §5.
 * Its `message` never contains a token or a response body (§9).
 */
export class ToucanError extends Error {
  override readonly name = 'ToucanError';
  /** HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** `true` when no retry follows: 401/403, other 4xx, config, embed-load (§5). */
  readonly fatal: boolean;
  /** Delay asked by `Retry-After` on 429/503, in ms, already capped (§5); `null` when none. */
  readonly retryAfterMs: number | null;

  constructor(
    readonly kind: ToucanErrorKind,
    message: string,
    options: { status?: number; fatal?: boolean; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    if (options.status !== undefined) this.status = options.status;
    this.fatal = options.fatal ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** HTTP statuses retried like network errors (§5): 408, 425, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Turns any HTTP error status into its failure: retryable `http`, fatal `unauthorized` or fatal `http`.
 *
 * @param where what the message names, e.g. `Token endpoint /api/toucan-token` (see {@link endpointName}).
 */
export function httpStatusError(status: number, retryAfterMs: number | null, where = 'Token endpoint'): ToucanError {
  if (status === 401 || status === 403) {
    return new ToucanError('unauthorized', `${where} refused the request (HTTP ${status}).`, {
      status,
      fatal: true,
    });
  }
  const retryable = isRetryableStatus(status);
  return new ToucanError('http', `${where} answered HTTP ${status}.`, {
    status,
    fatal: !retryable,
    retryAfterMs: status === 429 || status === 503 ? retryAfterMs : null,
  });
}

/**
 * How messages name a token endpoint: its path on the page's origin, origin and path elsewhere;
 * never its query string (which may carry secrets), headers or body.
 */
export function endpointName(url: string): string {
  const { origin, pathname } = new URL(url);
  return `Token endpoint ${origin === globalThis.location?.origin ? '' : origin}${pathname}`;
}

/** `true` for the error an aborted fetch or provider rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
