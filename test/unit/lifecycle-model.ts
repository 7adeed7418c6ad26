/**
 * Model-based testing of the token lifecycle (fast-check commands): a world of two token keys
 * (two `TokenSource`s, as two different effective requests), wrappers that subscribe, leave, switch
 * keys and call `refresh()`, a page that fires lifecycle signals and goes offline, a token endpoint
 * whose every answer a command chooses, and a fake clock that ticks, sleeps and jumps back.
 *
 * After every command the world checks the lifecycle invariants (see {@link World.check}); some
 * are also checked at the moment they could break (an attempt starting, a token handed over).
 * A broken invariant fails the run with the shrunk command sequence and the seed.
 *
 * Time: `Date.now()` is the wall clock the source reads; the world also keeps `realMs`, the time
 * that really passed (ticks and sleeps, not jumps back), which the spacing and backoff rules are
 * checked against: a wall clock set back may delay a request but never make it sooner.
 */
import fc from 'fast-check';
import sinon from 'sinon';
import { ToucanError, httpStatusError, isAbortError } from '../../src/errors.js';
import type { TokenReason } from '../../src/events.js';
import type { PageSignals, PageWatcher, ResumeTrigger } from '../../src/page-lifecycle.js';
import {
  BACKOFF_BASE_MS,
  BACKOFF_JITTER_MIN,
  MAX_ATTEMPTS_PER_CYCLE,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  OUTAGE_JITTER_FRACTION,
  OUTAGE_RETRY_MS,
  WAKE_CHECK_INTERVAL_MS,
  retryAfterMs,
  spacingMs,
} from '../../src/timing.js';
import { TokenSource, type FailureInfo, type HeldToken, type TokenSubscriber } from '../../src/token-source.js';
import type { TokenAttempt } from '../../src/token-request.js';

const S = 1000;
const DAY_S = 86_400;
/** Request timeout the source reads from the page defaults (`configure({ requestTimeout })`, 10 s). */
const START_MS = Date.UTC(2026, 10, 29, 12);
/** Also check expiry against the time that really passed (FUZZ_REAL_TIME=1). */
const REAL_TIME = process.env.FUZZ_REAL_TIME === '1';
/** Rounding slack of the timers (they are armed with whole milliseconds). */
const SLACK_MS = 2;

export type Key = 'a' | 'b';
const KEYS: Key[] = ['a', 'b'];

/** One attempt a source started. */
interface Attempt {
  readonly key: Key;
  readonly reason: TokenReason;
  readonly signal: AbortSignal;
  readonly startedAtRealMs: number;
  /** What was going on when it started: a timer (tick, sleep) or the command itself. */
  readonly startedBy: string;
  outcome: 'pending' | 'success' | 'failure' | 'fatal' | 'aborted';
  /** The token answered, for a `success` (which the source may still refuse: same token, expired). */
  answeredToken?: string;
  /** `Retry-After` of the failure, in ms, when it had one. */
  retryAfterMs?: number | null;
  settle(answer: { token: TokenAttempt } | { error: unknown }, refused?: boolean): void;
}

/** A page whose signals the commands fire; the wake-up check runs as the real page runs it. */
class FuzzPage implements PageSignals {
  readonly watchers = new Set<PageWatcher>();
  online = true;
  #wakeCheck: ReturnType<typeof setInterval> | undefined;

