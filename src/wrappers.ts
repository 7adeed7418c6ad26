/**
 * The package's wrapper elements, one entry each: tag → class, whose `static embedTag` names the
 * vendor tag it creates. Everything that lists the wrappers reads this map: registration
 * (`toucan-embed-loader`), `HTMLElementTagNameMap`, the React/Preact/Vue typings, the React
 * components' tests, `custom-elements.json`, the package check and the test fixtures. Adding a
 * wrapper for a new vendor tag is one class (extending `ToucanEmbedElement`, with `static embedTag`)
 * plus one entry here. Importing this module registers nothing.
 */
import { ToucanAiAssistantElement } from './toucan-ai-assistant.js';
import { ToucanDashboardElement } from './toucan-dashboard.js';
import type { ToucanEmbedElement } from './toucan-embed-element.js';

/** Tag → wrapper class, for every wrapper the package registers. */
export const toucanWrappers = {
  'toucan-dashboard': ToucanDashboardElement,
  'toucan-ai-assistant': ToucanAiAssistantElement,
} satisfies Record<`${string}-${string}`, typeof ToucanEmbedElement>;

type WrapperClasses = typeof toucanWrappers;

/** The wrappers' tags, e.g. `'toucan-dashboard'`. */
export type ToucanWrapperTag = keyof WrapperClasses;

/** Tag → element instance type of every wrapper (what `document.createElement(tag)` returns). */
export type ToucanWrapperTagNameMap = { [Tag in ToucanWrapperTag]: InstanceType<WrapperClasses[Tag]> };
