/**
 * Token sharing between documents of one origin and storage partition: tabs, windows and
 * same-origin iframes. One {@link TabSharing} per token key and document sits in front
 * of the key's requests:
 *
 * - a `BroadcastChannel` carries new tokens, the start of a request, failures and answers to a
 *   newcomer's question; tokens travel only in memory and in these messages, never in storage;
 * - a Web Lock (`navigator.locks`) lets one document request at a time. It is taken only if free
 *   and held only for one attempt, bounded by a timeout; after taking it the shared state gets a
 *   second look, as auth0-spa-js does for its refresh lock;
 * - the other documents follow the one that requests: they get its token or its failure, and take
 *   over when it neither answers nor plans a retry in time (closed, crashed, frozen).
 *
 * Channel and lock names carry a SHA-256 hash of the key, never its URL, headers or body. Without
 * `BroadcastChannel`, Web Locks or `crypto.subtle` (a page that is not a secure context) each
 * document works alone.
 */
import { DeadlineTimer } from './deadline-timer.js';
import { ToucanError, type ToucanErrorKind } from './errors.js';
import type { TokenReason } from './events.js';
import type { HeldTokenTiming } from './timing.js';

/** Prefix of channel, lock and hint names; the rest is the hex SHA-256 of the token key. */
export const SHARE_NAME_PREFIX = 'toucan-embed-loader:';
/** How long a newcomer waits for another document's token before requesting its own (a newcomer is ready within 50 ms). */
export const PEER_ANSWER_WAIT_MS = 50;
/**
 * Slack after a peer's attempt should have ended (its request timeout) before this document takes
 * over: one backoff step, so a document that closed or froze mid-request costs at most one retry.
 */
export const TAKEOVER_MARGIN_MS = 1000;
/**
 * When the lock of a requesting peer comes free with no word from it, how long to wait for its
 * message still in transit before taking over (it closed or crashed mid-request).
 */
export const LOCK_FREED_GRACE_MS = 250;

/** A token as documents share it: the token and its timing in client epoch ms (one machine, one clock). */
export interface SharedToken extends HeldTokenTiming {
  readonly token: string;
}

/** What a sharing reads from and tells its token source. */
export interface SharingSource {
  /** The token this document holds now, or `null`; sent to a newcomer when still valid. */
  heldToken(): SharedToken | null;
  /** Another document received `held`, newer than any seen before, while this one was not waiting for it. */
  peerToken(held: SharedToken, reason: TokenReason): void;
}

/** The platform pieces sharing needs; tests pass their own. */
export interface SharingPlatform {
  openChannel(name: string): BroadcastChannel;
  readonly locks: LockManager;
  /** Where a document notes until when it holds a token (a time, never the token). `null`: never wait for an answer. */
  readonly hints: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** SHA-256 of `text`, hex. */
  sha256(text: string): Promise<string>;
  /** Adds a `pagehide` listener; returns its removal. */
  onPageHide(listener: () => void): () => void;
}

/** The browser's platform, or `null` when `BroadcastChannel`, Web Locks or `crypto.subtle` is missing. */
export function browserSharingPlatform(): SharingPlatform | null {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (typeof BroadcastChannel !== 'function' || !locks || !globalThis.crypto?.subtle) return null;
  let hints: Storage | null = null;
  try {
    hints = globalThis.localStorage ?? null;
  } catch {
    // Storage blocked (cookies off, sandbox): newcomers request at once.
  }
  return {
    openChannel: (name) => new BroadcastChannel(name),
    locks,
    hints,
    sha256: async (text) => {
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
      return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    },
    onPageHide: (listener) => {
      addEventListener('pagehide', listener);
      return () => removeEventListener('pagehide', listener);
    },
  };
}

/** What ended an attempt that went through the sharing. */
export type SharedOutcome<T> = { from: 'own'; value: T } | { from: 'peer'; held: SharedToken };

/** Options of {@link TabSharing.run}. */
export interface RunOptions {
  /** Aborts waiting and the attempt. */
  signal: AbortSignal;
  /** The token this document holds now, or `null`: a peer's token is taken only when newer. */
  held: SharedToken | null;
}

/** What a token source needs of its key's sharing; {@link TabSharing} is the real one. */
export interface TokenPeers {
  open(): void;
  close(): void;
  run<T>(reason: TokenReason, attempt: (signal: AbortSignal) => Promise<T>, options: RunOptions): Promise<SharedOutcome<T>>;
  published(held: SharedToken, reason: TokenReason): void;
  failed(error: ToucanError, retryAtMs: number | null): void;
}

