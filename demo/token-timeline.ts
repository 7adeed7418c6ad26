/**
 * Records what the demo's status panel shows, fed ONLY by the wrappers' public events
 * (`toucan-token`, `toucan-error`, `toucan-statechange`; CONTRACT.md §6) heard on `document`.
 * Event fields are own properties of the event (no `detail`).
 */

/** One token, from its receipt to its `expiresAt`. */
export interface TokenLifetime {
  readonly receivedAtMs: number;
  readonly expiresAtMs: number;
  readonly lifetimeMs: number;
  readonly reason: string;
  /** Where it came from: `request` (this tab fetched it), `cache` (kept across mounts) or `tab` (another tab fetched it). */
  readonly via: string;
}

/** One `toucan-error`. */
export interface TimelineError {
  readonly atMs: number;
  readonly kind: string;
  readonly status: number | undefined;
  readonly attempt: number;
  readonly fatal: boolean;
  readonly retryAtMs: number | null;
  readonly message: string;
}

/** One line of the event log. */
export interface TimelineEntry {
  readonly atMs: number;
  readonly embedLabel: string;
  readonly type: 'token' | 'error' | 'state';
  readonly text: string;
}

/** Everything heard from one wrapper element. */
export interface EmbedTimeline {
  readonly label: string;
  state: string | null;
  readonly tokens: TokenLifetime[];
  readonly errors: TimelineError[];
}

const MAX_HISTORY = 200;
const MAX_LOG_ENTRIES = 50;
const LABELS: Record<string, string> = { 'toucan-dashboard': 'Dashboard', 'toucan-ai-assistant': 'AI assistant' };

interface TokenEventFields {
  expiresAt: number;
  lifetime: number;
  reason: string;
  via: string;
}
interface ErrorEventFields {
  kind: string;
  status?: number;
  attempt: number;
  fatal: boolean;
  retryAt: number | null;
  message: string;
}
interface StateEventFields {
  state: string;
  previous: string;
}

/** Fires `change` after each recorded event. */
export class TokenTimeline extends EventTarget {
  readonly embeds = new Map<Element, EmbedTimeline>();
  readonly log: TimelineEntry[] = [];

  /** Starts listening on `root`; returns the function that stops it. */
  observe(root: Document | Element): () => void {
    const onToken = (event: Event): void =>
      this.#record(event, 'token', (embed) => {
        const { expiresAt, lifetime, reason, via } = event as Event & TokenEventFields;
        push(embed.tokens, { receivedAtMs: Date.now(), expiresAtMs: expiresAt, lifetimeMs: lifetime, reason, via });
        return `token (${reason}, via ${via}), lifetime ${(lifetime / 1000).toFixed(0)} s`;
      });
    const onError = (event: Event): void =>
      this.#record(event, 'error', (embed) => {
        const fields = event as Event & ErrorEventFields;
        push(embed.errors, {
          atMs: Date.now(),
          kind: fields.kind,
          status: fields.status,
          attempt: fields.attempt,
          fatal: fields.fatal,
          retryAtMs: fields.retryAt,
          message: fields.message,
        });
        return describeError(fields, Date.now());
      });
    const onState = (event: Event): void =>
      this.#record(event, 'state', (embed) => {
        const { state, previous } = event as Event & StateEventFields;
        embed.state = state;
        return `${previous} → ${state}`;
      });
    root.addEventListener('toucan-token', onToken);
    root.addEventListener('toucan-error', onError);
    root.addEventListener('toucan-statechange', onState);
    return () => {
      root.removeEventListener('toucan-token', onToken);
      root.removeEventListener('toucan-error', onError);
      root.removeEventListener('toucan-statechange', onState);
    };
  }

  #record(event: Event, type: TimelineEntry['type'], apply: (embed: EmbedTimeline) => string): void {
    const target = event.target;
    if (!(target instanceof Element) || !(target.localName in LABELS)) return;
    let embed = this.embeds.get(target);
    if (!embed) {
      embed = { label: LABELS[target.localName] ?? target.localName, state: null, tokens: [], errors: [] };
      this.embeds.set(target, embed);
    }
    const text = apply(embed);
    this.log.unshift({ atMs: Date.now(), embedLabel: embed.label, type, text });
    this.log.length = Math.min(this.log.length, MAX_LOG_ENTRIES);
    this.dispatchEvent(new Event('change'));
  }
}

/**
 * A `toucan-error` as a log line that says what happened and what comes next, e.g.
 * "http 503: attempt 3 failed; next attempt in 4 s" or "token expired after 3 failed attempts;
 * next attempt now".
 */
export function describeError(
  fields: Pick<ErrorEventFields, 'kind' | 'status' | 'attempt' | 'fatal' | 'retryAt'>,
  nowMs: number,
): string {
  const failed = `${fields.attempt} failed attempt${fields.attempt === 1 ? '' : 's'}`;
  const retryInSeconds = fields.retryAt === null ? null : Math.round((fields.retryAt - nowMs) / 1000);
  const next = fields.fatal
    ? 'fatal: no retry until refresh() or a settings change'
    : retryInSeconds === null
      ? 'no attempt planned'
      : retryInSeconds <= 0
        ? 'next attempt now'
        : `next attempt in ${retryInSeconds} s`;
  if (fields.kind === 'expired') {
    return `token expired${fields.attempt > 0 ? ` after ${failed}` : ''}; ${next}`;
  }
  return `${fields.kind}${fields.status ? ` ${fields.status}` : ''}: attempt ${fields.attempt} failed; ${next}`;
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_HISTORY) list.splice(0, list.length - MAX_HISTORY);
}
