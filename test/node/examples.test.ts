/**
 * The example apps (examples/), built from the package as users get it: `npm pack`'s tarball,
 * extracted into examples/node_modules/toucan-embed-loader/ so that `import 'toucan-embed-loader'`
 * resolves to it (react, vue, lit, ky, jose resolve from the repository's node_modules).
 * Each app is type-checked, built with Vite's JS API, served on 127.0.0.1 with a token endpoint
 * and the fake vendor script (examples/fake-toucan/embed.js), and opened in headless Chromium; the IIFE page also in
 * Firefox (test/node/browsers.ts; TEST_BROWSERS limits the engines).
 *
 * Run: node --import tsx --test test/node/examples.test.ts   (after `npm run build`; `npm test` does both)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { build } from 'vite';
import { ENGINE_NAMES, endToEndEngines, launchBrowser, type NodeTestEngine } from './browsers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
/** Where the tarball is extracted: the examples' `toucan-embed-loader`. */
const INSTALLED = join(EXAMPLES, 'node_modules', 'toucan-embed-loader');
const FAKE_VENDOR_SCRIPT = join(EXAMPLES, 'fake-toucan', 'embed.js');
const TOKEN_PATH = '/api/toucan-token';
const WAIT_MS = 10_000;
/** A type check can take a minute on 2 busy cores. */
const CHILD_TIMEOUT_MS = 120_000;
/** Cap on the whole file, however the steps add up (about 15 s on 2 cores, 30 s with Firefox; far more on a busy machine). */
const SUITE_TIMEOUT_MS = 180_000;

interface ChildResult {
  code: number;
  stdout: string;
  output: string;
}

/** Runs a command to completion; never rejects, so a failure is asserted where it matters. */
function run(command: string, args: string[], cwd = ROOT): Promise<ChildResult> {
  return new Promise((done) => {
    execFile(command, args, { cwd, timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, output: `${stdout}${stderr}${error && code === 1 && !stderr ? error.message : ''}` });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The example server: the built app, a token endpoint and the fake vendor script.

interface TokenRequestRecord {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The token this request was answered with. */
  token: string;
}

interface ExampleServer {
  url: string;
  tokenRequests: TokenRequestRecord[];
  /** Paths of every other request, in order. */
  paths: string[];
  /** Files answered, as absolute paths. */
  servedFiles: string[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `root` statically, `GET|POST /api/toucan-token` → `{ token, expiresIn: 60 }` (a new token each time), and the fake vendor script. */
async function startExampleServer(root: string): Promise<ExampleServer> {
  const tokenRequests: TokenRequestRecord[] = [];
  const paths: string[] = [];
  const servedFiles: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === TOKEN_PATH) {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method !== 'GET' && request.method !== 'POST') return void response.writeHead(405).end();
        const token = `example-token-${tokenRequests.length + 1}-${randomBytes(12).toString('hex')}`;
        tokenRequests.push({
          method: request.method,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          token,
        });
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify({ token, expiresIn: 60 }));
      });
      return;
    }
    paths.push(path);
    let file = path === '/fake-toucan/embed.js' ? FAKE_VENDOR_SCRIPT : resolve(root, `.${path}`);
    if (file !== FAKE_VENDOR_SCRIPT && file !== root && !file.startsWith(root + sep)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end();
    servedFiles.push(file);
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    paths,
    servedFiles,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

// ---------------------------------------------------------------------------------------------
// What the page shows.

interface RenderedDashboard {
  section: string | null;
  state: string | null;
  /** `auth-token` of the `<tc-dashboard>` child of the wrapper. */
  token: string | null;
  /** The fake vendor element's text: proves the vendor script ran. */
  vendorText: string;
  /** The page's own rendering of the `toucan-token` events (reason and count). */
  status: string;
}

/** Waits until the page shows `count` wrappers in state `ready`; on timeout, says what it shows instead. */
async function waitForReadyDashboards({ page, problems }: ExamplePage, count: number): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const wrappers = [...document.querySelectorAll('toucan-dashboard')];
        return wrappers.length === expected && wrappers.every((wrapper) => wrapper.getAttribute('state') === 'ready');
      },
      { timeout: WAIT_MS },
      count,
    );
  } catch (error) {
    const states = await page.$$eval('toucan-dashboard', (wrappers) => wrappers.map((wrapper) => wrapper.getAttribute('state')));
    throw new Error(
      `expected ${count} <toucan-dashboard> in state ready, found ${JSON.stringify(states)}; page problems: ${JSON.stringify(problems)}`,
      { cause: error },
    );
  }
}

