/**
 * End-to-end test of the demo (`npm start`): the real wrappers from src/, the host token
 * endpoint and the local Toucan AI stand-in, in headless Chromium and Firefox (test/node/browsers.ts).
 *
 * Run: node --import tsx --test test/node/demo-e2e.test.ts   (TEST_BROWSERS=firefox: one engine)
 * Stand-in tokens live TOKEN_TTL = 4 s, so the wrappers refresh about every 2 s.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { HEADCOUNT_ROWS } from '../../demo/toucan-stand-in/hr-headcount.js';
import { ENGINE_NAMES, endToEndEngines, launchBrowser } from './browsers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Own dependency cache, so a developer's running `npm start` is not disturbed. */
const CACHE_DIR = join(ROOT, 'node_modules', '.vite-demo-e2e');
const WAIT_MS = 8_000;
const TEST_TIMEOUT_MS = 15_000;
/** Cap on each engine's run, however the waits add up. */
const SUITE_TIMEOUT_MS = 90_000;

const citiesOf = (region: string): string[] => [
  ...new Set(HEADCOUNT_ROWS.filter((row) => row.region === region).map((row) => row.city)),
];

interface RecordedTokenEvent {
  reason: string;
  wrapper: string;
}
interface RenderedRow {
  region: string | null;
  city: string | null;
}
declare global {
  interface Window {
    recordedTokenEvents?: RecordedTokenEvent[];
    recordedErrorTimes?: number[];
  }
}

// The stand-in renders in its open shadow root: `[data-embed-state]` (with `data-region`) and the rows.
// These run in the page.
const dashboardFrame = (): Element | null =>
  document.querySelector('toucan-dashboard tc-dashboard')?.shadowRoot?.querySelector('[data-embed-state]') ?? null;
const dashboardRows = (): RenderedRow[] =>
  [...(document.querySelector('toucan-dashboard tc-dashboard')?.shadowRoot?.querySelectorAll('tr[data-city]') ?? [])].map(
    (row) => ({
      region: row.getAttribute('data-region'),
      city: row.getAttribute('data-city'),
    }),
  );

let server: ViteDevServer | undefined;
let baseUrl = '';

