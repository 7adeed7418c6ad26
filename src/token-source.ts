/**
 * One token per effective request (docs/behaviour.md §7): the single-flight request, the refresh schedule,
 * the retry cycle, the expiry, for every wrapper that shares that request. Wrappers subscribe;
 * the source owns every timer, request and listener of its key and clears them when its last
 * subscriber leaves.
 *
 * Its edges are constructor options with the real ones as defaults — the request function, the
 * page's lifecycle signals and online check, the random source of jitter — so its rules run with
 * no DOM and no network (see `test/unit/token-source.test.ts`). Time is `Date.now()` and
 * `setTimeout`, which a fake clock replaces; `configure()` settings are read as each attempt starts.
 */
import { pageConfig } from './config.js';
import { DeadlineTimer } from './deadline-timer.js';
import { ToucanError, isAbortError } from './errors.js';
import type { TokenReason, TokenVia } from './events.js';
import { realPage, type PageSignals, type PageWatcher, type ResumeTrigger } from './page-lifecycle.js';
import {
  MAX_ATTEMPTS_PER_CYCLE,
  backoffMs,
  outageRetryMs,
  refreshAtMs,
  spacedStartAtMs,
  type HeldTokenTiming,
  type Random,
} from './timing.js';
import { requestToken, type TokenAttempt, type TokenRequestSpec } from './token-request.js';
import { tokenLifetimeMs } from './token-response.js';
import { isPeerError, type SharingSource, type TokenPeers } from './tab-sharing.js';

/** A token held in memory (never stored anywhere else, §9), with its timing in client epoch ms. */
export interface HeldToken extends HeldTokenTiming {
  readonly token: string;
}

/** Where a failure leaves the cycle. */
export interface FailureInfo {
  /** Failed attempts since the last success, across cycles. */
  attempt: number;
  /** Client epoch ms of the next attempt, `null` when none is planned. */
  retryAt: number | null;
}

/** A wrapper sharing the source. */
export interface TokenSubscriber {
  /** The wrapper's `refresh-lead` in seconds, or `null` for the automatic lead. The largest wins (§4). */
  readonly refreshLeadSeconds: number | null;
  /** A new token, or the held one for a new subscriber; `via` says where it came from. */
  tokenReceived(held: HeldToken, reason: TokenReason, via: TokenVia): void;
  attemptFailed(error: ToucanError, info: FailureInfo): void;
  tokenExpired(info: FailureInfo): void;
  /** Something that the wrapper's state derives from changed. */
  sourceChanged(): void;
}

/**
 * Makes one attempt (docs/behaviour.md §5): resolves with the token and its expiry hints, rejects with a
 * `ToucanError`, or with an `AbortError` once `signal` aborts. Default: {@link requestToken} of the
 * source's `spec`.
 */
export type TokenRequester = (context: { signal: AbortSignal; timeoutMs: number; reason: TokenReason }) => Promise<TokenAttempt>;

/** Everything a {@link TokenSource} is built from: `spec` or `request`, the rest optional. */
export interface TokenSourceOptions {
  /** The effective request the source stands for; the default `request` sends it. */
  spec?: TokenRequestSpec;
  /** Makes one attempt. Default: `requestToken(spec, context)` (HTTP or the `tokenProvider`). */
  request?: TokenRequester;
  /** Lifecycle signals and online check. Default: the document's ({@link realPage}). */
  page?: PageSignals;
  /** Random source of the backoff and outage jitter, in [0, 1). Default `Math.random`. */
  random?: Random;
  /** Called when the last subscriber left (the source is idle: no timer, listener or request). */
  onEmpty?: (source: TokenSource) => void;
  /**
   * Shares the key with the other documents of the origin (tabs, windows, same-origin iframes),
   * built once with the source it serves. Default: none, this document works alone.
   */
  peers?: (source: SharingSource) => TokenPeers;
}

