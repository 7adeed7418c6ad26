/**
 * `toucan-embed-loader`: registers every wrapper of the tag map (`<toucan-dashboard>`,
 * `<toucan-ai-assistant>`) on import and exports everything of `./elements`. Importing twice, hot
 * reloading, or a second copy of the package on the page never throws; a second copy of another
 * version warns once. Without a DOM (server-side rendering) nothing is registered.
 */
import type { ToucanEmbedElement } from './toucan-embed-element.js';
import { toucanWrappers, type ToucanWrapperTagNameMap } from './wrappers.js';

export * from './elements.js';

for (const [tag, element] of Object.entries(toucanWrappers)) {
  element.define(tag);
  const defined = globalThis.customElements?.get(tag) as typeof ToucanEmbedElement | undefined;
  if (typeof document !== 'undefined' && defined && defined !== element && defined.version !== element.version) {
    console.warn(
      `toucan-embed-loader ${element.version}: <${tag}> already defined by version ${defined.version}; this copy is unused.`,
    );
    break; // once per copy
  }
}

declare global {
  interface HTMLElementTagNameMap extends ToucanWrapperTagNameMap {}
}
