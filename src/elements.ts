/**
 * The classes, events and types, with no side effect: nothing is registered. Use
 * `ToucanDashboardElement.define('my-tag')` to register under your own tag names.
 */
export { configure, type ToucanConfig, type TokenRequestInit } from './config.js';
export { ToucanError, type ToucanErrorKind } from './errors.js';
export {
  ToucanErrorEvent,
  ToucanStateChangeEvent,
  ToucanTokenEvent,
  type ToucanErrorInit,
  type ToucanEventMap,
  type ToucanState,
  type ToucanStateChangeEventInit,
  type ToucanTokenEventInit,
  type TokenReason,
} from './events.js';
export type { TokenProvider } from './token-request.js';
export type { TokenResponse } from './token-response.js';
export { ToucanAiAssistantElement } from './toucan-ai-assistant.js';
export { ToucanDashboardElement } from './toucan-dashboard.js';
export { ToucanEmbedElement, type ElementRegistry } from './toucan-embed-element.js';
export { VERSION } from './version.js';
export { toucanWrappers, type ToucanWrapperTag, type ToucanWrapperTagNameMap } from './wrappers.js';
