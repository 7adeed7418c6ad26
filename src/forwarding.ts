/**
 * Which wrapper attributes reach the vendor element (docs/behaviour.md §2): all but the wrapper's own
 * and the global ones that describe the wrapper itself.
 */

/** The reflected, read-only attribute that mirrors the wrapper's `state` (for CSS). Never forwarded. */
export const STATE_ATTRIBUTE = 'state';

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

/**
 * The wrapper's own attributes, never forwarded: those of its declared reactive properties (Lit's
 * `observedAttributes` of the element class, so a property added with an attribute is own at once,
 * in a subclass too) and {@link STATE_ATTRIBUTE}.
 */
export function ownAttributes(observedAttributes: Iterable<string>): ReadonlySet<string> {
  return new Set([...observedAttributes, STATE_ATTRIBUTE].map((name) => name.toLowerCase()));
}

/**
 * Whether the wrapper attribute `name` is forwarded, given the wrapper's own attributes. The vendor's
 * token attribute is never forwarded either, so markup cannot overwrite the injected token.
 */
export function isForwarded(name: string, tokenAttribute: string, own: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return (
    !own.has(lower) && !WRAPPER_ATTRIBUTES.has(lower) && !lower.startsWith('aria-') && lower !== tokenAttribute.toLowerCase()
  );
}

/** Copies every forwarded attribute of `from` onto `to`. */
export function copyForwarded(from: Element, to: Element, tokenAttribute: string, own: ReadonlySet<string>): void {
  for (const { name, value } of [...from.attributes]) {
    if (isForwarded(name, tokenAttribute, own)) to.setAttribute(name, value);
  }
}
