/**
 * The work of one wrapper, as a Lit `ReactiveController`: subscribes to the shared token source
 * of its request, waits for the vendor tag, creates the vendor element with the token, forwards
 * attributes, derives the state and dispatches the events (docs/behaviour.md §6, §7). Everything it starts
 * (the tag wait and its deadline, the attribute observer, the subscription) it stops when the host
 * leaves the document; a move within one task keeps everything.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { onPageChange, pageConfig } from './config.js';
import { allowedEmbedUrl, loadEmbedScript, whenEmbedDefined } from './embed-script.js';
import { ToucanError } from './errors.js';
import {
  ToucanErrorEvent,
  ToucanStateChangeEvent,
  ToucanTokenEvent,
  type TokenReason,
  type TokenVia,
  type ToucanState,
} from './events.js';
import { effectiveRequest, sharedSource, type RequestSettings } from './shared-tokens.js';
import type { FailureInfo, HeldToken, TokenSource, TokenSubscriber } from './token-source.js';
import { STATE_ATTRIBUTE } from './forwarding.js';
import { VendorElement } from './vendor-element.js';

/** What the controller reads from its wrapper element. */
export interface EmbedHost extends ReactiveControllerHost, HTMLElement, RequestSettings {
  readonly embedTag: string;
  refreshLead?: number | null;
  embedSrc?: string | null;
  embedIntegrity?: string | null;
  tokenAttribute: string | null | undefined;
  refreshMode: 'update' | 'remount' | string;
}

/** A setup failure (config, embed-load) counts no attempt and plans no retry. */
const SETUP_FAILURE: FailureInfo = { attempt: 0, retryAt: null };

export class EmbedController implements ReactiveController, TokenSubscriber {
  #started = false;
  #leaving = false;
  #work: AbortController | null = null;
  #source: TokenSource | null = null;
  #held: HeldToken | null = null;
  #everInjected = false;
  #tagDefined = false;
  #expired = false;
  #requestError: ToucanError | null = null;
  #embedError: ToucanError | null = null;
  #state: ToucanState = 'idle';
  #stopListening: (() => void) | null = null;

  readonly #vendor: VendorElement;

  /** Called with each new state, after the `state` attribute is set and before the event (the element shows its slots). */
  onStateChange: ((state: ToucanState) => void) | null = null;

  constructor(private readonly host: EmbedHost) {
    this.#vendor = new VendorElement(host, () => this.requestSettingsChanged(false));
    host.addController(this);
  }

  get state(): ToucanState {
    return this.#state;
  }

  get embedElement(): HTMLElement | null {
    return this.#vendor.element;
  }

  get expiresAt(): number | null {
    return this.#held?.expiresAtMs ?? null;
  }

  get refreshLeadSeconds(): number | null {
    const lead = this.host.refreshLead;
    return typeof lead === 'number' && Number.isFinite(lead) && lead >= 0 ? lead : null;
  }

