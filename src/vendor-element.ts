/**
 * The vendor element (`<tc-dashboard>`, `<tc-ai-assistant>`) of one wrapper (CONTRACT §7):
 * created when the first token arrives, appended as the wrapper's light-DOM child with the
 * forwarded attributes and the token; later tokens update its token attribute, or replace it in
 * `remount` mode. While forwarding is on, attribute changes and removals on the wrapper follow.
 */
import { copyForwarded, isForwarded, ownAttributes } from './forwarding.js';

/** What the vendor element needs from its wrapper. */
export interface VendorHost extends HTMLElement {
  readonly embedTag: string;
  tokenAttribute: string;
  refreshMode: string;
}

export class VendorElement {
  #element: HTMLElement | null = null;
  #observer = new MutationObserver((records) => this.#forward(records));
  #own: ReadonlySet<string> | null = null;

  constructor(private readonly host: VendorHost) {}

  /** The wrapper's own attributes, from its class's declared properties (read once the class is defined). */
  get #ownAttributes(): ReadonlySet<string> {
    const elementClass = this.host.constructor as { observedAttributes?: string[] };
    return (this.#own ??= ownAttributes(elementClass.observedAttributes ?? []));
  }

  /** The vendor element, or `null` before the first token. */
  get element(): HTMLElement | null {
    return this.#element;
  }

  /** Puts `token` in the vendor element, creating (or, in `remount` mode, replacing) it. */
  inject(token: string): void {
    const attribute = this.host.tokenAttribute;
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
    const element = this.#element;
    if (!element) return;
    for (const { attributeName: name } of records) {
      if (!name || !isForwarded(name, this.host.tokenAttribute, this.#ownAttributes)) continue;
      const value = this.host.getAttribute(name);
      if (value === null) element.removeAttribute(name);
      else element.setAttribute(name, value);
    }
  }
}