function renderedDashboards(page: Page): Promise<RenderedDashboard[]> {
  return page.$$eval('toucan-dashboard', (wrappers) =>
    wrappers.map((wrapper) => {
      const vendor = wrapper.querySelector(':scope > tc-dashboard');
      const section = wrapper.closest('section');
      return {
        section: section?.id ?? null,
        state: wrapper.getAttribute('state'),
        token: vendor?.getAttribute('auth-token') ?? null,
        vendorText: vendor?.shadowRoot?.textContent ?? '',
        status: (section ?? document).querySelector('output')?.textContent ?? '',
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

let tmp = '';
/** Extraction directory, renamed to INSTALLED once complete. */
const staging = join(EXAMPLES, 'node_modules', `.toucan-embed-loader-${process.pid}`);
/** The browser of each engine, started on first use. */
const browsers = new Map<NodeTestEngine, Promise<Browser>>();
const engines = endToEndEngines();
/** The engine of the Vite-built apps: Chromium unless TEST_BROWSERS leaves it out. */
const APP_ENGINE: NodeTestEngine = engines.includes('chromium') ? 'chromium' : (engines[0] ?? 'chromium');

function browserOf(engine: NodeTestEngine): Promise<Browser> {
  let browser = browsers.get(engine);
  if (!browser) browsers.set(engine, (browser = launchBrowser(engine)));
  return browser;
}
const servers: ExampleServer[] = [];
/** Type checks of the examples by name, started once the tarball is extracted. */
const typeChecks = new Map<string, Promise<ChildResult>>();

async function assertTypeChecks(name: string): Promise<void> {
  const check = typeChecks.get(name);
  assert.ok(check, `the type check of examples/${name} started`);
  const { code, output } = await check;
  assert.equal(code, 0, output);
}

interface ExamplePage {
  server: ExampleServer;
  page: Page;
  /** Console errors, uncaught errors, failed requests and 4xx/5xx answers. */
  problems: string[];
}

async function openExample(root: string, path = '/', engine = APP_ENGINE): Promise<ExamplePage> {
  const server = await startExampleServer(root);
  servers.push(server);
  const context = await (await browserOf(engine)).createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(new URL(path, server.url).href);
  return { server, page, problems };
}

/** Builds `examples/<name>` with its own vite.config.ts; returns the output directory and every bundled module id. */
async function buildExample(name: string): Promise<{ outDir: string; moduleIds: string[] }> {
  const root = join(EXAMPLES, name);
  const outDir = join(tmp, `${name}-dist`);
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    cacheDir: join(tmp, `${name}-vite-cache`),
    logLevel: 'warn',
    clearScreen: false,
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const moduleIds = outputs.flatMap((output) =>
    'output' in output ? output.output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : [])) : [],
  );
  return { outDir, moduleIds };
}

function assertBuiltFromTarball(moduleIds: string[]): void {
  const fromPackage = moduleIds.filter((id) => id.includes('toucan-embed-loader'));
  assert.ok(
    fromPackage.some((id) => id.startsWith(join(INSTALLED, 'dist', 'lib') + sep)),
    `the bundle holds dist/lib modules of the extracted tarball; package modules: ${fromPackage.join(', ') || 'none'}`,
  );
  const fromRepository = moduleIds.filter(
    (id) => id.startsWith(join(ROOT, 'src') + sep) || id.startsWith(join(ROOT, 'dist') + sep),
  );
  assert.deepEqual(fromRepository, [], "nothing is bundled from the repository's src/ or dist/");
}

describe('the example apps, built from the packed tarball', { timeout: SUITE_TIMEOUT_MS }, () => {
  before(
    async () => {
      assert.ok(existsSync(join(ROOT, 'dist', 'lib', 'index.js')), 'dist/ exists: run `npm run build` first (`npm test` does)');
      tmp = mkdtempSync(join(tmpdir(), 'toucan-examples-'));

      const packed = await run('npm', ['pack', '--json', '--pack-destination', tmp]);
      assert.equal(packed.code, 0, `npm pack failed:\n${packed.output}`);
      const tarball = join(tmp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

      // Extract next to the target, then swap it in: a concurrent run never sees half a package.
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const extracted = await run('tar', ['-xzf', tarball, '--strip-components=1', '-C', staging]);
      assert.equal(extracted.code, 0, `tar failed:\n${extracted.output}`);
      rmSync(INSTALLED, { recursive: true, force: true });
      renameSync(staging, INSTALLED);

      // Type checks run in child processes while the apps build and run.
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const vueTsc = join(ROOT, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js');
      typeChecks.set('vanilla', run(process.execPath, [tsc, '-p', join(EXAMPLES, 'vanilla')]));
      typeChecks.set('react', run(process.execPath, [tsc, '-p', join(EXAMPLES, 'react')]));
      typeChecks.set('vue', run(process.execPath, [vueTsc, '-p', join(EXAMPLES, 'vue')]));

      // Started now, so they start while the apps build; a failure is reported by the first test that opens a page.
      for (const engine of new Set([APP_ENGINE, ...engines])) void browserOf(engine).catch(() => {});
    },
    { timeout: 40_000 },
  );

  after(async () => {
    await Promise.all([...browsers.values()].map(async (browser) => (await browser.catch(() => null))?.close()));
    await Promise.all(servers.map((server) => server.close()));
    // Let the type checks end before their files go (they do not read tmp; this only avoids stray processes).
    await Promise.all(typeChecks.values());
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true }); // left only when extraction failed
    // examples/node_modules/toucan-embed-loader stays (git-ignored), for `npx tsc -p examples/vanilla` by hand.
  });

  test('`toucan-embed-loader` resolves, from the examples, to the extracted tarball', () => {
    const installed = JSON.parse(readFileSync(join(INSTALLED, 'package.json'), 'utf8')) as { name: string; version: string };
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual({ name: installed.name, version: installed.version }, { name: 'toucan-embed-loader', version: own.version });
    for (const name of ['vanilla', 'react', 'vue']) {
      const require = createRequire(join(EXAMPLES, name, 'src', 'main.ts'));
      assert.equal(require.resolve('toucan-embed-loader'), join(INSTALLED, 'dist', 'lib', 'index.js'), `from examples/${name}`);
    }
    for (const file of ['dist/lib/index.d.ts', 'dist/toucan-embed-loader.js', 'dist/toucan-embed-loader.iife.js']) {
      assert.ok(existsSync(join(INSTALLED, file)), `the tarball holds ${file}`);
    }
  });

  describe('type checks against the packed types', () => {
    test('examples/vanilla type-checks with tsc (elements and events typed by the package)', () => assertTypeChecks('vanilla'));

    test('examples/react type-checks with tsc, component props and onToucanToken typed by toucan-embed-loader/react', () =>
      assertTypeChecks('react'));

    test('examples/vue type-checks with vue-tsc, template props and @toucan-token typed by toucan-embed-loader/vue', () =>
      assertTypeChecks('vue'));
  });

  describe('vanilla (Vite, token-endpoint attribute, addEventListener)', () => {
    let app: ExamplePage;
    let moduleIds: string[];

    before(
      async () => {
        const built = await buildExample('vanilla');
        moduleIds = built.moduleIds;
        app = await openExample(built.outDir);
        await waitForReadyDashboards(app, 1);
      },
      { timeout: 40_000 },
    );

    test("is bundled from the tarball, not from the repository's sources", () => assertBuiltFromTarball(moduleIds));

    test('the vendor element inside <toucan-dashboard> holds a token from the endpoint', async () => {
      const [dashboard] = await renderedDashboards(app.page);
      assert.ok(dashboard?.token, 'auth-token is set');
      assert.deepEqual(
        app.server.tokenRequests.map((request) => [request.method, request.token]),
        [['GET', dashboard.token]],
      );
      assert.match(dashboard.vendorText, /token received/);
    });

    test('the addEventListener handler renders reason: initial', async () => {
      const [dashboard] = await renderedDashboards(app.page);
      assert.match(dashboard?.status ?? '', /^reason: initial · tokens: 1 · valid until /);
    });

    test('logs no console error and no failed request', () => assert.deepEqual(app.problems, []));
  });

  for (const [name, binding] of [
    ['react', 'onToucanToken={…}'],
    ['vue', '@toucan-token'],
  ] as const) {
    describe(`${name} (properties tokenProvider and tokenRequest, ${binding})`, () => {
      let app: ExamplePage;
      let moduleIds: string[];
      let dashboards: RenderedDashboard[];
      const inSection = (id: string): RenderedDashboard => {
        const dashboard = dashboards.find((candidate) => candidate.section === id);
        assert.ok(dashboard, `a dashboard in #${id}`);
        return dashboard;
      };
      const requestFor = (dashboard: RenderedDashboard): TokenRequestRecord => {
        const request = app.server.tokenRequests.find((candidate) => candidate.token === dashboard.token);
        assert.ok(request, `the dashboard's token came from ${TOKEN_PATH}`);
        return request;
      };

      before(
        async () => {
          const built = await buildExample(name);
          moduleIds = built.moduleIds;
          app = await openExample(built.outDir);
          await waitForReadyDashboards(app, 2);
          // The status lines re-render after the event; wait for both.
          await app.page.waitForFunction(() =>
            [...document.querySelectorAll('section output')].every((output) => /tokens: [1-9]/.test(output.textContent ?? '')),
          );
          dashboards = await renderedDashboards(app.page);
        },
        { timeout: 40_000 },
      );

      test("is bundled from the tarball, not from the repository's sources", () => assertBuiltFromTarball(moduleIds));

      test('both vendor elements hold a token from the endpoint, one request each', () => {
        assert.equal(app.server.tokenRequests.length, 2);
        for (const dashboard of dashboards) {
          assert.ok(dashboard.token, `auth-token is set in #${dashboard.section}`);
          requestFor(dashboard);
          assert.match(dashboard.vendorText, /token received/);
        }
        assert.notEqual(inSection('provider').token, inSection('endpoint').token);
      });

      test("the tokenProvider property is used: the app's own request fetched the token", () => {
        const request = requestFor(inSection('provider'));
        assert.equal(request.method, 'GET');
        assert.equal(request.headers.authorization, 'Bearer example-session');
      });

      test("the tokenRequest property's headers and JSON body reach the endpoint with POST", () => {
        const request = requestFor(inSection('endpoint'));
        assert.equal(request.method, 'POST');
        assert.equal(request.headers['x-csrf-token'], 'example-csrf-token');
        assert.match(request.headers['content-type'] ?? '', /^application\/json/);
        assert.deepEqual(JSON.parse(request.body), { dashboardId: 'd-43' });
        assert.equal(request.headers.authorization, undefined, "the provider's header stays with the provider");
      });

      test(`the ${binding} binding renders reason: initial, one token per dashboard`, () => {
        assert.deepEqual(
          dashboards.map((dashboard) => [dashboard.section, dashboard.status]),
          [
            ['provider', 'reason: initial · tokens: 1'],
            ['endpoint', 'reason: initial · tokens: 1'],
          ],
        );
      });

      if (name === 'react') {
        test("refresh() through the component's ref brings a manual token from the endpoint", async () => {
          await app.page.locator('#endpoint button').click();
          await app.page.waitForFunction(
            () => document.querySelector('#endpoint output')?.textContent === 'reason: manual · tokens: 2',
          );
          const [, endpoint] = await renderedDashboards(app.page);
          assert.equal(app.server.tokenRequests.at(-1)?.token, endpoint?.token);
          assert.equal(app.server.tokenRequests.length, 3);
        });
      }

      test('logs no console error and no failed request', () => assert.deepEqual(app.problems, []));
    });
  }

  for (const engine of engines) {
    describe(`iife in ${ENGINE_NAMES[engine]} (classic <script src>, window.ToucanEmbedLoader.configure)`, () => {
      let app: ExamplePage;

      before(
        async () => {
          // examples/ as the document root: the page loads the IIFE from the extracted tarball.
          app = await openExample(EXAMPLES, '/iife/', engine);
          await waitForReadyDashboards(app, 1);
        },
        { timeout: 30_000 },
      );

      test("the page loads the tarball's IIFE, which exposes window.ToucanEmbedLoader", async () => {
        assert.ok(
          app.server.servedFiles.includes(join(INSTALLED, 'dist', 'toucan-embed-loader.iife.js')),
          'served the IIFE of the extracted tarball',
        );
        const api = await app.page.evaluate(() => {
          const loader = (window as unknown as { ToucanEmbedLoader?: Record<string, unknown> }).ToucanEmbedLoader;
          return {
            configure: typeof loader?.configure,
            defined: customElements.get('toucan-dashboard') === loader?.ToucanDashboardElement,
          };
        });
        assert.deepEqual(api, { configure: 'function', defined: true });
      });

      test('configure({ embedSrc }) applies: the fake vendor element holds a token from token-endpoint', async () => {
        const [dashboard] = await renderedDashboards(app.page);
        assert.ok(dashboard?.token, 'auth-token is set');
        assert.deepEqual(
          app.server.tokenRequests.map((request) => [request.method, request.token]),
          [['GET', dashboard.token]],
        );
        assert.ok(app.server.paths.includes('/fake-toucan/embed.js'), 'the configured embedSrc was loaded');
        assert.match(dashboard.vendorText, /token received/);
        assert.equal(dashboard.status, 'reason: initial · tokens: 1');
      });

      test('logs no console error and no failed request', () => assert.deepEqual(app.problems, []));
    });
  }
});
