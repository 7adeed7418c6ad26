'use client';
import { useState } from 'react';
import type { TokenReason } from 'toucan-embed-loader';
import { ToucanDashboard } from 'toucan-embed-loader/react';

/** A client component: event handlers are functions, so they live on this side. */
export function Analytics({ embedSrc }: { embedSrc: string }) {
  const [status, setStatus] = useState<{ reason: TokenReason | 'none yet'; tokens: number }>({ reason: 'none yet', tokens: 0 });
  return (
    <section id="client">
      <h2>Rendered by a client component</h2>
      <ToucanDashboard
        tokenEndpoint="/api/toucan-token"
        embedSrc={embedSrc}
        dashboard-id="d-43"
        style={{ height: 300 }}
        onToucanToken={(event) => setStatus((previous) => ({ reason: event.reason, tokens: previous.tokens + 1 }))}
        onToucanError={(event) => event.fatal && console.warn(`Toucan embed: ${event.kind}`)}
      >
        <p slot="loading">Loading the dashboard…</p>
        <p slot="error">The dashboard is unavailable.</p>
      </ToucanDashboard>
      <p>
        Last token:{' '}
        <output>
          reason: {status.reason} · tokens: {status.tokens}
        </output>
      </p>
    </section>
  );
}