before(
  async () => {
    process.env.TOKEN_TTL = '4';
    server = await createServer({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      cacheDir: CACHE_DIR,
      logLevel: 'error',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
    baseUrl = server.resolvedUrls?.local[0] ?? '';
    assert.ok(baseUrl, 'the dev server has a local URL');
  },
  { timeout: 25_000 },
);

after(async () => {
  await server?.close();
  rmSync(CACHE_DIR, { recursive: true, force: true });
});

for (const engine of endToEndEngines()) {
  describe(`the demo in ${ENGINE_NAMES[engine]}`, { timeout: SUITE_TIMEOUT_MS }, () => {
    let browser: Browser | undefined;
    let page: Page;
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];

    before(
      async () => {
        browser = await launchBrowser(engine);
        page = await browser.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.on('console', (message) => {
          if (message.type() === 'error') consoleErrors.push(message.text());
        });
        page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
        // Counts the wrappers' `toucan-token` events (fields are own properties of the event).
        await page.evaluateOnNewDocument(() => {
          window.recordedTokenEvents = [];
          document.addEventListener('toucan-token', (event) => {
            const { reason } = event as Event & { reason: string };
            window.recordedTokenEvents?.push({ reason, wrapper: (event.target as Element).localName });
          });
        });
        await page.goto(baseUrl);
      },
      { timeout: 25_000 },
    );

    after(async () => {
      await browser?.close();
    });

    async function renderedRows(): Promise<RenderedRow[]> {
      await page.waitForFunction(`(${dashboardRows})().length > 0`);
      return page.evaluate(dashboardRows);
    }

    test("the dashboard shows only the rows of the signed-in user's region", { timeout: TEST_TIMEOUT_MS }, async () => {
      const rows = await renderedRows();
      assert.deepEqual(
        rows.map((row) => row.region),
        citiesOf('EMEA').map(() => 'EMEA'),
      );
      assert.deepEqual(
        rows.map((row) => row.city),
        citiesOf('EMEA'),
      );
      assert.equal(await page.evaluate(`(${dashboardFrame})()?.getAttribute('data-region')`), 'EMEA');
    });

    test('the dashboard keeps readable labels and shows its table without scrolling', { timeout: TEST_TIMEOUT_MS }, async () => {
      await renderedRows();
      const layout = await page.evaluate(() => {
        const root = document.querySelector('toucan-dashboard tc-dashboard')!.shadowRoot!;
        const label = root.querySelector('.axis-label')!;
        const table = root.querySelector('table')!.getBoundingClientRect();
        const body = root.querySelector('.body')!.getBoundingClientRect();
        return { labelPx: parseFloat(getComputedStyle(label).fontSize), tableBottom: table.bottom, bodyBottom: body.bottom };
      });
      assert.ok(layout.labelPx >= 11 && layout.labelPx <= 14, `bar labels are ${layout.labelPx} px`);
      assert.ok(layout.tableBottom <= layout.bodyBottom, 'the table is inside the visible part of the embed');
    });

    test('the dashboard still shows data after three token refreshes', { timeout: TEST_TIMEOUT_MS }, async () => {
      await page.waitForFunction(
        () =>
          (window.recordedTokenEvents ?? []).filter((e) => e.wrapper === 'toucan-dashboard' && e.reason !== 'initial').length >=
          3,
        { timeout: 12_000 },
      );
      const rows = await renderedRows();
      assert.ok(rows.length > 0 && rows.every((row) => row.region === 'EMEA'));
      assert.equal(await page.evaluate(`(${dashboardFrame})()?.getAttribute('data-embed-state')`), 'valid');
      assert.match(
        (await page.$eval('toucan-dashboard', (wrapper) => wrapper.getAttribute('state'))) ?? '',
        /^(ready|refreshing)$/,
      );
      assert.ok((await page.$$('demo-status-panel >>> [data-mark="refresh"]')).length >= 3, 'the timeline marks the refreshes');
    });

    test("switching the user shows the other region's rows", { timeout: TEST_TIMEOUT_MS }, async () => {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('[data-demo-user="bob"]')]);
      await page.waitForFunction(`(${dashboardRows})().some((row) => row.region === 'AMER')`);
      const rows = await renderedRows();
      assert.deepEqual(
        rows.map((row) => row.city),
        citiesOf('AMER'),
      );
      assert.ok(
        rows.every((row) => row.region === 'AMER'),
        'no EMEA row is rendered',
      );
      assert.equal(await page.$eval('[data-demo-user="bob"]', (button) => button.getAttribute('aria-pressed')), 'true');
    });

    test(
      'an outage longer than a token shows expired and the error slot, then recovers on its own at the next attempt',
      { timeout: 30_000 },
      async () => {
        await page.waitForFunction(() => document.querySelector('toucan-dashboard')?.getAttribute('state') === 'ready');
        await page.evaluate(() => {
          window.recordedErrorTimes = [];
          document.addEventListener('toucan-error', (event) => {
            if ((event.target as Element).localName === 'toucan-dashboard') window.recordedErrorTimes?.push(Date.now());
          });
        });
        const outageSeconds = 6; // tokens live 4 s here
        const endsAt = await page.evaluate(async (seconds) => {
          const response = await fetch(`/api/demo/outage?seconds=${seconds}`, { method: 'POST' });
          return ((await response.json()) as { endsAt: number }).endsAt;
        }, outageSeconds);
        await page.waitForFunction(() => document.querySelector('toucan-dashboard')?.getAttribute('state') === 'expired');
        const errorSlotShown = await page.$eval(
          'toucan-dashboard [slot="error"]',
          (slot) => (slot as HTMLElement).offsetHeight > 0,
        );
        assert.ok(errorSlotShown, 'the error slot shows while expired');
        await page.waitForFunction(() => document.querySelector('toucan-dashboard')?.getAttribute('state') === 'ready', {
          timeout: 25_000,
        });
        const errorTimes = await page.evaluate(() => window.recordedErrorTimes ?? []);
        assert.ok(errorTimes.length >= 2, 'the outage made attempts fail');
        assert.deepEqual(
          errorTimes.filter((at) => at > endsAt),
          [],
          'the first attempt after the outage succeeds',
        );
        // The 503s of the outage are the point of this test, not errors of the page.
        consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((text) => !/\b503\b/.test(text)));
      },
    );

    test('the page logs no console error and throws no uncaught error', () => {
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(pageErrors, []);
    });
  });
}
