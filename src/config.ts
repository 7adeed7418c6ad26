/** Page-wide defaults set with `configure()` (CONTRACT §2). */

/** Extra request settings merged into every token request (§2). */
export interface TokenRequestInit {
  /** Sent with every request, the first and every refresh. */
  headers?: HeadersInit;
  /** Sent as JSON with `POST`; a `GET` sends no body. */
  body?: unknown;
  /** Overrides `token-credentials`. */
  credentials?: RequestCredentials;
}

/** Options of {@link configure}. Every field is optional; unset fields keep their defaults. */
export interface ToucanConfig {
  /** Token endpoint for wrappers without `token-endpoint`. */
  tokenEndpoint?: string;
  /** `GET` (default) or `POST`. */
  tokenMethod?: 'GET' | 'POST';
  /** Fetch credentials mode, default `same-origin`. */
  tokenCredentials?: RequestCredentials;
  /** Merged into every token request. */
  tokenRequest?: TokenRequestInit;
  /** Vendor script URL, default `https://toucanai.cloud/embed/embed.js`; `''` loads nothing. */
  embedSrc?: string;
  /** Origins besides `https://toucanai.cloud` and the page's own from which `embed-src` may load (§8). */
  allowedEmbedOrigins?: string[];
  /** CSP nonce for the vendor `<script>`; default: the nonce of the first `<script nonce>` (§8). */
  nonce?: string;
  /** Timeout of one token request attempt in seconds, default 10 (§5). */
  requestTimeout?: number;
  /** Lifetime in seconds of a token whose answer tells none, default 300 (§4). */
  defaultTtl?: number;
  /**
   * Share tokens with the other tabs, windows and same-origin iframes of this origin (one request per
   * token key among them). Default `true`; needs `BroadcastChannel`, Web Locks and a secure context.
   */
  shareAcrossTabs?: boolean;
}

/** Vendor script loaded when neither `embed-src` nor `configure({ embedSrc })` says otherwise. */
export const DEFAULT_EMBED_SRC = 'https://toucanai.cloud/embed/embed.js';
/** Origin the vendor script is always allowed from (§8). */
export const TOUCAN_ORIGIN = 'https://toucanai.cloud';

const DEFAULTS = {
  tokenMethod: 'GET',
  tokenCredentials: 'same-origin',
  embedSrc: DEFAULT_EMBED_SRC,
  allowedEmbedOrigins: [] as string[],
  requestTimeout: 10,
  defaultTtl: 300,
  shareAcrossTabs: true as boolean,
} as const satisfies ToucanConfig;

let current: ToucanConfig = { ...DEFAULTS };

/**
 * Sets page-wide defaults for every wrapper whose work has not started yet — including wrappers
 * already in the document when `configure()` runs in the same task as the import (wrappers
 * start their work in a microtask after connecting). Later calls merge into earlier ones.
 *
 * @example
 * import { configure } from 'toucan-embed-loader';
 * configure({ tokenEndpoint: '/api/toucan-token', requestTimeout: 5 });
 */
export function configure(options: ToucanConfig): void {
  current = { ...current, ...options };
}

/** The defaults in force now, with every default filled in. */
export function pageConfig(): ToucanConfig & typeof DEFAULTS {
  return current as ToucanConfig & typeof DEFAULTS;
}

/** Restores the built-in defaults (for tests). @internal */
export function resetConfig(): void {
  current = { ...DEFAULTS };
}
