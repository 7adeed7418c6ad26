/**
 * Demo-only controls of the dev server (never part of a real backend):
 * - `POST /api/demo/outage` makes the host token endpoint answer 503 for longer than a token lives
 *   ({@link outageDurationMs}; `?seconds=N` for another length), so the retries, the expiry, the
 *   error slot and the recovery all show on the page (`DELETE` ends it early, `GET` reports it);
 * - `GET /api/demo/user` tells who is signed in, `POST /api/demo/user` `{ "user": "bob" }`
 *   switches the `demo_user` cookie.
 */
import { DEMO_USER_COOKIE, DEMO_USERS, demoUserOf } from './demo-users.js';

/** How long a simulated outage outlasts the token held when it starts. */
export const OUTAGE_MARGIN_SECONDS = 15;
/** Longest outage `?seconds=N` may ask for. */
const MAX_OUTAGE_SECONDS = 600;

/**
 * Length of a simulated outage for tokens living `tokenTtlSeconds`: longer than a whole token,
 * so the token held when it starts expires while it lasts (60 s tokens: 75 s).
 */
export function outageDurationMs(tokenTtlSeconds: number): number {
  return (tokenTtlSeconds + OUTAGE_MARGIN_SECONDS) * 1000;
}
const NO_STORE = { 'cache-control': 'no-store' };

export interface DemoControls {
  /** Answers `/api/demo/*`; `null` for any other path. */
  handle(request: Request): Promise<Response | null>;
  /** The 503 the token endpoint answers during a simulated outage, else `null`. */
  outageResponse(): Response | null;
}

export function createDemoControls({ outageMs, now = Date.now }: { outageMs: number; now?: () => number }): DemoControls {
  let outageEndsAtMs = 0;
  const outageStatus = (): Response =>
    Response.json(
      { active: now() < outageEndsAtMs, endsAt: now() < outageEndsAtMs ? outageEndsAtMs : null, durationMs: outageMs },
      { headers: NO_STORE },
    );

  async function switchUser(request: Request): Promise<Response> {
    const body = (await request.json().catch(() => null)) as { user?: unknown } | null;
    const id = typeof body?.user === 'string' ? body.user : '';
    if (!Object.hasOwn(DEMO_USERS, id)) return Response.json({ error: 'unknown demo user' }, { status: 400 });
    return Response.json(DEMO_USERS[id], {
      headers: { ...NO_STORE, 'set-cookie': `${DEMO_USER_COOKIE}=${id}; Path=/; SameSite=Lax; HttpOnly` },
    });
  }

  return {
    async handle(request) {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/demo/outage') {
        if (request.method === 'POST') {
          const seconds = Number(new URL(request.url).searchParams.get('seconds'));
          const durationMs = seconds > 0 ? Math.min(seconds, MAX_OUTAGE_SECONDS) * 1000 : outageMs;
          outageEndsAtMs = now() + durationMs;
        } else if (request.method === 'DELETE') outageEndsAtMs = 0;
        return outageStatus();
      }
      if (pathname === '/api/demo/user') {
        if (request.method === 'POST') return switchUser(request);
        return Response.json(demoUserOf(request), { headers: NO_STORE });
      }
      return null;
    },
    outageResponse() {
      if (now() >= outageEndsAtMs) return null;
      return Response.json({ error: 'simulated outage (demo)' }, { status: 503, headers: NO_STORE });
    },
  };
}
