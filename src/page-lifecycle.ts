/**
 * The page's lifecycle signals, watched once per page for every token source (docs/behaviour.md §4, §7):
 * `visibilitychange` to visible, `pageshow` from the back/forward cache, `focus`, `online`, and the
 * wake-up check every 30 s while any source holds a token. Listeners and the interval exist only
 * while at least one source is watching; the last one to leave removes them.
 */
import { WAKE_CHECK_INTERVAL_MS } from './timing.js';

/** What woke a source up. */
export type ResumeTrigger = 'visible' | 'pageshow' | 'focus' | 'online' | 'wake-check';

/** A source watching the page. */
export interface PageWatcher {
  /** Whether a token is held (the wake-up check runs only while one is). */
  readonly holdsToken: boolean;
  resume(trigger: ResumeTrigger): void;
}

const watchers = new Set<PageWatcher>();
let wakeCheck: ReturnType<typeof setInterval> | undefined;

/** The page events that re-check every source, as `[target, type, listener]`. */
const PAGE_EVENTS: [() => EventTarget, string, (event: Event) => void][] = [
  [() => document, 'visibilitychange', () => document.visibilityState === 'visible' && resumeAll('visible')],
  [() => window, 'pageshow', (event) => (event as PageTransitionEvent).persisted && resumeAll('pageshow')],
  [() => window, 'focus', () => resumeAll('focus')],
  [() => window, 'online', () => resumeAll('online')],
];

function resumeAll(trigger: ResumeTrigger): void {
  for (const watcher of [...watchers]) watcher.resume(trigger);
}

/** Forgets every watcher and removes the listeners and the interval (`src/testing.ts`). @internal */
export function resetPageWatchers(): void {
  for (const watcher of [...watchers]) realPage.unwatch(watcher);
}

/**
 * What a token source needs of the page: to be told of its lifecycle signals, to keep the wake-up
 * check running while it holds a token, and whether the browser is online. {@link realPage} is the
 * document's; unit tests pass a fake and call the watcher's `resume()` themselves.
 */
export interface PageSignals {
  /** Starts calling `watcher.resume()` on the page's lifecycle signals. */
  watch(watcher: PageWatcher): void;
  /** Stops watching for `watcher`; the last one removes every listener and the interval. */
  unwatch(watcher: PageWatcher): void;
  /** A watcher's `holdsToken` may have changed: runs the wake-up check while any watcher holds a token. */
  tokenHeldChanged(): void;
  /** `false` only while the browser says it is offline (§5). */
  isOnline(): boolean;
}

/** The document's lifecycle signals, shared by every token source of the page. */
export const realPage: PageSignals = {
  watch(watcher) {
    if (watchers.size === 0) for (const [target, type, listener] of PAGE_EVENTS) target().addEventListener(type, listener);
    watchers.add(watcher);
    realPage.tokenHeldChanged();
  },
  unwatch(watcher) {
    if (!watchers.delete(watcher)) return;
    if (watchers.size === 0) for (const [target, type, listener] of PAGE_EVENTS) target().removeEventListener(type, listener);
    realPage.tokenHeldChanged();
  },
  tokenHeldChanged() {
    const needed = [...watchers].some((watcher) => watcher.holdsToken);
    if (needed && wakeCheck === undefined) {
      wakeCheck = setInterval(() => resumeAll('wake-check'), WAKE_CHECK_INTERVAL_MS);
    } else if (!needed && wakeCheck !== undefined) {
      clearInterval(wakeCheck);
      wakeCheck = undefined;
    }
  },
  isOnline: () => globalThis.navigator?.onLine !== false,
};
