import { ReactiveElement, css, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import type { TokenRequestInit } from './config.js';
import { EmbedController } from './embed-controller.js';
import type { ToucanState } from './events.js';
import type { TokenProvider } from './token-request.js';
import { VERSION } from './version.js';

/**
 * The shadow tree of every wrapper: the `loading` slot, the default slot, the `error` slot, both named
 * ones hidden. Made once with DOM calls (no HTML parsing, nothing for Trusted Types to refuse) and
 * cloned for each wrapper, cheaper than creating three slots each time.
 */
let slotsTemplate: HTMLTemplateElement | undefined;
function createSlotsTemplate(): HTMLTemplateElement {
  const template = document.createElement('template');
  for (const name of ['loading', '', 'error']) {
    const slot = document.createElement('slot');
    if (name) {
      slot.name = name;
      slot.hidden = true;
    }
    template.content.append(slot);
  }
  return template;
}

/** Registries `define()` accepts: the global one or a scoped one. */
export interface ElementRegistry {
  get(name: string): CustomElementConstructor | undefined;
  define(name: string, constructor: CustomElementConstructor): void;
}

/**
 * Shared base of the Toucan AI wrappers (docs/behaviour.md §1). A subclass names the vendor tag in
 * `static embedTag`. The wrapper fetches a token from the host backend, loads the vendor script
 * once per page, creates the vendor element with the token in its light DOM, and refreshes the
 * token before it expires for as long as it is connected.
 *
 * @summary Production-safe Toucan AI embed: token fetch, vendor script load, refresh, retries.
 *
 * @slot - The vendor element, created when the first token arrives.
 * @slot loading - Shown while `state` is `loading`.
 * @slot error - Shown while `state` is `error` or `expired`.
 *
 * @event {ToucanTokenEvent} toucan-token - After each new token is injected: `expiresAt`, `lifetime`, `reason`, `via` (`request`, `cache` or `tab`).
 * @event {ToucanErrorEvent} toucan-error - After every failed attempt and on expiry: `kind`, `status`, `attempt`, `fatal`, `retryAt`, `message`.
 * @event {ToucanStateChangeEvent} toucan-statechange - When `state` changes: `state`, `previous`.
 *
 * @attr {'idle' | 'loading' | 'ready' | 'refreshing' | 'expired' | 'error'} state - Reflected and read-only, for CSS: the wrapper's `state`.
 *
 * @cssproperty [--toucan-embed-min-height=0] - Minimum height of the vendor element.
 */
export class ToucanEmbedElement extends ReactiveElement {
  /** Tag of the vendor element this wrapper creates, e.g. `tc-dashboard`. A subclass sets it. */
  static embedTag = '';

  /** Version of the package that defined this class (to detect two copies on one page). */
  static readonly version = VERSION;

  /**
   * The wrapper's settings; those with an attribute are its own attributes, never forwarded to the
   * vendor element. A subclass may declare more (Lit merges them with these).
   */
  static override properties: PropertyDeclarations = {
    tokenEndpoint: { attribute: 'token-endpoint' },
    tokenMethod: { attribute: 'token-method' },
    tokenCredentials: { attribute: 'token-credentials' },
    refreshLead: { attribute: 'refresh-lead', type: Number },
    embedSrc: { attribute: 'embed-src' },
    embedIntegrity: { attribute: 'embed-integrity' },
    tokenAttribute: { attribute: 'token-attribute' },
    refreshMode: { attribute: 'refresh-mode' },
    tokenShareKey: { attribute: 'token-share-key' },
    tokenProvider: { attribute: false },
    tokenRequest: { attribute: false },
  };

  // The vendor element fills the wrapper (whose height is the page's to set). The named slots
  // follow the state through their `hidden` attribute, set only when what shows changes: a rule on
  // `:host([state=…])` would restyle every wrapper's shadow tree at each refresh, when `ready` and
  // `refreshing` alternate and nothing shown changes.
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
    }
    ::slotted(:not([slot])) {
      display: block;
      flex: 1 1 auto;
      width: 100%;
      min-height: var(--toucan-embed-min-height, 0);
    }
    slot[hidden] {
      display: none;
    }
  `;

  /**
   * Registers this class as `tag` in `registry` (default: the global `customElements`; pass a
   * scoped registry to keep the page's free). Does nothing when `tag` is already defined (double
   * import, hot reload) or when there is no DOM (server-side rendering). Other registration errors
   * (an invalid tag name) are thrown. The package's own tags are registered by importing
   * `toucan-embed-loader`, from the tag map in `wrappers.ts`.
   *
   * @example ToucanDashboardElement.define('acme-dashboard');
   */
  static define(tag: string, registry: ElementRegistry | undefined = globalThis.customElements): void {
    // No DOM (server-side rendering): define nothing, even in a shim registry such as Lit's.
    if (typeof document === 'undefined' || !registry || registry.get(tag)) return;
    try {
      registry.define(tag, this);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotSupportedError')) throw error;
    }
  }

  /** URL of the host's token endpoint, resolved against `document.baseURI`. Default: `configure({ tokenEndpoint })`. */
  declare tokenEndpoint: string | null | undefined;
  /** `GET` or `POST`. Default: `configure({ tokenMethod })`, else `GET`. */
  declare tokenMethod: 'GET' | 'POST' | null | undefined;
  /** Fetch credentials mode. Default: `configure({ tokenCredentials })`, else `same-origin`. */
  declare tokenCredentials: string | null | undefined;
  /** Seconds before expiry at which to refresh. Default: automatic, `clamp(0.2 × lifetime, 30 s, 300 s)`, at most half the lifetime. */
  declare refreshLead: number | null | undefined;
  /** Vendor script URL; `''` loads nothing and waits for the page to define the tag. Default `https://toucanai.cloud/embed/embed.js`. */
  declare embedSrc: string | null | undefined;
  /** Subresource Integrity hash of the vendor script. Default: none. */
  declare embedIntegrity: string | null | undefined;
  /** Attribute of the vendor element that receives the token, read at each injection (set it before the first token). Default `auth-token`. */
  declare tokenAttribute: string;
  /** `update` sets the new token on the live vendor element; `remount` replaces it. Default `update`. */
  declare refreshMode: 'update' | 'remount';
  /**
   * Called instead of fetching `token-endpoint` when set: `({ signal, reason }) => Promise<string | TokenResponse>`.
   * Rejections are retried like network errors, or classified by an HTTP `status` they carry.
   */
  declare tokenProvider: TokenProvider | null | undefined;
  /** Headers, JSON body (POST only) and credentials sent with every token request, the first and every refresh. */
  declare tokenRequest: TokenRequestInit | null | undefined;
  /**
   * Names the token of a `tokenProvider`: wrappers with the same name share it, in this document and in
   * the other tabs of the origin (a provider's token is shared between documents only when named). Default: none.
   */
  declare tokenShareKey: string | null | undefined;

  readonly #controller: EmbedController;
  #updatedBefore = false;
  /** The `loading` and `error` slots. */
  #namedSlots: [loading: HTMLSlotElement, error: HTMLSlotElement] | null = null;
  /** The named slot shown now, if any. */
  #shownSlot: HTMLSlotElement | null = null;

  constructor() {
    super();
    this.tokenAttribute = 'auth-token';
    this.refreshMode = 'update';
    this.#controller = new EmbedController(this);
    this.#controller.onStateChange = (state) => this.#showSlots(state);
  }

  /** The vendor tag of this wrapper's class. */
  get embedTag(): string {
    return (this.constructor as typeof ToucanEmbedElement).embedTag;
  }

  /** `idle` · `loading` · `ready` · `refreshing` · `expired` · `error`, reflected as the `state` attribute. Read-only. */
  get state(): ToucanState {
    return this.#controller.state;
  }

  /** The vendor element (e.g. `<tc-dashboard>`), or `null` before the first token. Read-only. */
  get embedElement(): HTMLElement | null {
    return this.#controller.embedElement;
  }

  /** Expiry of the current token in client epoch ms, or `null`; keeps its value after expiry. Read-only. */
  get expiresAt(): number | null {
    return this.#controller.expiresAt;
  }

  /**
   * Requests a new token now: silently aborts this token key's request started before the current
   * task, if any, and starts a new one (exempt from spacing, clears a fatal error). Calls made in one
   * task share that one request.
   *
   * @returns resolves once a token requested at or after the call is injected.
   * @throws (rejects) the `ToucanError` of the attempt that ended it; at once a `network` one while
   *   `navigator.onLine` is `false` (nothing else changes); an `AbortError` on disconnect.
   */
  refresh(): Promise<void> {
    return this.#controller.refresh();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const requestKeys = [
      'tokenEndpoint',
      'tokenMethod',
      'tokenCredentials',
      'tokenRequest',
      'tokenProvider',
      'tokenShareKey',
    ] as const;
    if (requestKeys.some((key) => changed.has(key))) this.#controller.requestSettingsChanged(this.#updatedBefore);
    this.#updatedBefore = true;
    if (changed.has('refreshLead')) this.#controller.refreshLeadChanged();
    if (changed.has('tokenAttribute')) this.#controller.requestSettingsChanged(false); // checked again (§9)
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append((slotsTemplate ??= createSlotsTemplate()).content.cloneNode(true));
    this.#namedSlots = [root.firstChild as HTMLSlotElement, root.lastChild as HTMLSlotElement];
    this.#showSlots(this.#controller.state);
    return root;
  }

  /** Shows the `loading` slot while `state` is `loading`, the `error` slot while it is `error` or `expired`. */
  #showSlots(state: ToucanState): void {
    // Before the shadow root, nothing: createRenderRoot() applies the state.
    if (!this.#namedSlots) return;
    const [loading, error] = this.#namedSlots;
    const shown = state === 'loading' ? loading : state === 'error' || state === 'expired' ? error : null;
    if (shown === this.#shownSlot) return; // `ready` ⇄ `refreshing` at every refresh: nothing to touch
    if (this.#shownSlot) this.#shownSlot.hidden = true;
    if (shown) shown.hidden = false;
    this.#shownSlot = shown;
  }
}