/** Errors of another document's attempt, relayed to this one (not to be relayed back). */
const peerErrors = new WeakSet<ToucanError>();

/** Whether `error` is another document's failure that a follower received. */
export function isPeerError(error: ToucanError): boolean {
  return peerErrors.has(error);
}

type Message =
  | { type: 'ask' }
  | { type: 'token'; held: SharedToken; reason: TokenReason }
  | { type: 'busy' }
  | { type: 'ended' }
  | { type: 'failed'; kind: ToucanErrorKind; status?: number; fatal: boolean; message: string; retryAtMs: number | null }
  | { type: 'abandoned' };

/**
 * A peer handles the key until `deadlineMs`: it `requests` (and holds the lock) or waits to `retry`.
 * `denials` counts lock refusals with no news in between.
 */
interface PeerPlan {
  /** `requests`: it holds the lock; `ended`: its attempt ended, its result is on the way; `retry`: it waits to retry. */
  doing: 'requests' | 'ended' | 'retry';
  deadlineMs: number;
  denials: number;
}

type FollowResult = { token: SharedToken } | { error: ToucanError } | 'retake';

const DENIED = Symbol('denied');

/** The sharing of one token key in one document. */
export class TabSharing implements TokenPeers {
  #name: string | null = null;
  readonly #named: Promise<string | null>;
  #channel: BroadcastChannel | null = null;
  #wanted = false;
  #latestPeer: SharedToken | null = null;
  #plan: PeerPlan | null = null;
  #peerFatal: ToucanError | null = null;
  #firstDone = false;
  #running = false;
  #followers = new Set<(result: FollowResult) => void>();
  #asking: ((held: SharedToken | null) => void) | null = null;
  /** Tells this document's storage hints from the others' (no secret: it only says who wrote a time). */
  readonly #writerId = globalThis.crypto?.randomUUID?.() ?? String(Math.random());

  /**
   * @param key the token key (the effective request, or a `token-share-key`); only its hash leaves the document.
   * @param requestTimeoutMs the page's request timeout now, for how long a peer's attempt may last.
   */
  constructor(
    key: string,
    private readonly source: SharingSource,
    private readonly platform: SharingPlatform,
    private readonly requestTimeoutMs: () => number,
  ) {
    this.#named = platform.sha256(key).then(
      (hash) => (this.#name = SHARE_NAME_PREFIX + hash),
      () => null,
    );
  }

  /** Starts listening to the other documents (the key's first element connected). */
  open(): void {
    this.#wanted = true;
    void this.#named.then(() => this.#openChannel());
  }

