/**
 * The host token endpoint as a web-standard `(request, context?) => Promise<Response>` handler:
 * mounts as-is in Next.js route handlers, Hono, Bun, Deno and edge workers, and in
 * Express/Fastify/Connect through `@hono/node-server`'s `getRequestListener`.
 *
 * @module
 */
import { logTokenEndpointError, TokenEndpointError } from './errors.js';
import {
  DEFAULT_GENERATE_TOKEN_URL,
  mintToken,
  TokenGenerationError,
  type GenerateTokenOptions,
  type MintedToken,
} from './generate-token.js';
import { importHmacKey, TokenCache, tokenCacheKey, tokenIdentity, type TokenCacheOptions } from './token-cache.js';
import { secondsLeft } from './token-response.js';
import { normalizeTokenUser, type NormalizedTokenUser, type TokenUser } from './user.js';

/**
 * Options of {@link createTokenHandler}: everything in {@link GenerateTokenOptions}, plus:
 *
 * - `user(request, context)` — authenticates the incoming request with the host app's own session and
 *   returns the {@link TokenUser} to mint a token for, or `null` when nobody is signed in (→ `401`).
 *   May be async. `context` is the handler's second argument, as the framework passes it: under
 *   `@hono/node-server`'s `getRequestListener` (Express, Fastify, Connect) `{ incoming, outgoing }`,
 *   where `incoming` is the framework's own request (`incoming.session`, `incoming.user`); in Hono,
 *   pass Hono's context (`(c) => handler(c.req.raw, c)`); in Next.js, the route's `{ params }`.
 *   If it throws, the handler answers `500` (kind `user-threw`).
 * - `onError(error, request)` — called once per failed request (and once per shared-store failure, kind
 *   `cache`) with a {@link TokenEndpointError} whose `kind` says what to check. Default: one
 *   `console.error` line naming the kind and what to check. Never given the API key or a token.
 *   Whatever it throws or rejects with is ignored.
 * - `cache` — token reuse ({@link TokenCacheOptions}): on by default, in memory; `false` mints a token
 *   for every request.
 *
 * @example
 * const options: TokenHandlerOptions = {
 *   apiKey: process.env.TOUCAN_API_KEY!,
 *   user: async (request) => {
 *     const session = await getSession(request);
 *     return session ? { distinctId: session.userId, attributes: { company: session.companyId } } : null;
 *   },
 * };
 */
export interface TokenHandlerOptions<Context = unknown> extends GenerateTokenOptions {
  user: (request: Request, context: Context | undefined) => TokenUser | null | Promise<TokenUser | null>;
  onError?: (error: TokenEndpointError, request: Request) => unknown;
  cache?: false | TokenCacheOptions;
}

/** The handler: `(request, context?) => Promise<Response>`; it never rejects. */
export type TokenHandler<Context = unknown> = (request: Request, context?: Context) => Promise<Response>;

/** Methods the endpoint answers; the browser side uses `GET` by default, `POST` when configured. */
export const ALLOWED_METHODS = ['GET', 'POST'] as const;

/** Generic error bodies: they never echo the API key, the upstream body or the cause. */
export const ERROR_MESSAGES = {
  unauthorized: 'unauthorized',
  methodNotAllowed: 'method not allowed',
  invalidUser: 'invalid user',
  internal: 'token endpoint error',
  upstream: 'token upstream failed',
} as const;

function json(status: number, body: unknown, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    },
  });
}

/** `https://toucanai.cloud/embed/generate-token`: origin and path, never a query string or credentials. */
function describeUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return 'generateTokenUrl';
  }
}

