/**
 * Loading the vendor script (docs/behaviour.md §8): one `<script type="module">` per URL per document,
 * from allowed origins only, with the page's nonce, optional Subresource Integrity, and a
 * Trusted Types policy named `toucan-embed-loader` where the page enforces Trusted Types.
 */
import { allowedUrl } from './allowed-origins.js';
import { pageConfig } from './config.js';
import { ToucanError } from './errors.js';

/** How long the vendor tag may stay undefined after its script started loading (§8). */
export const EMBED_DEFINE_TIMEOUT_MS = 20_000;

/** A script load under way or done, shared by every wrapper using the URL. */
export interface EmbedScriptLoad {
  /**
   * Rejects with a fatal `embed-load` error when the script fails to load, or when a tag awaited
   * from it is still undefined 20 s after loading started. Never resolves.
   */
  readonly failed: Promise<never>;
  /** The error `failed` rejected with, once it has: a wrapper that comes later learns it at once. */
  readonly error: ToucanError | null;
  /** Waits for `tag` from this script: the deadline runs until every awaited tag is defined. */
  await(tag: string): void;
}

const loads = new Map<string, EmbedScriptLoad>();

/** Forgets the scripts this module added, so a URL loads again (`src/testing.ts`). @internal */
export function resetEmbedScripts(): void {
  loads.clear();
}

/**
 * Resolves `src` against `document.baseURI` and checks its origin against the allowed ones (§8):
 * nothing is requested from any other origin, so injected HTML cannot turn a wrapper into a
 * script loader.
 *
 * @throws ToucanError fatal `config` for any other origin or a URL that is not http(s).
 */
export function allowedEmbedUrl(src: string): URL {
  return allowedUrl(src, 'embed-src');
}

/**
 * Starts loading `url` once per document: returns the existing load when this module already
 * added the script, or watches a `<script>` with that `src` that the page added itself.
 */
export function loadEmbedScript(url: URL, integrity: string | null): EmbedScriptLoad {
  const existing = loads.get(url.href);
  if (existing) return existing;
  let script = [...document.querySelectorAll('script')].find((candidate) => candidate.src === url.href);
  if (!script) {
    script = document.createElement('script');
    script.type = 'module';
    const nonce = pageConfig().nonce ?? document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
    if (nonce) script.nonce = nonce;
    if (integrity) {
      script.integrity = integrity;
      script.crossOrigin = 'anonymous';
    }
    script.src = trustedScriptUrl(url.href) as string;
    document.head.append(script);
  }
  const load = watchScript(script, url);
  loads.set(url.href, load);
  return load;
}

/**
 * The deadline and the `error` listener of one script URL. The deadline starts with the first
 * awaited tag and is cleared once every awaited tag is defined; the listener goes with it. A tag
 * awaited later, when the others were defined, gets a deadline of its own from then.
 */
function watchScript(script: HTMLScriptElement, url: URL): EmbedScriptLoad {
  const pending = new Set<string>();
  const name = url.origin + url.pathname; // never the query string: it may carry a key
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let reject!: (error: ToucanError) => void;
  const failed = new Promise<never>((_, rejectFailed) => (reject = rejectFailed));
  failed.catch(() => {}); // observed by each wrapper that waits; never an unhandled rejection
  const load = {
    failed,
    error: null as ToucanError | null,
    await(tag: string): void {
      if (load.error || pending.has(tag) || customElements.get(tag)) return;
      if (pending.size === 0) {
        script.addEventListener('error', onError);
        deadline = setTimeout(() => fail(`${name} defined no element within 20 s.`), EMBED_DEFINE_TIMEOUT_MS);
      }
      pending.add(tag);
      void customElements.whenDefined(tag).then(() => {
        pending.delete(tag);
        if (pending.size === 0) stopWatching();
      });
    },
  };
  const stopWatching = () => {
    clearTimeout(deadline);
    script.removeEventListener('error', onError);
  };
  const fail = (message: string) => {
    if (load.error) return;
    stopWatching();
    load.error = new ToucanError('embed-load', message, { fatal: true });
    reject(load.error);
  };
  const onError = () => fail(`Embed script failed to load: ${name}`);
  return load;
}

/**
 * Resolves once `tag` is defined; rejects with the fatal `embed-load` error of `load` when the
 * script fails or the tag is still undefined 20 s after loading started. Without `load` (empty
 * `embed-src`) it waits for the page to define the tag, with no deadline.
 */
export function whenEmbedDefined(tag: string, load: EmbedScriptLoad | null): Promise<unknown> {
  if (!load) return customElements.whenDefined(tag);
  load.await(tag);
  // One wait per script and tag, however many wrappers wait (hundreds on a page of many embeds).
  let waits = waitsByLoad.get(load);
  if (!waits) waitsByLoad.set(load, (waits = new Map()));
  let wait = waits.get(tag);
  if (!wait) {
    wait = Promise.race([customElements.whenDefined(tag), load.failed]);
    wait.catch(() => {}); // each waiting wrapper handles the failure; none may be left to
    waits.set(tag, wait);
  }
  return wait;
}

const waitsByLoad = new WeakMap<EmbedScriptLoad, Map<string, Promise<unknown>>>();

interface TrustedTypePolicyLike {
  createScriptURL(url: string): unknown;
}
let policy: TrustedTypePolicyLike | null | undefined;

/** The URL as a TrustedScriptURL where Trusted Types exist (§8), else as is. */
function trustedScriptUrl(href: string): unknown {
  const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): TrustedTypePolicyLike } })
    .trustedTypes;
  if (!factory) return href;
  if (policy === undefined) {
    try {
      policy = factory.createPolicy('toucan-embed-loader', { createScriptURL: (url: string) => url });
    } catch {
      policy = null; // name refused or already taken by another copy: fall back to the string
    }
  }
  return policy ? policy.createScriptURL(href) : href;
}
