/**
 * `<demo-outage-control>` — demo-only button that makes the host token endpoint answer 503
 * for 30 s (`POST /api/demo/outage`), so the wrappers' retries, expiry and recovery show.
 * "End outage" (`DELETE`) then calls the wrappers' public `refresh()` to recover at once.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';

const OUTAGE_URL = '/api/demo/outage';

interface OutageStatus {
  active: boolean;
  endsAt: number | null;
  durationMs: number;
}
type Refreshable = Element & { refresh?: () => Promise<void> };

export class DemoOutageControlElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .control {
      display: flex;
      align-items: center;
      gap: 10px;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      font-size: 13px;
      font-weight: 600;
      padding: 7px 12px;
      border-radius: 8px;
      cursor: pointer;
      border: 1px solid var(--danger);
      background: var(--danger-soft);
      color: var(--danger);
    }
    button.secondary {
      border-color: var(--border);
      background: var(--bg);
      color: var(--text);
    }
    .note {
      font-size: 12px;
      color: var(--muted);
      font-variant-numeric: tabular-nums;
    }
    .note strong {
      color: var(--danger);
    }
  `;
  static override properties = { endsAtMs: { state: true }, durationMs: { state: true } };

  declare private endsAtMs: number | null;
  declare private durationMs: number | null;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.endsAtMs = null;
    this.durationMs = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#send('GET');
    this.#ticker = setInterval(() => {
      if (this.endsAtMs !== null && Date.now() >= this.endsAtMs) this.endsAtMs = null;
      this.requestUpdate();
    }, 500);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
  }

  async #send(method: 'GET' | 'POST' | 'DELETE'): Promise<void> {
    const response = await fetch(OUTAGE_URL, { method, cache: 'no-store' });
    const status = (await response.json()) as OutageStatus;
    this.endsAtMs = status.active ? status.endsAt : null;
    this.durationMs = status.durationMs;
  }

  async #endOutage(): Promise<void> {
    await this.#send('DELETE');
    // Public API: ask for tokens now instead of waiting for the next retry (reason `manual`).
    const wrappers = [...document.querySelectorAll<Refreshable>('toucan-dashboard, toucan-ai-assistant')];
    await Promise.all(wrappers.map((wrapper) => wrapper.refresh?.().catch(() => undefined))); // failures show as toucan-error
  }

  protected override render(): TemplateResult {
    const leftSeconds = this.endsAtMs === null ? 0 : Math.max(0, Math.ceil((this.endsAtMs - Date.now()) / 1000));
    return html`<div class="control">
      ${
        this.endsAtMs === null
          ? html`<button @click=${() => this.#send('POST')}>
                Simulate outage${this.durationMs ? ` (503 for ${Math.round(this.durationMs / 1000)} s)` : ''}
              </button>
              <span class="note">Longer than a token lives: watch the retries, the expiry and the recovery.</span>`
          : html`<button class="secondary" @click=${() => this.#endOutage()}>End outage now</button>
              <span class="note" role="status"><strong>Token endpoint answering 503</strong> · ${leftSeconds} s left</span>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-outage-control': DemoOutageControlElement;
  }
}