/** An upstream failure as the kind, status and message told to `onError`. */
function upstreamFailure(error: TokenGenerationError, url: string, timeoutSeconds: number): TokenEndpointError {
  const api = `Toucan's token API at ${describeUrl(url)}`;
  const { status } = error;
  const options = { status, cause: error };
  switch (error.kind) {
    case 'network':
      return new TokenEndpointError(
        'upstream-network',
        `could not reach ${api} (2 attempts); check the server's outbound network, DNS and proxy.`,
        options,
      );
    case 'timeout':
      return new TokenEndpointError(
        'upstream-timeout',
        `${api} did not answer within ${timeoutSeconds} s (2 attempts); check the server's outbound network, or raise the timeout option.`,
        options,
      );
    case 'response':
      return new TokenEndpointError(
        'upstream-answer',
        `${api} answered HTTP ${status ?? 200} without a usable token; check that generateTokenUrl is Toucan's generate-token API.`,
        options,
      );
    case 'http':
      if (status === 401 || status === 403) {
        return new TokenEndpointError(
          'api-key-rejected',
          `Toucan rejected the API key (HTTP ${status}); check that the server's Toucan API key is set to a current key of your workspace.`,
          options,
        );
      }
      if (status !== undefined && status >= 500) {
        return new TokenEndpointError(
          'upstream-http',
          `${api} answered HTTP ${status} (2 attempts); Toucan may be down: the browser retries on its own.`,
          options,
        );
      }
      if (status !== undefined && status >= 300 && status < 400) {
        return new TokenEndpointError(
          'upstream-http',
          `${api} answered a redirect (HTTP ${status}), not followed so the API key goes nowhere else; check generateTokenUrl.`,
          options,
        );
      }
      return new TokenEndpointError(
        'upstream-http',
        `${api} answered HTTP ${status}; check generateTokenUrl and the user's role and attributes.`,
        options,
      );
  }
}

/** What `user()` threw, for the log line: its name and message, the API key masked. */
function describeThrown(thrown: unknown, apiKey: string): string {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : typeof thrown;
  return apiKey === '' ? text : text.split(apiKey).join('[API key]');
}

/**
 * Creates the host token endpoint.
 *
 * Responses (all JSON, all `Cache-Control: no-store`):
 * - `200 { token, expiresIn }` — `expiresIn` the whole seconds left (rounded down);
 * - `401 { error: "unauthorized" }` — `user()` returned `null`;
 * - `405 { error }` with `Allow: GET, POST` — any other method;
 * - `500 { error: "invalid user" }` — `user()` returned an invalid {@link TokenUser} (kind `invalid-user`);
 * - `500 { error: "token endpoint error" }` — the host's own setup: an empty `apiKey` (`missing-api-key`,
 *   checked per request so a build without secrets still imports the route), `user()` threw
 *   (`user-threw`), or Toucan rejected the API key with 401/403 (`api-key-rejected`);
 * - `502 { error: "token upstream failed" }` — Toucan failed, timed out or answered garbage
 *   (`upstream-network`, `upstream-timeout`, `upstream-http`, `upstream-answer`).
 *
 * Token reuse (`cache`, on by default): concurrent requests for the same user (same `distinctId`, `role`
 * and `attributes`) share one call to Toucan, and a minted token is answered again while more than half
 * of its lifetime (plus 2 s) is left, so a browser that refreshes on time never gets its own token back.
 *
 * @param options - see {@link TokenHandlerOptions}.
 * @returns `(request, context?) => Promise<Response>`; it never rejects.
 * @throws TypeError at creation when `options.user` is not a function, `timeout` is not a number > 0,
 *   or `cache` is invalid.
 *
 * @example
 * // app/api/toucan-token/route.ts (Next.js app router)
 * import { createTokenHandler } from 'toucan-embed-loader/server';
 * export const GET = createTokenHandler({
 *   apiKey: process.env.TOUCAN_API_KEY!,
 *   user: async () => ({ distinctId: (await auth()).userId }),
 * });
 */