type NextAction = { kind: 'refresh' } | { kind: 'retry'; reason: TokenReason };

export class TokenSource implements PageWatcher, SharingSource {
  #subscribers = new Set<TokenSubscriber>();
  #held: HeldToken | null = null;
  /** Whether this document requested the held token or another document did (the event's `via`). */
  #heldVia: 'request' | 'tab' = 'request';
  #fatal: ToucanError | null = null;
  #failures = 0;
  #cycleFailures = 0;
  #inFlight: AbortController | null = null;
  #offlineSkipped = false;
  #next: NextAction | null = null;
  #nextTimer = new DeadlineTimer();
  #expiryTimer = new DeadlineTimer();
  #expired = false;
  /** Client epoch ms when the last attempt started (spacing counts from it too, §4). */
  #lastAttemptAtMs: number | null = null;
  /** Number of the last attempt started; `refresh()` waits for an attempt numbered at least its own. */
  #attempts = 0;
  /** The in-flight attempt while the task that started it runs (`refresh()` joins it, §2). */
  #startedThisTask: AbortController | null = null;
  #manualWaiters: { sinceAttempt: number; resolve: () => void; reject: (error: unknown) => void }[] = [];

  readonly #request: TokenRequester;
  readonly #page: PageSignals;
  readonly #random: Random;
  readonly #onEmpty: ((source: TokenSource) => void) | undefined;
  readonly #peers: TokenPeers | null;

  /**
   * Give `spec` or `request` (a source with neither fails at its first attempt).
   *
   * @example new TokenSource({ spec }) // the page's: HTTP or tokenProvider, configure() settings
   * @example new TokenSource({ request: async ({ signal }) => ({ token: 'a', expiresInSeconds: 60, serverNowMs: null }), page })
   */
  constructor({
    spec,
    request = (context) => requestToken(spec!, context),
    page = realPage,
    random = Math.random,
    onEmpty,
    peers,
  }: TokenSourceOptions) {
    this.#request = request;
    this.#page = page;
    this.#random = random;
    this.#onEmpty = onEmpty;
    this.#peers = peers?.(this) ?? null;
  }

  get holdsToken(): boolean {
    return this.#held !== null && !this.#expired;
  }

  /** The fatal error that stopped requests (§5), or `null`. */
  get fatalError(): ToucanError | null {
    return this.#fatal;
  }

  /**
   * `true` once a whole retry cycle has failed since the last token received: before a wrapper's first
   * token, its `error` state (§6). Attempts go on at the outage cadence.
   */
  get cycleFailed(): boolean {
    return this.#failures >= MAX_ATTEMPTS_PER_CYCLE;
  }

  /** `true` while a request or its retries are in progress (the `refreshing` state, §6). */
  get busy(): boolean {
    return this.#inFlight !== null || this.#next?.kind === 'retry' || this.#offlineSkipped;
  }

