import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateToken, type TokenUser } from '../../src/server/index.js';

/** Counts upstream calls; always answers a valid token. */
function countingFetch() {
  const bodies: unknown[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ token: 'tok', expiresIn: 60 }));
  };
  return { fetch, bodies };
}

class Money {
  toString() {
    return 'SECRET-VALUE';
  }
}

const cyclicObject: Record<string, unknown> = { name: 'loop' };
cyclicObject['self'] = cyclicObject;
const cyclicArray: unknown[] = [1];
cyclicArray.push(cyclicArray);
const shared = { region: 'eu' };
// eslint-disable-next-line no-sparse-arrays
const sparse = [1, , 3];

describe('user validation: accepted attributes', () => {
  const good: Array<[string, unknown]> = [
    ['a string', 'acme'],
    ['an empty string', ''],
    ['zero', 0],
    ['a negative float', -1.5],
    ['true', true],
    ['false', false],
    ['null', null],
    ['an array of mixed JSON values', ['a', 1, true, null, { b: [2] }]],
    ['a nested plain object', { a: { b: { c: 'd' } } }],
    ['an object with a null prototype', Object.assign(Object.create(null) as object, { a: 1 })],
    ['the same object twice (not a cycle)', { first: shared, second: shared }],
  ];
  for (const [name, value] of good) {
    test(`sends ${name} upstream unchanged`, async () => {
      const upstream = countingFetch();
      await generateToken({ apiKey: 'k', fetch: upstream.fetch }, { distinctId: 'u', attributes: { value } } as TokenUser);
      assert.deepEqual(
        upstream.bodies[0],
        JSON.parse(JSON.stringify({ user: { distinctId: 'u', role: 'explorer', attributes: { value } } })),
      );
    });
  }

  test('treats null role and attributes as absent', async () => {
    const upstream = countingFetch();
    await generateToken({ apiKey: 'k', fetch: upstream.fetch }, {
      distinctId: 'u',
      role: null,
      attributes: null,
    } as unknown as TokenUser);
    assert.deepEqual(upstream.bodies[0], { user: { distinctId: 'u', role: 'explorer', attributes: {} } });
  });
});

describe('user validation: rejected users', () => {
  const bad: Array<{ name: string; user: unknown; path: string }> = [
    { name: 'a missing user', user: null, path: 'user' },
    { name: 'a missing distinctId', user: {}, path: 'distinctId' },
    { name: 'an empty distinctId', user: { distinctId: '' }, path: 'distinctId' },
    { name: 'a numeric distinctId', user: { distinctId: 42 }, path: 'distinctId' },
    { name: 'a numeric role', user: { distinctId: 'u', role: 1 }, path: 'role' },
    { name: 'array attributes', user: { distinctId: 'u', attributes: ['a'] }, path: 'attributes' },
    { name: 'string attributes', user: { distinctId: 'u', attributes: 'a=b' }, path: 'attributes' },
    { name: 'Date attributes', user: { distinctId: 'u', attributes: new Date() }, path: 'attributes' },
    { name: 'a function', user: { distinctId: 'u', attributes: { fn: () => 'SECRET-VALUE' } }, path: 'attributes.fn' },
    { name: 'undefined', user: { distinctId: 'u', attributes: { gone: undefined } }, path: 'attributes.gone' },
    { name: 'NaN', user: { distinctId: 'u', attributes: { n: Number.NaN } }, path: 'attributes.n' },
    { name: 'Infinity', user: { distinctId: 'u', attributes: { n: Number.POSITIVE_INFINITY } }, path: 'attributes.n' },
    { name: '-Infinity', user: { distinctId: 'u', attributes: { n: Number.NEGATIVE_INFINITY } }, path: 'attributes.n' },
    { name: 'a Date', user: { distinctId: 'u', attributes: { since: new Date(0) } }, path: 'attributes.since' },
    { name: 'a class instance', user: { distinctId: 'u', attributes: { price: new Money() } }, path: 'attributes.price' },
    { name: 'a Map', user: { distinctId: 'u', attributes: { m: new Map() } }, path: 'attributes.m' },
    { name: 'a symbol', user: { distinctId: 'u', attributes: { s: Symbol('SECRET-VALUE') } }, path: 'attributes.s' },
    { name: 'a bigint', user: { distinctId: 'u', attributes: { big: 10n } }, path: 'attributes.big' },
    { name: 'a symbol key', user: { distinctId: 'u', attributes: { nested: { [Symbol('k')]: 1 } } }, path: 'attributes.nested' },
    { name: 'a cyclic object', user: { distinctId: 'u', attributes: { loop: cyclicObject } }, path: 'attributes.loop.self' },
    { name: 'a cyclic array', user: { distinctId: 'u', attributes: { list: cyclicArray } }, path: 'attributes.list[1]' },
    { name: 'a sparse array', user: { distinctId: 'u', attributes: { list: sparse } }, path: 'attributes.list[1]' },
    {
      name: 'a bad value deep in an array',
      user: { distinctId: 'u', attributes: { tags: ['ok', { when: new Date() }] } },
      path: 'attributes.tags[1].when',
    },
    {
      name: 'a bad value under a non-identifier key',
      user: { distinctId: 'u', attributes: { 'plan tier': () => 1 } },
      path: 'attributes["plan tier"]',
    },
  ];
  for (const { name, user, path } of bad) {
    test(`rejects ${name} with a TypeError naming ${path}, before any request`, async () => {
      const upstream = countingFetch();
      const error = await generateToken({ apiKey: 'k', fetch: upstream.fetch }, user as TokenUser).then(
        () => assert.fail('expected a TypeError'),
        (rejection: unknown) => rejection,
      );
      assert.ok(error instanceof TypeError);
      assert.ok(error.message.includes(` ${path} `), error.message);
      assert.ok(!error.message.includes('SECRET-VALUE'), error.message);
      assert.equal(upstream.bodies.length, 0);
    });
  }
});
