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

/**
 * Fired after each new token is injected into the vendor element. Carries no token (§9).
 *
 * @example el.addEventListener('toucan-token', (e) => console.log(e.reason, new Date(e.expiresAt)));
 */
export class ToucanTokenEvent extends Event {
  static readonly type = 'toucan-token';

  constructor(
    /** Expiry of the new token, client epoch ms. */
    readonly expiresAt: number,
    /** Lifetime of the new token, ms. */
    readonly lifetime: number,
    /** `initial` for an element's first token, else what started the request. */
    readonly reason: TokenReason,
  ) {
    super(ToucanTokenEvent.type, BUBBLES_COMPOSED);
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
    Object.assign(this, init);
  }
}

/** Fired whenever the wrapper's `state` changes (§6). */
export class ToucanStateChangeEvent extends Event {
  static readonly type = 'toucan-statechange';

  constructor(
    readonly state: ToucanState,
    readonly previous: ToucanState,
  ) {
    super(ToucanStateChangeEvent.type, BUBBLES_COMPOSED);
  }
}

declare global {
  interface HTMLElementEventMap {
    'toucan-token': ToucanTokenEvent;
    'toucan-error': ToucanErrorEvent;
    'toucan-statechange': ToucanStateChangeEvent;
  }
}
