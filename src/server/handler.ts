/**
 * The host token endpoint as a web-standard `(Request) => Promise<Response>` handler:
 * mounts as-is in Next.js route handlers, Hono, Bun, Deno and edge workers, and in
 * Express/Fastify/Connect through `@hono/node-server`'s `getRequestListener`. Logs nothing.
 *
 * @module
 */
import { generateToken, TokenGenerationError, type GenerateTokenOptions } from './generate-token.js';
import { normalizeTokenUser, type TokenUser } from './user.js';

/**
 * Options of {@link createTokenHandler}: everything in {@link GenerateTokenOptions}, plus `user`.
 *
 * - `user(request)` — authenticates the incoming request with the host app's own session and
 *   returns the {@link TokenUser} to mint a token for, or `null` when nobody is signed in
 *   (→ `401`). May be async. If it throws, the handler answers `500`.
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
export interface TokenHandlerOptions extends GenerateTokenOptions {
  user: (request: Request) => TokenUser | null | Promise<TokenUser | null>;
}

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

/**
 * Creates the host token endpoint.
 *
 * Responses (all JSON, all `Cache-Control: no-store`):
 * - `200 { token, expiresIn }` — `expiresIn` in seconds (CONTRACT.md §3);
 * - `401 { error }` — `user()` returned `null`;
 * - `405 { error }` with `Allow: GET, POST` — any other method;
 * - `500 { error: "invalid user" }` — `user()` returned an invalid {@link TokenUser} (a host-app bug);
 * - `500 { error: "token endpoint error" }` — `user()` threw, or the options are invalid
 *   (e.g. an empty `apiKey`, checked per request so a build without secrets still imports the route);
 * - `502 { error: "token upstream failed" }` — Toucan's API failed, timed out or answered garbage.
 *
 * @param options - see {@link TokenHandlerOptions}.
 * @returns `(request: Request) => Promise<Response>`; it never rejects.
 * @throws TypeError at creation when `options.user` is not a function.
 *
 * @example
 * // app/api/toucan-token/route.ts (Next.js app router)
 * import { createTokenHandler } from 'toucan-embed-loader/server';
 * export const GET = createTokenHandler({
 *   apiKey: process.env.TOUCAN_API_KEY!,
 *   user: async () => ({ distinctId: (await auth()).userId }),
 * });
 */
export function createTokenHandler(options: TokenHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options?.user !== 'function') throw new TypeError('createTokenHandler: options.user must be a function');
  const { user: resolveUser, ...generateOptions } = options;

  return async function toucanTokenHandler(request: Request): Promise<Response> {
    if (!(ALLOWED_METHODS as readonly string[]).includes(request.method.toUpperCase())) {
      return json(405, { error: ERROR_MESSAGES.methodNotAllowed }, { allow: ALLOWED_METHODS.join(', ') });
    }

    let user: TokenUser | null;
    try {
      user = await resolveUser(request);
    } catch {
      return json(500, { error: ERROR_MESSAGES.internal });
    }
    if (user === null || user === undefined) return json(401, { error: ERROR_MESSAGES.unauthorized });

    try {
      normalizeTokenUser(user);
    } catch {
      return json(500, { error: ERROR_MESSAGES.invalidUser });
    }

    try {
      const { token, expiresIn } = await generateToken(generateOptions, user);
      return json(200, { token, expiresIn });
    } catch (error) {
      if (error instanceof TokenGenerationError) return json(502, { error: ERROR_MESSAGES.upstream });
      return json(500, { error: ERROR_MESSAGES.internal });
    }
  };
}
