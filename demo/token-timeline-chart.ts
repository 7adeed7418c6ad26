/**
 * SVG timeline of the status panel: one lane per wrapper; a bar per token from its receipt to
 * its `expiresAt` (lighter once a newer token replaced it), a mark per refresh and a red mark
 * per `toucan-error`. The window follows the clock: three quarters past, one quarter ahead.
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { EmbedTimeline, TokenLifetime } from './token-timeline.js';

const WIDTH = 640;
const LABEL_WIDTH = 92;
const LANE_HEIGHT = 42;
const AXIS_HEIGHT = 22;
const BAR_HEIGHT = 10;
const PAST_FRACTION = 0.75;
const MIN_WINDOW_MS = 20_000;
const MAX_WINDOW_MS = 300_000;
const TICK_STEPS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000];

/** Visible span: four lifetimes of the latest token, within [20 s, 5 min]. */
export function timelineWindowMs(lanes: readonly EmbedTimeline[]): number {
  const lifetimes = lanes.map((lane) => lane.tokens.at(-1)?.lifetimeMs ?? 0);
  return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, 4 * Math.max(0, ...lifetimes)));
}

export function renderTimelineChart(lanes: readonly EmbedTimeline[], nowMs: number): TemplateResult {
  const windowMs = timelineWindowMs(lanes);
  const startMs = nowMs - PAST_FRACTION * windowMs;
  const plotWidth = WIDTH - LABEL_WIDTH - 24; // room for the last tick label
  const x = (ms: number): number =>
    LABEL_WIDTH + ((Math.min(Math.max(ms, startMs), startMs + windowMs) - startMs) / windowMs) * plotWidth;
  const height = lanes.length * LANE_HEIGHT + AXIS_HEIGHT;
  const stepMs = TICK_STEPS_MS.find((step) => windowMs / step <= 8) ?? 60_000;
  const ticks: number[] = [];
  for (
    let offset = -Math.floor((PAST_FRACTION * windowMs) / stepMs) * stepMs;
    offset <= (1 - PAST_FRACTION) * windowMs;
    offset += stepMs
  ) {
    ticks.push(offset);
  }

  const renderBar = (
    token: TokenLifetime,
    index: number,
    tokens: readonly TokenLifetime[],
    laneTop: number,
  ): SVGTemplateResult => {
    const y = laneTop + 12 + (index % 2) * (BAR_HEIGHT + 3);
    const replacedAtMs = Math.min(tokens[index + 1]?.receivedAtMs ?? Infinity, token.expiresAtMs);
    return svg`<g data-mark="token">
      <title>Token (${token.reason}): ${Math.round(token.lifetimeMs / 1000)} s lifetime</title>
      <rect class="bar-superseded" x=${x(token.receivedAtMs)} y=${y} width=${Math.max(0, x(token.expiresAtMs) - x(token.receivedAtMs))} height=${BAR_HEIGHT} rx="2"></rect>
      <rect class="bar" x=${x(token.receivedAtMs)} y=${y} width=${Math.max(0, x(replacedAtMs) - x(token.receivedAtMs))} height=${BAR_HEIGHT} rx="2"></rect>
    </g>`;
  };

  return html`<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Token timeline">
    ${ticks.map(
      (offset) => svg`<g class="tick">
      <line x1=${x(nowMs + offset)} x2=${x(nowMs + offset)} y1="0" y2=${height - AXIS_HEIGHT}></line>
      <text x=${x(nowMs + offset)} y=${height - 6} text-anchor="middle">${offset === 0 ? 'now' : `${offset > 0 ? '+' : '−'}${Math.abs(offset) / 1000} s`}</text>
    </g>`,
    )}
    ${lanes.map((lane, laneIndex) => {
      const laneTop = laneIndex * LANE_HEIGHT;
      const visible = (ms: number): boolean => ms >= startMs;
      return svg`<g class="lane">
        <text class="lane-label" x="0" y=${laneTop + LANE_HEIGHT / 2} dominant-baseline="central">${lane.label}</text>
        <line class="lane-rule" x1=${LABEL_WIDTH} x2=${LABEL_WIDTH + plotWidth} y1=${laneTop + LANE_HEIGHT - 1} y2=${laneTop + LANE_HEIGHT - 1}></line>
        ${lane.tokens.map((token, index, tokens) => (token.expiresAtMs >= startMs ? renderBar(token, index, tokens, laneTop) : null))}
        ${lane.tokens
          .filter((token) => token.reason !== 'initial' && visible(token.receivedAtMs))
          .map(
            (token) =>
              svg`<path data-mark="refresh" class="refresh" d="M ${x(token.receivedAtMs) - 4} ${laneTop + 3} h 8 l -4 6 z"><title>Refresh (${token.reason})</title></path>`,
          )}
        ${lane.errors
          .filter((error) => visible(error.atMs))
          .map(
            (error) => svg`<g data-mark="error" class="error">
            <title>${error.kind}${error.status ? ` ${error.status}` : ''}: ${error.message}</title>
            <line x1=${x(error.atMs)} x2=${x(error.atMs)} y1=${laneTop + 6} y2=${laneTop + LANE_HEIGHT - 6}></line>
            <circle cx=${x(error.atMs)} cy=${laneTop + 6} r="3"></circle>
          </g>`,
          )}
      </g>`;
    })}
    <line class="now" x1=${x(nowMs)} x2=${x(nowMs)} y1="0" y2=${height - AXIS_HEIGHT}></line>
  </svg>`;
}
