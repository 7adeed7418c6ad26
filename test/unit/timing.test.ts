import { expect } from 'chai';
import { describe, it } from 'node:test';
import {
  MAX_TIMER_DELAY_MS,
  backoffMs,
  leadMs,
  outageRetryMs,
  refreshAtMs,
  retryAfterMs,
  spacedStartAtMs,
  spacingMs,
} from '../../src/timing.js';

const S = 1000;

describe('timing: refresh lead and spacing (CONTRACT §4)', () => {
  const cases = [
    { lifetimeS: 10, leadS: 5, refreshAtS: 5, spacingS: 1 },
    { lifetimeS: 60, leadS: 30, refreshAtS: 30, spacingS: 6 },
    { lifetimeS: 300, leadS: 60, refreshAtS: 240, spacingS: 30 },
    { lifetimeS: 3600, leadS: 300, refreshAtS: 3300, spacingS: 360 },
    { lifetimeS: 30 * 86400, leadS: 300, refreshAtS: 30 * 86400 - 300, spacingS: 3 * 86400 },
  ];
  for (const { lifetimeS, leadS, refreshAtS, spacingS } of cases) {
    it(`a ${lifetimeS} s token refreshes at ${refreshAtS} s with a ${leadS} s lead and ${spacingS} s spacing`, () => {
      expect(leadMs(lifetimeS * S)).to.equal(leadS * S);
      expect(spacingMs(lifetimeS * S)).to.equal(spacingS * S);
      expect(refreshAtMs({ receivedAtMs: 0, expiresAtMs: lifetimeS * S, lifetimeMs: lifetimeS * S })).to.equal(refreshAtS * S);
    });
  }

  it('a set refresh-lead wins over the automatic lead but stays within half the lifetime', () => {
    expect(leadMs(3600 * S, 600)).to.equal(600 * S);
    expect(leadMs(3600 * S, 10)).to.equal(10 * S);
    expect(leadMs(60 * S, 50)).to.equal(30 * S);
    expect(leadMs(60 * S, 0)).to.equal(0);
  });

  it('spacing delays a refresh that the lead would start too soon after receipt', () => {
    // lifetime 100 s, refresh-lead 99 s → lead capped at 50 s; spacing 10 s does not bind.
    expect(refreshAtMs({ receivedAtMs: 0, expiresAtMs: 100 * S, lifetimeMs: 100 * S }, 99)).to.equal(50 * S);
    // a token received 45 s into its life (adopted late): spacing 10 s from receipt wins
    expect(refreshAtMs({ receivedAtMs: 45 * S, expiresAtMs: 100 * S, lifetimeMs: 100 * S }, 99)).to.equal(55 * S);
  });

  it('spacing counts from the later of the last token received and the last attempt started', () => {
    expect(spacedStartAtMs(10 * S, 20 * S, 100 * S)).to.equal(30 * S);
    expect(spacedStartAtMs(30 * S, 20 * S, 100 * S)).to.equal(40 * S);
    expect(spacedStartAtMs(10 * S, 20 * S, null)).to.equal(21 * S);
    expect(spacedStartAtMs(null, null, null)).to.equal(-Infinity);
    // a refresh planned right after a failed attempt waits for the spacing after it
    expect(refreshAtMs({ receivedAtMs: 0, expiresAtMs: 100 * S, lifetimeMs: 100 * S }, 99, 45 * S)).to.equal(55 * S);
  });

  it('spacing is 1 s when no token is held', () => {
    expect(spacingMs(null)).to.equal(1 * S);
  });

  it('no timer delay exceeds 2^31 − 1 ms', () => {
    expect(MAX_TIMER_DELAY_MS).to.equal(2147483647);
  });
});

describe('timing: backoff and Retry-After (CONTRACT §5)', () => {
  const bounds = [
    { n: 1, min: 0.5, max: 1 },
    { n: 2, min: 1, max: 2 },
    { n: 3, min: 2, max: 4 },
    { n: 4, min: 4, max: 8 },
    { n: 6, min: 15, max: 30 },
  ];
  for (const { n, min, max } of bounds) {
    it(`retry ${n} waits between ${min} s and ${max} s`, () => {
      expect(backoffMs(n, () => 0)).to.equal(min * S);
      expect(backoffMs(n, () => 0.999999)).to.be.closeTo(max * S, 1);
      const sample = backoffMs(n);
      expect(sample).to.be.within(min * S, max * S);
    });
  }

  it('after a failed cycle, attempts come every 60 s ± 10 %', () => {
    expect(outageRetryMs(() => 0)).to.equal(54 * S);
    expect(outageRetryMs(() => 0.5)).to.equal(60 * S);
    expect(outageRetryMs(() => 0.999999)).to.be.closeTo(66 * S, 1);
  });

  it('Retry-After in seconds is read and capped at 60 s', () => {
    expect(retryAfterMs('7', 0)).to.equal(7 * S);
    expect(retryAfterMs('120', 0)).to.equal(60 * S);
    expect(retryAfterMs('0', 0)).to.equal(0);
  });

  it('Retry-After as an HTTP date is relative to the given clock', () => {
    const now = Date.parse('Sun, 29 Nov 2026 12:00:00 GMT');
    expect(retryAfterMs('Sun, 29 Nov 2026 12:00:20 GMT', now)).to.equal(20 * S);
    expect(retryAfterMs('Sun, 29 Nov 2026 13:00:00 GMT', now)).to.equal(60 * S);
    expect(retryAfterMs('Sun, 29 Nov 2026 11:00:00 GMT', now)).to.equal(0);
  });

  it('a missing or unreadable Retry-After gives null', () => {
    expect(retryAfterMs(null, 0)).to.equal(null);
    expect(retryAfterMs('', 0)).to.equal(null);
    expect(retryAfterMs('soon', 0)).to.equal(null);
    expect(retryAfterMs('-5', 0)).to.equal(null);
  });
});
