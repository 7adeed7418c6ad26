/**
 * Why a request to the host token endpoint failed, as told to `onError`, and the default report:
 * one `console.error` line naming the kind and what to check. Nothing here ever holds the API key,
 * a token or an upstream body.
 *
 * @module
 */

/**
 * Kinds of {@link TokenEndpointError}, and the answer the browser got:
 *
 * - `missing-api-key` — the `apiKey` option is empty (500).
 * - `invalid-user` — `user()` returned something that is not a valid `TokenUser` (500).
 * - `user-threw` — `user()` threw or rejected; `cause` is what it threw (500).
 * - `api-key-rejected` — Toucan answered 401 or 403: the key is wrong or revoked (500: the host's setup, not an outage).
 * - `upstream-network` — Toucan's token API was unreachable, twice (502).
 * - `upstream-timeout` — Toucan's token API did not answer within `timeout`, twice (502).
 * - `upstream-http` — Toucan answered another non-2xx status (a redirect, another 4xx, or 5xx twice) (502).
 * - `upstream-answer` — Toucan answered 2xx without a usable token (502).
 * - `cache` — the shared token store failed or exceeded its time budget; it was bypassed and the request
 *   went on (the browser still got its token, unless something else failed).
 */
export type TokenEndpointErrorKind =
  | 'missing-api-key'
  | 'invalid-user'
  | 'user-threw'
  | 'api-key-rejected'
  | 'upstream-network'
  | 'upstream-timeout'
  | 'upstream-http'
  | 'upstream-answer'
  | 'cache';

/**
 * A failed request to the token endpoint (or a bypassed shared store), given to `onError`.
 *
 * - `kind` — see {@link TokenEndpointErrorKind}.
 * - `status` — Toucan's HTTP status, when it answered.
 * - `cause` — what `user()` threw, the upstream failure, or the store's error.
 * - `message` — what happened and what to check; never the API key, a token or a body.
 *
 * @example
 * createTokenHandler({ apiKey, user, onError: (error) => metrics.increment(`toucan.${error.kind}`) });
 */
export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  readonly kind: TokenEndpointErrorKind;
  readonly status: number | undefined;

  constructor(kind: TokenEndpointErrorKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.kind = kind;
    this.status = options.status;
  }
}

/** Prefix of the default report line. */
export const LOG_PREFIX = '[toucan-embed-loader/server]';

/**
 * The default `onError`: one `console.error` line, `[toucan-embed-loader/server] <kind>: <message>`.
 *
 * @example
 * // [toucan-embed-loader/server] api-key-rejected: Toucan rejected the API key (HTTP 401); check that the server's TOUCAN_API_KEY is a current key of your Toucan workspace.
 */
export function logTokenEndpointError(error: TokenEndpointError): void {
  console.error(`${LOG_PREFIX} ${error.kind}: ${error.message}`);
}