  watch(watcher: PageWatcher): void {
    this.watchers.add(watcher);
    this.tokenHeldChanged();
  }
  unwatch(watcher: PageWatcher): void {
    this.watchers.delete(watcher);
    this.tokenHeldChanged();
  }
  tokenHeldChanged(): void {
    const needed = [...this.watchers].some((watcher) => watcher.holdsToken);
    if (needed && this.#wakeCheck === undefined)
      this.#wakeCheck = setInterval(() => this.fire('wake-check'), WAKE_CHECK_INTERVAL_MS);
    else if (!needed && this.#wakeCheck !== undefined) {
      clearInterval(this.#wakeCheck);
      this.#wakeCheck = undefined;
    }
  }
  isOnline(): boolean {
    return this.online;
  }
  /** Page signals fired so far, the wake-up check aside: one may bring a pending retry forward (§5). */
  signals = 0;
  fire(trigger: ResumeTrigger): void {
    if (trigger !== 'wake-check') this.signals += 1;
    for (const watcher of [...this.watchers]) watcher.resume(trigger);
  }
  get wakeCheckRunning(): boolean {
    return this.#wakeCheck !== undefined;
  }
}

/** A wrapper, reduced to what it does with its source (as the element's controller does). */
class Wrapper implements TokenSubscriber {
  held: HeldToken | null = null;
  everHeld = false;
  /** Told its token expired, or found it expired on joining a key (as the element's controller does). */
  expired = false;
  /** Awake time since which the wrapper shows ready/refreshing with a token expired on the client clock. */
  staleSinceRealMs: number | null = null;
  constructor(
    readonly world: World,
    readonly id: number,
    public key: Key,
    public refreshLeadSeconds: number | null,
  ) {}

  tokenReceived(held: HeldToken, reason: TokenReason): void {
    const world = this.world;
    if (Date.now() >= held.expiresAtMs)
      world.violation(`wrapper ${this.id} was handed a token expired on the client clock (${reason})`);
    const truth = world.tokens.get(held.token);
    // The rules measure expiry on the client's wall clock (§4); set back, it keeps a token for longer than it
    // really lives. FUZZ_REAL_TIME=1 also checks real time, to show that (see the report of issue 14).
    if (REAL_TIME && truth && world.realMs >= truth.trueExpiryRealMs) {
      world.violation(
        `wrapper ${this.id} was handed a token that really expired ${world.realMs - truth.trueExpiryRealMs} ms ago (${reason})`,
      );
    }
    this.held = held;
    this.everHeld = true;
    this.expired = false;
    world.tokenHanded(this.key, held);
  }
  attemptFailed(error: ToucanError, info: FailureInfo): void {
    const world = this.world;
    if (info.retryAt !== null && info.retryAt < Date.now()) world.violation(`retryAt ${info.retryAt} is in the past`);
    if (error.fatal !== (info.retryAt === null) && error.kind !== 'config') {
      world.violation(`a ${error.fatal ? 'fatal' : 'retryable'} failure has retryAt ${info.retryAt}`);
    }
  }
  tokenExpired(): void {
    const held = this.held;
    if (!held) return; // a wrapper that joined after the token expired: the element ignores it too
    if (Date.now() < held.expiresAtMs) this.world.violation(`wrapper ${this.id} told its token expired before its expiry`);
    this.world.expiredTokens.add(held.token);
    this.expired = true;
  }
  /** Just joined a key: a token that expired meanwhile is the wrapper's to notice (the source never held it). */
  joined(): void {
    if (this.held && Date.now() >= this.held.expiresAtMs) this.expired = true;
  }
  sourceChanged(): void {}
}

/** What the fake endpoint knows of a token it issued. */
interface IssuedToken {
  readonly key: Key;
  /** When the token really expires: the answer's time plus its lifetime. */
  readonly trueExpiryRealMs: number;
}

/** Mulberry32: the jitter source, seeded by the run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface KeyHistory {
  /** Real time the key last received a token from its endpoint. */
  lastTokenRealMs: number | null;
  /** The token the key's wrappers were last handed (received or adopted). */
  lastToken: HeldToken | null;
  /** Failures since the last success or refresh() (the source's cycle count). */
  cycleFailures: number;
  /** When the last failure settled, and the delay it allowed before a timer-driven retry. */
  lastFailure: { atRealMs: number; minDelayMs: number; signals: number } | null;
  fatal: boolean;
  /** Real times of the retries timers started in the last hour. */
  timerRetriesRealMs: number[];
}

export class World {
  readonly clock: sinon.SinonFakeTimers;
  readonly page = new FuzzPage();
  readonly sources: Record<Key, TokenSource>;
  readonly attempts: Attempt[] = [];
  readonly wrappers: Wrapper[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  readonly history: Record<Key, KeyHistory>;
  readonly refreshes: { settled: boolean; calledAtRealMs: number; offline: boolean }[] = [];
  readonly violations: string[] = [];
  /** Tokens the source said expired (a wall clock set back later does not make them valid again). */
  readonly expiredTokens = new Set<string>();
  #offsetMs = -START_MS;
  /** Time the machine was awake (ticks): what the wake-up check's 30 s count. */
  awakeMs = 0;
  /** What is running now, for attributing attempts: `timer` during ticks and sleeps. */
  activity = 'setup';
  #nextWrapperId = 1;
  #nextToken = 1;

  /** One sandbox per run, so that thousands of runs leave no fakes behind. */
  readonly #sandbox = sinon.createSandbox();

  constructor(seed: number) {
    this.clock = this.#sandbox.useFakeTimers({
      now: START_MS,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const random = seededRandom(seed);
    const make = (key: Key) => new TokenSource({ request: (context) => this.#request(key, context), page: this.page, random });
    this.sources = { a: make('a'), b: make('b') };
    const fresh = (): KeyHistory => ({
      lastTokenRealMs: null,
      lastToken: null,
      cycleFailures: 0,
      lastFailure: null,
      fatal: false,
      timerRetriesRealMs: [],
    });
    this.history = { a: fresh(), b: fresh() };
  }

  dispose(): void {
    this.#sandbox.restore();
  }

  /** Time that really passed since the start: ticks and sleeps, not wall clock jumps. */
  get realMs(): number {
    return this.clock.now + this.#offsetMs;
  }

  violation(message: string): void {
    this.violations.push(`${message} [at real ${this.realMs} ms, during ${this.activity}]`);
  }

  /** The fake endpoint: records the attempt, fails it with `timeout` after `timeoutMs` unless answered. */
  #request(
    key: Key,
    { signal, timeoutMs, reason }: { signal: AbortSignal; timeoutMs: number; reason: TokenReason },
  ): Promise<TokenAttempt> {
    this.#attemptStarting(key, reason);
    return new Promise<TokenAttempt>((resolve, reject) => {
      const attempt: Attempt = {
        key,
        reason,
        signal,
        startedAtRealMs: this.realMs,
        startedBy: this.activity,
        outcome: 'pending',
        settle: (answer, refused = false) => {
          if (attempt.outcome !== 'pending') return;
          clearTimeout(timeout);
          if ('token' in answer) {
            attempt.outcome = refused ? 'failure' : 'success';
            attempt.answeredToken = answer.token.token;
            if (refused) this.#failed(attempt);
            resolve(answer.token);
          } else {
            attempt.outcome = isAbortError(answer.error) ? 'aborted' : (answer.error as ToucanError).fatal ? 'fatal' : 'failure';
            if (attempt.outcome === 'fatal') this.history[key].fatal = true;
            if (attempt.outcome === 'failure') this.#failed(attempt);
            reject(answer.error);
          }
        },
      };
      const timeout = setTimeout(
        () => attempt.settle({ error: new ToucanError('timeout', 'Token request timed out.') }),
        timeoutMs,
      );
      signal.addEventListener('abort', () => attempt.settle({ error: new DOMException('Aborted', 'AbortError') }), {
        once: true,
      });
      this.attempts.push(attempt);
    });
  }

  /** Checks, as an attempt starts, single flight, spacing and backoff. */
  #attemptStarting(key: Key, reason: TokenReason): void {
    const pending = this.attempts.filter(
      (attempt) => attempt.key === key && attempt.outcome === 'pending' && !attempt.signal.aborted,
    );
    if (pending.length > 0) this.violation(`key ${key}: a ${reason} attempt started while one was in flight`);
    const previous = this.attempts.filter((attempt) => attempt.key === key).at(-1);
    const history = this.history[key];
    if (history.fatal && reason !== 'manual') this.violation(`key ${key}: a ${reason} attempt after a fatal error`);
    if (!this.wrappers.some((wrapper) => wrapper.key === key)) this.violation(`key ${key}: a ${reason} attempt with no wrapper`);
    if (previous?.outcome === 'success' && !this.#handed.has(previous.answeredToken!)) {
      // The source refused the answer (expired on arrival by its clock): a failed attempt.
      previous.outcome = 'failure';
      this.#failed(previous);
      history.lastFailure = null; // when it failed is not known exactly: no backoff check for this retry
    }
    const byTimer = this.activity === 'timer';
    if ((reason === 'scheduled' || reason === 'resume') && (!previous || previous.outcome === 'success')) {
      // A refresh, not a retry: spacing from the last token received or the last attempt started (§4).
      const held = history.lastToken;
      const valid = held !== null && Date.now() < held.expiresAtMs;
      const since = Math.max(history.lastTokenRealMs ?? -Infinity, previous?.startedAtRealMs ?? -Infinity);
      const neededMs = spacingMs(valid ? held.lifetimeMs : null);
      if (this.realMs - since < neededMs - SLACK_MS) {
        this.violation(
          `key ${key}: ${reason} attempt ${this.realMs - since} ms after the last token or attempt, spacing needs ${neededMs} ms`,
        );
      }
    }
    if (byTimer && previous?.outcome === 'failure' && reason !== 'manual') {
      // However the failures fall, timers retry at most 4 times per cycle, then once per outage period (§5).
      const hourAgo = this.realMs - 3600 * S;
      const retries = (history.timerRetriesRealMs = [...history.timerRetriesRealMs.filter((at) => at > hourAgo), this.realMs]);
      const maxPerHour = MAX_ATTEMPTS_PER_CYCLE - 1 + Math.ceil((3600 * S) / (OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION)));
      if (retries.length > maxPerHour)
        this.violation(`key ${key}: ${retries.length} timer retries within an hour, at most ${maxPerHour}`);
    }
    if (byTimer && previous?.outcome === 'failure' && history.lastFailure && this.page.signals > history.lastFailure.signals) {
      // A page signal since the failure (online, or a look at an expired embed) may bring the retry
      // forward, to no sooner than the spacing after the last attempt started (§4, §5); else backoff.
      const held = history.lastToken;
      const neededMs = spacingMs(held !== null && Date.now() < held.expiresAtMs ? held.lifetimeMs : null);
      const backoffWaited = this.realMs - history.lastFailure.atRealMs >= history.lastFailure.minDelayMs - SLACK_MS;
      if (!backoffWaited && this.realMs - previous.startedAtRealMs < neededMs - SLACK_MS) {
        this.violation(
          `key ${key}: retry brought forward ${this.realMs - previous.startedAtRealMs} ms after the last attempt, spacing needs ${neededMs} ms`,
        );
      }
    } else if (byTimer && previous?.outcome === 'failure' && history.lastFailure && reason !== 'manual') {
      const waitedMs = this.realMs - history.lastFailure.atRealMs;
      if (waitedMs < history.lastFailure.minDelayMs - SLACK_MS) {
        this.violation(
          `key ${key}: retry ${waitedMs} ms after a failure, backoff allows ${history.lastFailure.minDelayMs} ms at the soonest`,
        );
      }
    }
  }

