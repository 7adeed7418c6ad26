/**
 * End-to-end test of the demo (`npm start`): the real wrappers from src/, the host token
 * endpoint and the local Toucan AI stand-in, in headless Chromium.
 *
 * Run: node --import tsx --test test/node/demo-e2e.test.ts
 * Stand-in tokens live TOKEN_TTL = 4 s, so the wrappers refresh about every 2 s.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { HEADCOUNT_ROWS } from '../../demo/toucan-stand-in/hr-headcount.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Own dependency cache, so a developer's running `npm start` is not disturbed. */
const CACHE_DIR = join(ROOT, 'node_modules', '.vite-demo-e2e');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const WAIT_MS = 8_000;
const TEST_TIMEOUT_MS = 15_000;
/** Cap on the whole file, however the waits add up. */
const SUITE_TIMEOUT_MS = 50_000;

const DASHBOARD_ROWS = 'toucan-dashboard tc-dashboard tr[data-city]';
const citiesOf = (region: string): string[] => [...new Set(HEADCOUNT_ROWS.filter((row) => row.region === region).map((row) => row.city))];

let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];
const pageErrors: string[] = [];

interface RecordedTokenEvent { reason: string; wrapper: string }
declare global {
  interface Window { recordedTokenEvents?: RecordedTokenEvent[] }
}

describe('the demo', { timeout: SUITE_TIMEOUT_MS }, () => {
  before(async () => {
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
    const baseUrl = server.resolvedUrls?.local[0];
    assert.ok(baseUrl, 'the dev server has a local URL');

    browser = await chromium.launch({
      ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ baseURL: baseUrl });
    page.setDefaultTimeout(WAIT_MS);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Counts the wrappers' `toucan-token` events (fields are own properties of the event).
    await page.addInitScript(() => {
      window.recordedTokenEvents = [];
      document.addEventListener('toucan-token', (event) => {
        const { reason } = event as Event & { reason: string };
        window.recordedTokenEvents?.push({ reason, wrapper: (event.target as Element).localName });
      });
    });
    await page.goto('/');
  }, { timeout: 25_000 });

  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(CACHE_DIR, { recursive: true, force: true });
  });

  async function renderedRows(): Promise<Array<{ region: string | null; city: string | null }>> {
    await page.locator(DASHBOARD_ROWS).first().waitFor();
    return page.locator(DASHBOARD_ROWS).evaluateAll((rows) =>
      rows.map((row) => ({ region: row.getAttribute('data-region'), city: row.getAttribute('data-city') })),
    );
  }

  test('the dashboard shows only the rows of the signed-in user\'s region', { timeout: TEST_TIMEOUT_MS }, async () => {
    const rows = await renderedRows();
    assert.deepEqual(rows.map((row) => row.region), citiesOf('EMEA').map(() => 'EMEA'));
    assert.deepEqual(rows.map((row) => row.city), citiesOf('EMEA'));
    assert.equal(await page.locator('toucan-dashboard tc-dashboard [data-embed-state]').getAttribute('data-region'), 'EMEA');
  });

  test('the dashboard still shows data after three token refreshes', { timeout: TEST_TIMEOUT_MS }, async () => {
    await page.waitForFunction(
      () => (window.recordedTokenEvents ?? []).filter((e) => e.wrapper === 'toucan-dashboard' && e.reason !== 'initial').length >= 3,
      undefined,
      { timeout: 12_000 },
    );
    const rows = await renderedRows();
    assert.ok(rows.length > 0 && rows.every((row) => row.region === 'EMEA'));
    assert.equal(await page.locator('toucan-dashboard tc-dashboard [data-embed-state]').getAttribute('data-embed-state'), 'valid');
    assert.match((await page.locator('toucan-dashboard').getAttribute('state')) ?? '', /^(ready|refreshing)$/);
    assert.ok((await page.locator('demo-status-panel [data-mark="refresh"]').count()) >= 3, 'the timeline marks the refreshes');
  });

  test('switching the user shows the other region\'s rows', { timeout: TEST_TIMEOUT_MS }, async () => {
    await Promise.all([page.waitForEvent('load'), page.locator('[data-demo-user="bob"]').click()]);
    await page.waitForFunction(
      () => document.querySelector('toucan-dashboard tc-dashboard')?.shadowRoot?.querySelector('tr[data-region="AMER"]'),
    );
    const rows = await renderedRows();
    assert.deepEqual(rows.map((row) => row.city), citiesOf('AMER'));
    assert.ok(rows.every((row) => row.region === 'AMER'), 'no EMEA row is rendered');
    assert.equal(await page.locator('[data-demo-user="bob"]').getAttribute('aria-pressed'), 'true');
  });

  test('the page logs no console error and throws no uncaught error', () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
  });
});
