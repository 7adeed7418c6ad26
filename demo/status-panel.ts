/**
 * `<demo-status-panel>` — the demo's live view of the wrappers, fed only by their events
 * through a {@link TokenTimeline}: each wrapper's `state`, the time left on its current token
 * (ticking), an SVG timeline of token lifetimes, refreshes and errors, and an event log.
 */
import { LitElement, html, type TemplateResult } from 'lit';
import { statusPanelStyles } from './status-panel-styles.js';
import { renderTimelineChart } from './token-timeline-chart.js';
import { describeError, type EmbedTimeline, type TokenTimeline } from './token-timeline.js';

const TICK_MS = 200;
const LOG_LINES = 8;

export class DemoStatusPanelElement extends LitElement {
  static override styles = statusPanelStyles;
  static override properties = { timeline: { attribute: false } };

  /** The event recorder to show. */
  declare timeline: TokenTimeline | null;

  #ticker: ReturnType<typeof setInterval> | undefined;
  readonly #onChange = (): void => this.requestUpdate();

  constructor() {
    super();
    this.timeline = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timeline?.addEventListener('change', this.#onChange);
    this.#ticker = setInterval(() => this.requestUpdate(), TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.timeline?.removeEventListener('change', this.#onChange);
    clearInterval(this.#ticker);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('timeline') || !this.isConnected) return;
    (changed.get('timeline') as TokenTimeline | null | undefined)?.removeEventListener('change', this.#onChange);
    this.timeline?.addEventListener('change', this.#onChange);
  }

  protected override render(): TemplateResult {
    const lanes = [...(this.timeline?.embeds.values() ?? [])];
    const nowMs = Date.now();
    return html`
      <section class="panel" aria-label="Token status">
        <header>
          <h2>Token status</h2>
          <p>
            Fed only by the wrappers' <code>toucan-token</code>, <code>toucan-error</code> and
            <code>toucan-statechange</code> events.
          </p>
        </header>
        ${
          lanes.length === 0
            ? html`<p class="empty">Waiting for the first events…</p>`
            : html`<div class="embeds">${lanes.map((lane) => this.#renderEmbed(lane, nowMs))}</div>
                <div class="chart">
                  ${renderTimelineChart(lanes, nowMs)}
                  <ul class="legend">
                    <li><span class="swatch bar"></span>token lifetime</li>
                    <li><span class="swatch superseded"></span>replaced, still valid</li>
                    <li><span class="swatch refresh"></span>refresh</li>
                    <li><span class="swatch error"></span>error</li>
                  </ul>
                </div>`
        }
        <slot name="controls"></slot>
        ${this.#renderLog()}
      </section>
    `;
  }

  #renderEmbed(lane: EmbedTimeline, nowMs: number): TemplateResult {
    const token = lane.tokens.at(-1);
    const leftMs = token ? token.expiresAtMs - nowMs : 0;
    const fraction = token ? Math.max(0, Math.min(1, leftMs / token.lifetimeMs)) : 0;
    const lastError = lane.errors.at(-1);
    const refreshes = lane.tokens.filter((t) => t.reason !== 'initial').length;
    return html`<article class="embed" data-embed=${lane.label}>
      <div class="embed-head">
        <h3>${lane.label}</h3>
        <span class="state state-${lane.state ?? 'unknown'}" data-state=${lane.state ?? ''}>${lane.state ?? '…'}</span>
      </div>
      <div class="time-left">
        ${
          !token
            ? html`<span class="muted">no token yet</span>`
            : leftMs > 0
              ? html`<strong>${(leftMs / 1000).toFixed(1)} s</strong> <span class="muted">left on current token, via</span>
                  <span data-via=${token.via}>${token.via}</span>`
              : html`<strong class="danger">expired</strong> <span class="muted">${(-leftMs / 1000).toFixed(0)} s ago</span>`
        }
      </div>
      <div class="meter" aria-hidden="true"><div style="width: ${(fraction * 100).toFixed(1)}%"></div></div>
      <div class="counts">
        ${count(lane.tokens.length, 'token')} · ${count(refreshes, 'refresh', 'refreshes')} ·
        ${count(lane.errors.length, 'error')}
      </div>
      ${lastError ? html`<div class="last-error ${lane.state === 'ready' ? 'recovered' : ''}" title=${lastError.message}>${formatTime(lastError.atMs)}: ${lane.state === 'ready' ? `${lastError.kind}${lastError.status ? ` ${lastError.status}` : ''}, recovered since` : describeError({ ...lastError, retryAt: lastError.retryAtMs }, nowMs)}</div>` : ''}
    </article>`;
  }

  #renderLog(): TemplateResult {
    const entries = this.timeline?.log.slice(0, LOG_LINES) ?? [];
    return html`<div class="log">
      <h3>Recent events</h3>
      <ol>
        ${entries.map(
          (entry) =>
            html`<li class="log-${entry.type}">
              <time>${formatTime(entry.atMs)}</time>
              <span class="log-embed">${entry.embedLabel}</span>
              <span
                >${entry.type === 'token' ? 'toucan-token' : entry.type === 'error' ? 'toucan-error' : 'toucan-statechange'}</span
              >
              <span class="muted">${entry.text}</span>
            </li>`,
        )}
      </ol>
    </div>`;
  }
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour12: false });
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-status-panel': DemoStatusPanelElement;
  }
}