  /** Answers the pending attempt of `key`; returns false when none is pending. */
  async answer(key: Key, answer: Answer): Promise<void> {
    const attempt = this.pendingAttempt(key);
    if (!attempt) return;
    const history = this.history[key];
    if (answer.kind === 'token' || answer.kind === 'same' || answer.kind === 'expired') {
      let token: string;
      let lifetimeSeconds: number;
      if (answer.kind === 'same' && history.lastToken) {
        token = history.lastToken.token;
        lifetimeSeconds = 600;
      } else {
        token = `${key}-token-${this.#nextToken++}`;
        lifetimeSeconds = answer.kind === 'token' ? answer.lifetimeSeconds : 0;
      }
      if (!this.tokens.has(token)) this.tokens.set(token, { key, trueExpiryRealMs: this.realMs + lifetimeSeconds * S });
      attempt.settle({ token: { token, expiresInSeconds: lifetimeSeconds, serverNowMs: null } }, answer.kind !== 'token');
    } else {
      const error = answerError(answer);
      attempt.retryAfterMs = error.retryAfterMs;
      attempt.settle({ error });
    }
    await this.settleNow();
  }

  pendingAttempt(key: Key): Attempt | undefined {
    return this.attempts.find((attempt) => attempt.key === key && attempt.outcome === 'pending' && !attempt.signal.aborted);
  }

