/**
 * The framework example apps that bring their own toolchain (examples/react18, svelte, angular,
 * nextjs), each installed and built the way a user's app is: `npm install` from the example's
 * own package.json and lockfile plus the package's packed tarball (`npm pack`), then the
 * framework's own build (`vite build`, `ng build`, `next build`), served on 127.0.0.1 with a token
 * endpoint and opened in headless Chromium.
 *
 * Slow (next build and ng build take minutes on 2 cores), so not part of `npm test`:
 * run `npm run test:examples` (which also runs test/node/examples.test.ts); .ci/run runs it.
 * Each install and build step's time is printed at the end (`Step times:`).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { launchChromium } from '../browsers/engines.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const FAKE_VENDOR_SCRIPT = join(EXAMPLES, 'fake-toucan', 'embed.js');
const TOKEN_PATH = '/api/toucan-token';
const WAIT_MS = 15_000;
/** One install or build; next build alone takes about 2 minutes on 2 busy cores. */
const STEP_TIMEOUT_MS = 8 * 60_000;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface ChildResult {
  code: number;
  output: string;
  seconds: number;
}

/** Runs a command to completion (never rejects); `output` is stdout and stderr interleaved. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<ChildResult> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: STEP_TIMEOUT_MS,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => done({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Step times, printed at the end of the run. */
const stepTimes: string[] = [];

/** Runs a step, fails the test with its output when it fails, and records its time. */
async function step(title: string, command: string, args: string[], cwd: string, env?: Record<string, string>): Promise<void> {
  const { code, output, seconds } = await run(command, args, cwd, env);
  stepTimes.push(`${title}: ${seconds.toFixed(1)} s`);
  assert.equal(code, 0, `${title} failed:\n${output.slice(-4000)}`);
}

// ---------------------------------------------------------------------------------------------
// A static server for the built apps: the app, a token endpoint and the fake vendor script.

interface TokenRequestRecord {
  method: string;
  headers: IncomingHttpHeaders;
  token: string;
}

