/**
 * Development diagnostics: console warnings with a hint for the mistakes of a first hour with the
 * package. Loaded only by the development entries (`development` export condition, which Vite,
 * webpack and Node with `--conditions=development` pick in development), so a production build
 * carries none of it and prints nothing.
 *
 * Each warning is printed once per wrapper and kind. Everything is read from the outside — the
 * wrappers' `toucan-error` and `toucan-statechange` events, their attributes and size, and the
 * page-wide slot that `configure()` writes — so the elements carry no development code.
 */
import { onPageChange, pageConfig, pageSlot, type PageChange } from './config.js';
import type { ToucanErrorEvent, ToucanStateChangeEvent } from './events.js';
import type { ToucanEmbedElement } from './toucan-embed-element.js';

const PREFIX = 'toucan-embed-loader:';

/** Hints added to the `error` state's warning, by failure kind. */
const ERROR_HINTS: Partial<Record<string, string>> = {
  config: 'Fix the setting named above; a later configure() that supplies it starts the wrapper again.',
  unauthorized:
    "The endpoint refused the user or sent them to a sign-in page: handle toucan-error with kind 'unauthorized' (e.g. location.assign('/login')).",
  http: 'The endpoint answered an HTTP error that is not retried: check its route and method (token-method).',
  'embed-load':
    "The vendor script failed or defined no element: check embed-src, the network tab and the page's Content-Security-Policy (script-src).",
  response: 'The endpoint answered 2xx without a usable token: answer JSON { "token": "…", "expiresIn": 3600 } or text/plain.',
  network: 'The endpoint could not be reached: check the URL, and CORS headers if it is on another origin.',
  timeout: 'The endpoint took longer than requestTimeout (10 s by default).',
};

type Wrapper = ToucanEmbedElement;

const warned = new WeakMap<Element, Set<string>>();
const lastError = new WeakMap<Element, ToucanErrorEvent>();
const started = new Set<Wrapper>();

/** Prints `message` once per wrapper (or once per page for `null`) and `kind`. */
function warnOnce(wrapper: Element | null, kind: string, message: string): void {
  const key = wrapper ?? document.documentElement;
  let kinds = warned.get(key);
  if (!kinds) warned.set(key, (kinds = new Set()));
  if (kinds.has(kind)) return;
  kinds.add(kind);
  if (wrapper) console.warn(`${PREFIX} <${wrapper.localName}> ${message}`, wrapper);
  else console.warn(`${PREFIX} ${message}`);
}

/** The wrapper an event of the package came from (its first target, even through shadow roots). */
function wrapperOf(event: Event): Wrapper | null {
  const target = event.composedPath()[0];
  return target instanceof HTMLElement && 'embedTag' in target ? (target as Wrapper) : null;
}

/** `true` when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours. */
export function oneEditAway(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start += 1;
  const restA = a.slice(start);
  const restB = b.slice(start);
  return (
    restA.slice(1) === restB.slice(1) || // substitution
    restA.slice(1) === restB || // deletion from a
    restA === restB.slice(1) || // insertion into a
    (restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)) // swap
  );
}

/** Own attributes of a wrapper class: those its properties observe, and the reflected `state`. */
function ownAttributes(wrapper: Wrapper): string[] {
  const observed = (wrapper.constructor as unknown as { observedAttributes?: string[] }).observedAttributes ?? [];
  return [...observed, 'state'];
}

function checkAttributeNames(wrapper: Wrapper): void {
  const own = ownAttributes(wrapper);
  for (const { name } of [...wrapper.attributes]) {
    if (own.includes(name)) continue;
    const meant = own.find((candidate) => oneEditAway(name, candidate));
    if (meant) {
      warnOnce(
        wrapper,
        `attribute:${name}`,
        `has the attribute "${name}": did you mean "${meant}"? Unknown attributes are forwarded to <${wrapper.embedTag}> as they are.`,
      );
    }
  }
}

function checkHeight(wrapper: Wrapper): void {
  // After layout: the vendor element was appended in this task.
  requestAnimationFrame(() => {
    if (!wrapper.isConnected || wrapper.state !== 'ready' || wrapper.getBoundingClientRect().height > 0) return;
    warnOnce(
      wrapper,
      'height',
      'is ready but 0 px high, so the embed is invisible: give it a height (style="height: 600px") or place it in a container with one.',
    );
  });
}