  /** Lets promise continuations run without moving the clock. */
  async settleNow(): Promise<void> {
    await this.clock.tickAsync(0);
  }

  /** Moves real and wall time forward by `ms`, firing every timer due on the way. */
  async tick(ms: number): Promise<void> {
    const previous = this.activity;
    this.activity = 'timer';
    this.awakeMs += ms;
    await this.clock.tickAsync(ms);
    this.activity = previous;
  }

  /** The machine sleeps `ms`: wall and real time move, timers fire late (they count awake time). */
  async sleep(ms: number): Promise<void> {
    this.clock.setSystemTime(this.clock.now + ms);
    await this.settleNow();
  }

  /** The wall clock is set back `ms`; no real time passes. */
  async jumpBack(ms: number): Promise<void> {
    this.clock.setSystemTime(this.clock.now - ms);
    this.#offsetMs += ms;
    await this.settleNow();
  }

  /** A retryable failure settled now: the backoff it allows before a timer-driven retry (§5). */
  #failed(attempt: Attempt): void {
    const history = this.history[attempt.key];
    history.cycleFailures += 1;
    const n = history.cycleFailures;
    let minDelayMs: number;
    if (n >= MAX_ATTEMPTS_PER_CYCLE) minDelayMs = OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION);
    else if (attempt.retryAfterMs != null) minDelayMs = Math.min(attempt.retryAfterMs, MAX_RETRY_AFTER_MS);
    else minDelayMs = Math.min(MAX_BACKOFF_MS, BACKOFF_BASE_MS * 2 ** (n - 1)) * BACKOFF_JITTER_MIN;
    history.lastFailure = { atRealMs: this.realMs, minDelayMs, signals: this.page.signals };
  }

  readonly #handed = new Set<string>();

  /** A wrapper of `key` was handed `held`. */
  tokenHanded(key: Key, held: HeldToken): void {
    this.#handed.add(held.token);
    const history = this.history[key];
    if (history.lastToken?.token === held.token) return;
    history.lastToken = held;
    history.lastFailure = null; // a new token (received or adopted) ends the retry wait: a refresh is planned instead
    const fromEndpoint = this.attempts.some((attempt) => attempt.key === key && attempt.answeredToken === held.token);
    if (fromEndpoint) {
      history.lastTokenRealMs = this.realMs;
      history.cycleFailures = 0;
      history.lastFailure = null;
    }
  }

  subscribe(key: Key, refreshLeadSeconds: number | null): Wrapper {
    const wrapper = new Wrapper(this, this.#nextWrapperId++, key, refreshLeadSeconds);
    this.wrappers.push(wrapper);
    this.sources[key].subscribe(wrapper);
    wrapper.joined();
    return wrapper;
  }

  unsubscribe(wrapper: Wrapper): void {
    this.wrappers.splice(this.wrappers.indexOf(wrapper), 1);
    this.sources[wrapper.key].unsubscribe(wrapper);
  }

  /** A request setting of `wrapper` changed: it moves to the other key, bringing its token (as the element does). */
  switchKey(wrapper: Wrapper): void {
    const previous = this.sources[wrapper.key];
    wrapper.key = wrapper.key === 'a' ? 'b' : 'a';
    const source = this.sources[wrapper.key];
    if (wrapper.held) source.adopt(wrapper.held);
    source.subscribe(wrapper);
    previous.unsubscribe(wrapper);
    wrapper.joined();
    if (source.fatalError) this.refresh(wrapper); // a changed setting clears a fatal error
  }

  refresh(wrapper: Wrapper): void {
    const record = { settled: false, calledAtRealMs: this.realMs, offline: !this.page.online };
    this.refreshes.push(record);
    if (this.page.online) {
      // A new cycle now, exempt from spacing, clearing a fatal error; offline nothing changes (§2).
      const history = this.history[wrapper.key];
      history.fatal = false;
      history.cycleFailures = 0;
      history.lastFailure = null;
    }
    this.sources[wrapper.key].refresh().then(
      () => (record.settled = true),
      () => (record.settled = true),
    );
  }

  /** The invariants that must hold between commands. */
  check(): void {
    for (const key of KEYS) {
      const source = this.sources[key];
      const subscribers = this.wrappers.filter((wrapper) => wrapper.key === key);
      const pending = this.attempts.filter(
        (attempt) => attempt.key === key && attempt.outcome === 'pending' && !attempt.signal.aborted,
      );
      if (pending.length > 1) this.violation(`key ${key}: ${pending.length} attempts in flight`);
      if (subscribers.length === 0) {
        if (pending.length > 0) this.violation(`key ${key}: an attempt is in flight with no wrapper left`);
        if (this.page.watchers.has(source)) this.violation(`key ${key}: still watching the page with no wrapper left`);
      }
      if (Boolean(source.fatalError) !== this.history[key].fatal) {
        this.violation(
          `key ${key}: fatalError is ${source.fatalError?.kind ?? 'null'} but the history says ${this.history[key].fatal ? 'fatal' : 'not fatal'}`,
        );
      }
      const latest = this.history[key].lastToken;
      if (
        latest &&
        Date.now() < latest.expiresAtMs &&
        !this.expiredTokens.has(latest.token) &&
        subscribers.length > 0 &&
        !source.holdsToken
      ) {
        this.violation(`key ${key}: a valid token was dropped`);
      }
      for (const wrapper of subscribers) {
        const state = this.#state(wrapper);
        if ((state === 'error') !== Boolean(source.fatalError))
          this.violation(`wrapper ${wrapper.id}: ${state} with fatalError ${source.fatalError?.kind}`);
        const stale = (state === 'ready' || state === 'refreshing') && Date.now() >= wrapper.held!.expiresAtMs;
        if (!stale) wrapper.staleSinceRealMs = null;
        else if (wrapper.staleSinceRealMs === null) wrapper.staleSinceRealMs = this.awakeMs;
        else if (this.awakeMs - wrapper.staleSinceRealMs > WAKE_CHECK_INTERVAL_MS + SLACK_MS) {
          this.violation(
            `wrapper ${wrapper.id}: ${state} with an expired token for ${this.awakeMs - wrapper.staleSinceRealMs} ms awake`,
          );
        }
      }
    }
    if (this.wrappers.length === 0) {
      if (this.clock.countTimers() > 0) this.violation(`${this.clock.countTimers()} timers left with no wrapper`);
      if (this.page.watchers.size > 0 || this.page.wakeCheckRunning) this.violation('page still watched with no wrapper');
    }
    for (const record of this.refreshes) {
      if (record.offline && !record.settled) this.violation('refresh() called offline did not reject at once');
    }
  }

  /** The state a wrapper shows, derived as the element derives it (§6), the vendor tag defined. */
  #state(wrapper: Wrapper): string {
    const source = this.sources[wrapper.key];
    if (source.fatalError) return 'error';
    if (!wrapper.held) return 'loading';
    if (wrapper.expired) return 'expired';
    return source.busy ? 'refreshing' : 'ready';
  }

  /** Online, every attempt answered with a token, time passes: every refresh() must have settled. */
  async drain(): Promise<void> {
    this.page.online = true;
    this.page.fire('online');
    for (let round = 0; round < 4; round++) {
      for (const key of KEYS) await this.answer(key, { kind: 'token', lifetimeSeconds: 3600 });
      await this.tick(15 * S);
      for (const key of KEYS) await this.answer(key, { kind: 'token', lifetimeSeconds: 3600 });
    }
    this.check();
    const open = this.refreshes.filter((record) => !record.settled).length;
    if (open > 0) this.violation(`${open} refresh() promise(s) never settled`);
    for (const wrapper of [...this.wrappers]) this.unsubscribe(wrapper);
    await this.settleNow();
    this.check();
  }
}

