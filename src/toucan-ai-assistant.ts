import { ToucanEmbedElement } from './toucan-embed-element.js';

/**
 * `<toucan-ai-assistant>`: the Toucan AI assistant (`<tc-ai-assistant>`) with its token managed.
 *
 * @summary Toucan AI assistant embed with token fetch and refresh.
 * @attr server-url - Toucan AI API base URL, e.g. `https://toucanai.cloud/api`. Forwarded to `<tc-ai-assistant>`.
 * @attr data-theme - Theme of the embed, e.g. `light`. Forwarded to `<tc-ai-assistant>`.
 * @example <toucan-ai-assistant token-endpoint="/api/toucan-token"></toucan-ai-assistant>
 */
export class ToucanAiAssistantElement extends ToucanEmbedElement {
  static override embedTag = 'tc-ai-assistant';
}
