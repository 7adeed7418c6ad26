/** Registers the Toucan AI stand-in's custom elements, skipping tags already defined. */
import { TcAiAssistantElement } from './tc-ai-assistant.js';
import { TcDashboardElement } from './tc-dashboard.js';

export function defineStandInEmbeds(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('tc-dashboard')) registry.define('tc-dashboard', TcDashboardElement);
  if (!registry.get('tc-ai-assistant')) registry.define('tc-ai-assistant', TcAiAssistantElement);
}
