/**
 * Template typings of `<toucan-dashboard>` and `<toucan-ai-assistant>` for Vue 3.5 (`vue-tsc`,
 * Vue - Official extension), following Vue's guide for custom elements not built with Vue: the
 * elements are added to `GlobalComponents` with their attributes and properties in `$props` and
 * their events in `$emit`. Type-only (empty at run time). Load it once in the app, and tell Vue's
 * compiler that the tags are custom elements (`compilerOptions.isCustomElement`):
 *
 * @example
 * // main.ts
 * import 'toucan-embed-loader'; // registers the elements
 * import type {} from 'toucan-embed-loader/vue';
 *
 * <!-- a template -->
 * <toucan-dashboard token-endpoint="/api/toucan-token" dashboard-id="d-42"
 *   :tokenProvider="getToken" @toucan-error="(event) => event.fatal && showLogin()" />
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type {
  ToucanEmbedAttributes,
  ToucanEmbedEventMap,
  ToucanEmbedProperties,
  ToucanVendorAttributesOf,
  ToucanWrapperTagNameMap,
} from './attributes.js';

export type * from './attributes.js';

/** `token-endpoint` → `tokenEndpoint`: Vue's template type checking matches attributes to props camel-cased. */
export type Camelize<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camelize<Tail>>}`
  : Name;

/** The attribute types keyed by their camel-cased names. */
export type CamelizedAttributes<Attributes> = {
  [Name in keyof Attributes as Name extends string ? Camelize<Name> : Name]: Attributes[Name];
};

/**
 * A custom element as a Vue component type: the element instance (what a template `ref` gets),
 * plus `$props` and `$emit`, which exist only for template type checking.
 */
export type ToucanVueElement<Element extends HTMLElement, Attributes> = new () => Element & {
  /** @deprecated Template type checking only: not a property of the element. */
  $props: HTMLAttributes & CamelizedAttributes<ToucanEmbedAttributes & Attributes> & ToucanEmbedProperties & PublicProps;
  /** @deprecated Template type checking only: not a method of the element. */
  $emit: EmitFn<{ [Type in keyof ToucanEmbedEventMap]: (event: ToucanEmbedEventMap[Type]) => void }>;
};

/** Every wrapper tag of the package's tag map as a Vue component type. */
export type ToucanVueGlobalComponents = {
  [Tag in keyof ToucanWrapperTagNameMap]: ToucanVueElement<ToucanWrapperTagNameMap[Tag], ToucanVendorAttributesOf<Tag>>;
};

declare module 'vue' {
  interface GlobalComponents extends ToucanVueGlobalComponents {}
}
