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
import { copyForwarded, isForwarded, ownAttributes } from './forwarding.js';

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

export class VendorElement {
  #element: HTMLElement | null = null;
  #observer = new MutationObserver((records) => this.#forward(records));

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
    this.#observer.observe(this.host, { attributes: true });
  }

  stopForwarding(): void {
    this.#observer.disconnect();
  }

  #forward(records: MutationRecord[]): void {
    if (records.some((record) => record.attributeName === 'server-url')) this.serverUrlChanged();
    const element = this.#element;
    if (!element) return;
    for (const { attributeName: name } of records) {
      if (!name || !isForwarded(name, this.host.tokenAttribute ?? 'auth-token', this.#ownAttributes)) continue;
      const value = this.host.getAttribute(name);
      if (value === null) element.removeAttribute(name);
      else element.setAttribute(name, value);
    }
  }
}
