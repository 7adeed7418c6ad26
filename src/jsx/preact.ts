/**
 * JSX typings of `<toucan-dashboard>` and `<toucan-ai-assistant>` for Preact 10, which sets a
 * custom element's properties when the element has them (`tokenProvider`, `tokenRequest`), sets
 * every other prop as an attribute, and adds `on<type>` props as event listeners.
 * Type-only (empty at run time). Load it once in the app:
 *
 * @example
 * import 'toucan-embed-loader'; // registers the elements
 * import type {} from 'toucan-embed-loader/preact';
 *
 * <toucan-dashboard token-endpoint="/api/toucan-token" dashboard-id="d-42"
 *   ontoucan-error={(event) => event.fatal && showLogin()} />
 */
import type { HTMLAttributes } from 'preact';
import type {
  ToucanEmbedAttributes,
  ToucanEmbedOnEventProps,
  ToucanEmbedProperties,
  ToucanVendorAttributesOf,
  ToucanWrapperTagNameMap,
} from './attributes.js';

export type * from './attributes.js';

/**
 * Props of a wrapper element in Preact: the global HTML props (`class`, `style`, `slot`, `ref`
 * typed with the element class, `children`), the wrapper's own attributes, its JS-only properties
 * and its events. Other hyphenated attributes (`data-*`, future vendor attributes) are accepted by
 * TypeScript's JSX rules without being listed.
 */
export type ToucanEmbedPreactProps<Element extends HTMLElement> = HTMLAttributes<Element> &
  ToucanEmbedAttributes &
  ToucanEmbedProperties &
  ToucanEmbedOnEventProps;

/** Props of every wrapper tag of the package's tag map in Preact. */
export type ToucanPreactIntrinsicElements = {
  [Tag in keyof ToucanWrapperTagNameMap]: ToucanEmbedPreactProps<ToucanWrapperTagNameMap[Tag]> & ToucanVendorAttributesOf<Tag>;
};

/** Props of `<toucan-dashboard>` in Preact. */
export type ToucanDashboardPreactProps = ToucanPreactIntrinsicElements['toucan-dashboard'];

/** Props of `<toucan-ai-assistant>` in Preact. */
export type ToucanAiAssistantPreactProps = ToucanPreactIntrinsicElements['toucan-ai-assistant'];

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements extends ToucanPreactIntrinsicElements {}
  }
}
