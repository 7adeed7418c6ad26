/** Page-wide defaults set with `configure()`, shared by every copy of the package on the page. */

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

/** A change of the page-wide slot, told to every copy of the package on the page. */
export type PageChange = { type: 'configure'; options: ToucanConfig } | { type: 'copy'; version: string };

/**
 * The one place every copy of the package on the page shares (the script-tag build next to an npm
 * build, or two versions): a `globalThis` slot under `Symbol.for('toucan-embed-loader')`. Its shape
 * is part of the package's compatibility: later versions may add fields, never change these.
 */
interface PageSlot {
  /** Options passed to `configure()` by any copy, merged; defaults are not stored. */
  config: ToucanConfig;
  /** Called after each `configure()` and each copy that loads. */
  listeners: Set<(change: PageChange) => void>;
  /** Versions of the copies loaded on the page, in load order. */
  copies: string[];
}

const SLOT_KEY = Symbol.for('toucan-embed-loader');

/** The slot shared by every copy on the page, created by the first one. @internal */
export function pageSlot(): PageSlot {
  const global = globalThis as { [SLOT_KEY]?: PageSlot };
  return (global[SLOT_KEY] ??= { config: {}, listeners: new Set(), copies: [] });
}

function tell(change: PageChange): void {
  for (const listener of [...pageSlot().listeners]) listener(change);
}

/**
 * Sets page-wide defaults for every wrapper whose work has not started yet — including wrappers
 * already in the document when `configure()` runs in the same task as the import (wrappers
 * start their work in a microtask after connecting). Later calls merge into earlier ones.
 * The settings are shared by every copy of the package on the page. A wrapper stopped by a
 * `config` error (no endpoint, an `embed-src` origin not allowed yet) starts over when a later
 * call supplies what it lacked.
 *
 * @example
 * import { configure } from 'toucan-embed-loader';
 * configure({ tokenEndpoint: '/api/toucan-token', requestTimeout: 5 });
 */
export function configure(options: ToucanConfig): void {
  const slot = pageSlot();
  slot.config = { ...slot.config, ...options };
  tell({ type: 'configure', options });
}

type PageConfig = Readonly<ToucanConfig & typeof DEFAULTS>;
/** The last merge, and the slot's `config` it was made from (every copy replaces that object, never changes it). */
let merged: { from: ToucanConfig; config: PageConfig } | null = null;

/**
 * The defaults in force now, with every default filled in. Read-only: merged once per `configure()`,
 * not once per call (each wrapper reads it several times as it starts).
 */
export function pageConfig(): PageConfig {
  const from = pageSlot().config;
  if (merged?.from !== from) merged = { from, config: { ...DEFAULTS, ...from } as PageConfig };
  return merged.config;
}

/** Calls `listener` after each `configure()` and each copy of the package that loads, until the returned function is called. */
export function onPageChange(listener: (change: PageChange) => void): () => void {
  pageSlot().listeners.add(listener);
  return () => pageSlot().listeners.delete(listener);
}

/** Records a copy of the package loading on the page. @internal */
export function registerCopy(version: string): void {
  pageSlot().copies.push(version);
  tell({ type: 'copy', version });
}

/** Restores the built-in defaults (for tests). @internal */
export function resetConfig(): void {
  pageSlot().config = {};
}
