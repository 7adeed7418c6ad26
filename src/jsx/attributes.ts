/**
 * Framework-neutral shapes of what markup can set on the wrappers: their own attributes
 * (docs/behaviour.md §2, kebab-case, string values), the vendor attributes they forward, their JS-only
 * properties and their events. The React, Preact and Vue typings in this folder are built from
 * them. Type-only: this module emits no code.
 */
import type { TokenRequestInit } from '../config.js';
import type { ToucanEventMap } from '../events.js';
import type { TokenProvider } from '../token-request.js';
import type { ToucanWrapperTag, ToucanWrapperTagNameMap } from '../wrappers.js';

/**
 * The wrapper's own attributes (docs/behaviour.md §2): those of its declared properties (`static properties`),
 * with their types; `state` is reflected and read-only, so not settable. None of them reaches the
 * vendor element. `test/node/own-attributes.test.ts` checks this list against the element's.
 */
export interface ToucanEmbedAttributes {
  /** URL of the host's token endpoint, resolved against `document.baseURI`. Default: `configure({ tokenEndpoint })`. */
  'token-endpoint'?: string;
  /** HTTP method of the token request. Default `GET`; `POST` sends `tokenRequest.body` as JSON. */
  'token-method'?: 'GET' | 'POST' | 'get' | 'post';
  /** Fetch credentials mode of the token request. Default `same-origin`. */
  'token-credentials'?: RequestCredentials;
  /** Seconds before expiry at which to refresh. Default: automatic (docs/behaviour.md §4). */
  'refresh-lead'?: number | `${number}`;
  /** Vendor script URL; `''` loads nothing and waits for the page to define the vendor tag. */
  'embed-src'?: string;
  /** Subresource Integrity hash of the vendor script, e.g. `sha384-…`. */
  'embed-integrity'?: string;
  /** Attribute of the vendor element that receives the token. Default `auth-token`. */
  'token-attribute'?: string;
  /** `update` sets a new token on the live vendor element; `remount` replaces the element. Default `update`. */
  'refresh-mode'?: 'update' | 'remount';
  /** Names a `tokenProvider` token so that other tabs of the origin with the same name share it. */
  'token-share-key'?: string;
}

/** Toucan AI attributes every vendor element takes, forwarded by both wrappers. */
export interface ToucanVendorAttributes {
  /** Toucan AI API base URL, e.g. `https://toucanai.cloud/api`. Forwarded to the vendor element. */
  'server-url'?: string;
  /** Theme of the embed, e.g. `light`. Forwarded to the vendor element. */
  'data-theme'?: string;
}

/** Attributes forwarded to `<tc-dashboard>`. Any other non-own attribute is forwarded too. */
export interface ToucanDashboardVendorAttributes extends ToucanVendorAttributes {
  /** Toucan AI dashboard to show. Forwarded to `<tc-dashboard>`. */
  'dashboard-id'?: string;
  /** Toucan AI chart to show. Forwarded to `<tc-dashboard>`. */
  'chart-id'?: string;
}

/** Attributes forwarded to `<tc-ai-assistant>`. Any other non-own attribute is forwarded too. */
export type ToucanAiAssistantVendorAttributes = ToucanVendorAttributes;

/**
 * Vendor attributes of the wrappers that take more than {@link ToucanVendorAttributes}, by tag.
 * Optional: a wrapper not listed here is typed with the common ones (and any hyphenated attribute).
 */
export interface ToucanVendorAttributeMap {
  'toucan-dashboard': ToucanDashboardVendorAttributes;
}

/** The vendor attributes typed for the wrapper `Tag`. */
export type ToucanVendorAttributesOf<Tag extends string> = Tag extends keyof ToucanVendorAttributeMap
  ? ToucanVendorAttributeMap[Tag]
  : ToucanVendorAttributes;

/** Tag → element instance type of every wrapper, from the package's tag map. */
export type { ToucanWrapperTag, ToucanWrapperTagNameMap };

/** JS-only properties (docs/behaviour.md §2): frameworks that set properties when the element has them pass these. */
export interface ToucanEmbedProperties {
  /** Called instead of fetching `token-endpoint`: `({ signal, reason }) => Promise<string | TokenResponse>`. */
  tokenProvider?: TokenProvider | null;
  /** Headers, JSON body (POST only) and credentials of every token request. */
  tokenRequest?: TokenRequestInit | null;
}

/** Event type → event class of what the wrappers dispatch (docs/behaviour.md §6): the map events.ts declares. */
export type ToucanEmbedEventMap = ToucanEventMap;

/**
 * Event handler props named `on` + event type (`ontoucan-token`): React 19 and Preact add such a
 * prop of a custom element with `addEventListener(type)`.
 */
export type ToucanEmbedOnEventProps = {
  [Type in keyof ToucanEmbedEventMap as `on${Type}`]?: (event: ToucanEmbedEventMap[Type]) => void;
};
