import { ToucanEmbedElement } from './toucan-embed-element.js';

/**
 * `<toucan-dashboard>`: a Toucan AI dashboard (`<tc-dashboard>`) with its token managed.
 * Forwards `dashboard-id`, `chart-id`, `server-url`, `data-theme` and every other non-own attribute.
 *
 * @summary Toucan AI dashboard embed with token fetch and refresh.
 * @example <toucan-dashboard token-endpoint="/api/toucan-token" dashboard-id="d-42"></toucan-dashboard>
 */
export class ToucanDashboardElement extends ToucanEmbedElement {
  static override defaultTag = 'toucan-dashboard';
  static override embedTag = 'tc-dashboard';
}
