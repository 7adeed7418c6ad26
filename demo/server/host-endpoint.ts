/**
 * The host backend's token endpoint, `GET /api/toucan-token` — the part of the demo to copy
 * into your own server. It runs server-side only: the Toucan API key never reaches the browser.
 *
 * In your app, import from `toucan-embed-loader/server`, resolve the user from your own session,
 * and leave `generateTokenUrl` out (it defaults to Toucan AI's real API). Here it points at the
 * local Toucan AI stand-in and the "session" is the `demo_user` cookie.
 */
import { createTokenHandler } from '../../src/server/index.js';
import { demoUserOf } from './demo-users.js';

/** The demo's API key, used when the env var `TOUCAN_API_KEY` is unset. Only the stand-in accepts it. */
export const DEMO_API_KEY = 'demo-stand-in-api-key';

/**
 * @param generateTokenUrl - absolute URL of the token API (here: the stand-in on this dev server).
 * @returns `(request: Request) => Promise<Response>` answering `200 { token, expiresIn }`
 *   (`Cache-Control: no-store`), 401 when nobody is signed in, 502 when the token API fails.
 */
export function createHostTokenEndpoint(generateTokenUrl: string): (request: Request) => Promise<Response> {
  return createTokenHandler({
    apiKey: process.env.TOUCAN_API_KEY || DEMO_API_KEY,
    generateTokenUrl,
    user: (request) => {
      const user = demoUserOf(request); // your app: `await getSession(request)`
      if (!user) return null; // → 401
      return { distinctId: user.distinctId, role: user.role, attributes: { region: user.attributes.region } };
    },
  });
}
