import { useState } from 'react';
import type { TokenReason, ToucanTokenEvent } from 'toucan-embed-loader';
import { fetchToucanToken, tokenRequest } from './toucan-token.ts';

/** embed-src: the offline test stand-in. Drop it in your app to load https://toucanai.cloud/embed/embed.js. */
const EMBED_SRC = '/fake-toucan/embed.js';

interface TokenStatus {
  reason: TokenReason | 'none yet';
  tokens: number;
}

/** Counts `toucan-token` events, received through React's own event binding (`ontoucan-token`). */
function useTokenStatus() {
  const [status, setStatus] = useState<TokenStatus>({ reason: 'none yet', tokens: 0 });
  const onToken = (event: ToucanTokenEvent) => setStatus((previous) => ({ reason: event.reason, tokens: previous.tokens + 1 }));
  return [status, onToken] as const;
}

function TokenStatusLine({ status }: { status: TokenStatus }) {
  return (
    <p>
      Last token: <output>reason: {status.reason} · tokens: {status.tokens}</output>
    </p>
  );
}

export function App() {
  const [providerStatus, onProviderToken] = useTokenStatus();
  const [endpointStatus, onEndpointToken] = useTokenStatus();

  return (
    <main>
      <section id="provider">
        <h2>Token from your auth client (tokenProvider)</h2>
        <toucan-dashboard
          dashboard-id="d-42"
          embed-src={EMBED_SRC}
          tokenProvider={fetchToucanToken}
          ontoucan-token={onProviderToken}
          style={{ height: 300 }}
        >
          <p slot="loading">Loading the dashboard…</p>
        </toucan-dashboard>
        <TokenStatusLine status={providerStatus} />
      </section>

      <section id="endpoint">
        <h2>Token from token-endpoint, with headers and body (tokenRequest)</h2>
        <toucan-dashboard
          dashboard-id="d-43"
          embed-src={EMBED_SRC}
          token-endpoint="/api/toucan-token"
          token-method="POST"
          tokenRequest={tokenRequest}
          ontoucan-token={onEndpointToken}
          style={{ height: 300 }}
        >
          <p slot="loading">Loading the dashboard…</p>
        </toucan-dashboard>
        <TokenStatusLine status={endpointStatus} />
      </section>
    </main>
  );
}
