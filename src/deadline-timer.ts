import { MAX_TIMER_DELAY_MS } from './timing.js';

/**
 * One `setTimeout` aimed at a wall-clock deadline (client epoch ms), owned by whoever creates it.
 *
 * - Delays above 2^31 − 1 ms are capped and the timer re-arms (docs/behaviour.md §4), so a 30-day token
 *   does not refresh at once.
 * - When it fires it re-reads `Date.now()` and re-arms if the deadline is still ahead (a clock set
 *   back, or a capped delay).
 * - {@link fireIfDue} lets the wake-up check and page-lifecycle events run a deadline that a
 *   sleeping machine or a throttled tab delayed.
 */
export class DeadlineTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  #dueAtMs: number | null = null;
  #callback: (() => void) | null = null;

  /** Deadline in client epoch ms, or `null` when nothing is armed. */
  get dueAtMs(): number | null {
    return this.#dueAtMs;
  }

  /** Arms the timer for `dueAtMs`, replacing whatever was armed. */
  set(dueAtMs: number, callback: () => void): void {
    this.clear();
    this.#dueAtMs = dueAtMs;
    this.#callback = callback;
    this.#arm();
  }

  /** Runs the callback now if its deadline has passed; returns whether it did. */
  fireIfDue(): boolean {
    if (this.#dueAtMs === null || Date.now() < this.#dueAtMs) return false;
    this.fire();
    return true;
  }

  /** Runs the armed callback now, whatever its deadline. No-op when nothing is armed. */
  fire(): void {
    const callback = this.#callback;
    this.clear();
    callback?.();
  }

  clear(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#dueAtMs = null;
    this.#callback = null;
  }

  #arm(): void {
    const delayMs = Math.min(Math.max(0, Math.ceil((this.#dueAtMs ?? 0) - Date.now())), MAX_TIMER_DELAY_MS);
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      if (!this.fireIfDue()) this.#arm();
    }, delayMs);
  }
}
