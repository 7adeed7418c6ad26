/**
 * The origins a wrapper trusts (docs/behaviour.md §8, §9): `https://toucanai.cloud`, the page's own origin
 * and `configure({ allowedEmbedOrigins })`. The vendor script loads only from them, and the vendor
 * element, which calls its `server-url` with the token, may only be pointed at them: markup
 * injected into the page cannot turn a wrapper into a script loader or send the token elsewhere.
 */
import { TOUCAN_ORIGIN, pageConfig } from './config.js';
import { ToucanError } from './errors.js';

/**
 * Resolves `value` (the value of `attribute`) against `document.baseURI`, as the browser and the
 * vendor element do, and checks that it is an `http(s)` URL on an allowed origin. Relative URLs
 * resolve to the page's origin (or to a `<base href>`'s); `//host` URLs take the page's scheme;
 * schemes and hosts compare case-insensitively; a port is part of the origin.
 *
 * @throws ToucanError fatal `config` naming the refused origin (or scheme), or when `value` is
 *   not a URL.
 */
export function allowedUrl(value: string, attribute: string): URL {
  // Once per URL, page settings and base URL, however many wrappers check it, however often.
  const config = pageConfig();
  const baseURI = document.baseURI;
  if (allowed.config !== config || allowed.baseURI !== baseURI) allowed = { config, baseURI, urls: new Map() };
  const key = `${attribute} ${value}`;
  let url = allowed.urls.get(key);
  if (!url) {
    url = checkUrl(value, attribute);
    if (allowed.urls.size > 99) allowed.urls.clear();
    allowed.urls.set(key, url);
  }
  return url;
}

/**
 * URLs already allowed, by attribute and value, for one `pageConfig()` (a new one after each
 * `configure()`) and base URL. Refusals are checked each time.
 */
let allowed: { config: object | null; baseURI: string; urls: Map<string, URL> } = { config: null, baseURI: '', urls: new Map() };

function checkUrl(value: string, attribute: string): URL {
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    throw new ToucanError('config', `${attribute} is not a valid URL.`, { fatal: true });
  }
  const allowed = new Set([TOUCAN_ORIGIN, window.location.origin]);
  for (const origin of pageConfig().allowedEmbedOrigins) {
    try {
      allowed.add(new URL(origin).origin);
    } catch {
      // an unreadable entry allows nothing
    }
  }
  if (!/^https?:$/.test(url.protocol) || !allowed.has(url.origin)) {
    const refused = url.origin === 'null' ? url.protocol : url.origin;
    throw new ToucanError('config', `${attribute} origin ${refused} not allowed (configure allowedEmbedOrigins).`, {
      fatal: true,
    });
  }
  return url;
}
