import type { TokenProvider } from 'toucan-embed-loader';

/**
 * For apps with their own auth client: the wrapper calls this instead of fetching `token-endpoint`.
 * Keep it at module level: a new function is a new token key, hence a new request.
 */
export const fetchToucanToken: TokenProvider = async ({ signal }) => {
  const response = await fetch('/api/toucan-token', {
    headers: { authorization: 'Bearer example-session' }, // your session, not the Toucan API key
    cache: 'no-store',
    signal,
  });
  // An error carrying `status` is classified like an HTTP answer (401/403 stop, 5xx retry).
  if (!response.ok) throw Object.assign(new Error(`Token endpoint answered ${response.status}`), { status: response.status });
  return response.json(); // { token, expiresIn }
};
