/**
 * The Toucan AI **stand-in**'s HTTP API (server side, runs inside the Vite dev server).
 * It is NOT Toucan AI: it plays the vendor's part so the demo runs with no account and
 * no network.
 *
 * - `POST /stand-in/embed/generate-token` — checks `x-api-key`, reads
 *   `{ user: { distinctId, role, attributes } }` and answers `{ token, expiresIn }`,
 *   the token being an ES256 JWT (`sub`, `role`, `attributes`, `iat`, `exp`, `iss`, `jti`).
 * - `GET /stand-in/.well-known/jwks.json` — the public key, for the stand-in's embed.js.
 *
 * The key pair is generated when the server starts, so tokens from an earlier run fail.
 */
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { STAND_IN_ISSUER } from './issuer.js';

export const STAND_IN_BASE_PATH = '/stand-in';
const GENERATE_TOKEN_PATH = `${STAND_IN_BASE_PATH}/embed/generate-token`;
const JWKS_PATH = `${STAND_IN_BASE_PATH}/.well-known/jwks.json`;

export interface StandInApiOptions {
  /** The only API key accepted in `x-api-key`. */
  apiKey: string;
  /** Lifetime of each token, in seconds. */
  tokenTtlSeconds: number;
}

/** Answers the stand-in's routes; `null` for any other path. */
export type StandInApi = (request: Request) => Promise<Response | null>;

interface TokenRequestUser {
  distinctId: string;
  role?: string;
  attributes?: Record<string, unknown>;
}

export async function createStandInApi({ apiKey, tokenTtlSeconds }: StandInApiOptions): Promise<StandInApi> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `stand-in-${crypto.randomUUID().slice(0, 8)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };

  async function generateToken(request: Request): Promise<Response> {
    if (request.method !== 'POST') return Response.json({ error: 'method not allowed' }, { status: 405 });
    if (request.headers.get('x-api-key') !== apiKey) {
      return Response.json({ error: 'invalid API key' }, { status: 401 });
    }
    const user = readUser(await request.json().catch(() => null));
    if (!user) return Response.json({ error: 'body must be { user: { distinctId } }' }, { status: 400 });

    const token = await new SignJWT({ role: user.role ?? 'viewer', attributes: user.attributes ?? {} })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(user.distinctId)
      .setIssuer(STAND_IN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${tokenTtlSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
    return Response.json({ token, expiresIn: tokenTtlSeconds }, { headers: { 'cache-control': 'no-store' } });
  }

  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === GENERATE_TOKEN_PATH) return generateToken(request);
    if (pathname === JWKS_PATH) return Response.json({ keys: [publicJwk] });
    return null;
  };
}

function readUser(body: unknown): TokenRequestUser | null {
  const user = (body as { user?: Partial<TokenRequestUser> } | null)?.user;
  if (!user || typeof user.distinctId !== 'string' || user.distinctId === '') return null;
  return {
    distinctId: user.distinctId,
    ...(typeof user.role === 'string' ? { role: user.role } : {}),
    ...(user.attributes && typeof user.attributes === 'object' ? { attributes: user.attributes } : {}),
  };
}
