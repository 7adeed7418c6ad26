// The demo's event log says what happened and what comes next, in words a user reads right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeError } from '../../demo/token-timeline.js';

const NOW = 1_000_000;

test('an expiry says how many attempts had failed and when the next one comes', () => {
  assert.equal(
    describeError({ kind: 'expired', attempt: 3, fatal: false, retryAt: NOW + 200 }, NOW),
    'token expired after 3 failed attempts; next attempt now',
  );
  assert.equal(
    describeError({ kind: 'expired', attempt: 1, fatal: false, retryAt: NOW + 41_600 }, NOW),
    'token expired after 1 failed attempt; next attempt in 42 s',
  );
});

test('a failed attempt says its number, its status and when the next one comes', () => {
  assert.equal(
    describeError({ kind: 'http', status: 503, attempt: 3, fatal: false, retryAt: NOW + 4_000 }, NOW),
    'http 503: attempt 3 failed; next attempt in 4 s',
  );
});

test('a fatal failure says that nothing is retried', () => {
  assert.equal(
    describeError({ kind: 'unauthorized', status: 401, attempt: 1, fatal: true, retryAt: null }, NOW),
    'unauthorized 401: attempt 1 failed; fatal: no retry until refresh() or a settings change',
  );
});
