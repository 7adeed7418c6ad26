/**
 * `toucan-embed-loader`: registers `<toucan-dashboard>` and `<toucan-ai-assistant>` on import
 * (safe to import twice; does nothing without a DOM) and exports everything of `./elements`.
 */
import { ToucanAiAssistantElement } from './toucan-ai-assistant.js';
import { ToucanDashboardElement } from './toucan-dashboard.js';

export * from './elements.js';

ToucanDashboardElement.define('toucan-dashboard');
ToucanAiAssistantElement.define('toucan-ai-assistant');

declare global {
  interface HTMLElementTagNameMap {
    'toucan-dashboard': ToucanDashboardElement;
    'toucan-ai-assistant': ToucanAiAssistantElement;
  }
}
