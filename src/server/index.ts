/**
 * `toucan-embed-loader/server` — the host token endpoint for any JavaScript backend.
 *
 * Mints short-lived Toucan AI embed tokens with the secret API key, server-side, and answers
 * the browser wrappers in the shape of CONTRACT.md §3 (`{ token, expiresIn }`). Web-standard
 * APIs only (fetch, Request, Response, AbortController): runs unchanged on Node 20+, Next.js
 * route handlers, Hono, Bun, Deno and edge workers. Imports no browser code; logs nothing.
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
export { createTokenHandler, type TokenHandlerOptions } from './handler.js';
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
