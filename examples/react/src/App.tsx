import { useRef, useState } from 'react';
import type { TokenReason, ToucanDashboardElement, ToucanTokenEvent } from 'toucan-embed-loader';
import { ToucanDashboard } from 'toucan-embed-loader/react';
import { fetchToucanToken, tokenRequest } from './toucan-token.ts';

/** embed-src: the offline test stand-in. Drop it in your app to load https://toucanai.cloud/embed/embed.js. */
const EMBED_SRC = '/fake-toucan/embed.js';

interface TokenStatus {
  reason: TokenReason | 'none yet';
  tokens: number;
}

/** Counts `toucan-token` events, received through the component's `onToucanToken` prop. */
function useTokenStatus() {
  const [status, setStatus] = useState<TokenStatus>({ reason: 'none yet', tokens: 0 });
  const onToken = (event: ToucanTokenEvent) => setStatus((previous) => ({ reason: event.reason, tokens: previous.tokens + 1 }));
  return [status, onToken] as const;
}

function TokenStatusLine({ status }: { status: TokenStatus }) {
  return (
    <p>
      Last token:{' '}
      <output>
        reason: {status.reason} · tokens: {status.tokens}
      </output>
    </p>
  );
}

export function App() {
  const [providerStatus, onProviderToken] = useTokenStatus();
  const [endpointStatus, onEndpointToken] = useTokenStatus();
  const endpointDashboard = useRef<ToucanDashboardElement>(null);

  return (
    <main>
      <section id="provider">
        <h2>Token from your auth client (tokenProvider)</h2>
        <ToucanDashboard
          dashboard-id="d-42"
          embedSrc={EMBED_SRC}
          tokenProvider={fetchToucanToken}
          onToucanToken={onProviderToken}
          style={{ height: 300 }}
        >
          <p slot="loading">Loading the dashboard…</p>
          <p slot="error">The dashboard is unavailable.</p>
        </ToucanDashboard>
        <TokenStatusLine status={providerStatus} />
      </section>

      <section id="endpoint">
        <h2>Token from tokenEndpoint, with headers and body (tokenRequest)</h2>
        <ToucanDashboard
          ref={endpointDashboard}
          dashboard-id="d-43"
          embedSrc={EMBED_SRC}
          tokenEndpoint="/api/toucan-token"
          tokenMethod="POST"
          tokenRequest={tokenRequest}
          onToucanToken={onEndpointToken}
          style={{ height: 300 }}
        >
          <p slot="loading">Loading the dashboard…</p>
        </ToucanDashboard>
        <TokenStatusLine status={endpointStatus} />
        {/* refresh() through the ref: resolves once the new token is injected. */}
        <button type="button" onClick={() => void endpointDashboard.current?.refresh()}>
          Refresh the token
        </button>
      </section>
    </main>
  );
}
