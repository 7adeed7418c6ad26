/**
 * `toucan-embed-loader`: registers `<toucan-dashboard>` and `<toucan-ai-assistant>` on import
 * and exports everything of `./elements`. Importing twice, hot reloading, or a second copy of the
 * package on the page never throws; a second copy of another version warns once. Without a DOM
 * (server-side rendering) nothing is registered.
 */
import { ToucanAiAssistantElement } from './toucan-ai-assistant.js';
import { ToucanDashboardElement } from './toucan-dashboard.js';
import type { ToucanEmbedElement } from './toucan-embed-element.js';

export * from './elements.js';

for (const element of [ToucanDashboardElement, ToucanAiAssistantElement]) {
  element.define();
  const defined = globalThis.customElements?.get(element.defaultTag) as typeof ToucanEmbedElement | undefined;
  if (typeof document !== 'undefined' && defined && defined !== element && defined.version !== element.version) {
    console.warn(
      `toucan-embed-loader ${element.version}: <${element.defaultTag}> already defined by version ${defined.version}; this copy is unused.`,
    );
    break; // once per copy
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'toucan-dashboard': ToucanDashboardElement;
    'toucan-ai-assistant': ToucanAiAssistantElement;
  }
}
