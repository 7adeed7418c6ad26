/**
 * The demo's two signed-in users, picked by the `demo_user` cookie. In a real app this is
 * your session: whoever your backend says is signed in.
 */

export interface DemoUser {
  readonly distinctId: string;
  readonly name: string;
  readonly role: string;
  readonly attributes: { readonly region: string };
}

export const DEMO_USERS: Readonly<Record<string, DemoUser>> = {
  alice: { distinctId: 'alice', name: 'Alice', role: 'explorer', attributes: { region: 'EMEA' } },
  bob: { distinctId: 'bob', name: 'Bob', role: 'viewer', attributes: { region: 'AMER' } },
};

export const DEMO_USER_COOKIE = 'demo_user';
/** Who is "signed in" before the page picks a user. */
export const DEFAULT_DEMO_USER_ID = 'alice';

/** The demo user of `request` (the `demo_user` cookie, Alice without one), `null` for an unknown id. */
export function demoUserOf(request: Request): DemoUser | null {
  const cookies = request.headers.get('cookie') ?? '';
  const match = cookies.match(new RegExp(`(?:^|;\\s*)${DEMO_USER_COOKIE}=([^;]*)`));
  const id = match?.[1] ? decodeURIComponent(match[1]) : DEFAULT_DEMO_USER_ID;
  return Object.hasOwn(DEMO_USERS, id) ? (DEMO_USERS[id] ?? null) : null;
}
