/**
 * `toucanDemo()` — the demo's backend inside the Vite dev server (`npm start`), as Connect
 * middleware adapted from web-standard handlers by `@hono/node-server`:
 *
 * - `/stand-in/*` — the local Toucan AI **stand-in** API (token minting, JWKS);
 * - `GET /api/toucan-token` — the host backend's token endpoint (demo/server/host-endpoint.ts);
 * - `/api/demo/*` — demo-only controls (simulated outage, user switch).
 *
 * Env: `TOKEN_TTL` (stand-in token lifetime, s, default 60), `TOUCAN_API_KEY` (default: the demo key).
 */
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Plugin, ViteDevServer } from 'vite';
import { createStandInApi, STAND_IN_BASE_PATH } from '../toucan-stand-in/token-api.js';
import { createDemoControls, outageDurationMs } from './demo-controls.js';
import { createHostTokenEndpoint, DEMO_API_KEY } from './host-endpoint.js';

const HOST_TOKEN_PATH = '/api/toucan-token';
const DEFAULT_TOKEN_TTL_SECONDS = 60;

/** Lifetime of stand-in tokens from `TOKEN_TTL` (seconds, > 0), else 60 s. */
export function tokenTtlSeconds(value = process.env.TOKEN_TTL): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_TTL_SECONDS;
}

/** `http://host:port` of the running dev server, from the address it actually listens on. */
function ownOrigin(server: ViteDevServer): string {
  const address = server.httpServer?.address() as AddressInfo | string | null | undefined;
  if (!address || typeof address === 'string') throw new Error('The demo needs the dev server listening on TCP');
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function isDemoPath(url: string | undefined): boolean {
  return !!url && (url.startsWith(`${STAND_IN_BASE_PATH}/`) || url.startsWith('/api/'));
}

export function toucanDemo(): Plugin {
  return {
    name: 'toucan-demo',
    apply: 'serve',
    // The stand-in's embed.js is loaded at run time by the wrappers, so Vite's dependency scan
    // must start from it too; otherwise `jose`/`lit` get optimized late and the page reloads.
    config: () => ({ optimizeDeps: { entries: ['index.html', 'demo/toucan-stand-in/embed.js'] } }),

    async configureServer(server) {
      const ttlSeconds = tokenTtlSeconds();
      const standInApi = await createStandInApi({
        apiKey: process.env.TOUCAN_API_KEY || DEMO_API_KEY,
        tokenTtlSeconds: ttlSeconds,
      });
      const controls = createDemoControls({ outageMs: outageDurationMs(ttlSeconds) });
      let hostTokenEndpoint: ((request: Request) => Promise<Response>) | undefined;

      const listener = getRequestListener(
        async (request) => {
          if (new URL(request.url).pathname === HOST_TOKEN_PATH) {
            hostTokenEndpoint ??= createHostTokenEndpoint(`${ownOrigin(server)}${STAND_IN_BASE_PATH}/embed/generate-token`);
            return controls.outageResponse() ?? hostTokenEndpoint(request);
          }
          return (
            (await standInApi(request)) ??
            (await controls.handle(request)) ??
            Response.json({ error: 'not found' }, { status: 404 })
          );
        },
        { overrideGlobalObjects: false },
      );

      server.middlewares.use((req, res, next) => {
        if (isDemoPath(req.url)) void listener(req, res);
        else next();
      });
    },
  };
}
