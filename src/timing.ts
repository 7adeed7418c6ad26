/**
 * Pure refresh-timing rules of docs/behaviour.md §4 and §5: no timers, no clock reads, no DOM.
 * Every input and output carries its unit in its name (`…Ms` milliseconds, `…Seconds` seconds).
 */

const SECOND_MS = 1000;

/** Lead of the automatic rule: a fifth of the lifetime… (§4) */
export const AUTO_LEAD_FRACTION = 0.2;
/** …but at least 30 s… (§4) */
export const MIN_AUTO_LEAD_MS = 30 * SECOND_MS;
/** …and at most 300 s (§4). */
export const MAX_AUTO_LEAD_MS = 300 * SECOND_MS;
/** Any lead, automatic or set, is at most half the lifetime (§4). */
export const MAX_LEAD_FRACTION = 0.5;

/** Spacing between a received token and the next non-retry request: a tenth of the lifetime… (§4) */
export const SPACING_FRACTION = 0.1;
/** …and at least 1 s, which is also the spacing when no token is held (§4). */
export const MIN_SPACING_MS = 1 * SECOND_MS;

/** Largest delay `setTimeout` honours (2^31 − 1 ms ≈ 24.8 days); longer timers re-arm (§4, HTML timers). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
/** Period of the page-wide wake-up check that catches timers a sleeping machine delayed (§4). */
export const WAKE_CHECK_INTERVAL_MS = 30 * SECOND_MS;

/** Attempts in one retry cycle, the first included (§5). */
export const MAX_ATTEMPTS_PER_CYCLE = 5;
/** Backoff base: retry n waits up to 1 s × 2^(n−1)… (§5) */
export const BACKOFF_BASE_MS = 1 * SECOND_MS;
/** …capped at 30 s (§5). */
export const MAX_BACKOFF_MS = 30 * SECOND_MS;
/** Jitter: the backoff is multiplied by a uniform random factor in [0.5, 1] (§5). */
export const BACKOFF_JITTER_MIN = 0.5;
/** A `Retry-After` on 429/503 replaces the backoff, capped at 60 s (§5). */
export const MAX_RETRY_AFTER_MS = 60 * SECOND_MS;
/** After a failed cycle, one attempt every 60 s… (§5) */
export const OUTAGE_RETRY_MS = 60 * SECOND_MS;
/** …± 10 % (§5). */
export const OUTAGE_JITTER_FRACTION = 0.1;

/** A random source in [0, 1), `Math.random` by default; tests pass fixed values. */
export type Random = () => number;

/**
 * Refresh lead `L` in ms for a token of `lifetimeMs` (§4).
 *
 * `refreshLeadSeconds` (≥ 0: the largest `refresh-lead` of the wrappers sharing the token) wins over
 * the automatic `clamp(0.2 × lifetime, 30 s, 300 s)`; either way `L ≤ 0.5 × lifetime`.
 *
 * @example leadMs(60_000) === 30_000; leadMs(3_600_000) === 300_000; leadMs(10_000) === 5_000
 */
export function leadMs(lifetimeMs: number, refreshLeadSeconds?: number | null): number {
  const wantedMs =
    refreshLeadSeconds != null
      ? refreshLeadSeconds * SECOND_MS
      : clamp(AUTO_LEAD_FRACTION * lifetimeMs, MIN_AUTO_LEAD_MS, MAX_AUTO_LEAD_MS);
  return Math.min(wantedMs, MAX_LEAD_FRACTION * lifetimeMs);
}

/**
 * Least time in ms between the last token received or attempt started and the next scheduled or
 * event-driven request: `max(1 s, 0.1 × lifetime)`, or 1 s when no valid token is held (`lifetimeMs` null) (§4).
 */
export function spacingMs(lifetimeMs?: number | null): number {
  return lifetimeMs == null ? MIN_SPACING_MS : Math.max(MIN_SPACING_MS, SPACING_FRACTION * lifetimeMs);
}

/** What the refresh schedule needs to know of the token held. All times are client epoch ms. */
export interface HeldTokenTiming {
  /** When the token was received. */
  receivedAtMs: number;
  /** `t0 + lifetime` (§4). */
  expiresAtMs: number;
  lifetimeMs: number;
}

/**
 * Earliest client epoch ms at which a scheduled refresh or a request triggered by the wake-up check or
 * a page event may start (§4): spacing after the later of the last token received and the last
 * attempt started (`null` when none). `validLifetimeMs` is the lifetime of the valid token held, `null`
 * when none is (spacing is then 1 s). Retries and `refresh()` are not spaced.
 */
export function spacedStartAtMs(
  lastTokenAtMs: number | null | undefined,
  lastAttemptAtMs: number | null,
  validLifetimeMs: number | null | undefined,
): number {
  return Math.max(lastTokenAtMs ?? -Infinity, lastAttemptAtMs ?? -Infinity) + spacingMs(validLifetimeMs);
}

/**
 * Client epoch ms at which the next refresh request starts (§4):
 * `max(expiresAt − L, spacing after the later of receivedAt and lastAttemptAtMs)`.
 *
 * @example lifetime 300 s received at 0 → 240 000 (refresh at 240 s)
 */
export function refreshAtMs(
  held: HeldTokenTiming,
  refreshLeadSeconds?: number | null,
  lastAttemptAtMs: number | null = null,
): number {
  return Math.max(
    held.expiresAtMs - leadMs(held.lifetimeMs, refreshLeadSeconds),
    spacedStartAtMs(held.receivedAtMs, lastAttemptAtMs, held.lifetimeMs),
  );
}

/**
 * Backoff in ms before retry `retryNumber` (1…4) of a cycle (§5):
 * uniform in [0.5, 1] × min(30 s, 1 s × 2^(n−1)).
 */
export function backoffMs(retryNumber: number, random: Random = Math.random): number {
  const ceilingMs = Math.min(MAX_BACKOFF_MS, BACKOFF_BASE_MS * 2 ** (retryNumber - 1));
  return ceilingMs * (BACKOFF_JITTER_MIN + (1 - BACKOFF_JITTER_MIN) * random());
}

/** Delay in ms between attempts once a cycle has failed 5 times: 60 s ± 10 % (§5). */
export function outageRetryMs(random: Random = Math.random): number {
  return OUTAGE_RETRY_MS * (1 - OUTAGE_JITTER_FRACTION + 2 * OUTAGE_JITTER_FRACTION * random());
}

/**
 * Delay in ms asked by a `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date),
 * capped at 60 s (§5); `null` when absent or unreadable. A date in the past gives 0.
 *
 * @param nowMs the clock the HTTP-date is compared with (the response `Date` when known).
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  let delayMs: number;
  if (/^\d+$/.test(value)) {
    delayMs = Number(value) * SECOND_MS;
  } else if (/[a-z]/i.test(value)) {
    const dateMs = Date.parse(value);
    if (Number.isNaN(dateMs)) return null;
    delayMs = Math.max(0, dateMs - nowMs);
  } else {
    return null;
  }
  return Math.min(delayMs, MAX_RETRY_AFTER_MS);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
