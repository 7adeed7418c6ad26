/**
 * Sharing (docs/behaviour.md §7): wrappers whose effective request is identical — resolved URL, method,
 * credentials, headers and body, or the same `tokenProvider` function or `token-share-key` — share one
 * {@link TokenSource}. Different requests never share.
 */
import { pageConfig, type TokenRequestInit } from './config.js';
import { ToucanError } from './errors.js';
import { browserSharingPlatform, TabSharing } from './tab-sharing.js';
import { TokenSource } from './token-source.js';
import type { TokenProvider, TokenRequestSpec } from './token-request.js';

/** A wrapper's own request settings; unset ones fall back to `configure()` (§2). */
export interface RequestSettings {
  tokenEndpoint?: string | null;
  tokenMethod?: string | null;
  tokenCredentials?: string | null;
  tokenRequest?: TokenRequestInit | null;
  tokenProvider?: TokenProvider | null;
  tokenShareKey?: string | null;
}

const METHODS = ['GET', 'POST'] as const;
const CREDENTIALS: readonly RequestCredentials[] = ['omit', 'same-origin', 'include'];

/**
 * The effective request of a wrapper, with `configure()` defaults filled in and the URL resolved
 * against `document.baseURI`. A wrapper's `tokenRequest` headers are merged over the page's; its
 * body and credentials replace them.
 *
 * @throws ToucanError `config` (fatal) when there is no endpoint nor provider, or a setting is invalid.
 */
export function effectiveRequest(settings: RequestSettings, baseURI: string): TokenRequestSpec {
  if (settings.tokenProvider) {
    if (typeof settings.tokenProvider !== 'function') throw configError('tokenProvider must be a function.');
    const shareKey = typeof settings.tokenShareKey === 'string' ? settings.tokenShareKey.trim() : '';
    return { kind: 'provider', provider: settings.tokenProvider, ...(shareKey ? { shareKey } : {}) };
  }
  const page = pageConfig();
  // Without request objects the result depends on strings only: made once per distinct setting,
  // however many wrappers share it (a page of 500 wrappers on one endpoint computes it once).
  if (settings.tokenRequest || page.tokenRequest) return endpointRequest(settings, baseURI, page);
  if (plainRequests?.page !== page) plainRequests = { page, specs: new Map() };
  const cacheKey = JSON.stringify([baseURI, settings.tokenEndpoint, settings.tokenMethod, settings.tokenCredentials]);
  let spec = plainRequests.specs.get(cacheKey);
  if (!spec) {
    spec = endpointRequest(settings, baseURI, page);
    if (plainRequests.specs.size > 99) plainRequests.specs.clear();
    plainRequests.specs.set(cacheKey, spec);
  }
  return spec;
}

/** Effective requests made without request objects, by their string settings, for one `pageConfig()`. */
let plainRequests: { page: object; specs: Map<string, TokenRequestSpec> } | null = null;

function endpointRequest(settings: RequestSettings, baseURI: string, page: ReturnType<typeof pageConfig>): TokenRequestSpec {
  const endpoint = settings.tokenEndpoint || page.tokenEndpoint;
  if (!endpoint) {
    throw configError('No token-endpoint, tokenProvider or configure({ tokenEndpoint }).');
  }
  let url: URL;
  try {
    url = new URL(endpoint, baseURI);
  } catch {
    throw configError('token-endpoint is not a valid URL.');
  }
  const method = (settings.tokenMethod || page.tokenMethod).toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) throw configError('token-method must be GET or POST.');
  const credentials =
    settings.tokenRequest?.credentials ?? settings.tokenCredentials ?? page.tokenRequest?.credentials ?? page.tokenCredentials;
  if (!CREDENTIALS.includes(credentials as RequestCredentials)) {
    throw configError('Invalid token-credentials.');
  }
  const headers = new Headers(page.tokenRequest?.headers);
  new Headers(settings.tokenRequest?.headers).forEach((value, name) => headers.set(name, value));
  const body = settings.tokenRequest && 'body' in settings.tokenRequest ? settings.tokenRequest.body : page.tokenRequest?.body;
  const sendsBody = method === 'POST' && body !== undefined;
  if (sendsBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return {
    kind: 'endpoint',
    url: url.href,
    method: method as 'GET' | 'POST',
    credentials: credentials as RequestCredentials,
    headers: [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    body: sendsBody ? JSON.stringify(body) : undefined,
  };
}

function configError(message: string): ToucanError {
  return new ToucanError('config', message, { fatal: true });
}

const providerIds = new WeakMap<TokenProvider, number>();
let nextProviderId = 1;

/**
 * A string equal for two specs exactly when they may share a token. A `tokenProvider` named by
 * `token-share-key` is known by that name, so that other documents can share it too.
 */
export function requestKey(spec: TokenRequestSpec): string {
  if (spec.kind === 'provider' && spec.shareKey) return `share:${spec.shareKey}`;
  if (spec.kind === 'provider') {
    let id = providerIds.get(spec.provider);
    if (id === undefined) providerIds.set(spec.provider, (id = nextProviderId++));
    return `provider:${id}`;
  }
  let key = endpointKeys.get(spec);
  if (key === undefined) {
    key = JSON.stringify([spec.url, spec.method, spec.credentials, spec.headers, spec.body ?? null]);
    endpointKeys.set(spec, key);
  }
  return key;
}

/** Keys of endpoint specs, which are never changed once made. */
const endpointKeys = new WeakMap<TokenRequestSpec, string>();

const sources = new Map<string, TokenSource>();
/** Keys whose last element left while their token was still valid: kept, with nothing running. */
const kept = new Set<string>();

/** Forgets every shared and kept source, so the next wrapper starts a new one (`src/testing.ts`). @internal */
export function resetSharedSources(): void {
  sources.clear();
  kept.clear();
}

/**
 * The source shared by every wrapper with this effective request; created on first use. A key's
 * token outlives its last element (a single-page app coming back to its route gets it with no
 * request); a kept key whose token expired is dropped here, without a timer.
 */
export function sharedSource(spec: TokenRequestSpec): TokenSource {
  const key = requestKey(spec);
  for (const keptKey of kept) {
    if (sources.get(keptKey)?.heldToken() == null) {
      kept.delete(keptKey);
      sources.delete(keptKey);
    }
  }
  kept.delete(key);
  let source = sources.get(key);
  if (!source) {
    const platform = pageConfig().shareAcrossTabs === false ? null : browserSharingPlatform();
    // Between documents: every endpoint request, and a tokenProvider only when the page names it.
    const sharedAs = spec.kind === 'endpoint' || spec.shareKey ? key : null;
    source = new TokenSource({
      spec,
      onEmpty: (empty) => {
        if (sources.get(key) !== empty) return;
        if (empty.heldToken() && !empty.fatalError) kept.add(key);
        else sources.delete(key);
      },
      ...(platform && sharedAs !== null
        ? { peers: (self) => new TabSharing(sharedAs, self, platform, () => pageConfig().requestTimeout * 1000) }
        : {}),
    });
    sources.set(key, source);
  }
  return source;
}
