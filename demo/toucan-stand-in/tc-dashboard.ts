/**
 * `<tc-dashboard>` of the Toucan AI **stand-in**: an HR headcount dashboard (SVG bar chart
 * by city and a city × department table) of the rows the token's `attributes.region` allows.
 *
 * Test hooks (in its open shadow root): `[data-embed-state]` with `data-region` on the frame,
 * and one `tr[data-region][data-city]` per rendered city.
 */
import { css, html, type CSSResultGroup, type TemplateResult } from 'lit';
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

export class TcDashboardElement extends StandInEmbedElement {
  static override styles: CSSResultGroup = [
    StandInEmbedElement.styles,
    css`
      .grid {
        display: flex;
        flex-wrap: wrap;
        gap: 16px;
        align-items: flex-start;
      }
      .grid > .chart-card {
        flex: 1 1 200px;
        max-width: 260px;
      }
      .grid > .table-card {
        flex: 1.6 1 320px;
        overflow-x: auto;
      }
      .card {
        background: var(--tc-surface);
        border: 1px solid var(--tc-border);
        border-radius: 8px;
        padding: 12px 14px;
      }
      h3 {
        margin: 0 0 10px;
        font-size: 13px;
        font-weight: 600;
        color: var(--tc-muted);
      }
      .kpi {
        font-size: 24px;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      .bars {
        display: grid;
        grid-template-columns: max-content 1fr max-content;
        gap: 6px 8px;
        align-items: center;
      }
      .bar-row {
        display: contents;
      }
      .bar-track {
        height: 14px;
      }
      .bar {
        display: block;
        height: 100%;
        min-width: 2px;
        border-radius: 3px;
        background: var(--tc-accent);
      }
      .axis-label {
        font-size: 12px;
      }
      .value {
        color: var(--tc-muted);
        font-size: 11px;
        font-variant-numeric: tabular-nums;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        font-size: 13px;
      }
      th,
      td {
        padding: 5px 6px;
        text-align: right;
        border-bottom: 1px solid var(--tc-border);
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      thead th {
        color: var(--tc-muted);
        font-weight: 600;
        font-size: 12px;
      }
      tfoot td {
        font-weight: 650;
        border-bottom: none;
      }
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
          <h3 style="margin-top: 10px">Headcount by city</h3>
          ${this.#renderChart(rows)}
        </section>
        <section class="card table-card">
          <h3>Headcount by city and department</h3>
          ${this.#renderTable(rows)}
        </section>
      </div>
    `;
  }

  // HTML bars rather than a scaled SVG: labels keep their font size whatever the card's width.
  #renderChart(rows: readonly HeadcountRow[]): TemplateResult {
    const byCity = headcountByCity(rows);
    const max = Math.max(...byCity.map(([, count]) => count));
    return html`<div class="bars" role="img" aria-label="Headcount by city">
      ${byCity.map(
        ([city, count]) =>
          html`<div class="bar-row" data-city=${city}>
            <span class="axis-label">${city}</span>
            <span class="bar-track"><span class="bar" style="width: ${((count / max) * 100).toFixed(1)}%"></span></span>
            <span class="value">${count}</span>
          </div>`,
      )}
    </div>`;
  }

  #renderTable(rows: readonly HeadcountRow[]): TemplateResult {
    const byCity = headcountByCity(rows);
    const byDepartment = new Map(headcountByDepartment(rows));
    return html`<table>
      <thead>
        <tr>
          <th>City</th>
          ${DEPARTMENTS.map((department) => html`<th>${department}</th>`)}
          <th>Total</th>
        </tr>
      </thead>
      <tbody>
        ${byCity.map(
          ([city, total]) =>
            html`<tr data-region=${rows.find((row) => row.city === city)?.region ?? ''} data-city=${city}>
              <td>${city}</td>
              ${DEPARTMENTS.map((department) => html`<td>${headcountOf(rows, city, department)}</td>`)}
              <td>${total}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <td>Total</td>
          ${DEPARTMENTS.map((department) => html`<td>${byDepartment.get(department) ?? 0}</td>`)}
          <td>${totalHeadcount(rows)}</td>
        </tr>
      </tfoot>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tc-dashboard': TcDashboardElement;
  }
}
