/**
 * Token reuse on the host endpoint: concurrent requests for one user share one call to Toucan
 * (single flight), and a minted token is answered again while more than half of its lifetime is
 * left, so a browser that refreshes on time never gets its own token back. Tokens are kept in a
 * bounded in-memory map (least recently used first out) and, optionally, in a shared store for
 * several server instances. Keys are HMACs of the user, keyed by the API key: never ids in clear.
 *
 * @module
 */
import { TokenEndpointError } from './errors.js';
import type { MintedToken } from './generate-token.js';
import type { JsonValue, NormalizedTokenUser } from './user.js';

/**
 * A shared key–value store with expiry, shaped like an `unstorage` `Storage`
 * (`createStorage({ driver: redisDriver({ url }) })`, Cloudflare KV, Vercel KV, Upstash, Deno KV…).
 *
 * - `getItem(key)` — the stored value (a JSON string or the object it parses to), or `null`.
 * - `setItem(key, value, { ttl })` — stores `value` (a JSON string) for `ttl` **seconds**.
 */
export interface SharedTokenStore {
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: string, options: { ttl: number }): Promise<void>;
}

/**
 * The `cache` option of `createTokenHandler` (or `false` to mint a token for every request).
 *
 * - `maxEntries` — users kept in memory, least recently used out first; default 10,000; an integer ≥ 1.
 * - `store` — a {@link SharedTokenStore} shared by every server instance (tokens there are bearer
 *   credentials: see the README); none by default.
 * - `storeTimeoutMs` — time budget of each store read or write, in ms; default 50. A store that fails
 *   or exceeds it is bypassed for that request (the user still gets a token) and `onError` gets kind `cache`.
 *
 * @example
 * import { createStorage } from 'unstorage';
 * import redisDriver from 'unstorage/drivers/redis';
 * const cache: TokenCacheOptions = { store: createStorage({ driver: redisDriver({ url: process.env.REDIS_URL }) }) };
 */
export interface TokenCacheOptions {
  maxEntries?: number;
  store?: SharedTokenStore;
  storeTimeoutMs?: number;
}

/** Users kept in memory by default. */
export const DEFAULT_MAX_ENTRIES = 10_000;
/** Time budget of one shared-store read or write by default, in ms. */
export const DEFAULT_STORE_TIMEOUT_MS = 50;
/** Prefix of every key in the shared store. */
export const STORE_KEY_PREFIX = 'toucan-token:';
/** Share of its lifetime a token must still have left to be answered again. */
export const REUSE_LIFETIME_FRACTION = 0.5;
/**
 * Time a token must have left beyond half its lifetime to be answered again, in ms. A browser counts
 * a token's lifetime from just before its request (earlier than the server does) and is told the
 * seconds left rounded down, so when it refreshes at half the lifetime it was told (its lead for
 * tokens of 60 s or less), the server's copy can still have up to ~1 s more than half left. The margin
 * keeps that browser from getting its own token back (which it would count as a failed attempt).
 */
export const REUSE_MARGIN_MS = 2000;

const SECOND_MS = 1000;

/** The end of a token's reuse window, in epoch ms: half its lifetime plus the margin before it expires. */
function reuseEndsAtMs(token: MintedToken): number {
  return token.expiresAtMs - token.lifetimeMs * REUSE_LIFETIME_FRACTION - REUSE_MARGIN_MS;
}

/** A minted token is answered again while more than half of its lifetime (plus {@link REUSE_MARGIN_MS}) is left. */
export function isReusable(token: MintedToken, nowMs: number): boolean {
  return nowMs < reuseEndsAtMs(token);
}

/** JSON with object keys sorted, so `{ a, b }` and `{ b, a }` are the same user. */
function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
}

/**
 * Who a token is for: the token URL and the user (distinctId, role, attributes in any key order), as one
 * string. It names the calls in flight only (in memory, while they run); kept tokens are keyed by its HMAC.
 */
export function tokenIdentity(url: string, user: NormalizedTokenUser): string {
  return canonicalJson([url, user.distinctId, user.role, user.attributes]);
}

/**
 * The cache key of a user: hex HMAC-SHA-256, keyed by the API key, of its {@link tokenIdentity}.
 * Without the API key, a key cannot be matched to a user id.
 */
export async function tokenCacheKey(hmacKey: CryptoKey, identity: string): Promise<string> {
  const digest = await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(identity));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The HMAC key of {@link tokenCacheKey}, from the API key. */
export function importHmacKey(apiKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(apiKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** A stored entry back to a token, or `null` when it is not one (a corrupt or foreign value). */
function readStored(value: unknown): MintedToken | null {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const { token, lifetimeMs, expiresAtMs } = parsed as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || typeof lifetimeMs !== 'number' || typeof expiresAtMs !== 'number') return null;
  return { token, lifetimeMs, expiresAtMs };
}

/** The store's error name or code, never its message (which could quote a value). */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return (error as Error & { code?: unknown }).code?.toString() ?? error.name;
  return typeof error;
}

class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
}

