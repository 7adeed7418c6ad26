import { ToucanEmbedElement } from './toucan-embed-element.js';

/**
 * `<toucan-dashboard>`: a Toucan AI dashboard (`<tc-dashboard>`) with its token managed.
 * Forwards `dashboard-id`, `chart-id`, `server-url`, `data-theme` and every other non-own attribute.
 *
 * @summary Toucan AI dashboard embed with token fetch and refresh.
 * @attr dashboard-id - Toucan AI dashboard to show. Forwarded to `<tc-dashboard>`.
 * @attr chart-id - Toucan AI chart to show. Forwarded to `<tc-dashboard>`.
 * @attr server-url - Toucan AI API base URL, e.g. `https://toucanai.cloud/api`. Forwarded to `<tc-dashboard>`.
 * @attr data-theme - Theme of the embed, e.g. `light`. Forwarded to `<tc-dashboard>`.
 * @example <toucan-dashboard token-endpoint="/api/toucan-token" dashboard-id="d-42"></toucan-dashboard>
 */
export class ToucanDashboardElement extends ToucanEmbedElement {
  static override embedTag = 'tc-dashboard';
}