/** A cross-origin endpoint that refused, or could not be read, while no cookies were sent. */
function checkCrossOrigin(wrapper: Wrapper, event: ToucanErrorEvent): void {
  if (wrapper.tokenProvider || !(event.status === 401 || event.kind === 'network')) return;
  const page = pageConfig();
  const endpoint = wrapper.tokenEndpoint || page.tokenEndpoint;
  if (!endpoint) return;
  let url: URL;
  try {
    url = new URL(endpoint, document.baseURI);
  } catch {
    return;
  }
  if (url.origin === location.origin) return;
  const credentials =
    wrapper.tokenRequest?.credentials ?? wrapper.tokenCredentials ?? page.tokenRequest?.credentials ?? page.tokenCredentials;
  const cors =
    `have ${url.origin} answer (also to the preflight OPTIONS request when headers are sent) ` +
    `Access-Control-Allow-Origin: ${location.origin} (this exact origin, not *) and Access-Control-Allow-Credentials: true.`;
  const answered = event.status === 401 ? 'answered 401' : 'could not be read (status 0: no CORS headers?)';
  if (credentials === 'same-origin') {
    warnOnce(
      wrapper,
      'cross-origin',
      `token-endpoint ${url.origin}${url.pathname} is on another origin and ${answered} while token-credentials is ` +
        `"same-origin", so the user's cookies were not sent. Set token-credentials="include" and ${cors}`,
    );
  } else if (event.kind === 'network') {
    warnOnce(wrapper, 'cross-origin', `token-endpoint ${url.origin}${url.pathname} ${answered}: ${cors}`);
  }
}

function onError(event: Event): void {
  const wrapper = wrapperOf(event);
  if (!wrapper) return;
  lastError.set(wrapper, event as ToucanErrorEvent);
  checkCrossOrigin(wrapper, event as ToucanErrorEvent);
}

function onStateChange(event: Event): void {
  const wrapper = wrapperOf(event);
  if (!wrapper) return;
  const { state, previous } = event as ToucanStateChangeEvent;
  if (previous === 'idle') {
    started.add(wrapper);
    checkAttributeNames(wrapper);
  }
  if (state === 'idle') started.delete(wrapper);
  if (state === 'ready') checkHeight(wrapper);
  if (state === 'error') {
    const error = lastError.get(wrapper);
    if (!error) return;
    const hint = ERROR_HINTS[error.kind];
    warnOnce(wrapper, `error:${error.kind}`, `is in state "error" (${error.kind}): ${error.message}${hint ? ` ${hint}` : ''}`);
  }
}

function onPageChanged(change: PageChange): void {
  if (change.type === 'copy') {
    checkCopies();
    return;
  }
  for (const wrapper of started) {
    // A wrapper removed from the document says `idle` where this listener cannot hear it.
    if (!wrapper.isConnected) {
      started.delete(wrapper);
      continue;
    }
    // A wrapper stopped by a config error starts over with this call; the others keep their settings.
    if (wrapper.state === 'error' && lastError.get(wrapper)?.kind === 'config') continue;
    warnOnce(
      wrapper,
      'late-configure',
      'started before this configure() call and keeps the settings it started with. Call configure() before the ' +
        'wrappers are connected: in the same task as the import, or in a module script before them.',
    );
  }
}

function checkCopies(): void {
  const { copies } = pageSlot();
  if (copies.length < 2) return;
  warnOnce(
    null,
    'copies',
    `${copies.length} copies of the package are loaded on this page (versions ${copies.join(', ')}). The first one's ` +
      'elements serve the page and every copy shares configure(), but each copy costs its download: load the package ' +
      'once (a script tag or an npm import, one version in the bundle).',
  );
}

const INSTALLED = Symbol.for('toucan-embed-loader.diagnostics');

/** Starts the diagnostics, once per page however many development copies load. No DOM: nothing. */
export function installDiagnostics(): void {
  if (typeof document === 'undefined') return;
  const slot = pageSlot() as ReturnType<typeof pageSlot> & { [INSTALLED]?: boolean };
  if (slot[INSTALLED]) return;
  slot[INSTALLED] = true;
  document.addEventListener('toucan-error', onError, true);
  document.addEventListener('toucan-statechange', onStateChange, true);
  onPageChange(onPageChanged);
  checkCopies();
}
