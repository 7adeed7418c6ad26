/**
 * The user a token is minted for, and its validation.
 *
 * Validation runs before any upstream call so a programming error in the host app
 * (a `Date`, a function, a cycle in `attributes`) fails loudly and locally instead of
 * being silently mangled by `JSON.stringify`.
 *
 * @module
 */

/**
 * A plain JSON value: what `JSON.parse` can return. Numbers must be finite.
 *
 * @example
 * const plan: JsonValue = { tier: 'pro', seats: 12, regions: ['eu', 'us'] };
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The end user of the host app, as sent to Toucan AI's `generate-token` API.
 *
 * - `distinctId` — stable, non-empty id of the user in the host app (required).
 * - `role` — Toucan role; default `"explorer"`.
 * - `attributes` — plain JSON object used by Toucan for row-level filtering and
 *   personalisation; default `{}`. Values must be plain JSON ({@link JsonValue}):
 *   no functions, `undefined`, `NaN`/`Infinity`, `Date`s, class instances, symbols,
 *   bigints, sparse arrays or cycles.
 *
 * @example
 * const user: TokenUser = { distinctId: 'u-123', role: 'explorer', attributes: { company: 'acme' } };
 */
export interface TokenUser {
  distinctId: string;
  role?: string;
  attributes?: Record<string, JsonValue>;
}

/** The user exactly as sent upstream, defaults applied. */
export interface NormalizedTokenUser {
  distinctId: string;
  role: string;
  attributes: Record<string, JsonValue>;
}

/** Role sent when `TokenUser.role` is absent. */
export const DEFAULT_ROLE = 'explorer';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `attributes.plan`, `attributes["a b"]`, `attributes.tags[2]` — a path, never a value. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Describes the type (never the content) of a value that is not plain JSON. */
function describeType(value: unknown): string {
  if (typeof value === 'number') return 'non-finite number';
  if (typeof value !== 'object' || value === null) return typeof value;
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `instance of ${name}` : 'non-plain object';
}

function fail(path: string, problem: string): never {
  throw new TypeError(`Invalid Toucan token user: ${path} ${problem}`);
}

function assertJsonValue(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (typeof value !== 'object') fail(path, `is not a plain JSON value (got ${describeType(value)})`);
  if (ancestors.has(value)) fail(path, 'is a circular reference');
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) fail(path, `is not a plain JSON value (got ${describeType(value)})`);
    ancestors.add(value);
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value)) fail(childPath(path, index), 'is a hole in a sparse array');
      assertJsonValue(value[index], childPath(path, index), ancestors);
    }
    ancestors.delete(value);
    return;
  }
  if (!isPlainObject(value)) fail(path, `is not a plain JSON value (got ${describeType(value)})`);
  if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'has symbol keys');
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) assertJsonValue(child, childPath(path, key), ancestors);
  ancestors.delete(value);
}

/**
 * Checks a {@link TokenUser} and applies its defaults (`role` → `"explorer"`,
 * `attributes` → `{}`; `null` counts as absent for both).
 *
 * @param user - the value returned by the host app; typed `unknown` because it comes from JS callers too.
 * @returns the user as it will be sent upstream.
 * @throws TypeError naming the offending path (e.g. `attributes.tags[1]`) and the
 *   kind of problem — never the offending value.
 *
 * @example
 * normalizeTokenUser({ distinctId: 'u-1' });
 * // → { distinctId: 'u-1', role: 'explorer', attributes: {} }
 * normalizeTokenUser({ distinctId: 'u-1', attributes: { since: new Date() } });
 * // throws TypeError: Invalid Toucan token user: attributes.since is not a plain JSON value (got instance of Date)
 */
export function normalizeTokenUser(user: unknown): NormalizedTokenUser {
  if (typeof user !== 'object' || user === null) fail('user', 'must be an object');
  const { distinctId, role, attributes } = user as Record<string, unknown>;
  if (typeof distinctId !== 'string' || distinctId.length === 0) fail('distinctId', 'must be a non-empty string');
  if (role !== undefined && role !== null && typeof role !== 'string') fail('role', 'must be a string');
  if (attributes !== undefined && attributes !== null) {
    if (typeof attributes !== 'object' || Array.isArray(attributes) || !isPlainObject(attributes)) {
      fail('attributes', 'must be a plain object');
    }
    assertJsonValue(attributes, 'attributes', new Set());
  }
  return {
    distinctId,
    role: typeof role === 'string' ? role : DEFAULT_ROLE,
    attributes: (attributes ?? {}) as Record<string, JsonValue>,
  };
}
