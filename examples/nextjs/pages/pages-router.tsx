// The pages router takes the same component: rendered on the server, upgraded in the browser.
import Head from 'next/head';
import { useState } from 'react';
import type { TokenReason } from 'toucan-embed-loader';
import { ToucanDashboard } from 'toucan-embed-loader/react';

export default function PagesRouterPage() {
  const [reason, setReason] = useState<TokenReason | 'none yet'>('none yet');
  const [tokens, setTokens] = useState(0);
  return (
    <main>
      <Head>
        <title>toucan-embed-loader · Next.js pages router</title>
        <link rel="icon" href="data:," />
      </Head>
      <section id="pages">
        <h2>Rendered by the pages router</h2>
        <ToucanDashboard
          tokenEndpoint="/api/toucan-token"
          embedSrc="/fake-toucan/embed.js"
          dashboard-id="d-44"
          style={{ height: 300 }}
          onToucanToken={(event) => {
            setReason(event.reason);
            setTokens((count) => count + 1);
          }}
        >
          <p slot="loading">Loading the dashboard…</p>
        </ToucanDashboard>
        <p>
          Last token:{' '}
          <output>
            reason: {reason} · tokens: {tokens}
          </output>
        </p>
      </section>
    </main>
  );
}
