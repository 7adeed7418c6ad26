/**
 * Loading the vendor script (CONTRACT §8): one `<script type="module">` per URL per document,
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
   * Rejects with a fatal `embed-load` error when the script fails to load, or once 20 s have
   * passed since loading started (a wrapper whose tag is defined by then has stopped listening).
   * Never resolves.
   */
  readonly failed: Promise<never>;
}

const loads = new Map<string, EmbedScriptLoad>();

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
  const target = script;
  const failed = new Promise<never>((_, reject) => {
    target.addEventListener('error', () => reject(new ToucanError('embed-load', `Embed script failed to load: ${url.href}`, { fatal: true })), {
      once: true,
    });
    // One timer per script URL, like the script itself: it runs once, 20 s after loading started.
    setTimeout(() => reject(new ToucanError('embed-load', 'Embed script defined no element within 20 s.', { fatal: true })), EMBED_DEFINE_TIMEOUT_MS);
  });
  failed.catch(() => {}); // observed by each wrapper that waits; never an unhandled rejection
  const load = { failed };
  loads.set(url.href, load);
  return load;
}

/**
 * Resolves once `tag` is defined; rejects with the fatal `embed-load` error of `load` when the
 * script fails or the tag is still undefined 20 s after loading started. Without `load` (empty
 * `embed-src`) it waits for the page to define the tag, with no deadline.
 */
export async function whenEmbedDefined(tag: string, load: EmbedScriptLoad | null): Promise<void> {
  await Promise.race([customElements.whenDefined(tag), ...(load ? [load.failed] : [])]);
}

interface TrustedTypePolicyLike {
  createScriptURL(url: string): unknown;
}
let policy: TrustedTypePolicyLike | null | undefined;

/** The URL as a TrustedScriptURL where Trusted Types exist (§8), else as is. */
function trustedScriptUrl(href: string): unknown {
  const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): TrustedTypePolicyLike } }).trustedTypes;
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