/** Runs a store operation within `budgetMs`; a late result is dropped (and its failure ignored). */
async function withinBudget<T>(operation: () => Promise<T>, budgetMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const running = Promise.resolve().then(operation);
  running.catch(() => undefined);
  try {
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StoreTimeoutError(`over ${budgetMs} ms`)), budgetMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Single flight and reuse of minted tokens, per cache key. One instance per handler.
 *
 * @throws TypeError at creation when `maxEntries` is not an integer ≥ 1 or `storeTimeoutMs` not a number > 0.
 */
export class TokenCache {
  readonly #memory = new Map<string, MintedToken>();
  readonly #inFlight = new Map<string, Promise<MintedToken>>();
  readonly #maxEntries: number;
  readonly #store: SharedTokenStore | undefined;
  readonly #storeTimeoutMs: number;

  constructor(options: TokenCacheOptions = {}) {
    const { maxEntries = DEFAULT_MAX_ENTRIES, store, storeTimeoutMs = DEFAULT_STORE_TIMEOUT_MS } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('cache.maxEntries must be an integer ≥ 1');
    if (typeof storeTimeoutMs !== 'number' || !(storeTimeoutMs > 0))
      throw new TypeError('cache.storeTimeoutMs must be a number of ms > 0');
    if (store !== undefined && (typeof store?.getItem !== 'function' || typeof store.setItem !== 'function')) {
      throw new TypeError('cache.store must have getItem and setItem (an unstorage Storage)');
    }
    this.#maxEntries = maxEntries;
    this.#store = store;
    this.#storeTimeoutMs = storeTimeoutMs;
  }

  /**
   * A token for `identity` with more than half of its lifetime left: the one being looked up or minted
   * for the same identity (joined at once, so concurrent requests share one call to Toucan); else, under
   * `key()`, from memory; else from the shared store; else a new one from `mint()`, then kept in memory
   * and in the store (with a TTL that ends with its reuse window).
   *
   * @param identity - see {@link tokenIdentity}; never kept once the lookup ends.
   * @param key - the HMAC under which the token is kept (see {@link tokenCacheKey}).
   * @param onStoreError - told of each store failure or timeout (kind `cache`); the store is then bypassed.
   * @throws whatever `mint()` throws (every request joined to that mint gets the same failure).
   */
  token(
    identity: string,
    key: () => Promise<string>,
    mint: () => Promise<MintedToken>,
    onStoreError: (error: TokenEndpointError) => void,
  ): Promise<MintedToken> {
    let flight = this.#inFlight.get(identity);
    if (flight === undefined) {
      flight = this.#lookUpOrMint(key, mint, onStoreError).finally(() => this.#inFlight.delete(identity));
      this.#inFlight.set(identity, flight);
    }
    return flight;
  }

  async #lookUpOrMint(
    keyOf: () => Promise<string>,
    mint: () => Promise<MintedToken>,
    onStoreError: (error: TokenEndpointError) => void,
  ): Promise<MintedToken> {
    const key = await keyOf();
    const remembered = this.#memory.get(key);
    if (remembered !== undefined) {
      this.#memory.delete(key);
      if (isReusable(remembered, Date.now())) {
        this.#memory.set(key, remembered);
        return remembered;
      }
    }
    const stored = this.#store === undefined ? null : await this.#read(this.#store, key, onStoreError);
    if (stored !== null && isReusable(stored, Date.now())) {
      this.#remember(key, stored);
      return stored;
    }
    const minted = await mint();
    this.#remember(key, minted);
    if (this.#store !== undefined) await this.#write(this.#store, key, minted, onStoreError);
    return minted;
  }

  #remember(key: string, token: MintedToken): void {
    this.#memory.delete(key);
    this.#memory.set(key, token);
    if (this.#memory.size > this.#maxEntries) this.#memory.delete(this.#memory.keys().next().value!);
  }

  async #read(
    store: SharedTokenStore,
    key: string,
    onStoreError: (error: TokenEndpointError) => void,
  ): Promise<MintedToken | null> {
    try {
      return readStored(await withinBudget(() => store.getItem(STORE_KEY_PREFIX + key), this.#storeTimeoutMs));
    } catch (error) {
      onStoreError(this.#failure('read', error));
      return null;
    }
  }

  async #write(
    store: SharedTokenStore,
    key: string,
    token: MintedToken,
    onStoreError: (error: TokenEndpointError) => void,
  ): Promise<void> {
    const ttlSeconds = Math.floor((reuseEndsAtMs(token) - Date.now()) / SECOND_MS);
    if (ttlSeconds < 1) return;
    const value = JSON.stringify({ token: token.token, lifetimeMs: token.lifetimeMs, expiresAtMs: token.expiresAtMs });
    try {
      await withinBudget(() => store.setItem(STORE_KEY_PREFIX + key, value, { ttl: ttlSeconds }), this.#storeTimeoutMs);
    } catch (error) {
      onStoreError(this.#failure('write', error));
    }
  }

  #failure(operation: 'read' | 'write', error: unknown): TokenEndpointError {
    const what =
      error instanceof StoreTimeoutError
        ? `did not finish a ${operation} within ${this.#storeTimeoutMs} ms`
        : `failed a ${operation} (${describeFailure(error)})`;
    return new TokenEndpointError(
      'cache',
      `the shared token store ${what} and was bypassed: tokens are still served, minted without it; check the store's connection and latency.`,
      { cause: error },
    );
  }
}
