/**
 * The vendor element (`<tc-dashboard>`, `<tc-ai-assistant>`) of one wrapper (docs/behaviour.md §7):
 * created when the first token arrives, appended as the wrapper's light-DOM child with the
 * forwarded attributes and the token; later tokens update its token attribute, or replace it in
 * `remount` mode. While forwarding is on, attribute changes and removals on the wrapper follow.
 *
 * It never holds the token together with a refused `server-url` or under a refused token
 * attribute (§9): the settings are checked before every injection, and a change of `server-url`
 * is checked before it is forwarded; a refusal removes the vendor element and its token.
 */
import { allowedUrl } from './allowed-origins.js';
import { ToucanError } from './errors.js';
import { copyForwarded, isForwarded, ownAttributes, STATE_ATTRIBUTE } from './forwarding.js';

/** What the vendor element needs from its wrapper. */
export interface VendorHost extends HTMLElement {
  readonly embedTag: string;
  /** `null` or `undefined` (the attribute removed) means `auth-token`. */
  tokenAttribute: string | null | undefined;
  refreshMode: string;
}

/**
 * A token attribute that is safe (§9): a plain name — a letter, then letters, digits, `-`, `_`,
 * `.` (so no namespaced `xlink:href`) — that is not an `on…` event handler, not `style` and not an
 * attribute whose value the browser loads, navigates to or sends.
 */
const PLAIN_ATTRIBUTE =
  /^(?!on|(style|src|srcset|srcdoc|href|action|formaction|data|poster|background|ping|codebase|cite|manifest|xmlns)$)[a-z][\w.-]*$/;

/**
 * The wrapper's token attribute, lower-cased, default `auth-token`.
 *
 * @throws ToucanError fatal `config` naming the attribute when it is not plain (§9).
 */
export function tokenAttributeOf(host: Pick<VendorHost, 'tokenAttribute'>): string {
  const name = (host.tokenAttribute ?? 'auth-token').toLowerCase();
  if (!PLAIN_ATTRIBUTE.test(name)) throw new ToucanError('config', `token-attribute "${name}" not allowed.`, { fatal: true });
  return name;
}

/** The own attributes of each wrapper class, computed once per class. */
const ownAttributesByClass = new WeakMap<object, ReadonlySet<string>>();

/**
 * One `MutationObserver` for every wrapper on the page, so that a refresh, which flips the `state`
 * attribute of every wrapper of a token twice, makes one callback rather than one per wrapper.
 * `MutationObserver` cannot stop observing one node: a wrapper that stops forwarding is dropped
 * from `forwarders` (its records are ignored) and the observer is disconnected from every node
 * once no wrapper forwards.
 */
const forwarders = new WeakMap<Node, (attributeName: string) => void>();
let forwarding = 0;
let observer: MutationObserver | null = null;

function forwardRecords(records: MutationRecord[]): void {
  for (const { target, attributeName } of records) {
    // The wrapper's own state writes are most of the records, and never forwarded.
    if (attributeName && attributeName !== STATE_ATTRIBUTE) forwarders.get(target)?.(attributeName);
  }
}

export class VendorElement {
  #element: HTMLElement | null = null;

  /**
   * @param serverUrlChanged called when the wrapper's `server-url` changed, before the change is
   *   forwarded; it runs {@link check}, which removes the vendor element when it refuses.
   */
  constructor(
    private readonly host: VendorHost,
    private readonly serverUrlChanged: () => void,
  ) {}

  /** The wrapper's own attributes, from its class's declared properties (read once the class is defined). */
  get #ownAttributes(): ReadonlySet<string> {
    const elementClass = this.host.constructor as { observedAttributes?: string[] };
    let own = ownAttributesByClass.get(elementClass);
    if (!own) ownAttributesByClass.set(elementClass, (own = ownAttributes(elementClass.observedAttributes ?? [])));
    return own;
  }

  /** The vendor element, or `null` before the first token. */
  get element(): HTMLElement | null {
    return this.#element;
  }

  /**
   * Checks the token attribute and the wrapper's `server-url` against the allowed origins (§9).
   *
   * @returns the token attribute, lower-cased.
   * @throws ToucanError fatal `config` naming the refused attribute or origin, after removing the
   *   vendor element and the token it held.
   */
  check(): string {
    try {
      const attribute = tokenAttributeOf(this.host);
      const serverUrl = this.host.getAttribute('server-url');
      if (serverUrl !== null) allowedUrl(serverUrl, 'server-url');
      return attribute;
    } catch (error) {
      if (this.#element?.parentNode === this.host) this.#element.remove();
      this.#element = null;
      throw error;
    }
  }

  /**
   * Puts `token` in the vendor element, creating (or, in `remount` mode, replacing) it.
   *
   * @throws ToucanError fatal `config` when {@link check} refuses; the token then reaches no element.
   */
  inject(token: string): void {
    const attribute = this.check();
    if (this.#element && this.host.refreshMode !== 'remount') {
      this.#element.setAttribute(attribute, token);
      return;
    }
    const element = document.createElement(this.host.embedTag);
    copyForwarded(this.host, element, attribute, this.#ownAttributes);
    element.setAttribute(attribute, token);
    if (this.#element?.parentNode === this.host) this.#element.replaceWith(element);
    else this.host.append(element);
    this.#element = element;
  }

  /** Starts following the wrapper's attribute changes (while connected). */
  startForwarding(): void {
    if (forwarders.has(this.host)) return;
    forwarders.set(this.host, (name) => this.#forward(name));
    forwarding += 1;
    (observer ??= new MutationObserver(forwardRecords)).observe(this.host, { attributes: true });
  }

  stopForwarding(): void {
    if (!forwarders.delete(this.host)) return;
    forwarding -= 1;
    if (forwarding === 0) observer?.disconnect();
  }

  /** The wrapper's attribute `name` changed or was removed: a new `server-url` is checked first (§9), then it follows. */
  #forward(name: string): void {
    if (name === 'server-url') this.serverUrlChanged();
    const element = this.#element;
    if (!element || !isForwarded(name, this.host.tokenAttribute ?? 'auth-token', this.#ownAttributes)) return;
    const value = this.host.getAttribute(name);
    if (value === null) element.removeAttribute(name);
    else element.setAttribute(name, value);
  }
}