interface AppServer {
  url: string;
  tokenRequests: TokenRequestRecord[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Serves `root`, `GET|POST /api/toucan-token` → `{ token, expiresIn: 60 }` (a new token each time) and the fake vendor script. */
async function startAppServer(root: string): Promise<AppServer> {
  const tokenRequests: TokenRequestRecord[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === TOKEN_PATH) {
      const token = `example-token-${tokenRequests.length + 1}-${randomBytes(12).toString('hex')}`;
      tokenRequests.push({ method: request.method ?? '', headers: request.headers, token });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void response.end(JSON.stringify({ token, expiresIn: 60 }));
    }
    let file = path === '/fake-toucan/embed.js' ? FAKE_VENDOR_SCRIPT : resolve(root, `.${path}`);
    if (file !== FAKE_VENDOR_SCRIPT && file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  const url = await listen(server);
  return { url, tokenRequests, close: () => new Promise((closed) => server.close(() => closed())) };
}

// ---------------------------------------------------------------------------------------------
// The page.

interface AppPage {
  page: Page;
  /** Console errors and warnings, uncaught errors, failed requests and 4xx/5xx answers. */
  problems: string[];
  /** Every console message, to look for hydration warnings. */
  messages: string[];
  /** URLs of every request the page made. */
  requests: string[];
}

let browser: Browser | undefined;

async function openApp(url: string): Promise<AppPage> {
  assert.ok(browser, 'the browser is running');
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const app: AppPage = { page, problems: [], messages: [], requests: [] };
  page.on('console', (message) => {
    app.messages.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error' || message.type() === 'warning')
      app.problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => app.problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => app.requests.push(request.url()));
  page.on('requestfailed', (request) => app.problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) app.problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return app;
}

/** Waits until every `<toucan-dashboard>` of the page (`count` of them) is `ready`; on timeout, says what the page shows. */
async function waitForReady(app: AppPage, count: number): Promise<void> {
  try {
    await app.page.waitForFunction((expected) => {
      const wrappers = [...document.querySelectorAll('toucan-dashboard')];
      return wrappers.length === expected && wrappers.every((wrapper) => wrapper.getAttribute('state') === 'ready');
    }, count);
  } catch (error) {
    const states = await app.page
      .locator('toucan-dashboard')
      .evaluateAll((wrappers) => wrappers.map((wrapper) => wrapper.getAttribute('state')));
    throw new Error(
      `expected ${count} <toucan-dashboard> ready, found ${JSON.stringify(states)}; problems: ${JSON.stringify(app.problems)}`,
      { cause: error },
    );
  }
}

/** The `auth-token` of the vendor element in `#section`, and the section's status line. */
function dashboardIn(page: Page, section: string): Promise<{ token: string | null; vendorText: string; status: string }> {
  return page.locator(`#${section}`).evaluate((element) => {
    const vendor = element.querySelector('toucan-dashboard > tc-dashboard');
    return {
      token: vendor?.getAttribute('auth-token') ?? null,
      vendorText: vendor?.shadowRoot?.textContent ?? '',
      status: element.querySelector('output')?.textContent ?? '',
    };
  });
}

function waitForStatus(page: Page, section: string, status: string): Promise<unknown> {
  return page.waitForFunction(([id, text]) => document.querySelector(`#${id} output`)?.textContent === text, [
    section,
    status,
  ] as const);
}

// ---------------------------------------------------------------------------------------------

let tmp = '';
let tarball = '';
const servers: Array<{ close(): Promise<void> }> = [];

/** Installs `examples/<name>` as a user would: its own dependencies (lockfile) plus the packed tarball. */
function install(name: string): Promise<void> {
  return step(
    `npm install (examples/${name})`,
    npm,
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', tarball],
    join(EXAMPLES, name),
  );
}

/** The installed package of `examples/<name>` is the tarball's: same version, and dist/lib/react is there. */
function assertInstalledFromTarball(name: string): void {
  const installed = join(EXAMPLES, name, 'node_modules', 'toucan-embed-loader');
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal((JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }).version, own.version);
  assert.ok(existsSync(join(installed, 'dist', 'lib', 'react', 'index.js')), 'the tarball holds the React entry');
}

before(
  async () => {
    assert.ok(
      existsSync(join(ROOT, 'dist', 'lib', 'index.js')),
      'dist/ exists: run `npm run build` first (`npm run test:examples` does)',
    );
    tmp = mkdtempSync(join(tmpdir(), 'toucan-framework-examples-'));
    const packed = await run(npm, ['pack', '--json', '--pack-destination', tmp], ROOT);
    assert.equal(packed.code, 0, `npm pack failed:\n${packed.output}`);
    const json = packed.output.slice(packed.output.indexOf('['));
    tarball = join(tmp, (JSON.parse(json.slice(0, json.lastIndexOf(']') + 1)) as Array<{ filename: string }>)[0]!.filename);
    browser = await launchChromium(chromium);
  },
  { timeout: 120_000 },
);

after(async () => {
  console.log(`Step times:\n${stepTimes.map((line) => `  ${line}`).join('\n')}`);
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs a Vite app's checks: installed, type-checked and built with its own toolchain, then opened. */
async function buildViteApp(name: string, typeCheck: string[] | null): Promise<AppServer> {
  const root = join(EXAMPLES, name);
  await install(name);
  assertInstalledFromTarball(name);
  if (typeCheck) await step(`type check (examples/${name})`, process.execPath, typeCheck, root);
  const outDir = join(tmp, `${name}-dist`);
  await step(
    `vite build (examples/${name})`,
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    root,
  );
  const server = await startAppServer(outDir);
  servers.push(server);
  return server;
}

/** What every static app shows: a tokenProvider dashboard and an event binding, and refresh() from a button. */
function describeStaticApp(
  name: string,
  label: string,
  build: () => Promise<AppServer>,
  extra?: (server: () => AppServer) => void,
): void {
  describe(`${name} (${label})`, { timeout: 15 * 60_000 }, () => {
    let server: AppServer;
    let app: AppPage;

    before(
      async () => {
        server = await build();
        app = await openApp(server.url);
        await waitForReady(app, 1);
        await waitForStatus(app.page, 'provider', 'reason: initial · tokens: 1');
      },
      { timeout: 14 * 60_000 },
    );

    test('the tokenProvider property fetched the token the vendor element holds', async () => {
      const dashboard = await dashboardIn(app.page, 'provider');
      assert.ok(dashboard.token, 'auth-token is set');
      assert.deepEqual(
        server.tokenRequests.map((request) => [request.token, request.headers.authorization]),
        [[dashboard.token, 'Bearer example-session']],
      );
      assert.match(dashboard.vendorText, /token received/);
    });

    test("the page loads the fake vendor script of embed-src, not Toucan's", () => {
      assert.ok(app.requests.some((url) => url.endsWith('/fake-toucan/embed.js')));
      assert.ok(!app.requests.some((url) => url.includes('toucanai.cloud')));
    });

    extra?.(() => server);

    test('refresh() on the element from a button brings a manual token', async () => {
      await app.page.locator('#provider button').click();
      await waitForStatus(app.page, 'provider', 'reason: manual · tokens: 2');
      assert.equal((await dashboardIn(app.page, 'provider')).token, server.tokenRequests.at(-1)?.token);
      assert.equal(server.tokenRequests.length, 2);
    });

    test('logs no console error or warning and no failed request', () => assert.deepEqual(app.problems, []));
  });
}

describe('react18 (React 18.3 + Vite, the ToucanDashboard component)', { timeout: 15 * 60_000 }, () => {
  let server: AppServer;
  let app: AppPage;
  let bundle = '';

  before(
    async () => {
      const root = join(EXAMPLES, 'react18');
      server = await buildViteApp('react18', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root]);
      const assets = join(tmp, 'react18-dist', 'assets');
      bundle = readdirSync(assets)
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(assets, file), 'utf8'))
        .join('\n');
      app = await openApp(server.url);
      await waitForReady(app, 2);
      await app.page.waitForFunction(() =>
        [...document.querySelectorAll('section output')].every((output) => output.textContent === 'reason: initial · tokens: 1'),
      );
    },
    { timeout: 14 * 60_000 },
  );

  test('the app bundles React 18.3', () =>
    assert.ok(/\.version\s*=\s*[`"']18\.3\.1[`"']/.test(bundle), 'React 18.3.1 is in the bundle'));

  test("tokenProvider is passed as a property: the app's own request fetched the first dashboard's token", async () => {
    const dashboard = await dashboardIn(app.page, 'provider');
    const request = server.tokenRequests.find((candidate) => candidate.token === dashboard.token);
    assert.equal(request?.headers.authorization, 'Bearer example-session');
    assert.match(dashboard.vendorText, /token received/);
  });

  test("tokenEndpoint, tokenMethod and tokenRequest reach the endpoint: POST with the app's header", async () => {
    const dashboard = await dashboardIn(app.page, 'endpoint');
    const request = server.tokenRequests.find((candidate) => candidate.token === dashboard.token);
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers['x-csrf-token'], 'example-csrf-token');
  });

  test('onToucanToken handlers rendered reason: initial for both dashboards', async () => {
    assert.equal((await dashboardIn(app.page, 'provider')).status, 'reason: initial · tokens: 1');
    assert.equal((await dashboardIn(app.page, 'endpoint')).status, 'reason: initial · tokens: 1');
  });

  test("refresh() through the component's ref brings a manual token", async () => {
    await app.page.locator('#endpoint button').click();
    await waitForStatus(app.page, 'endpoint', 'reason: manual · tokens: 2');
    assert.equal((await dashboardIn(app.page, 'endpoint')).token, server.tokenRequests.at(-1)?.token);
  });

  test('logs no console error or warning and no failed request', () => assert.deepEqual(app.problems, []));
});

describeStaticApp('svelte', 'Svelte 5 + Vite: tokenProvider={…}, ontoucan-token={…}, bind:this', () =>
  buildViteApp('svelte', null),
);

describeStaticApp(
  'angular',
  'Angular 21 standalone component, CUSTOM_ELEMENTS_SCHEMA, [tokenProvider], (toucan-token)',
  async () => {
    const root = join(EXAMPLES, 'angular');
    await install('angular');
    assertInstalledFromTarball('angular');
    const outDir = join(tmp, 'angular-dist');
    await step(
      'ng build (examples/angular)',
      process.execPath,
      [join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js'), 'build', '--output-path', outDir],
      root,
      {
        NG_CLI_ANALYTICS: 'false',
      },
    );
    const server = await startAppServer(join(outDir, 'browser'));
    servers.push(server);
    return server;
  },
);

describe('nextjs (Next.js 16, app router and pages router: next build, next start)', { timeout: 15 * 60_000 }, () => {
  const root = join(EXAMPLES, 'nextjs');
  let nextServer: ChildProcess | undefined;
  let upstream: { url: string; tokens: string[]; apiKeys: string[] };
  let url = '';
  let serverHtml = '';
  let app: AppPage;

  before(
    async () => {
      await install('nextjs');
      assertInstalledFromTarball('nextjs');
      // The offline stand-in of Toucan's embed.js, served by Next.js from public/.
      mkdirSync(join(root, 'public', 'fake-toucan'), { recursive: true });
      cpSync(FAKE_VENDOR_SCRIPT, join(root, 'public', 'fake-toucan', 'embed.js'));
      await step(
        'next build (examples/nextjs)',
        process.execPath,
        [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
        root,
        {
          NEXT_TELEMETRY_DISABLED: '1',
        },
      );

      // A stand-in for Toucan's token API on 127.0.0.1, which the route handler calls.
      upstream = { url: '', tokens: [], apiKeys: [] };
      const fakeToucan = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          const token = `upstream-token-${upstream.tokens.length + 1}-${randomBytes(12).toString('hex')}`;
          upstream.tokens.push(token);
          upstream.apiKeys.push(String(request.headers['x-api-key']));
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ token, expiresIn: 600 }));
        });
      });
      upstream.url = `${await listen(fakeToucan)}/embed/generate-token`;
      servers.push({ close: () => new Promise((closed) => fakeToucan.close(() => closed())) });

      // A free port for next start.
      const probe = createServer();
      const port = Number(new URL(await listen(probe)).port);
      await new Promise((closed) => probe.close(closed));
      url = `http://127.0.0.1:${port}`;
      nextServer = spawn(
        process.execPath,
        [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
        {
          cwd: root,
          env: {
            ...process.env,
            NEXT_TELEMETRY_DISABLED: '1',
            TOUCAN_API_KEY: 'example-api-key',
            TOUCAN_GENERATE_TOKEN_URL: upstream.url,
          },
          stdio: 'ignore',
        },
      );
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await fetch(url);
          serverHtml = await response.text();
          break;
        } catch (error) {
          if (attempt > 100) throw error;
          await new Promise((wait) => setTimeout(wait, 200));
        }
      }
      app = await openApp(url);
      await waitForReady(app, 2);
      await waitForStatus(app.page, 'client', 'reason: initial · tokens: 1');
    },
    { timeout: 14 * 60_000 },
  );

  after(() => {
    nextServer?.kill();
  });

  test('the server renders settings as kebab-case attributes (embed-src, token-endpoint), never camel-case', () => {
    const tags = serverHtml.match(/<toucan-dashboard[^>]*>/g) ?? [];
    assert.equal(tags.length, 2);
    for (const tag of tags) {
      assert.match(tag, / token-endpoint="\/api\/toucan-token"/);
      assert.match(tag, / embed-src="\/fake-toucan\/embed.js"/);
      assert.doesNotMatch(tag, /embedSrc|tokenEndpoint/i);
    }
  });

  test('both dashboards hold the token the route handler got from the fake Toucan API, with the API key kept on the server', async () => {
    const server = await dashboardIn(app.page, 'server');
    const client = await dashboardIn(app.page, 'client');
    assert.ok(server.token && upstream.tokens.includes(server.token), "the server component's dashboard holds an upstream token");
    assert.equal(client.token, server.token, 'one token key: one request');
    assert.deepEqual(upstream.apiKeys, ['example-api-key']);
    assert.match(client.vendorText, /token received/);
  });

  test("the page loads the fake vendor script of embed-src, not Toucan's default", () => {
    assert.ok(app.requests.some((request) => request.endsWith('/fake-toucan/embed.js')));
    assert.ok(!app.requests.some((request) => request.includes('toucanai.cloud')), 'the default script was never requested');
  });

  test("the client component's onToucanToken handler rendered reason: initial", async () => {
    assert.equal((await dashboardIn(app.page, 'client')).status, 'reason: initial · tokens: 1');
  });

  test('logs no hydration warning, no console error or warning and no failed request', () => {
    assert.deepEqual(
      app.messages.filter((message) => /hydrat/i.test(message)),
      [],
    );
    assert.deepEqual(app.problems, []);
  });

  describe('the pages router', () => {
    let pagesHtml = '';
    let pages: AppPage;

    before(async () => {
      pagesHtml = await (await fetch(`${url}/pages-router`)).text();
      pages = await openApp(`${url}/pages-router`);
      await waitForReady(pages, 1);
      await waitForStatus(pages.page, 'pages', 'reason: initial · tokens: 1');
    });

    test('renders the component on the server with kebab-case attributes', () => {
      const tags = pagesHtml.match(/<toucan-dashboard[^>]*>/g) ?? [];
      assert.equal(tags.length, 1);
      assert.match(tags[0]!, / token-endpoint="\/api\/toucan-token" embed-src="\/fake-toucan\/embed.js"/);
    });

    test('upgrades in the browser: a token from the route handler and the onToucanToken handler called', async () => {
      const dashboard = await dashboardIn(pages.page, 'pages');
      assert.ok(dashboard.token && upstream.tokens.includes(dashboard.token));
      assert.equal(dashboard.status, 'reason: initial · tokens: 1');
    });

    test('logs no hydration warning, no console error or warning and no failed request', () => {
      assert.deepEqual(
        pages.messages.filter((message) => /hydrat/i.test(message)),
        [],
      );
      assert.deepEqual(pages.problems, []);
      assert.ok(!pages.requests.some((request) => request.includes('toucanai.cloud')));
    });
  });
});