/** An answer of the endpoint. */
export type Answer =
  | { kind: 'token'; lifetimeSeconds: number }
  | { kind: 'same' }
  | { kind: 'expired' }
  | { kind: 'http'; status: number; retryAfter: string | null }
  | { kind: 'malformed' }
  | { kind: 'network' }
  | { kind: 'sign-in-redirect' };

function answerError(answer: Answer): ToucanError {
  switch (answer.kind) {
    case 'http':
      return httpStatusError(answer.status, retryAfterMs(answer.retryAfter, Date.now()));
    case 'malformed':
      return new ToucanError('response', 'Token answer unusable: no token.');
    case 'network':
      return new ToucanError('network', 'Token request failed (network).');
    case 'sign-in-redirect':
      return new ToucanError('unauthorized', 'Token endpoint redirected to a page without a token.', { fatal: true });
    default:
      throw new Error(`not an error answer: ${answer.kind}`);
  }
}

// ---- Commands ----------------------------------------------------------------------------------

type Model = Record<string, never>;
type Cmd = fc.AsyncCommand<Model, World>;

const after = async (world: World, name: string, run: () => void | Promise<void>) => {
  world.activity = name;
  await run();
  await world.settleNow();
  world.activity = 'idle';
  world.check();
  if (world.violations.length > 0) throw new Error(`Invariant broken after ${name}:\n  ${world.violations.join('\n  ')}`);
};

