/**
 * `toucan-embed-loader/server` — the host token endpoint for any JavaScript backend.
 *
 * Mints short-lived Toucan AI embed tokens with the secret API key, server-side, and answers
 * the browser wrappers with `{ token, expiresIn }`. Reuses a user's token while more than half of
 * its lifetime is left (in memory, or in a shared store for several instances). Web-standard APIs
 * only (fetch, Request, Response, AbortController, Web Crypto): runs unchanged on Node 20+, Next.js
 * route handlers, Hono, Bun, Deno and edge workers. Imports no browser code. Reports failures through
 * `onError` (by default one `console.error` line per failed request), never the key or a token.
 *
 * @example
 * import { createTokenHandler } from 'toucan-embed-loader/server';
 * export const GET = createTokenHandler({
 *   apiKey: process.env.TOUCAN_API_KEY!,
 *   user: async (request) => {
 *     const session = await getSession(request);
 *     return session ? { distinctId: session.userId } : null;
 *   },
 * });
 *
 * @module
 */
export { createTokenHandler, type TokenHandler, type TokenHandlerOptions } from './handler.js';
export { TokenEndpointError, logTokenEndpointError, type TokenEndpointErrorKind } from './errors.js';
export { DEFAULT_MAX_ENTRIES, DEFAULT_STORE_TIMEOUT_MS, type SharedTokenStore, type TokenCacheOptions } from './token-cache.js';
export {
  generateToken,
  TokenGenerationError,
  DEFAULT_GENERATE_TOKEN_URL,
  DEFAULT_TIMEOUT_SECONDS,
  type GenerateTokenOptions,
  type TokenGenerationErrorKind,
} from './generate-token.js';
export type { GeneratedToken } from './token-response.js';
export type { JsonValue, TokenUser } from './user.js';
