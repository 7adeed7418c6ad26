/** DeadlineTimer: one setTimeout aimed at a wall-clock deadline, capped at 2^31 − 1 ms and re-armed. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { DeadlineTimer } from '../../src/deadline-timer.js';
import { MAX_TIMER_DELAY_MS } from '../../src/timing.js';
import { installClock, type FakeClock } from './harness.js';

const S = 1000;
const DAY_MS = 86_400 * S;

let clock: FakeClock;
let fired: number;
const count = () => fired++;

beforeEach(() => {
  clock = installClock();
  fired = 0;
});

afterEach(() => {
  sinon.restore();
  clock.restore();
});

describe('DeadlineTimer', () => {
  it('fires at its deadline, not before', async () => {
    new DeadlineTimer().set(Date.now() + 10 * S, count);
    await clock.tickAsync(10 * S - 1);
    assert.equal(fired, 0);
    await clock.tickAsync(1);
    assert.equal(fired, 1);
  });

  it('never hands setTimeout a delay above 2^31 − 1 ms, and re-arms until a 30-day deadline', async () => {
    const setTimeoutSpy = sinon.spy(globalThis, 'setTimeout');
    const dueAtMs = Date.now() + 30 * DAY_MS;
    new DeadlineTimer().set(dueAtMs, count);
    assert.equal(setTimeoutSpy.lastCall.args[1], MAX_TIMER_DELAY_MS);
    await clock.tickAsync(MAX_TIMER_DELAY_MS);
    assert.equal(fired, 0);
    assert.equal(setTimeoutSpy.callCount, 2);
    assert.equal(setTimeoutSpy.lastCall.args[1], dueAtMs - Date.now());
    await clock.tickAsync(dueAtMs - Date.now());
    assert.equal(fired, 1);
    for (const call of setTimeoutSpy.getCalls()) assert.ok(Number(call.args[1]) <= MAX_TIMER_DELAY_MS);
  });

  it('re-arms when the clock was set back while it waited', async () => {
    const dueAtMs = Date.now() + 10 * S;
    new DeadlineTimer().set(dueAtMs, count);
    clock.setSystemTime(Date.now() - 5 * S);
    await clock.tickAsync(10 * S);
    assert.equal(fired, 0);
    await clock.tickAsync(dueAtMs - Date.now());
    assert.equal(fired, 1);
  });

  it('setting a new deadline replaces the armed one', async () => {
    const timer = new DeadlineTimer();
    timer.set(Date.now() + 10 * S, count);
    timer.set(Date.now() + 20 * S, count);
    assert.equal(clock.countTimers(), 1);
    await clock.tickAsync(20 * S);
    assert.equal(fired, 1);
  });

  it('fireIfDue runs a passed deadline that a sleeping machine delayed, and nothing else', () => {
    const timer = new DeadlineTimer();
    timer.set(Date.now() + 10 * S, count);
    assert.equal(timer.fireIfDue(), false);
    clock.setSystemTime(Date.now() + 10 * S); // timers did not run
    assert.equal(timer.fireIfDue(), true);
    assert.equal(fired, 1);
    assert.equal(timer.dueAtMs, null);
    assert.equal(clock.countTimers(), 0);
  });

  it('fire runs the armed callback now, once', async () => {
    const timer = new DeadlineTimer();
    timer.set(Date.now() + 10 * S, count);
    timer.fire();
    timer.fire();
    await clock.tickAsync(10 * S);
    assert.equal(fired, 1);
  });

  it('clear leaves no timer behind', async () => {
    const timer = new DeadlineTimer();
    timer.set(Date.now() + 10 * S, count);
    timer.clear();
    assert.equal(timer.dueAtMs, null);
    assert.equal(clock.countTimers(), 0);
    await clock.tickAsync(10 * S);
    assert.equal(fired, 0);
  });
});
