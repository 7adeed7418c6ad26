/** Shared shadow-DOM styles of the Toucan AI stand-in's embeds (`data-theme="dark"` supported). */
import { css } from 'lit';

export const embedStyles = css`
  :host {
    --tc-bg: #ffffff;
    --tc-surface: #f6f7f9;
    --tc-text: #1d2330;
    --tc-muted: #667085;
    --tc-border: #e3e6eb;
    --tc-accent: #0f7b6c;
    --tc-accent-soft: #d9f2ee;
    --tc-danger: #b42318;
    --tc-danger-soft: #fdecea;
    display: block;
    height: 100%;
    box-sizing: border-box;
    color: var(--tc-text);
    background: var(--tc-bg);
    font:
      14px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
  }
  :host([data-theme='dark']) {
    --tc-bg: #161b22;
    --tc-surface: #1f2630;
    --tc-text: #e6e9ee;
    --tc-muted: #98a2b3;
    --tc-border: #2e3744;
    --tc-accent: #3cc9b4;
    --tc-accent-soft: #173c37;
    --tc-danger: #ff8a80;
    --tc-danger-soft: #3a1d1b;
  }
  .frame {
    display: flex;
    flex-direction: column;
    height: 100%;
    box-sizing: border-box;
  }
  header {
    display: flex;
    align-items: center;
    gap: 10px;
    flex-wrap: wrap;
    padding: 10px 14px;
    border-bottom: 1px solid var(--tc-border);
  }
  .brand {
    font-size: 11px;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--tc-muted);
  }
  .title {
    font-weight: 600;
  }
  .badge {
    margin-left: auto;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 12px;
    background: var(--tc-accent-soft);
    color: var(--tc-accent);
    font-weight: 600;
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow: auto;
    padding: 14px;
  }
  footer {
    padding: 6px 14px;
    border-top: 1px solid var(--tc-border);
    font-size: 12px;
    color: var(--tc-muted);
    font-variant-numeric: tabular-nums;
  }
  .notice {
    display: grid;
    place-items: center;
    align-content: center;
    gap: 6px;
    height: 100%;
    min-height: 120px;
    text-align: center;
    color: var(--tc-muted);
  }
  .notice strong {
    font-size: 16px;
    color: var(--tc-text);
  }
  .notice.danger strong {
    color: var(--tc-danger);
  }
  .notice .icon {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    border-radius: 50%;
    background: var(--tc-danger-soft);
    color: var(--tc-danger);
    font-weight: 700;
  }
  .muted {
    color: var(--tc-muted);
  }
`;