/** Answers the pending attempt of the preferred key, else of the other one (nothing when none is pending). */
class Respond implements Cmd {
  constructor(
    readonly key: Key,
    readonly answer: Answer,
  ) {}
  check = () => true;
  run = (_: Model, world: World) =>
    after(world, this.toString(), async () => {
      const key = world.pendingAttempt(this.key) ? this.key : this.key === 'a' ? 'b' : 'a';
      await world.answer(key, this.answer);
    });
  toString = () => `respond(${this.key}, ${JSON.stringify(this.answer)})`;
}

class Tick implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  run = (_: Model, world: World) => after(world, this.toString(), () => world.tick(this.ms));
  toString = () => `tick(${this.ms} ms)`;
}

class Sleep implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  run = (_: Model, world: World) => after(world, this.toString(), () => world.sleep(this.ms));
  toString = () => `sleep(${this.ms} ms)`;
}

class JumpBack implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  run = (_: Model, world: World) => after(world, this.toString(), () => world.jumpBack(this.ms));
  toString = () => `wallClockBack(${this.ms} ms)`;
}

class Signal implements Cmd {
  constructor(readonly trigger: 'visible' | 'pageshow' | 'focus' | 'online' | 'offline') {}
  check = () => true;
  run = (_: Model, world: World) =>
    after(world, this.toString(), () => {
      if (this.trigger === 'offline') {
        world.page.online = false;
        // The network drops: what is in flight fails.
        for (const attempt of world.attempts) {
          if (attempt.outcome === 'pending' && !attempt.signal.aborted)
            attempt.settle({ error: new ToucanError('network', 'Token request failed (network).') });
        }
        return;
      }
      if (this.trigger === 'online') world.page.online = true;
      world.page.fire(this.trigger);
    });
  toString = () => `page(${this.trigger})`;
}

