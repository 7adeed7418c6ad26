/**
 * `<tc-dashboard>` of the Toucan AI **stand-in**: an HR headcount dashboard (SVG bar chart
 * by city and a city × department table) of the rows the token's `attributes.region` allows.
 *
 * Test hooks (in its open shadow root): `[data-embed-state]` with `data-region` on the frame,
 * and one `tr[data-region][data-city]` per rendered city.
 */
import { css, html, svg, type CSSResultGroup, type TemplateResult } from 'lit';
import {
  DEPARTMENTS,
  headcountByCity,
  headcountByDepartment,
  headcountOf,
  rowsForRegion,
  totalHeadcount,
  type HeadcountRow,
} from './hr-headcount.js';
import { StandInEmbedElement, type ValidToken } from './stand-in-embed-element.js';

const DASHBOARD_TITLES: Record<string, string> = { 'hr-headcount': 'HR headcount' };
const CHART_WIDTH = 300;
const BAR_HEIGHT = 20;
const BAR_GAP = 10;
const LABEL_WIDTH = 80;

export class TcDashboardElement extends StandInEmbedElement {
  static override styles: CSSResultGroup = [
    StandInEmbedElement.styles,
    css`
      .grid { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
      .grid > .chart-card { flex: 1 1 240px; }
      .grid > .table-card { flex: 1.6 1 400px; overflow-x: auto; }
      .card { background: var(--tc-surface); border: 1px solid var(--tc-border); border-radius: 8px; padding: 12px 14px; }
      h3 { margin: 0 0 10px; font-size: 13px; font-weight: 600; color: var(--tc-muted); }
      .kpi { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; }
      svg { width: 100%; height: auto; display: block; }
      .bar { fill: var(--tc-accent); }
      .axis-label { fill: var(--tc-text); font-size: 12px; }
      .value { fill: var(--tc-muted); font-size: 11px; font-variant-numeric: tabular-nums; }
      table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
      th, td { padding: 5px 8px; text-align: right; border-bottom: 1px solid var(--tc-border); }
      th:first-child, td:first-child { text-align: left; }
      thead th { color: var(--tc-muted); font-weight: 600; font-size: 12px; }
      tfoot td { font-weight: 650; border-bottom: none; }
    `,
  ];

  static override properties = { ...StandInEmbedElement.properties, dashboardId: { attribute: 'dashboard-id' } };

  /** Which dashboard to show (attribute `dashboard-id`); the stand-in knows `hr-headcount`. */
  declare dashboardId: string | null;

  constructor() {
    super();
    this.dashboardId = null;
  }

  protected override get embedTitle(): string {
    return DASHBOARD_TITLES[this.dashboardId ?? ''] ?? `Dashboard ${this.dashboardId ?? '(no dashboard-id)'}`;
  }

  protected override renderContent(token: ValidToken): TemplateResult {
    if (!(this.dashboardId && this.dashboardId in DASHBOARD_TITLES)) {
      return html`<p class="muted">The stand-in has no dashboard "${this.dashboardId}". Try <code>hr-headcount</code>.</p>`;
    }
    const rows = rowsForRegion(token.region);
    if (rows.length === 0) {
      return html`<p class="muted">The token carries no region: row-level security hides every row.</p>`;
    }
    return html`
      <div class="grid">
        <section class="card chart-card">
          <h3>Total headcount · ${token.region}</h3>
          <div class="kpi">${totalHeadcount(rows).toLocaleString('en-US')}</div>
          <h3 style="margin-top: 14px">Headcount by city</h3>
          ${this.#renderChart(rows)}
        </section>
        <section class="card table-card">
          <h3>Headcount by city and department</h3>
          ${this.#renderTable(rows)}
        </section>
      </div>
    `;
  }

  #renderChart(rows: readonly HeadcountRow[]): TemplateResult {
    const byCity = headcountByCity(rows);
    const max = Math.max(...byCity.map(([, count]) => count));
    const barSpace = CHART_WIDTH - LABEL_WIDTH - 40;
    const height = byCity.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
    return html`<svg viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-label="Headcount by city">
      ${byCity.map(([city, count], index) => {
        const y = index * (BAR_HEIGHT + BAR_GAP);
        const width = Math.max(2, (count / max) * barSpace);
        return svg`<g data-city=${city}>
          <text class="axis-label" x="0" y=${y + BAR_HEIGHT / 2} dominant-baseline="central">${city}</text>
          <rect class="bar" x=${LABEL_WIDTH} y=${y} width=${width} height=${BAR_HEIGHT} rx="3"></rect>
          <text class="value" x=${LABEL_WIDTH + width + 6} y=${y + BAR_HEIGHT / 2} dominant-baseline="central">${count}</text>
        </g>`;
      })}
    </svg>`;
  }

  #renderTable(rows: readonly HeadcountRow[]): TemplateResult {
    const byCity = headcountByCity(rows);
    const byDepartment = new Map(headcountByDepartment(rows));
    return html`<table>
      <thead>
        <tr><th>City</th>${DEPARTMENTS.map((department) => html`<th>${department}</th>`)}<th>Total</th></tr>
      </thead>
      <tbody>
        ${byCity.map(
          ([city, total]) => html`<tr data-region=${rows.find((row) => row.city === city)?.region ?? ''} data-city=${city}>
            <td>${city}</td>
            ${DEPARTMENTS.map((department) => html`<td>${headcountOf(rows, city, department)}</td>`)}
            <td>${total}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr><td>Total</td>${DEPARTMENTS.map((department) => html`<td>${byDepartment.get(department) ?? 0}</td>`)}<td>${totalHeadcount(rows)}</td></tr>
      </tfoot>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tc-dashboard': TcDashboardElement;
  }
}
