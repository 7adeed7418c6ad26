/**
 * Bugs the token lifecycle's property test found (test/unit/token-lifecycle.property.test.ts), each
 * kept as an example with the shrunk sequence that showed it.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_LEAD_FRACTION } from '../../src/timing.js';
import { ToucanError } from '../../src/errors.js';
import { TokenSource } from '../../src/token-source.js';
import { FakeEndpoint, FakePage, RecordingSubscriber, installClock, unauthorized, type FakeClock } from './harness.js';

const S = 1000;

let clock: FakeClock;
let endpoint: FakeEndpoint;
let page: FakePage;

beforeEach(() => {
  clock = installClock();
  endpoint = new FakeEndpoint();
  page = new FakePage();
});

afterEach(() => clock.restore());

const newSource = () => new TokenSource({ request: endpoint.request, page, random: () => 0 });
const settled = () => clock.tickAsync(0);

describe('TokenSource: examples found by the lifecycle property test', () => {
  // Shrunk: [respond(a, token 1 s), wrapper#0.switch-key, wrapper#0.switch-key, tick(1000 ms)]
  // → "ready with an expired token for 60000 ms": the token stayed, nothing refreshed it.
  it('a wrapper joining a key whose token outlived its last wrapper refreshes that token on schedule', async () => {
    const source = newSource();
    const first = new RecordingSubscriber();
    source.subscribe(first);
    endpoint.last.succeed('token-1', 60);
    await settled();
    source.unsubscribe(first);
    const second = new RecordingSubscriber();
    source.subscribe(second);
    assert.deepEqual(
      second.tokens.map(({ held }) => held.token),
      ['token-1'],
    );
    assert.equal(endpoint.count, 1);
    await clock.tickAsync(MAX_LEAD_FRACTION * 60 * S);
    assert.equal(endpoint.count, 2);
    assert.equal(endpoint.last.reason, 'scheduled');
  });

  it('a wrapper joining a key whose token outlived its last wrapper is told when that token expires', async () => {
    const source = newSource();
    const first = new RecordingSubscriber();
    source.subscribe(first);
    endpoint.last.succeed('token-1', 60);
    await settled();
    source.unsubscribe(first);
    const second = new RecordingSubscriber();
    source.subscribe(second);
    endpoint.failing = () => unauthorized();
    await clock.tickAsync(60 * S);
    assert.equal(second.expiries.length, 1);
  });
});
