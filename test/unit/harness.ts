/**
 * Fakes for driving a `TokenSource` with no DOM and no network (Node's test runner through tsx):
 * an endpoint whose answers the test gives itself, a page whose lifecycle signals the test fires,
 * a subscriber that records what the source tells it, and a fake clock.
 */
import sinon from 'sinon';
import { ToucanError } from '../../src/errors.js';
import type { TokenReason } from '../../src/events.js';
import type { PageSignals, PageWatcher, ResumeTrigger } from '../../src/page-lifecycle.js';
import type { FailureInfo, HeldToken, TokenRequester, TokenSubscriber } from '../../src/token-source.js';
import type { TokenAttempt } from '../../src/token-request.js';

export type FakeClock = sinon.SinonFakeTimers;

/** A fake clock for `setTimeout`/`setInterval` and `Date`, starting at `nowMs` (default: a fixed epoch). */
export function installClock(nowMs = Date.UTC(2026, 10, 29, 12)): FakeClock {
  return sinon.useFakeTimers({ now: nowMs, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/** One attempt the source started and the test has not answered yet. */
export interface PendingRequest {
  readonly reason: TokenReason;
  readonly signal: AbortSignal;
  /** Client epoch ms when the source started it. */
  readonly startedAtMs: number;
  /** Answers with `token` valid for `lifetimeSeconds` (as `expiresIn`). */
  succeed(token: string, lifetimeSeconds: number): void;
  /** Fails the attempt with `error`. */
  fail(error: ToucanError): void;
}

/** A token endpoint that records every attempt and answers only when the test says so. */
export class FakeEndpoint {
  readonly requests: PendingRequest[] = [];
  /** When set, every new attempt fails at once with the error it returns (an outage). */
  failing: (() => ToucanError) | null = null;

  /** The source's `request` option. */
  readonly request: TokenRequester = ({ signal, reason }) =>
    new Promise<TokenAttempt>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')), { once: true });
      if (this.failing) reject(this.failing());
      this.requests.push({
        reason,
        signal,
        startedAtMs: Date.now(),
        succeed: (token, lifetimeSeconds) => resolve({ token, expiresInSeconds: lifetimeSeconds, serverNowMs: null }),
        fail: (error) => reject(error),
      });
    });

  /** The latest attempt; throws when none was made. */
  get last(): PendingRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('No request was made');
    return last;
  }

  /** Attempts started so far, answered or not. */
  get count(): number {
    return this.requests.length;
  }
}

/** A retryable failure (HTTP 503), as the real request function reports it. */
export const unavailable = (): ToucanError => new ToucanError('http', 'Token endpoint answered HTTP 503.', { status: 503 });
/** A fatal failure (HTTP 401). */
export const unauthorized = (): ToucanError =>
  new ToucanError('unauthorized', 'Token endpoint refused the request (HTTP 401).', { status: 401, fatal: true });

/** A page whose lifecycle signals and online state the test controls. */
export class FakePage implements PageSignals {
  readonly watchers = new Set<PageWatcher>();
  online = true;

  watch(watcher: PageWatcher): void {
    this.watchers.add(watcher);
  }
  unwatch(watcher: PageWatcher): void {
    this.watchers.delete(watcher);
  }
  tokenHeldChanged(): void {}
  isOnline(): boolean {
    return this.online;
  }
  /** Fires a lifecycle signal at every watcher, as the page would. */
  fire(trigger: ResumeTrigger): void {
    for (const watcher of [...this.watchers]) watcher.resume(trigger);
  }
}

/** A subscriber that records what the source tells it. */
export class RecordingSubscriber implements TokenSubscriber {
  readonly tokens: { held: HeldToken; reason: TokenReason }[] = [];
  readonly failures: { error: ToucanError; info: FailureInfo }[] = [];
  readonly expiries: FailureInfo[] = [];

  constructor(readonly refreshLeadSeconds: number | null = null) {}

  tokenReceived(held: HeldToken, reason: TokenReason): void {
    this.tokens.push({ held, reason });
  }
  attemptFailed(error: ToucanError, info: FailureInfo): void {
    this.failures.push({ error, info });
  }
  tokenExpired(info: FailureInfo): void {
    this.expiries.push(info);
  }
  sourceChanged(): void {}
}
