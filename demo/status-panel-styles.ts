/** Shadow-DOM styles of `<demo-status-panel>`; colours come from the page's CSS custom properties. */
import { css } from 'lit';

export const statusPanelStyles = css`
  :host {
    display: block;
    color: var(--text);
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: 16px;
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 12px;
    padding: 18px;
  }
  h2 {
    margin: 0;
    font-size: 16px;
  }
  h3 {
    margin: 0;
    font-size: 13px;
    font-weight: 600;
  }
  header p {
    margin: 4px 0 0;
    font-size: 12px;
    color: var(--muted);
  }
  code {
    font:
      12px ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
  }
  .muted,
  .empty {
    color: var(--muted);
  }
  .danger {
    color: var(--danger);
  }
  .embeds {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: 12px;
  }
  .embed {
    border: 1px solid var(--border);
    border-radius: 10px;
    padding: 12px;
    background: var(--bg);
  }
  .embed-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  .state {
    font:
      600 11px/1 ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
    padding: 4px 8px;
    border-radius: 999px;
    background: var(--chip);
    color: var(--muted);
  }
  .state-ready {
    background: var(--ok-soft);
    color: var(--ok);
  }
  .state-refreshing {
    background: var(--info-soft);
    color: var(--info);
  }
  .state-loading {
    background: var(--warn-soft);
    color: var(--warn);
  }
  .state-expired,
  .state-error {
    background: var(--danger-soft);
    color: var(--danger);
  }
  .time-left {
    margin-top: 10px;
    font-variant-numeric: tabular-nums;
    font-size: 13px;
  }
  .time-left strong {
    font-size: 20px;
  }
  .meter {
    height: 4px;
    border-radius: 2px;
    background: var(--chip);
    margin-top: 6px;
    overflow: hidden;
  }
  .meter div {
    height: 100%;
    background: var(--accent);
    transition: width 0.2s linear;
  }
  .counts {
    margin-top: 8px;
    font-size: 12px;
    color: var(--muted);
  }
  .last-error {
    margin-top: 4px;
    font-size: 12px;
    color: var(--danger);
  }
  .last-error.recovered {
    color: var(--muted);
  }
  .timeline {
    width: 100%;
    height: auto;
    display: block;
    font:
      11px system-ui,
      sans-serif;
  }
  .timeline .tick line {
    stroke: var(--border);
  }
  .timeline .tick text {
    fill: var(--muted);
    font-variant-numeric: tabular-nums;
  }
  .timeline .lane-label {
    fill: var(--text);
    font-weight: 600;
    font-size: 12px;
  }
  .timeline .lane-rule {
    stroke: var(--border);
  }
  .timeline .bar {
    fill: var(--accent);
  }
  .timeline .bar-superseded {
    fill: var(--accent);
    opacity: 0.28;
  }
  .timeline .refresh {
    fill: var(--text);
  }
  .timeline .error line {
    stroke: var(--danger);
    stroke-width: 2;
  }
  .timeline .error circle {
    fill: var(--danger);
  }
  .timeline .now {
    stroke: var(--text);
    stroke-dasharray: 3 3;
    opacity: 0.6;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 14px;
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    font-size: 12px;
    color: var(--muted);
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .swatch {
    display: inline-block;
    width: 14px;
    height: 8px;
    border-radius: 2px;
  }
  .swatch.bar {
    background: var(--accent);
  }
  .swatch.superseded {
    background: var(--accent);
    opacity: 0.28;
  }
  .swatch.refresh {
    width: 0;
    height: 0;
    border-radius: 0;
    border: 5px solid transparent;
    border-top: 7px solid var(--text);
    border-bottom: 0;
  }
  .swatch.error {
    width: 3px;
    height: 12px;
    background: var(--danger);
  }
  .log ol {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    font-size: 12px;
    display: grid;
    gap: 4px;
  }
  .log li {
    display: grid;
    grid-template-columns: 60px 80px 122px 1fr;
    gap: 6px;
    align-items: baseline;
  }
  .log time {
    color: var(--muted);
    font-variant-numeric: tabular-nums;
  }
  .log li > span:nth-child(3) {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 11px;
  }
  .log-embed {
    font-weight: 600;
  }
  .log-error > span:nth-child(3) {
    color: var(--danger);
  }
`;
