/**
 * Browser-side token check of the Toucan AI **stand-in**'s embed: verifies the ES256
 * signature, issuer and expiry with jose against the stand-in's JWKS
 * (`<server-url>/.well-known/jwks.json`).
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { isRegion, type Region } from './hr-headcount.js';
import { STAND_IN_ISSUER } from './issuer.js';

/** What the embed may show for a token. */
export type TokenVerdict =
  | { kind: 'valid'; subject: string; role: string; region: Region | null; expiresAtMs: number }
  | { kind: 'expired' }
  | { kind: 'invalid'; reason: string };

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(serverUrl: string): ReturnType<typeof createRemoteJWKSet> {
  const url = new URL(`${serverUrl.replace(/\/$/, '')}/.well-known/jwks.json`, document.baseURI).href;
  let jwks = jwksByUrl.get(url);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url));
    jwksByUrl.set(url, jwks);
  }
  return jwks;
}

/** Verifies `token`; never throws. */
export async function verifyToken(token: string, serverUrl: string): Promise<TokenVerdict> {
  try {
    const { payload } = await jwtVerify(token, jwksFor(serverUrl), { issuer: STAND_IN_ISSUER, algorithms: ['ES256'] });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
      return { kind: 'invalid', reason: 'The token has no subject or no expiry.' };
    }
    const attributes = (payload['attributes'] ?? {}) as Record<string, unknown>;
    return {
      kind: 'valid',
      subject: payload.sub,
      role: typeof payload['role'] === 'string' ? payload['role'] : 'viewer',
      region: isRegion(attributes['region']) ? attributes['region'] : null,
      expiresAtMs: payload.exp * 1000,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { kind: 'expired' };
    return { kind: 'invalid', reason: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature does not match.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token claim "${error.claim}" is not accepted.`;
  if (error instanceof errors.JOSEError) return 'The token is malformed.';
  return 'The signing keys could not be loaded.';
}
