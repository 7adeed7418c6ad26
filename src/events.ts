/**
 * Typed events of the wrappers (docs/behaviour.md §6). All bubble and are composed; their fields are
 * readonly own properties (no `detail`), so `event.expiresAt` reads like a platform event.
 */
import type { ToucanErrorKind } from './errors.js';

/** Why a token was requested (§6). */
export type TokenReason = 'initial' | 'scheduled' | 'resume' | 'manual';

/**
 * Where a token came from: `request` this document fetched it (also for an element joining a
 * key that has live elements); `cache` it was kept for a key that had no element left; `tab` another
 * document of the origin fetched it.
 */
export type TokenVia = 'request' | 'cache' | 'tab';

/** Lifecycle state of a wrapper, reflected as its `state` attribute (§6). */
export type ToucanState = 'idle' | 'loading' | 'ready' | 'refreshing' | 'expired' | 'error';

const BUBBLES_COMPOSED: EventInit = { bubbles: true, composed: true };

/** A readonly, enumerable own property (§6: listeners cannot alter the fields). */
const field = (value: unknown): PropertyDescriptor => ({ value, enumerable: true });

/**
 * The descriptors of an event's fields: one per field of its `Init` interface, which the event class
 * implements, so a missing, misspelt or foreign field does not compile. Written out per class and
 * defined with one `Object.defineProperties` call: a page with hundreds of wrappers constructs
 * hundreds of these per refresh, and a generic loop over `Object.entries(init)` costs twice as much.
 */
type FieldDescriptors<Init> = { [Name in keyof Init]-?: PropertyDescriptor };

/** Fields of a `toucan-token` event. */
export interface ToucanTokenEventInit {
  /** Expiry of the new token, client epoch ms. */
  readonly expiresAt: number;
  /** Lifetime of the new token, ms. */
  readonly lifetime: number;
  /** `initial` for an element's first token, else what started the request. */
  readonly reason: TokenReason;
  /** Where the token came from: `request` (this document fetched it), `cache` (kept for a key that had no element) or `tab` (another document fetched it). */
  readonly via: TokenVia;
}

/**
 * Fired after each new token is injected into the vendor element. Carries no token (§9).
 *
 * @example el.addEventListener('toucan-token', (e) => console.log(e.reason, new Date(e.expiresAt)));
 */
export class ToucanTokenEvent extends Event implements ToucanTokenEventInit {
  static readonly type = 'toucan-token';

  declare readonly expiresAt: number;
  declare readonly lifetime: number;
  declare readonly reason: TokenReason;
  declare readonly via: TokenVia;

  constructor(init: ToucanTokenEventInit) {
    super(ToucanTokenEvent.type, BUBBLES_COMPOSED);
    Object.defineProperties(this, {
      expiresAt: field(init.expiresAt),
      lifetime: field(init.lifetime),
      reason: field(init.reason),
      via: field(init.via),
    } satisfies FieldDescriptors<ToucanTokenEventInit>);
  }
}

/** Fields of a `toucan-error` event. */
export interface ToucanErrorInit {
  readonly kind: ToucanErrorKind;
  /** HTTP status of the answer, when there was one. */
  readonly status?: number | undefined;
  /** Failed attempts since the last success, across retry cycles (0 for setup errors). */
  readonly attempt: number;
  /** `true` when no retry will follow until `refresh()` or a configuration change. */
  readonly fatal: boolean;
  /** Client epoch ms of the next attempt, or `null` when none is planned. */
  readonly retryAt: number | null;
  /** Human-readable; never contains the token or a response body. */
  readonly message: string;
}

/**
 * Fired after every failed attempt, setup failure and on expiry (§5, §6).
 *
 * @example el.addEventListener('toucan-error', (e) => { if (e.fatal) showLogin(); });
 */
export class ToucanErrorEvent extends Event implements ToucanErrorInit {
  static readonly type = 'toucan-error';
  declare readonly kind: ToucanErrorKind;
  declare readonly status?: number | undefined;
  declare readonly attempt: number;
  declare readonly fatal: boolean;
  declare readonly retryAt: number | null;
  declare readonly message: string;

  constructor(init: ToucanErrorInit) {
    super(ToucanErrorEvent.type, BUBBLES_COMPOSED);
    Object.defineProperties(this, {
      kind: field(init.kind),
      attempt: field(init.attempt),
      fatal: field(init.fatal),
      retryAt: field(init.retryAt),
      message: field(init.message),
    } satisfies FieldDescriptors<Omit<ToucanErrorInit, 'status'>>);
    // No HTTP answer, no `status` property at all.
    if (init.status !== undefined) Object.defineProperty(this, 'status', field(init.status));
  }
}

/** Fields of a `toucan-statechange` event. */
export interface ToucanStateChangeEventInit {
  /** The state now. */
  readonly state: ToucanState;
  /** The state before. */
  readonly previous: ToucanState;
}

/** Fired whenever the wrapper's `state` changes (§6). */
export class ToucanStateChangeEvent extends Event implements ToucanStateChangeEventInit {
  static readonly type = 'toucan-statechange';

  declare readonly state: ToucanState;
  declare readonly previous: ToucanState;

  constructor(init: ToucanStateChangeEventInit) {
    super(ToucanStateChangeEvent.type, BUBBLES_COMPOSED);
    Object.defineProperties(this, {
      state: field(init.state),
      previous: field(init.previous),
    } satisfies FieldDescriptors<ToucanStateChangeEventInit>);
  }
}

/**
 * The wrappers' events by type: the one declaration that `addEventListener` typings (below) and the
 * JSX/Vue typings read. They bubble and are composed, so they reach the document and the window too.
 */
export interface ToucanEventMap {
  'toucan-token': ToucanTokenEvent;
  'toucan-error': ToucanErrorEvent;
  'toucan-statechange': ToucanStateChangeEvent;
}

declare global {
  // Elements, the document and the window all extend this map.
  interface GlobalEventHandlersEventMap extends ToucanEventMap {}
}