export function createTokenHandler<Context = unknown>(options: TokenHandlerOptions<Context>): TokenHandler<Context> {
  if (typeof options?.user !== 'function') throw new TypeError('createTokenHandler: options.user must be a function');
  const { user: resolveUser, onError = logTokenEndpointError, cache: cacheOptions, ...generateOptions } = options;
  const timeoutSeconds = generateOptions.timeout ?? 10;
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new TypeError('createTokenHandler: timeout must be a number of seconds > 0');
  }
  const cache = cacheOptions === false ? null : new TokenCache(cacheOptions ?? {});
  const url = generateOptions.generateTokenUrl ?? DEFAULT_GENERATE_TOKEN_URL;
  let hmacKey: Promise<CryptoKey> | undefined;

  const report = (error: TokenEndpointError, request: Request): void => {
    try {
      Promise.resolve(onError(error, request)).catch(() => undefined);
    } catch {
      // onError's own failure must not change the answer
    }
  };

  const token = (user: NormalizedTokenUser, request: Request): Promise<MintedToken> => {
    const mint = () => mintToken(generateOptions, user);
    if (cache === null) return mint();
    const identity = tokenIdentity(url, user);
    const key = async () => tokenCacheKey(await (hmacKey ??= importHmacKey(generateOptions.apiKey)), identity);
    return cache.token(identity, key, mint, (error) => report(error, request));
  };

  return async function toucanTokenHandler(request: Request, context?: Context): Promise<Response> {
    if (!(ALLOWED_METHODS as readonly string[]).includes(request.method.toUpperCase())) {
      return json(405, { error: ERROR_MESSAGES.methodNotAllowed }, { allow: ALLOWED_METHODS.join(', ') });
    }
    const fail = (status: 500 | 502, error: TokenEndpointError, body: string = ERROR_MESSAGES.internal): Response => {
      report(error, request);
      return json(status, { error: body });
    };

    if (typeof generateOptions.apiKey !== 'string' || generateOptions.apiKey === '') {
      return fail(
        500,
        new TokenEndpointError(
          'missing-api-key',
          "the Toucan API key is empty; set the apiKey option (for example from process.env.TOUCAN_API_KEY) in the server's environment.",
        ),
      );
    }

    let candidate: TokenUser | null;
    try {
      candidate = await resolveUser(request, context);
    } catch (thrown) {
      return fail(
        500,
        new TokenEndpointError(
          'user-threw',
          `user() threw (${describeThrown(thrown, generateOptions.apiKey)}); check how it reads the session from the request or context.`,
          { cause: thrown },
        ),
      );
    }
    if (candidate === null || candidate === undefined) return json(401, { error: ERROR_MESSAGES.unauthorized });

    let user: NormalizedTokenUser;
    try {
      user = normalizeTokenUser(candidate);
    } catch (invalid) {
      return fail(
        500,
        new TokenEndpointError('invalid-user', `user() returned an invalid user (${(invalid as Error).message}).`, {
          cause: invalid,
        }),
        ERROR_MESSAGES.invalidUser,
      );
    }

    let minted: MintedToken;
    try {
      minted = await token(user, request);
    } catch (error) {
      if (error instanceof TokenGenerationError) {
        const failure = upstreamFailure(error, url, timeoutSeconds);
        return fail(
          failure.kind === 'api-key-rejected' ? 500 : 502,
          failure,
          failure.kind === 'api-key-rejected' ? ERROR_MESSAGES.internal : ERROR_MESSAGES.upstream,
        );
      }
      return fail(
        502,
        new TokenEndpointError(
          'upstream-network',
          `could not call Toucan's token API (${(error as Error)?.name ?? typeof error}); check that fetch is available.`,
          { cause: error },
        ),
        ERROR_MESSAGES.upstream,
      );
    }
    const expiresIn = secondsLeft(minted.expiresAtMs, Date.now());
    if (expiresIn < 1) {
      return fail(
        502,
        new TokenEndpointError(
          'upstream-answer',
          `Toucan's token API answered a token that expired on arrival; check the server's clock and the token lifetime.`,
        ),
        ERROR_MESSAGES.upstream,
      );
    }
    return json(200, { token: minted.token, expiresIn });
  };
}
