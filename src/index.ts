/**
 * `toucan-embed-loader`: registers every wrapper of the tag map (`<toucan-dashboard>`,
 * `<toucan-ai-assistant>`) on import and exports everything of `./elements`. Importing twice, hot
 * reloading, or a second copy of the package on the page never throws (the first copy's elements
 * serve the page, and every copy shares the settings of `configure()`); in development a second
 * copy warns once. Without a DOM (server-side rendering) nothing is registered.
 */
import { registerCopy } from './config.js';
import { VERSION } from './version.js';
import { toucanWrappers, type ToucanWrapperTagNameMap } from './wrappers.js';

export * from './elements.js';

for (const [tag, element] of Object.entries(toucanWrappers)) element.define(tag);
// Every copy says it is here; in development a second copy warns (see ./development.ts).
if (typeof document !== 'undefined') registerCopy(VERSION);
declare global {
  interface HTMLElementTagNameMap extends ToucanWrapperTagNameMap {}
}