class Subscribe implements Cmd {
  constructor(
    readonly key: Key,
    readonly leadSeconds: number | null,
  ) {}
  check = () => true;
  run = (_: Model, world: World) =>
    after(world, this.toString(), () => {
      if (world.wrappers.length < 4) world.subscribe(this.key, this.leadSeconds);
    });
  toString = () => `subscribe(${this.key}, lead ${this.leadSeconds})`;
}

/** Commands on the n-th wrapper (modulo how many there are; nothing when there is none). */
class OnWrapper implements Cmd {
  constructor(
    readonly index: number,
    readonly action: 'leave' | 'refresh' | 'switch-key' | { lead: number | null },
  ) {}
  check = () => true;
  run = (_: Model, world: World) =>
    after(world, this.toString(), () => {
      const wrapper = world.wrappers[this.index % Math.max(1, world.wrappers.length)];
      if (!wrapper) return;
      if (this.action === 'leave') world.unsubscribe(wrapper);
      else if (this.action === 'refresh') world.refresh(wrapper);
      else if (this.action === 'switch-key') world.switchKey(wrapper);
      else {
        wrapper.refreshLeadSeconds = this.action.lead;
        world.sources[wrapper.key].reschedule();
      }
    });
  toString = () => `wrapper#${this.index}.${typeof this.action === 'string' ? this.action : `lead = ${this.action.lead}`}`;
}