  /** Stops listening (the key's last element left): nothing of this key runs any more. */
  close(): void {
    this.#wanted = false;
    this.#firstDone = false; // opened again later, the document asks first like a newcomer
    if (this.#running) this.#post({ type: 'abandoned' });
    this.#channel?.close();
    this.#channel = null;
    this.#latestPeer = null;
    this.#plan = null;
    this.#peerFatal = null;
  }

  #openChannel(): void {
    if (!this.#wanted || this.#channel || this.#name === null) return;
    this.#channel = this.platform.openChannel(this.#name);
    this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
  }

  /**
   * Runs one attempt of the key under the cross-document rules, or gets its result from another
   * document:
   * - `manual` (`refresh()`) always requests, now.
   * - The document's first attempt for the key asks the others when one may hold a token, waits
   *   for an answer at most {@link PEER_ANSWER_WAIT_MS}, and otherwise requests at once.
   * - Any later attempt follows a peer that is requesting or plans a retry, and requests under
   *   the key's lock when it is free, after a second look at what peers sent meanwhile.
   *
   * @returns `own` with the attempt's value, or `peer` with a token another document received.
   * @throws the `ToucanError` of the peer attempt it followed, or an `AbortError` when `signal` aborts.
   */
  async run<T>(
    reason: TokenReason,
    attempt: (signal: AbortSignal) => Promise<T>,
    options: RunOptions,
  ): Promise<SharedOutcome<T>> {
    const name = await this.#named;
    this.#openChannel();
    const { signal } = options;
    signal.throwIfAborted();
    const own = async (): Promise<SharedOutcome<T>> => ({ from: 'own', value: await attempt(signal) });
    if (name === null || !this.#channel || reason === 'manual') return own();
    const newcomer = !this.#firstDone && !(options.held && Date.now() < options.held.expiresAtMs);
    this.#firstDone = true;
    if (newcomer) {
      if (this.#latestPeer && isNewer(this.#latestPeer, options.held)) return { from: 'peer', held: this.#latestPeer };
      const answer = this.#mayHaveAnswer(name) ? await this.#ask(signal) : null;
      return answer && isNewer(answer, options.held) ? { from: 'peer', held: answer } : own();
    }
    for (;;) {
      if (this.#peerFatal) throw this.#peerFatal;
      if (this.#latestPeer && isNewer(this.#latestPeer, options.held)) return { from: 'peer', held: this.#latestPeer };
      if (this.#plan && Date.now() < this.#plan.deadlineMs) {
        const result = await this.#follow(this.#plan, name, signal);
        if (result === 'retake') continue;
        if ('error' in result) throw result.error;
        if (isNewer(result.token, options.held)) return { from: 'peer', held: result.token };
        continue;
      }
      // A peer that keeps the lock through two full deadlines with no news is stuck (frozen): steal it.
      const steal = (this.#plan?.denials ?? 0) >= 2;
      const outcome = await this.platform.locks.request(name, steal ? { steal: true } : { ifAvailable: true }, async (lock) => {
        if (!lock || signal.aborted) return DENIED;
        // Second look, now that no other document can be requesting.
        if (this.#latestPeer && isNewer(this.#latestPeer, options.held)) return { from: 'peer', held: this.#latestPeer } as const;
        if (this.#plan && Date.now() < this.#plan.deadlineMs) return DENIED;
        return this.#locked(own);
      });
      if (outcome !== DENIED) return outcome;
      signal.throwIfAborted();
      const denials = (this.#plan?.denials ?? 0) + 1;
      this.#plan = { doing: 'requests', deadlineMs: Date.now() + this.requestTimeoutMs() + TAKEOVER_MARGIN_MS, denials };
    }
  }

  /** Tells the other documents this one received `held` (and notes until when it holds a token). */
  published(held: SharedToken, reason: TokenReason): void {
    this.#peerFatal = null; // the key works again (a refresh() after another document's fatal failure)
    this.#post({ type: 'token', held: { ...held }, reason });
    try {
      if (this.#name) this.platform.hints?.setItem(this.#name, `${held.expiresAtMs} ${this.#writerId}`);
    } catch {
      // Storage full or blocked: newcomers request at once.
    }
  }

  /** Tells the other documents this one's attempt failed, and when it attempts again (`null`: never). */
  failed(error: ToucanError, retryAtMs: number | null): void {
    const { kind, status, fatal, message } = error;
    this.#post({ type: 'failed', kind, ...(status !== undefined ? { status } : {}), fatal, message, retryAtMs });
  }

  /** Holds the lock for one attempt at most: the attempt's own timeout, plus a guard (a lock on every path has a timeout). */
  async #locked<R>(attempt: () => Promise<R>): Promise<R> {
    this.#post({ type: 'busy' });
    this.#running = true;
    const removePageHide = this.platform.onPageHide(() => this.#running && this.#post({ type: 'abandoned' }));
    const guard = new DeadlineTimer();
    try {
      return await Promise.race([
        attempt(),
        new Promise<never>((_, reject) => {
          guard.set(Date.now() + this.requestTimeoutMs() + TAKEOVER_MARGIN_MS, () =>
            reject(new ToucanError('timeout', 'Token request timed out.')),
          );
        }),
      ]);
    } finally {
      guard.clear();
      removePageHide();
      this.#running = false;
      // Said before the lock is released: a follower that sees the lock free knows a result follows.
      this.#post({ type: 'ended' });
    }
  }

  /** Whether another document noted a token that is still valid (a hint: it may have left since). */
  #mayHaveAnswer(name: string): boolean {
    try {
      const [expiresAtMs, writer] = (this.platform.hints?.getItem(name) ?? '').split(' ');
      return writer !== this.#writerId && Number(expiresAtMs) > Date.now();
    } catch {
      return false;
    }
  }

  /** Asks the other documents for their token; `null` when none answers within {@link PEER_ANSWER_WAIT_MS}. */
  #ask(signal: AbortSignal): Promise<SharedToken | null> {
    const answered = this.#wait<SharedToken | null>(Date.now() + PEER_ANSWER_WAIT_MS, null, signal, (settle) => {
      this.#asking = settle;
      return () => (this.#asking = null);
    });
    this.#post({ type: 'ask' });
    return answered;
  }

  /**
   * Waits for the peer in charge: its token, its failure, or its departure (or the plan's deadline:
   * take over). A peer that requests holds the lock: when the lock comes free and no message follows
   * within {@link LOCK_FREED_GRACE_MS}, it left without a word.
   */
  #follow(plan: PeerPlan, name: string, signal: AbortSignal): Promise<FollowResult> {
    return this.#wait<FollowResult>(plan.deadlineMs, 'retake', signal, (settle) => {
      this.#followers.add(settle);
      const watch = new AbortController();
      const grace = new DeadlineTimer();
      if (plan.doing === 'requests') {
        this.platform.locks
          .request(name, { signal: watch.signal }, () => undefined)
          .then(
            () =>
              grace.set(Date.now() + LOCK_FREED_GRACE_MS, () => {
                if (this.#plan?.doing !== 'requests') return; // it ended its attempt: its result follows
                this.#plan = null;
                settle('retake');
              }),
            () => {}, // aborted: the follow ended first
          );
      }
      return () => {
        this.#followers.delete(settle);
        watch.abort();
        grace.clear();
      };
    });
  }

  /**
   * A promise settled by whoever `register` hands `settle` to, else with `timeoutValue` at
   * `deadlineMs`; rejects with the abort reason when `signal` aborts. Cleans up on every path.
   */
  #wait<R>(
    deadlineMs: number,
    timeoutValue: R,
    signal: AbortSignal,
    register: (settle: (value: R) => void) => () => void,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = new DeadlineTimer();
      let unregister = () => {};
      const cleanup = () => {
        timer.clear();
        unregister();
        signal.removeEventListener('abort', aborted);
      };
      const settle = (value: R) => {
        cleanup();
        resolve(value);
      };
      const aborted = () => {
        cleanup();
        reject(signal.reason);
      };
      signal.addEventListener('abort', aborted, { once: true });
      timer.set(deadlineMs, () => settle(timeoutValue));
      unregister = register(settle);
    });
  }

  #receive(message: Message): void {
    switch (message.type) {
      case 'ask': {
        const held = this.source.heldToken();
        if (held && Date.now() < held.expiresAtMs) this.#post({ type: 'token', held: { ...held }, reason: 'initial' });
        return;
      }
      case 'token': {
        const { held, reason } = message;
        if (this.#asking && Date.now() < held.expiresAtMs) return this.#asking(held);
        if (!isNewer(held, this.#latestPeer)) return;
        this.#latestPeer = held;
        this.#plan = null;
        this.#peerFatal = null;
        if (this.#followers.size > 0) return this.#settleFollowers({ token: held });
        this.source.peerToken(held, reason);
        return;
      }
      case 'busy':
        this.#plan = { doing: 'requests', deadlineMs: Date.now() + this.requestTimeoutMs() + TAKEOVER_MARGIN_MS, denials: 0 };
        return;
      case 'ended':
        if (this.#plan) this.#plan = { ...this.#plan, doing: 'ended', denials: 0 };
        return;
      case 'failed': {
        const { kind, status, fatal, message: text, retryAtMs } = message;
        const error = new ToucanError(kind, text, { ...(status !== undefined ? { status } : {}), fatal });
        peerErrors.add(error);
        if (fatal) {
          this.#peerFatal = error;
          this.#plan = null;
        } else {
          const nextAttemptMs = Math.max(Date.now(), retryAtMs ?? 0);
          this.#plan = { doing: 'retry', deadlineMs: nextAttemptMs + this.requestTimeoutMs() + TAKEOVER_MARGIN_MS, denials: 0 };
        }
        this.#settleFollowers({ error });
        return;
      }
      case 'abandoned':
        this.#plan = null;
        this.#settleFollowers('retake');
        return;
    }
  }

  #settleFollowers(result: FollowResult): void {
    for (const follower of [...this.#followers]) follower(result);
  }

  #post(message: Message): void {
    if (this.#channel && this.#name) this.#channel.postMessage(message);
  }
}

/**
 * Whether `candidate` replaces `held`: another token, received no earlier (by when it was received,
 * not by its expiry: a server may answer a token of the same or an earlier expiry again).
 */
function isNewer(candidate: SharedToken, held: SharedToken | null): boolean {
  return held === null || (candidate.token !== held.token && candidate.receivedAtMs >= held.receivedAtMs);
}