  /**
   * Adds a wrapper. A valid held token is handed over at once; otherwise a request starts unless
   * one is in flight, a retry is pending or a fatal error stopped the key.
   */
  subscribe(subscriber: TokenSubscriber): void {
    const first = this.#subscribers.size === 0;
    this.#subscribers.add(subscriber);
    if (first) {
      this.#page.watch(this);
      this.#peers?.open();
    }
    if (this.#held && !this.#expired && Date.now() < this.#held.expiresAtMs) {
      // A key that had no element kept its token: hand it over (`cache`), then schedule as usual.
      subscriber.tokenReceived(this.#held, 'initial', first ? 'cache' : 'request');
      // Its refresh-lead may move the refresh earlier; a pending retry stays. The first subscriber
      // after the key had none finds nothing armed.
      if (first && !this.busy) {
        this.#schedule();
        this.#page.tokenHeldChanged();
      } else {
        this.reschedule();
      }
    } else if (!this.busy && !this.#fatal) {
      this.#start('initial');
    }
  }

  /** Removes a wrapper; the last one clears every timer and listener and aborts the request (§7). */
  unsubscribe(subscriber: TokenSubscriber): void {
    if (!this.#subscribers.delete(subscriber) || this.#subscribers.size > 0) return;
    this.#inFlight?.abort();
    this.#inFlight = null;
    this.#nextTimer.clear();
    this.#expiryTimer.clear();
    this.#next = null;
    this.#offlineSkipped = false;
    this.#page.unwatch(this);
    this.#peers?.close();
    this.#settleManual(Infinity, new DOMException('Disconnected', 'AbortError'));
    this.#onEmpty?.(this);
  }

  /**
   * Takes over a still-valid token a wrapper brought along (re-connection, or a change of its
   * request), when it outlives the one held. No request is made for it. While the key's wrappers
   * hold a valid token of its own, that one stays: the wrapper joining gets it (one token per key);
   * otherwise they get the one brought along, with reason `resume`.
   */
  adopt(held: HeldToken): void {
    const shared = this.#subscribers.size > 0 && this.heldToken();
    if (shared || Date.now() >= held.expiresAtMs || (this.#held && this.#held.expiresAtMs >= held.expiresAtMs)) return;
    this.#held = held;
    this.#heldVia = 'request';
    this.#expired = false;
    this.#armExpiry(); // also while a request is in flight: its expiry must still be noticed
    if (!this.busy) this.#schedule();
    this.#page.tokenHeldChanged();
    // The key's wrappers had no valid token: they share the one brought along (one token per key).
    for (const subscriber of [...this.#subscribers]) subscriber.tokenReceived(held, 'resume', 'request');
  }

  /** The valid token held, for a document that opens and asks the others. */
  heldToken(): HeldToken | null {
    return this.#held && !this.#expired && Date.now() < this.#held.expiresAtMs ? this.#held : null;
  }

  /**
   * Another document received a newer token (its refresh, or its `refresh()`): every wrapper gets it
   * and the schedule follows it. A request of this document in flight goes on; a fatal stop ends.
   */
  peerToken(held: HeldToken, reason: TokenReason): void {
    if (Date.now() >= held.expiresAtMs || (this.#held && held.receivedAtMs < this.#held.receivedAtMs)) return;
    if (this.#subscribers.size === 0) return;
    this.#fatal = null;
    this.#accept(held, reason, 'tab');
  }

  /** Re-plans the next refresh, e.g. after a subscriber's `refresh-lead` changed. */
  reschedule(): void {
    if (this.#next?.kind === 'refresh') this.#schedule();
  }

  /**
   * `refresh()` of docs/behaviour.md §2: silently aborts an in-flight request started before the
   * current task and starts a new cycle now (exempt from spacing, clears a fatal error); calls in one
   * task share one request. Resolves once a token requested at or after the call is received; rejects
   * with the error of the attempt that ended it. Offline it rejects at once with a `network` error and
   * changes nothing.
   */
  refresh(): Promise<void> {
    if (!this.#page.isOnline()) return Promise.reject(new ToucanError('network', 'Token request failed (network).'));
    this.#fatal = null;
    if (!this.#inFlight || this.#inFlight !== this.#startedThisTask) {
      this.#inFlight?.abort();
      this.#inFlight = null;
      this.#cycleFailures = 0;
      this.#start('manual');
    }
    const sinceAttempt = this.#attempts;
    return new Promise((resolve, reject) => this.#manualWaiters.push({ sinceAttempt, resolve, reject }));
  }

  /**
   * Page-lifecycle re-check (§4, §5, §7): runs whatever a throttled or sleeping timer has delayed. Back
   * online, or back in front of a user looking at an expired embed, the skipped attempt or the pending
   * retry is made now, or as soon as spacing allows (a storm of events makes no more attempts).
   */
  resume(trigger: ResumeTrigger): void {
    // An expiry that a sleeping machine's timer missed shows now, even while a request is in flight.
    this.#expiryTimer.fireIfDue();
    if (this.#fatal || this.#inFlight) return;
    const next = this.#next;
    if (
      (trigger === 'online' || (this.#expired && trigger !== 'wake-check')) &&
      this.busy /* a retry pending or an attempt skipped offline: none is in flight here */
    ) {
      const held = this.#held;
      const atMs = Math.max(
        Date.now(),
        spacedStartAtMs(held?.receivedAtMs, this.#lastAttemptAtMs, this.holdsToken ? held?.lifetimeMs : null),
      );
      if (atMs < (this.#nextTimer.dueAtMs ?? Infinity)) this.#retryAt(atMs, next?.kind === 'retry' ? next.reason : 'resume');
    }
    if ((this.#nextTimer.dueAtMs ?? Infinity) > Date.now()) return;
    if (this.#next?.kind === 'refresh') this.#start('resume');
    else this.#nextTimer.fire();
  }

  #start(reason: TokenReason): void {
    if (this.#fatal) return;
    this.#nextTimer.clear();
    this.#next = null;
    if (!this.#page.isOnline()) {
      this.#offlineSkipped = true;
      this.#notifyChanged();
      return;
    }
    this.#offlineSkipped = false;
    void this.#attempt(reason);
  }

  async #attempt(reason: TokenReason): Promise<void> {
    const controller = new AbortController();
    const attemptNumber = ++this.#attempts;
    this.#inFlight = this.#startedThisTask = controller;
    queueMicrotask(() => (this.#startedThisTask = null)); // whatever started before it ran started in this task
    this.#lastAttemptAtMs = Date.now();
    this.#notifyChanged();
    // configure() settings are read as each attempt starts (§2).
    const { requestTimeout, defaultTtl } = pageConfig();
    const t0 = Date.now();
    let error: ToucanError;
    try {
      const attempt = (signal: AbortSignal) => this.#request({ signal, timeoutMs: requestTimeout * 1000, reason });
      const outcome = this.#peers
        ? await this.#peers.run(reason, attempt, { signal: controller.signal, held: this.#held })
        : ({ from: 'own', value: await attempt(controller.signal) } as const);
      if (this.#inFlight !== controller) return; // aborted or superseded: drop the stale answer
      if (outcome.from === 'peer') {
        this.#succeed(outcome.held, reason, 'tab', attemptNumber);
        return;
      }
      const answer = outcome.value;
      const lifetimeMs = tokenLifetimeMs({ ...answer, clientNowMs: Date.now(), defaultTtlSeconds: defaultTtl });
      const expiresAtMs = t0 + lifetimeMs;
      if (lifetimeMs <= 0 || Date.now() >= expiresAtMs) {
        error = new ToucanError('response', 'Token answer unusable: expired.');
      } else if (answer.token === this.#held?.token && this.#heldVia === 'tab' && this.#held.receivedAtMs >= t0) {
        // Another document received this very token meanwhile (a server that answers a minted token again).
        this.#succeed(this.#held, reason, 'tab', attemptNumber);
        return;
      } else if (answer.token === this.#held?.token) {
        error = new ToucanError('response', 'Token answer unusable: same token again.');
      } else {
        const held = { token: answer.token, lifetimeMs, expiresAtMs, receivedAtMs: Date.now() };
        this.#succeed(held, reason, 'request', attemptNumber);
        this.#peers?.published(held, reason);
        return;
      }
    } catch (thrown) {
      if (this.#inFlight !== controller || isAbortError(thrown)) return;
      error = thrown instanceof ToucanError ? thrown : new ToucanError('network', 'Token request failed (network).');
    }
    this.#fail(error, reason, attemptNumber);
  }

  #succeed(held: HeldToken, reason: TokenReason, via: 'request' | 'tab', attemptNumber: number): void {
    this.#inFlight = null;
    this.#accept(held, reason, via);
    this.#settleManual(attemptNumber, null);
  }

  /** Holds `held` from now on, re-plans the schedule (unless a request is in flight) and tells every wrapper. */
  #accept(held: HeldToken, reason: TokenReason, via: 'request' | 'tab'): void {
    this.#held = held;
    this.#heldVia = via;
    this.#expired = false;
    this.#failures = 0;
    this.#cycleFailures = 0;
    if (!this.#inFlight) this.#schedule();
    this.#page.tokenHeldChanged();
    for (const subscriber of [...this.#subscribers]) subscriber.tokenReceived(held, reason, via);
    this.#notifyChanged();
  }

  #fail(error: ToucanError, reason: TokenReason, attemptNumber: number): void {
    this.#inFlight = null;
    this.#failures += 1;
    this.#cycleFailures += 1;
    let retryAt: number | null = null;
    if (error.fatal) {
      this.#fatal = error;
      this.#next = null;
      this.#nextTimer.clear();
    } else {
      const inCycle = this.#cycleFailures < MAX_ATTEMPTS_PER_CYCLE;
      const delayMs = inCycle
        ? (error.retryAfterMs ?? backoffMs(this.#cycleFailures, this.#random))
        : outageRetryMs(this.#random);
      retryAt = Date.now() + Math.ceil(delayMs);
      this.#retryAt(retryAt, reason);
    }
    if (!isPeerError(error)) this.#peers?.failed(error, retryAt);
    const info = { attempt: this.#failures, retryAt };
    for (const subscriber of [...this.#subscribers]) subscriber.attemptFailed(error, info);
    this.#settleManual(attemptNumber, error);
    this.#notifyChanged();
  }

  /** Plans the next attempt of the cycle at `atMs` (client epoch ms), replacing whatever was planned. */
  #retryAt(atMs: number, reason: TokenReason): void {
    this.#offlineSkipped = false;
    this.#next = { kind: 'retry', reason };
    this.#nextTimer.set(atMs, () => this.#start(reason));
  }

  /** Arms the refresh (at `expiresAt − L`, spaced, §4) and the expiry timer for the held token. */
  #schedule(): void {
    const held = this.#held;
    if (!held || this.#fatal) return;
    const leads = [...this.#subscribers].map((subscriber) => subscriber.refreshLeadSeconds).filter((lead) => lead !== null);
    const refreshLeadSeconds = leads.length > 0 ? Math.max(...leads) : null;
    this.#next = { kind: 'refresh' };
    this.#nextTimer.set(refreshAtMs(held, refreshLeadSeconds, this.#lastAttemptAtMs), () => this.#start('scheduled'));
    this.#armExpiry();
  }

  /** Arms the expiry timer for the held token, unless it is armed for it already. */
  #armExpiry(): void {
    const held = this.#held;
    if (held && this.#expiryTimer.dueAtMs !== held.expiresAtMs) this.#expiryTimer.set(held.expiresAtMs, () => this.#expire());
  }

  #expire(): void {
    if (!this.#held || this.#expired || Date.now() < this.#held.expiresAtMs) return;
    this.#expired = true;
    this.#page.tokenHeldChanged();
    const info = { attempt: this.#failures, retryAt: this.#next?.kind === 'retry' ? this.#nextTimer.dueAtMs : null };
    for (const subscriber of [...this.#subscribers]) subscriber.tokenExpired(info);
    this.#notifyChanged();
  }

  /** Settles the `refresh()` calls that attempt number `attempt` (or a later one) answers: made before it started. */
  #settleManual(attempt: number, error: unknown): void {
    this.#manualWaiters = this.#manualWaiters.filter((waiter) => {
      if (waiter.sinceAttempt > attempt) return true;
      if (error === null) waiter.resolve();
      else waiter.reject(error);
      return false;
    });
  }

  #notifyChanged(): void {
    for (const subscriber of [...this.#subscribers]) subscriber.sourceChanged();
  }
}