const key = fc.constantFrom<Key>('a', 'b');
const lead = fc.constantFrom(null, null, 0, 1, 10, 60, 300, 3600, DAY_S);
const lifetimeSeconds = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 2, 10, 60, 60, 300, 300, 3600, DAY_S, 30 * DAY_S) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 * DAY_S }) },
);
const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 10, arbitrary: lifetimeSeconds.map((seconds) => ({ kind: 'token', lifetimeSeconds: seconds }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'same' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expired' } as const) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('http' as const),
      status: fc.constantFrom(401, 403, 404, 408, 429, 429, 500, 502, 503, 503),
      retryAfter: fc.constantFrom(null, null, '0', '1', '5', '30', '120', 'garbage'),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'malformed' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'network' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sign-in-redirect' } as const) },
);

/** The command arbitraries; `maxCommands` per sequence. */
export function lifecycleCommands(maxCommands: number) {
  return fc.commands(
    [
      // Weighted by repetition: answers and ticks are what most of a lifecycle is made of.
      ...[1, 2, 3].map(() => fc.tuple(key, answer).map(([k, a]) => new Respond(k, a))),
      ...[1, 2].map(() =>
        fc
          .oneof(
            { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 * S }) },
            { weight: 3, arbitrary: fc.integer({ min: 2 * S, max: 10 * 60 * S }) },
            { weight: 1, arbitrary: fc.integer({ min: 10 * 60 * S, max: 2 * 3600 * S }) },
          )
          .map((ms) => new Tick(ms)),
      ),
      fc.integer({ min: 60 * S, max: 40 * DAY_S * S }).map((ms) => new Sleep(ms)),
      fc.integer({ min: S, max: 2 * DAY_S * S }).map((ms) => new JumpBack(ms)),
      fc.constantFrom('visible', 'pageshow', 'focus', 'online', 'offline').map((trigger) => new Signal(trigger as never)),
      fc.tuple(key, lead).map(([k, l]) => new Subscribe(k, l)),
      fc
        .tuple(fc.nat(3), fc.constantFrom('leave', 'refresh', 'switch-key'))
        .map(([index, action]) => new OnWrapper(index, action as never)),
      fc.tuple(fc.nat(3), lead).map(([index, l]) => new OnWrapper(index, { lead: l })),
    ],
    { maxCommands },
  );
}

/** The property: any sequence of commands, from one subscribed wrapper, keeps every invariant. */
export function lifecycleProperty(maxCommands: number) {
  return fc.asyncProperty(fc.integer(), lifecycleCommands(maxCommands), async (seed, commands) => {
    const world = new World(seed);
    try {
      world.subscribe('a', null);
      await fc.asyncModelRun(() => ({ model: {}, real: world }), commands);
      world.activity = 'drain';
      await world.drain();
      if (world.violations.length > 0) throw new Error(`Invariant broken at the end:\n  ${world.violations.join('\n  ')}`);
    } finally {
      world.dispose();
    }
  });
}

export { MAX_ATTEMPTS_PER_CYCLE };
