#!/usr/bin/env node
// `npm run bench`: the numbers users compare, measured side by side in headless Chromium, with
// everything served from 127.0.0.1 (bench/server.mjs on a free port). Prints a table and writes
// bench/results.json. Not part of `npm test`: it asserts nothing, it measures.
//
//   npm run bench [-- --runs=5] [--peers] [--only=ready,requests,leaks,many,sizes] [--many=100,500] [--no-build]
//
// --runs     runs per timed cell (default 5, at least 5 for results worth comparing); medians are reported
// --peers    also measure the peers' browser bundles, fetched from the npm registry with `npm pack`
// --only     run some sections only
// --many     embed counts of the many-embeds section (default 100,500)
// --no-build use dist/ as it is (default: `npm run build` first, so the source is what gets measured)
//
// docs/performance.md explains each number and shows the last table.
/* global window, document, customElements -- the functions given to page.evaluate() run in the page */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { launchChromium } from '../test/browsers/engines.mjs';
import { embedPage, embedUrl, mountPage, tokenUrl, VARIANTS } from './pages.mjs';
import { startBenchServer } from './server.mjs';
import { measureSizes } from './sizes.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    peers: { type: 'boolean', default: false },
    only: { type: 'string', default: 'ready,requests,leaks,many,sizes' },
    'no-build': { type: 'boolean', default: false },
    many: { type: 'string', default: '100,500' },
  },
});
const RUNS = Math.max(1, Number(args.runs) || 5);
const SECTIONS = new Set(args.only.split(','));

/** Token and vendor-script latencies of the time-to-ready cells, in ms. */
const LATENCIES = [
  { tokenMs: 500, scriptMs: 500 },
  { tokenMs: 200, scriptMs: 800 },
  { tokenMs: 800, scriptMs: 200 },
];
const READY_COUNTS = [1, 10];
const HOUR_MS = 3_600_000;
/** Fake-clock step of the one-hour scenarios: well under the 10 s request timeout. */
const CLOCK_STEP_MS = 2_000;
const TOKEN_TTL_SECONDS = 300;
const MOUNT_CYCLES = 1_000;
const LEAK_CYCLES = 1_000;
const MANY_COUNTS = args.many.split(',').map(Number);
/** Many embeds: token lifetime, so that one refresh cycle comes 5 s after load (half the lifetime). */
const MANY_TTL_SECONDS = 10;
const MANY_LATENCY_MS = 50;
/** Many embeds: how long after ready the refresh window's first reading is taken. */
const MANY_REFRESH_QUIET_MS = 3_000;

