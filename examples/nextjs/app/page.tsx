// A server component: it renders <ToucanDashboard> directly (the entry is 'use client') with
// settings that are attributes, and a client component for what needs functions (event handlers).
import { ToucanDashboard } from 'toucan-embed-loader/react';
import { Analytics } from './analytics';

/** embed-src: the offline test stand-in. Drop it in your app to load https://toucanai.cloud/embed/embed.js. */
const EMBED_SRC = '/fake-toucan/embed.js';

export default function Page() {
  return (
    <main>
      <section id="server">
        <h2>Rendered by a server component</h2>
        <ToucanDashboard tokenEndpoint="/api/toucan-token" embedSrc={EMBED_SRC} dashboard-id="d-42" style={{ height: 300 }}>
          <p slot="loading">Loading the dashboard…</p>
        </ToucanDashboard>
      </section>
      <Analytics embedSrc={EMBED_SRC} />
    </main>
  );
}
