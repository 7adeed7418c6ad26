'use client';
/**
 * `toucan-embed-loader/react`: React components of the wrappers, built with Lit's React wrapper
 * (`@lit/react` `createComponent`), for React 18 and 19, with server rendering (Next.js, Remix…).
 * Importing this entry registers the elements in the browser (nothing is registered on a server).
 * It also brings the JSX typings of the raw tags (`<toucan-dashboard>`) for React 19.
 *
 * - Settings that have an attribute (`tokenEndpoint`, `embedSrc`, `refreshLead`, …) are rendered
 *   as their kebab-case attributes (`token-endpoint`, `embed-src`, `refresh-lead`), on the server
 *   and in the browser alike: the element reads them as soon as it upgrades, before hydration.
 * - JS-only properties (`tokenProvider`, `tokenRequest`) are set as properties in the browser
 *   (never rendered as attributes).
 * - Events: `onToucanToken`, `onToucanError`, `onToucanStateChange`, given the typed event.
 * - `ref` is the element (`ref.current.refresh()`); children go to the element, so
 *   `<p slot="loading">…</p>` and `<p slot="error">…</p>` fill its slots.
 *
 * `react` and `@lit/react` are peer dependencies of this entry only.
 *
 * @example
 * import { ToucanDashboard } from 'toucan-embed-loader/react';
 *
 * <ToucanDashboard tokenEndpoint="/api/toucan-token" dashboard-id="d-42" style={{ height: 600 }}
 *   onToucanError={(event) => event.fatal && showSignIn()}>
 *   <p slot="loading">Loading…</p>
 * </ToucanDashboard>
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import '../index.js'; // registers the elements in the browser
import type { ToucanErrorEvent, ToucanStateChangeEvent, ToucanTokenEvent } from '../events.js';
import type { ToucanEmbedElement } from '../toucan-embed-element.js';
import { toucanWrappers } from '../wrappers.js';
import type { ToucanVendorAttributesOf } from '../jsx/attributes.js';

export type * from '../jsx/react.js';

/** React event props → the wrapper's events (docs/behaviour.md §6). */
const events = {
  onToucanToken: 'toucan-token' as EventName<ToucanTokenEvent>,
  onToucanError: 'toucan-error' as EventName<ToucanErrorEvent>,
  onToucanStateChange: 'toucan-statechange' as EventName<ToucanStateChangeEvent>,
};

/** Members of the element that are not settings: read-only state and methods. */
type ReadOnlyMembers = 'state' | 'embedElement' | 'expiresAt' | 'embedTag' | 'refresh';

/**
 * Props of a wrapper component: React's HTML props (`className`, `style`, `children`…), the
 * element's settings (`tokenEndpoint`, `embedSrc`, `refreshLead`, `tokenProvider`, `tokenRequest`…),
 * the vendor attributes in kebab case (`dashboard-id`, `server-url`, `data-theme`, any other
 * hyphenated attribute), the events, and `ref` (the element).
 */
export type ToucanComponentProps<Element extends ToucanEmbedElement, Tag extends string> = Omit<
  React.ComponentProps<ReturnType<typeof createComponent<Element, typeof events>>>,
  ReadOnlyMembers
> &
  ToucanVendorAttributesOf<Tag>;

/** A wrapper as a React component (see {@link ToucanComponentProps}). */
export type ToucanComponent<Element extends ToucanEmbedElement, Tag extends string> = React.ForwardRefExoticComponent<
  Omit<ToucanComponentProps<Element, Tag>, 'ref'> & React.RefAttributes<Element>
>;

/**
 * The React component of the wrapper `tag` of the tag map: `createComponent` for properties, events
 * and the ref, with the settings that have an attribute rendered as that attribute.
 */
function toucanComponent<Tag extends keyof typeof toucanWrappers>(
  tag: Tag,
  displayName: string,
): ToucanComponent<InstanceType<(typeof toucanWrappers)[Tag]>, Tag> {
  type Element = InstanceType<(typeof toucanWrappers)[Tag]>;
  const elementClass = toucanWrappers[tag] as unknown as typeof ToucanEmbedElement & (new () => Element);
  // Finalizing the class fills `elementProperties` and puts the property accessors on the prototype
  // (on a server too), which is how createComponent tells properties from attributes.
  void elementClass.observedAttributes;
  /** Property name → attribute, for the settings that have one (`embedSrc` → `embed-src`). */
  const attributeOf = new Map<string, string>();
  for (const [property, { attribute }] of elementClass.elementProperties) {
    if (typeof attribute === 'string') attributeOf.set(String(property), attribute);
  }
  // Typed loosely here: the props are checked at the outer component's type.
  const Component = createComponent({
    react: React,
    tagName: tag,
    elementClass,
    events,
    displayName: `${displayName}Element`,
  }) as unknown as React.ComponentType<Record<string, unknown>>;
  const Wrapper = React.forwardRef<Element, Record<string, unknown>>((props, ref) => {
    const rendered: Record<string, unknown> = { ref };
    for (const [key, value] of Object.entries(props)) {
      const attribute = attributeOf.get(key);
      if (attribute === undefined) rendered[key] = value;
      else if (value !== undefined && value !== null) rendered[attribute] = String(value);
    }
    return React.createElement(Component, rendered);
  });
  Wrapper.displayName = displayName;
  return Wrapper as unknown as ToucanComponent<Element, Tag>;
}

/** `<toucan-dashboard>` as a React component: a Toucan AI dashboard with its token managed. */
export const ToucanDashboard = toucanComponent('toucan-dashboard', 'ToucanDashboard');

/** `<toucan-ai-assistant>` as a React component: the Toucan AI assistant with its token managed. */
export const ToucanAiAssistant = toucanComponent('toucan-ai-assistant', 'ToucanAiAssistant');

/** Props of {@link ToucanDashboard}. */
export type ToucanDashboardProps = React.ComponentProps<typeof ToucanDashboard>;

/** Props of {@link ToucanAiAssistant}. */
export type ToucanAiAssistantProps = React.ComponentProps<typeof ToucanAiAssistant>;
