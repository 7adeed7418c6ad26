import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'toucan-embed-loader'; // registers <toucan-dashboard> and <toucan-ai-assistant>
import type { TokenProvider, TokenReason, ToucanTokenEvent } from 'toucan-embed-loader';

@Component({
  selector: 'app-root',
  // The wrappers are custom elements, not Angular components.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <section id="provider">
        <h2>Token from your auth client (tokenProvider)</h2>
        <toucan-dashboard
          #dashboard
          dashboard-id="d-42"
          embed-src="/fake-toucan/embed.js"
          [tokenProvider]="fetchToucanToken"
          (toucan-token)="onToken($event)"
          style="height: 300px"
        >
          <p slot="loading">Loading the dashboard…</p>
          <p slot="error">The dashboard is unavailable.</p>
        </toucan-dashboard>
        <p>
          Last token: <output>reason: {{ reason() }} · tokens: {{ tokens() }}</output>
        </p>
        <!-- refresh() resolves once the new token is injected. -->
        <button type="button" (click)="dashboard.refresh()">Refresh the token</button>
      </section>
    </main>
  `,
})
export class AppComponent {
  readonly reason = signal<TokenReason | 'none yet'>('none yet');
  readonly tokens = signal(0);
  /** Your session, not the Toucan API key. */
  private readonly session = 'Bearer example-session';

  /**
   * An arrow function, so `this` is still the component when the element calls it. The wrapper
   * calls it instead of fetching `token-endpoint`; keep it a stable field (a new function is a new token key).
   */
  readonly fetchToucanToken: TokenProvider = async ({ signal: abort }) => {
    const response = await fetch('/api/toucan-token', {
      headers: { authorization: this.session },
      cache: 'no-store',
      signal: abort,
    });
    if (!response.ok) throw Object.assign(new Error(`Token endpoint answered ${response.status}`), { status: response.status });
    return response.json(); // { token, expiresIn }
  };

  onToken(event: ToucanTokenEvent): void {
    this.reason.set(event.reason);
    this.tokens.update((count) => count + 1);
  }
}
