// Type test of `toucan-embed-loader/react` (React 19 JSX), resolved through the package's own
// exports after the build. Compiled by `tsc -p test/types/tsconfig.react.json` in `npm test`;
// each `@ts-expect-error` line must stay an error.
import { useRef } from 'react';
import 'toucan-embed-loader';
import 'toucan-embed-loader/react';
import type {
  TokenProvider,
  TokenReason,
  ToucanDashboardElement,
  ToucanErrorEvent,
  ToucanState,
  ToucanTokenEvent,
} from 'toucan-embed-loader';
import { ToucanAiAssistant, ToucanDashboard, type ToucanDashboardReactProps } from 'toucan-embed-loader/react';

const tokenProvider: TokenProvider = async ({ signal, reason }) => {
  const response = await fetch(`/api/toucan-token?reason=${reason}`, { signal });
  return response.text();
};

export function Dashboard() {
  const dashboard = useRef<ToucanDashboardElement>(null);
  return (
    <toucan-dashboard
      ref={dashboard}
      token-endpoint="/api/t"
      token-method="POST"
      token-credentials="include"
      refresh-lead={60}
      refresh-mode="remount"
      embed-src="https://toucanai.cloud/embed/embed.js"
      embed-integrity="sha384-abc"
      token-attribute="auth-token"
      dashboard-id="d"
      chart-id="c"
      server-url="https://toucanai.cloud/api"
      data-theme="light"
      data-testid="dashboard"
      some-future-vendor-attribute="x"
      aria-label="Sales"
      className="embed"
      style={{ height: 600 }}
      tokenProvider={tokenProvider}
      tokenRequest={{ headers: { 'x-tenant': 't1' }, body: { scope: 'sales' }, credentials: 'include' }}
      ontoucan-token={(event) => {
        const reason: TokenReason = event.reason;
        const expiresAt: number = event.expiresAt;
        return [reason, expiresAt, event.lifetime];
      }}
      ontoucan-error={(event) => (event.fatal ? event.kind : event.retryAt)}
      ontoucan-statechange={(event) => {
        const state: ToucanState = event.state;
        return [state, event.previous];
      }}
    >
      <p slot="loading">Loading…</p>
    </toucan-dashboard>
  );
}

export const brief = (
  <toucan-dashboard token-endpoint="/api/t" dashboard-id="d" tokenProvider={tokenProvider} ontoucan-token={(e) => e.reason} />
);
export const assistant = <toucan-ai-assistant token-endpoint="/api/t" refresh-lead="30" data-theme="dark" />;
export const handler = (event: ToucanErrorEvent) => event.message;
export const withHandler = <toucan-ai-assistant ontoucan-error={handler} />;
export const props: ToucanDashboardReactProps = { 'dashboard-id': 'd', tokenRequest: null };

// Wrong usage is rejected:
// @ts-expect-error -- refresh-mode is `update` or `remount`
export const numericMode = <toucan-dashboard refresh-mode={42} />;
// @ts-expect-error -- refresh-mode is `update` or `remount`
export const unknownMode = <toucan-dashboard refresh-mode="reload" />;
// @ts-expect-error -- token-method is GET or POST
export const putMethod = <toucan-dashboard token-method="PUT" />;
// @ts-expect-error -- refresh-lead is a number of seconds
export const wordyLead = <toucan-dashboard refresh-lead="soon" />;
// @ts-expect-error -- dashboard-id is a string
export const numericId = <toucan-dashboard dashboard-id={42} />;
// @ts-expect-error -- misspelled event field
export const misspelledField = <toucan-dashboard ontoucan-token={(event) => event.reasn} />;
// @ts-expect-error -- a toucan-error handler does not take a toucan-token event
export const wrongEvent = <toucan-dashboard ontoucan-error={(event: ToucanTokenEvent) => event.reason} />;
// @ts-expect-error -- tokenProvider is a function, not a URL
export const urlProvider = <toucan-dashboard tokenProvider="/api/t" />;
// @ts-expect-error -- misspelled property
export const misspelledProperty = <toucan-dashboard tokenProvidr={tokenProvider} />;
// @ts-expect-error -- state is read-only, not an attribute to set
export const settingState = <toucan-dashboard state="ready" />;
// @ts-expect-error -- the ref is a ToucanDashboardElement
export const wrongRef = <toucan-dashboard ref={useRef<HTMLInputElement>(null)} />;
// @ts-expect-error -- misspelled tag
export const misspelledTag = <toucan-dashbord />;

// The components (React 18 and 19):
export function DashboardComponent() {
  const dashboard = useRef<ToucanDashboardElement>(null);
  return (
    <ToucanDashboard
      ref={dashboard}
      tokenEndpoint="/api/t"
      tokenMethod="POST"
      refreshLead={60}
      refreshMode="remount"
      embedSrc="/embed.js"
      tokenProvider={tokenProvider}
      tokenRequest={{ headers: { 'x-tenant': 't1' } }}
      dashboard-id="d"
      server-url="https://toucanai.cloud/api"
      className="embed"
      style={{ height: 600 }}
      onToucanToken={(event) => {
        const reason: TokenReason = event.reason;
        return dashboard.current?.refresh().then(() => reason);
      }}
      onToucanError={(event) => (event.fatal ? event.kind : event.retryAt)}
      onToucanStateChange={(event) => {
        const state: ToucanState = event.state;
        return state;
      }}
    >
      <p slot="loading">Loading…</p>
      <p slot="error">Could not load.</p>
    </ToucanDashboard>
  );
}
export const assistantComponent = <ToucanAiAssistant tokenEndpoint="/api/t" data-theme="dark" />;
// @ts-expect-error -- misspelled event field
export const misspelledComponentField = <ToucanDashboard onToucanToken={(event) => event.reasn} />;
// @ts-expect-error -- an error handler does not take a token event
export const wrongComponentEvent = <ToucanDashboard onToucanError={(event: ToucanTokenEvent) => event.reason} />;
// @ts-expect-error -- refreshMode is `update` or `remount`
export const wrongComponentMode = <ToucanDashboard refreshMode="reload" />;
// @ts-expect-error -- state is read-only
export const componentState = <ToucanDashboard state="ready" />;
// @ts-expect-error -- the ref is a ToucanDashboardElement
export const wrongComponentRef = <ToucanDashboard ref={useRef<HTMLInputElement>(null)} />;
