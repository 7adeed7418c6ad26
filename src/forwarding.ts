/**
 * Which wrapper attributes reach the vendor element (CONTRACT §2): all but the wrapper's own
 * and the global ones that describe the wrapper itself.
 */

/** Attributes that configure the wrapper and are never forwarded. */
export const OWN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'token-endpoint',
  'token-method',
  'token-credentials',
  'refresh-lead',
  'embed-src',
  'embed-integrity',
  'token-attribute',
  'refresh-mode',
  'state',
]);

/** Global attributes that stay on the wrapper. */
export const WRAPPER_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'class',
  'style',
  'slot',
  'part',
  'hidden',
  'title',
  'lang',
  'dir',
  'tabindex',
  'role',
]);

const NOT_FORWARDED: ReadonlySet<string> = new Set([...OWN_ATTRIBUTES, ...WRAPPER_ATTRIBUTES]);

/**
 * Whether the wrapper attribute `name` is forwarded. The vendor's token attribute is never
 * forwarded either, so markup cannot overwrite the injected token.
 */
export function isForwarded(name: string, tokenAttribute: string): boolean {
  const lower = name.toLowerCase();
  return (
    !NOT_FORWARDED.has(lower) && !lower.startsWith('aria-') && lower !== tokenAttribute.toLowerCase()
  );
}

/** Copies every forwarded attribute of `from` onto `to`. */
export function copyForwarded(from: Element, to: Element, tokenAttribute: string): void {
  for (const { name, value } of [...from.attributes]) {
    if (isForwarded(name, tokenAttribute)) to.setAttribute(name, value);
  }
}
