/**
 * Typed events of the wrappers (CONTRACT §6). All bubble and are composed; their fields are
 * readonly own properties (no `detail`), so `event.expiresAt` reads like a platform event.
 */
import type { ToucanErrorKind } from './errors.js';

/** Why a token was requested (§6). */
export type TokenReason = 'initial' | 'scheduled' | 'resume' | 'manual';

/** Lifecycle state of a wrapper, reflected as its `state` attribute (§6). */
export type ToucanState = 'idle' | 'loading' | 'ready' | 'refreshing' | 'expired' | 'error';

const BUBBLES_COMPOSED: EventInit = { bubbles: true, composed: true };

/** Sets `fields` as readonly, enumerable own properties of `event` (§6: listeners cannot alter them). */
function defineFields(event: Event, fields: object): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) Object.defineProperty(event, name, { value, enumerable: true });
  }
}

/**
 * Fired after each new token is injected into the vendor element. Carries no token (§9).
 *
 * @example el.addEventListener('toucan-token', (e) => console.log(e.reason, new Date(e.expiresAt)));
 */
export class ToucanTokenEvent extends Event {
  static readonly type = 'toucan-token';

  /** Expiry of the new token, client epoch ms. */
  declare readonly expiresAt: number;
  /** Lifetime of the new token, ms. */
  declare readonly lifetime: number;
  /** `initial` for an element's first token, else what started the request. */
  declare readonly reason: TokenReason;

  constructor(expiresAt: number, lifetime: number, reason: TokenReason) {
    super(ToucanTokenEvent.type, BUBBLES_COMPOSED);
    defineFields(this, { expiresAt, lifetime, reason });
  }
}

/** Fields of a `toucan-error` event. */
export interface ToucanErrorInit {
  kind: ToucanErrorKind;
  status?: number;
  /** Failed attempts since the last success, across retry cycles (0 for setup errors). */
  attempt: number;
  /** `true` when no retry will follow until `refresh()` or a configuration change. */
  fatal: boolean;
  /** Client epoch ms of the next attempt, or `null` when none is planned. */
  retryAt: number | null;
  /** Human-readable; never contains the token or a response body. */
  message: string;
}

/**
 * Fired after every failed attempt, setup failure and on expiry (§5, §6).
 *
 * @example el.addEventListener('toucan-error', (e) => { if (e.fatal) showLogin(); });
 */
export class ToucanErrorEvent extends Event implements ToucanErrorInit {
  static readonly type = 'toucan-error';
  declare readonly kind: ToucanErrorKind;
  declare readonly status?: number;
  declare readonly attempt: number;
  declare readonly fatal: boolean;
  declare readonly retryAt: number | null;
  declare readonly message: string;

  constructor(init: ToucanErrorInit) {
    super(ToucanErrorEvent.type, BUBBLES_COMPOSED);
    defineFields(this, init);
  }
}

/** Fired whenever the wrapper's `state` changes (§6). */
export class ToucanStateChangeEvent extends Event {
  static readonly type = 'toucan-statechange';

  declare readonly state: ToucanState;
  declare readonly previous: ToucanState;

  constructor(state: ToucanState, previous: ToucanState) {
    super(ToucanStateChangeEvent.type, BUBBLES_COMPOSED);
    defineFields(this, { state, previous });
  }
}

/** The wrappers' events by type; they bubble and are composed, so they reach document and window too. */
export interface ToucanEventMap {
  'toucan-token': ToucanTokenEvent;
  'toucan-error': ToucanErrorEvent;
  'toucan-statechange': ToucanStateChangeEvent;
}

declare global {
  interface HTMLElementEventMap extends ToucanEventMap {}
  interface DocumentEventMap extends ToucanEventMap {}
  interface WindowEventMap extends ToucanEventMap {}
}
