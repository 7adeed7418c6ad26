// Type test of the main entries in an app with no React, Preact or Vue types: they must not need
// any (tsconfig.plain.json makes those packages unresolvable). Compiled by `npm test`.
import { configure, ToucanDashboardElement, type ToucanTokenEvent } from 'toucan-embed-loader';
import { configure as configureBundle } from 'toucan-embed-loader/bundle';
import { ToucanAiAssistantElement, ToucanEmbedElement, type ToucanState } from 'toucan-embed-loader/elements';
import { createTokenHandler } from 'toucan-embed-loader/server';

configure({ tokenEndpoint: '/api/toucan-token', requestTimeout: 5 });
configureBundle({ defaultTtl: 300 });
ToucanDashboardElement.define('acme-dashboard');

const dashboard = document.createElement('toucan-dashboard');
dashboard.tokenRequest = { headers: { 'x-tenant': 't1' } };
dashboard.addEventListener('toucan-token', (event: ToucanTokenEvent) => event.expiresAt);
dashboard.addEventListener('toucan-statechange', (event) => {
  const state: ToucanState = event.state;
  return state;
});
const assistant: ToucanEmbedElement = document.createElement('toucan-ai-assistant') satisfies ToucanAiAssistantElement;
// @ts-expect-error -- a misspelled event field
dashboard.addEventListener('toucan-error', (event) => event.fatl);

export const handler: (request: Request) => Promise<Response> = createTokenHandler({ apiKey: 'k', user: () => null });
export { assistant };
