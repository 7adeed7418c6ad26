/**
 * JSX typings of `<toucan-dashboard>` and `<toucan-ai-assistant>` for React 19, which sets a
 * custom element's properties when the element has them (`tokenProvider`, `tokenRequest`), sets
 * every other prop as an attribute, and adds `on<type>` props as event listeners.
 * Type-only (empty at run time). Load it once in the app:
 *
 * @example
 * import 'toucan-embed-loader'; // registers the elements
 * import type {} from 'toucan-embed-loader/react';
 *
 * <toucan-dashboard token-endpoint="/api/toucan-token" dashboard-id="d-42"
 *   ontoucan-error={(event) => event.fatal && showLogin()} />
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  ToucanEmbedAttributes,
  ToucanEmbedOnEventProps,
  ToucanEmbedProperties,
  ToucanVendorAttributesOf,
  ToucanWrapperTagNameMap,
} from './attributes.js';

export type * from './attributes.js';

/**
 * Props of a wrapper element in React: the global HTML props (`className`, `style`, `slot`, `ref`
 * typed with the element class, `children`), the wrapper's own attributes, its JS-only properties
 * and its events. Other hyphenated attributes (`data-*`, future vendor attributes) are accepted by
 * TypeScript's JSX rules without being listed.
 */
export type ToucanEmbedReactProps<Element extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<Element>, Element> &
  ToucanEmbedAttributes &
  ToucanEmbedProperties &
  ToucanEmbedOnEventProps;

/** Props of every wrapper tag of the package's tag map in React. */
export type ToucanReactIntrinsicElements = {
  [Tag in keyof ToucanWrapperTagNameMap]: ToucanEmbedReactProps<ToucanWrapperTagNameMap[Tag]> & ToucanVendorAttributesOf<Tag>;
};

/** Props of `<toucan-dashboard>` in React. */
export type ToucanDashboardReactProps = ToucanReactIntrinsicElements['toucan-dashboard'];

/** Props of `<toucan-ai-assistant>` in React. */
export type ToucanAiAssistantReactProps = ToucanReactIntrinsicElements['toucan-ai-assistant'];

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends ToucanReactIntrinsicElements {}
  }
}