  hostConnected(): void {
    if (this.#leaving) {
      this.#leaving = false; // moved within the document: keep the vendor element and the token
      return;
    }
    // Start in a microtask, so that configure() called in the same task as the import applies (§2).
    queueMicrotask(() => this.#start());
  }

  hostDisconnected(): void {
    this.#leaving = true;
    queueMicrotask(() => {
      if (!this.#leaving) return;
      this.#leaving = false;
      if (!this.host.isConnected) this.#stop();
    });
  }

  /**
   * A request setting changed: later requests use the new request, and a fatal error is cleared
   * (§2), with a new request at once when the request stayed the same. `byUser` is false for the
   * element's first update, which only echoes the settings the wrapper started with, and for a
   * change of `server-url` or `token-attribute`, which are checked again (§9).
   */
  requestSettingsChanged(byUser: boolean): void {
    if (!this.#started || this.#embedError) return;
    this.#joinSource();
    if (byUser && this.#source?.fatalError) this.#source.refresh().catch(() => {}); // its failure is an event
    this.#updateState();
  }

  /** `refresh-lead` changed. */
  refreshLeadChanged(): void {
    this.#source?.reschedule();
  }

  /** `refresh()` of docs/behaviour.md §2. */
  refresh(): Promise<void> {
    this.#start(); // appended in this task: start now rather than in the microtask
    // Settings changed in this task are not applied by the element's update yet: apply them now.
    if (this.#started && !this.#embedError) this.#joinSource();
    const setupError = this.#embedError ?? this.#requestError;
    if (setupError) return Promise.reject(setupError);
    if (!this.#started || !this.#source) {
      return Promise.reject(new ToucanError('config', 'refresh() needs a connected wrapper.', { fatal: true }));
    }
    return this.#source.refresh();
  }

  #start(): void {
    if (this.#started || !this.host.isConnected) return;
    this.#started = true;
    this.#work = new AbortController();
    this.#vendor.startForwarding();
    this.#updateState();
    this.#loadEmbed(this.#work.signal);
    if (!this.#embedError) this.#joinSource();
    this.#stopListening = onPageChange((change) => {
      if (change.type === 'configure') this.#configured();
    });
    this.#updateState();
  }

  /**
   * `configure()` ran after this wrapper started: settings of a running wrapper stay as they are,
   * but a wrapper stopped by a `config` error starts over with what the call supplied (§2).
   */
  #configured(): void {
    const error = this.#embedError ?? this.#requestError;
    if (!this.#work || error?.kind !== 'config') return;
    this.#embedError = null;
    this.#loadEmbed(this.#work.signal, error.message);
    if (!this.#embedError) this.#joinSource();
    this.#updateState();
  }

  #stop(): void {
    if (!this.#started) return;
    this.#started = false;
    this.#work?.abort();
    this.#work = null;
    this.#vendor.stopForwarding();
    this.#stopListening?.();
    this.#stopListening = null;
    this.#leaveSource();
    this.#requestError = null;
    this.#embedError = null;
    this.#updateState();
  }

  /** Starts the vendor script load; `reported` is the message of an error already dispatched, not to repeat. */
  #loadEmbed(signal: AbortSignal, reported?: string): void {
    const tag = this.host.embedTag;
    this.#tagDefined = customElements.get(tag) !== undefined;
    if (this.#tagDefined) return;
    const src = this.host.embedSrc ?? pageConfig().embedSrc;
    let load = null;
    try {
      if (src !== '') load = loadEmbedScript(allowedEmbedUrl(src), this.host.embedIntegrity || null);
      // The script already failed for an earlier wrapper: no token request for this one either.
      if (load?.error && customElements.get(tag) === undefined) throw load.error;
    } catch (error) {
      this.#setupFailed(error, reported);
      return;
    }
    whenEmbedDefined(tag, load).then(
      () => {
        this.#tagDefined = true;
        if (!signal.aborted) this.#updateState();
      },
      (error: unknown) => {
        if (!signal.aborted && customElements.get(tag) === undefined) this.#setupFailed(error);
      },
    );
  }

  /** The vendor script is refused or failed: fatal for this wrapper, which stops requesting tokens (§5). */
  #setupFailed(error: unknown, reported?: string): void {
    this.#leaveSource();
    this.#embedError =
      error instanceof ToucanError ? error : new ToucanError('embed-load', 'Embed script could not be added.', { fatal: true });
    if (this.#embedError.message !== reported) this.#dispatchError(this.#embedError, SETUP_FAILURE);
    this.#updateState();
  }

  /**
   * Joins the source of the current request settings; idempotent while they stay the same. A
   * refused `server-url` or `token-attribute` (§9) is checked first: the wrapper then requests no
   * token, and its vendor element is removed with the token it held.
   */
  #joinSource(): void {
    let source: TokenSource;
    try {
      this.#vendor.check();
      source = sharedSource(effectiveRequest(this.host, document.baseURI));
    } catch (error) {
      this.#setupRefused(error as ToucanError);
      return;
    }
    this.#requestError = null;
    if (source === this.#source) return;
    const previous = this.#source;
    this.#source = source;
    if (this.#held) source.adopt(this.#held);
    source.subscribe(this);
    previous?.unsubscribe(this);
    // Back after the token expired while disconnected: the source never held it, so say it here.
    if (this.#source === source) this.tokenExpired(SETUP_FAILURE);
  }

  /** A `config` error of the request or the vendor settings: no token is requested for this wrapper. */
  #setupRefused(error: ToucanError): void {
    this.#leaveSource();
    const repeated = this.#requestError?.message === error.message;
    this.#requestError = error;
    if (!repeated) this.#dispatchError(error, SETUP_FAILURE);
  }

  #leaveSource(): void {
    const source = this.#source;
    this.#source = null;
    source?.unsubscribe(this);
  }

  tokenReceived(held: HeldToken, reason: TokenReason, via: TokenVia): void {
    if (Date.now() >= held.expiresAtMs) return; // never inject an expired token (§4)
    if (held.token === this.#held?.token && this.#vendor.element) {
      this.#held = held;
      return;
    }
    const first = !this.#everInjected;
    try {
      this.#vendor.inject(held.token);
    } catch (error) {
      this.#setupRefused(error as ToucanError); // changed in this task, before the observer saw it (§9)
      this.#updateState();
      return;
    }
    this.#held = held;
    this.#everInjected = true;
    this.#expired = false;
    this.#updateState();
    this.host.dispatchEvent(
      new ToucanTokenEvent({ expiresAt: held.expiresAtMs, lifetime: held.lifetimeMs, reason: first ? 'initial' : reason, via }),
    );
  }

  attemptFailed(error: ToucanError, info: FailureInfo): void {
    this.#dispatchError(error, info);
    this.#updateState();
  }

  tokenExpired(info: FailureInfo): void {
    if (!this.#held || Date.now() < this.#held.expiresAtMs || this.#expired) return;
    this.#expired = true;
    this.#updateState();
    this.#dispatchError(new ToucanError('expired', 'Token expired without a replacement.'), info);
  }

  sourceChanged(): void {
    this.#updateState();
  }

  #dispatchError({ kind, status, fatal, message }: ToucanError, { attempt, retryAt }: FailureInfo): void {
    this.host.dispatchEvent(new ToucanErrorEvent({ kind, status, attempt, fatal, retryAt, message }));
  }

  #deriveState(): ToucanState {
    if (!this.#started) return 'idle';
    if (this.#requestError || this.#embedError || this.#source?.fatalError) return 'error';
    // Before the first token, a whole failed cycle shows the error slot; retries go on (§6).
    if (!this.#held) return this.#source?.cycleFailed ? 'error' : 'loading';
    if (this.#expired) return 'expired';
    if (!this.#tagDefined) return 'loading';
    return this.#source?.busy ? 'refreshing' : 'ready';
  }

  #updateState(): void {
    const state = this.#deriveState();
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.host.setAttribute(STATE_ATTRIBUTE, state);
    this.onStateChange?.(state);
    this.host.dispatchEvent(new ToucanStateChangeEvent({ state, previous }));
  }
}