// ---------------------------------------------------------------------------------------------
// Statistics

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Median, min, max and the spread (max − min) / median of a set of runs. */
const summarize = (values) => {
  const med = median(values);
  return {
    median: med,
    min: Math.min(...values),
    max: Math.max(...values),
    spread: med ? (Math.max(...values) - Math.min(...values)) / med : 0,
    runs: values,
  };
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Browser helpers

/** Resolves when the page logs `bench:<what>` (the probe in bench/vendor-embed.js); rejects after `timeoutMs`. */
function whenLogged(page, what, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('console', listener);
      reject(new Error(`bench: page did not log bench:${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (message) => {
      if (message.text() !== `bench:${what}`) return;
      clearTimeout(timer);
      page.off('console', listener);
      resolve();
    };
    page.on('console', listener);
  });
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

const realDelay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loads `url` in a fresh context (cold cache); resolves to when every embed was ready, in ms since navigation start. */
async function timeToReady(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const ready = whenLogged(page, 'ready');
    await page.goto(url, { waitUntil: 'commit' });
    await ready;
    return await page.evaluate(() => window.__bench.readyAt);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

let uniqueName = 0;
const unique = (label) => `${label}-${Date.now().toString(36)}-${++uniqueName}`;

async function benchReady(browser, server) {
  const cells = [];
  for (const count of READY_COUNTS) {
    for (const { tokenMs, scriptMs } of LATENCIES) {
      const times = { product: [], serial: [], parallel: [] };
      for (let run = 0; run < RUNS; run += 1) {
        // Interleaved, so that a busy moment of the machine hits every variant alike.
        for (const variant of Object.keys(times)) {
          const url = server.addPage(
            embedPage({
              variant,
              count,
              tokenUrls: [tokenUrl(unique('ready'), { delayMs: tokenMs })],
              embedSrc: embedUrl({ delayMs: scriptMs }),
            }),
          );
          times[variant].push(await timeToReady(browser, url));
        }
      }
      const cell = { count, tokenMs, scriptMs };
      for (const [variant, values] of Object.entries(times)) cell[variant] = summarize(values);
      cell.ratioToSerial = cell.product.median / cell.serial.median;
      cell.ratioToParallel = cell.product.median / cell.parallel.median;
      cells.push(cell);
      console.log(
        `  ready ×${count} ${tokenMs}/${scriptMs} ms: product ${round(cell.product.median)} ms, serial ${round(cell.serial.median)} ms, parallel ${round(cell.parallel.median)} ms`,
      );
    }
  }
  return cells;
}

/**
 * Advances the context's fake clock by `totalMs` in steps, letting each token request be
 * answered and handled before time moves on (so no request times out for want of real time).
 */
async function runClock(context, server, names, totalMs) {
  const requests = () => names.reduce((sum, name) => sum + server.tokenRequests(name), 0);
  for (let elapsed = 0; elapsed < totalMs; elapsed += CLOCK_STEP_MS) {
    const before = requests();
    await context.clock.runFor(Math.min(CLOCK_STEP_MS, totalMs - elapsed));
    if (requests() === before && server.inFlight === 0) continue;
    while (server.inFlight > 0) await realDelay(2);
    await realDelay(40); // the page reads the answer and injects it
  }
}

/** Token requests over one hour of fake time for `tabs` pages of `wrappers` embeds on `endpoints` endpoints. */
async function requestsPerHour(browser, server, { variant, wrappers, endpoints, tabs }) {
  const names = Array.from({ length: endpoints }, () => unique('hour'));
  const context = await browser.newContext();
  try {
    await context.clock.install();
    const url = server.addPage(
      embedPage({
        variant,
        count: wrappers,
        tokenUrls: names.map((name) => tokenUrl(name, { ttlSeconds: TOKEN_TTL_SECONDS })),
        embedSrc: embedUrl(),
      }),
    );
    for (let tab = 0; tab < tabs; tab += 1) {
      const page = await context.newPage();
      const ready = whenLogged(page, 'ready');
      await page.goto(url, { waitUntil: 'commit' });
      await ready;
    }
    await runClock(context, server, names, HOUR_MS);
    return names.reduce((sum, name) => sum + server.tokenRequests(name), 0);
  } finally {
    await context.close();
  }
}

/** Token requests over one hour of fake time while one wrapper is mounted, made ready and removed 1,000 times. */
async function requestsOverMountCycles(browser, server) {
  const name = unique('mounts');
  const context = await browser.newContext();
  try {
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(server.addPage(mountPage({ embedSrc: embedUrl() })), { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('toucan-dashboard') && customElements.get('tc-dashboard'));
    const endpoint = tokenUrl(name, { ttlSeconds: TOKEN_TTL_SECONDS });
    const stepMs = HOUR_MS / MOUNT_CYCLES;
    for (let cycle = 0; cycle < MOUNT_CYCLES; cycle += 1) {
      const mounted = page.evaluate(
        (endpoint) =>
          new Promise((resolve) => {
            const wrapper = document.createElement('toucan-dashboard');
            wrapper.setAttribute('token-endpoint', endpoint);
            wrapper.setAttribute('embed-src', '');
            wrapper.setAttribute('dashboard-id', 'd-1');
            wrapper.addEventListener('toucan-token', () => resolve(wrapper.remove()), { once: true });
            document.body.append(wrapper);
          }),
        endpoint,
      );
      await Promise.race([
        mounted,
        realDelay(20_000).then(() => Promise.reject(new Error(`mount cycle ${cycle}: no token within 20 s`))),
      ]);
      await runClock(context, server, [name], stepMs);
    }
    return server.tokenRequests(name);
  } finally {
    await context.close();
  }
}

async function benchRequests(browser, server) {
  const scenarios = [
    { label: '20 wrappers, one endpoint', wrappers: 20, endpoints: 1, tabs: 1 },
    { label: '20 wrappers, four endpoints', wrappers: 20, endpoints: 4, tabs: 1 },
    { label: '3 tabs × 20 wrappers, one endpoint', wrappers: 20, endpoints: 1, tabs: 3 },
  ];
  const rows = [];
  for (const scenario of scenarios) {
    const product = await requestsPerHour(browser, server, { ...scenario, variant: 'product' });
    const perEmbed = await requestsPerHour(browser, server, { ...scenario, variant: 'perEmbed' });
    rows.push({ ...scenario, product, perEmbed });
    console.log(`  requests/h ${scenario.label}: product ${product}, one token per embed ${perEmbed}`);
  }
  const mounts = await requestsOverMountCycles(browser, server);
  rows.push({
    label: `${MOUNT_CYCLES.toLocaleString('en')} mount cycles, one wrapper at a time`,
    wrappers: 1,
    endpoints: 1,
    tabs: 1,
    cycles: MOUNT_CYCLES,
    product: mounts,
    perEmbed: null,
  });
  console.log(`  requests/h ${MOUNT_CYCLES} mount cycles: product ${mounts}`);
  return rows;
}

// Counts, in the page, the timers, page-level listeners and mutation observers still live. Added
// before any page script runs. Listeners are counted on window and document only: those on a
// removed element go with it.
const LEAK_PROBE = `(() => {
  const timers = new Set(), intervals = new Set(), observers = new Set(), pageListeners = new Map();
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = function (callback, ms, ...rest) {
    const id = st.call(window, (...args) => { timers.delete(id); if (typeof callback === 'function') callback(...args); }, ms, ...rest);
    timers.add(id);
    return id;
  };
  window.clearTimeout = (id) => { timers.delete(id); ct.call(window, id); };
  window.setInterval = function (...args) { const id = si.apply(window, args); intervals.add(id); return id; };
  window.clearInterval = (id) => { intervals.delete(id); ci.call(window, id); };
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  const keyOf = (target, type, listener, options) => target === window || target === document
    ? (target === window ? 'window ' : 'document ') + type + ' ' + (typeof options === 'boolean' ? options : !!options?.capture)
    : null;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const key = keyOf(this, type, listener, options);
    if (key && listener && !options?.once) {
      const set = pageListeners.get(key) ?? new Set();
      set.add(listener);
      pageListeners.set(key, set);
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const key = keyOf(this, type, listener, options);
    if (key) pageListeners.get(key)?.delete(listener);
    return remove.call(this, type, listener, options);
  };
  const observe = MutationObserver.prototype.observe, disconnect = MutationObserver.prototype.disconnect;
  MutationObserver.prototype.observe = function (...args) { observers.add(this); return observe.apply(this, args); };
  MutationObserver.prototype.disconnect = function () { observers.delete(this); return disconnect.call(this); };
  window.__live = () => ({
    timers: timers.size,
    intervals: intervals.size,
    pageListeners: [...pageListeners.values()].reduce((sum, set) => sum + set.size, 0),
    observers: observers.size,
  });
})();`;

async function benchLeaks(browser, server) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(LEAK_PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(server.addPage(mountPage({ embedSrc: embedUrl() })), { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('toucan-dashboard') && customElements.get('tc-dashboard'));
    const endpoint = tokenUrl(unique('leaks'), { ttlSeconds: TOKEN_TTL_SECONDS });
    const cycles = (count) =>
      page.evaluate(
        async ({ endpoint, count }) => {
          for (let cycle = 0; cycle < count; cycle += 1) {
            const wrapper = document.createElement('toucan-dashboard');
            wrapper.setAttribute('token-endpoint', endpoint);
            wrapper.setAttribute('embed-src', '');
            wrapper.setAttribute('dashboard-id', 'd-1');
            const ready = new Promise((resolve) => wrapper.addEventListener('toucan-token', resolve, { once: true }));
            document.body.append(wrapper);
            await ready;
            wrapper.remove();
            await new Promise((resolve) => setTimeout(resolve, 0)); // the disconnect completes in a microtask
          }
        },
        { endpoint, count },
      );
    const snapshot = async () => {
      await realDelay(100);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { JSEventListeners, Nodes } = await metrics(cdp);
      return {
        ...(await page.evaluate(() => window.__live())),
        heapBytes: usedSize,
        jsEventListeners: JSEventListeners,
        nodes: Nodes,
      };
    };
    await cycles(10); // warm-up: the first wrapper loads code paths and caches once
    const before = await snapshot();
    const started = performance.now();
    await cycles(LEAK_CYCLES);
    const seconds = (performance.now() - started) / 1000;
    const after = await snapshot();
    console.log(`  leaks: after ${LEAK_CYCLES} cycles ${JSON.stringify(after)} (before ${JSON.stringify(before)})`);
    return { cycles: LEAK_CYCLES, seconds, before, after, heapGrowthBytes: after.heapBytes - before.heapBytes };
  } finally {
    await context.close();
  }
}

/**
 * One load of `count` embeds: time to all ready, scripting/task time at load and for one refresh
 * cycle. The page first opens a blank page of the bench origin, so that the renderer that runs the
 * bench page is the one whose metrics are read, and every reading is a difference.
 */
async function manyOnce(browser, server, variant, count) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.addPage('<!doctype html><title>blank</title>'));
    const cdp = await context.newCDPSession(page);
    // Durations in the renderer main thread's CPU time: far less sensitive to a busy machine than wall time.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const url = server.addPage(
      embedPage({
        variant,
        count,
        tokenUrls: [tokenUrl(unique('many'), { delayMs: MANY_LATENCY_MS, ttlSeconds: MANY_TTL_SECONDS })],
        embedSrc: embedUrl({ delayMs: MANY_LATENCY_MS }),
      }),
    );
    const ready = whenLogged(page, 'ready');
    const refreshed = whenLogged(page, 'refreshed', 60_000);
    refreshed.catch(() => {}); // awaited below
    const start = await metrics(cdp);
    await page.goto(url, { waitUntil: 'commit' });
    await ready;
    await realDelay(200); // what the ready task left queued (state updates) runs before the reading
    const loaded = await metrics(cdp);
    // The refresh comes half a lifetime after the token, at least 4 s after ready: read just before.
    await realDelay(MANY_REFRESH_QUIET_MS);
    const beforeRefresh = await metrics(cdp);
    await refreshed;
    await realDelay(200);
    const done = await metrics(cdp);
    const readyMs = await page.evaluate(() => window.__bench.readyAt);
    const spent = (to, from, key) => (to[key] - from[key]) * 1000;
    return {
      readyMs,
      loadScriptMs: spent(loaded, start, 'ScriptDuration'),
      loadTaskMs: spent(loaded, start, 'TaskDuration'),
      refreshScriptMs: spent(done, beforeRefresh, 'ScriptDuration'),
      refreshTaskMs: spent(done, beforeRefresh, 'TaskDuration'),
    };
  } finally {
    await context.close();
  }
}

/** The many-embeds variants: the package, parallel glue, and parallel glue that keeps the per-embed promises by hand. */
const MANY_VARIANTS = ['product', 'parallel', 'promised'];

async function benchMany(browser, server) {
  const cells = [];
  for (const count of MANY_COUNTS) {
    const runs = Object.fromEntries(MANY_VARIANTS.map((variant) => [variant, []]));
    for (let run = 0; run < RUNS; run += 1) {
      for (const variant of MANY_VARIANTS) runs[variant].push(await manyOnce(browser, server, variant, count));
    }
    const cell = { count };
    for (const [variant, list] of Object.entries(runs)) {
      cell[variant] = Object.fromEntries(Object.keys(list[0]).map((key) => [key, summarize(list.map((entry) => entry[key]))]));
    }
    const ratiosTo = (baseline) =>
      Object.fromEntries(Object.keys(cell.product).map((key) => [key, cell.product[key].median / cell[baseline][key].median]));
    cell.ratios = ratiosTo('parallel');
    cell.ratiosToPromised = ratiosTo('promised');
    cells.push(cell);
    console.log(
      `  many ×${count}: load script ${round(cell.ratios.loadScriptMs, 2)}×, refresh task ${round(cell.ratios.refreshTaskMs, 2)}× of parallel glue; ` +
        `${round(cell.ratiosToPromised.loadScriptMs, 2)}×, ${round(cell.ratiosToPromised.refreshTaskMs, 2)}× of glue with the same promises`,
    );
  }
  return cells;
}

/**
 * Splits a CPU time measured at the smallest and the largest embed count into a fixed part and a
 * part per embed (the line through the two medians): what the page pays once, and for each embed.
 */
function fixedAndPerEmbed(cells, variant, key) {
  const [low, high] = [cells[0], cells.at(-1)];
  const perEmbedMs = (high[variant][key].median - low[variant][key].median) / (high.count - low.count);
  return { fixedMs: low[variant][key].median - perEmbedMs * low.count, perEmbedUs: perEmbedMs * 1000 };
}

// ---------------------------------------------------------------------------------------------
// Report

function table(headers, rows) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(headers), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const ms = (summary) => `${round(summary.median, 0)} (${round(summary.min, 0)}–${round(summary.max, 0)})`;
const msFine = (summary) => `${round(summary.median, 1)} (±${round(summary.spread * 50, 0)} %)`;
const ratio = (value) => `${value.toFixed(2)}×`;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

function report(results) {
  const parts = [];
  const { machine } = results;
  parts.push(
    `Machine: ${machine.cpu} × ${machine.cores}, ${machine.memoryGB} GB, ${machine.os}; Node ${machine.node}; ${machine.browser}; ` +
      `load average ${machine.loadAverageStart.join(' ')} at start, ${machine.loadAverageEnd.join(' ')} at end; ${results.runs} runs per timed cell; ${results.date}.`,
  );
  if (results.ready) {
    parts.push(
      '### Time to ready (ms since navigation start: median (min–max))\n\n' +
        table(
          ['embeds', 'token/script latency', VARIANTS.product, VARIANTS.serial, VARIANTS.parallel, '÷ serial', '÷ parallel'],
          results.ready.map((cell) => [
            cell.count,
            `${cell.tokenMs}/${cell.scriptMs} ms`,
            ms(cell.product),
            ms(cell.serial),
            ms(cell.parallel),
            ratio(cell.ratioToSerial),
            ratio(cell.ratioToParallel),
          ]),
        ),
    );
  }
  if (results.requests) {
    parts.push(
      `### Token requests in 1 h of fake time (${TOKEN_TTL_SECONDS} s tokens)\n\n` +
        table(
          ['scenario', VARIANTS.product, VARIANTS.perEmbed],
          results.requests.map((row) => [row.label, row.product, row.cycles ? `≥ ${row.cycles} (one per mount)` : row.perEmbed]),
        ),
    );
  }
  if (results.leaks) {
    const { before, after, cycles, heapGrowthBytes, seconds } = results.leaks;
    parts.push(
      `### ${cycles.toLocaleString('en')} append/remove cycles (${round(seconds, 1)} s; after forced GC)\n\n` +
        table(
          ['', 'after 10 cycles', `after ${cycles + 10} cycles`],
          [
            ['pending timers (setTimeout)', before.timers, after.timers],
            ['intervals', before.intervals, after.intervals],
            ['window/document listeners', before.pageListeners, after.pageListeners],
            ['observing MutationObservers', before.observers, after.observers],
            ['JS event listeners (CDP)', before.jsEventListeners, after.jsEventListeners],
            ['DOM nodes (CDP)', before.nodes, after.nodes],
            [
              'JS heap used',
              kb(before.heapBytes),
              `${kb(after.heapBytes)} (${heapGrowthBytes >= 0 ? '+' : ''}${kb(heapGrowthBytes)})`,
            ],
          ],
        ),
    );
  }
  if (results.many) {
    const rows = [];
    for (const cell of results.many) {
      for (const [key, label] of [
        ['readyMs', 'time to all ready'],
        ['loadScriptMs', 'scripting at load'],
        ['loadTaskMs', 'task time at load'],
        ['refreshScriptMs', 'scripting, one refresh cycle'],
        ['refreshTaskMs', 'task time, one refresh cycle'],
      ]) {
        rows.push([
          cell.count,
          label,
          msFine(cell.product[key]),
          msFine(cell.parallel[key]),
          ratio(cell.ratios[key]),
          msFine(cell.promised[key]),
          ratio(cell.ratiosToPromised[key]),
        ]);
      }
    }
    parts.push(
      `### Many embeds (ms: median (± half the spread); ${MANY_LATENCY_MS} ms token and script latency, one endpoint)\n\n` +
        table(['embeds', 'measure', VARIANTS.product, VARIANTS.parallel, 'ratio', VARIANTS.promised, 'ratio'], rows),
    );
    if (results.many.length > 1) {
      const { many } = results;
      const fitRows = [];
      for (const [key, label] of [
        ['loadScriptMs', 'scripting at load'],
        ['refreshTaskMs', 'task time, one refresh cycle'],
      ]) {
        fitRows.push([
          label,
          ...MANY_VARIANTS.map((variant) => {
            const { fixedMs, perEmbedUs } = fixedAndPerEmbed(many, variant, key);
            return `${round(fixedMs, 1)} ms + ${round(perEmbedUs, 1)} µs`;
          }),
        ]);
      }
      parts.push(
        `### Many embeds: fixed cost + cost per embed (line through the ${many[0].count}- and ${many.at(-1).count}-embed medians)\n\n` +
          table(['measure', ...MANY_VARIANTS.map((variant) => VARIANTS[variant])], fitRows),
      );
    }
  }
  if (results.sizes) {
    parts.push(
      '### Bundle sizes (KB = 1000 B; gzip -9, brotli q11)\n\n' +
        table(
          ['package', 'file', 'raw', 'gzip', 'brotli', 'gzip, minified again'],
          results.sizes.map((row) => [row.name, row.file, kb(row.raw), kb(row.gzip), kb(row.brotli), kb(row.minifiedGzip)]),
        ),
    );
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Main

if (!args['no-build']) {
  console.log('Building (npm run build)…');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
if (!existsSync('dist/toucan-embed-loader.js')) {
  console.error('dist/toucan-embed-loader.js is missing: run `npm run build` (or drop --no-build).');
  process.exit(1);
}

const results = { date: new Date().toISOString(), runs: RUNS };
const server = await startBenchServer();
const browser = await launchChromium(chromium);
results.machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
  browser: `Chromium ${browser.version()}`,
  loadAverageStart: loadavg().map((value) => round(value, 2)),
};
try {
  if (SECTIONS.has('ready')) {
    console.log('Time to ready…');
    results.ready = await benchReady(browser, server);
  }
  if (SECTIONS.has('requests')) {
    console.log('Token requests over one hour of fake time…');
    results.requests = await benchRequests(browser, server);
  }
  if (SECTIONS.has('leaks')) {
    console.log('Append/remove cycles…');
    results.leaks = await benchLeaks(browser, server);
  }
  if (SECTIONS.has('many')) {
    console.log('Many embeds…');
    results.many = await benchMany(browser, server);
  }
  if (SECTIONS.has('sizes')) {
    console.log(args.peers ? 'Bundle sizes (with peers, npm pack)…' : 'Bundle sizes (add --peers for the peers)…');
    results.sizes = await measureSizes({ peers: args.peers });
  }
} finally {
  await browser.close();
  await server.close();
}
results.machine.loadAverageEnd = loadavg().map((value) => round(value, 2));

const text = report(results);
console.log(`\n${text}\n`);
results.table = text;
writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('Wrote bench/results.json');
