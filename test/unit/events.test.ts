/** The wrappers' events (CONTRACT §6): typed fields, readonly own properties, bubbling and composed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToucanErrorEvent, ToucanStateChangeEvent, ToucanTokenEvent } from '../../src/events.js';

describe('events', () => {
  it('carry their fields as readonly own properties, with no detail', () => {
    const event = new ToucanTokenEvent({ expiresAt: 2000, lifetime: 1000, reason: 'scheduled', via: 'tab' });
    assert.deepEqual(Object.fromEntries(Object.entries(event)), {
      expiresAt: 2000,
      lifetime: 1000,
      reason: 'scheduled',
      via: 'tab',
    });
    assert.throws(() => Object.assign(event, { reason: 'manual' }), TypeError);
    assert.equal(event.reason, 'scheduled');
    assert.equal('detail' in event, false);
  });

  it('bubble and are composed, with their type from the class', () => {
    for (const event of [
      new ToucanTokenEvent({ expiresAt: 2000, lifetime: 1000, reason: 'initial', via: 'request' }),
      new ToucanErrorEvent({ kind: 'network', attempt: 1, fatal: false, retryAt: null, message: 'm' }),
      new ToucanStateChangeEvent({ state: 'ready', previous: 'loading' }),
    ]) {
      assert.equal(event.type, (event.constructor as { type?: string }).type);
      assert.equal(event.bubbles, true);
      assert.equal(event.composed, true);
    }
  });

  it('an error event without an HTTP status has no status property', () => {
    const event = new ToucanErrorEvent({
      kind: 'timeout',
      status: undefined,
      attempt: 2,
      fatal: false,
      retryAt: 5,
      message: 'm',
    });
    assert.equal(Object.hasOwn(event, 'status'), false);
  });

  it('do not compile with a misspelt or unknown field', () => {
    // Type checks only (npm test's type check fails if these lines compile).
    // @ts-expect-error misspelt field
    new ToucanTokenEvent({ expiresAt: 1, lifetime: 1, reasn: 'initial', via: 'request' });
    // @ts-expect-error field of another event
    new ToucanStateChangeEvent({ state: 'ready', previous: 'idle', kind: 'network' });
    // @ts-expect-error missing field
    new ToucanErrorEvent({ kind: 'network', attempt: 1, fatal: false, message: 'm' });
  });
});
