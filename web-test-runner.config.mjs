// @web/test-runner: every browser test file in Chromium, Firefox and WebKit.
// Playwright cannot download its own browsers on every machine (CI here has no internet besides package
// registries), so Debian's browsers are used (test/browsers/engines.mjs says where each is looked for, and
// which environment variables point elsewhere):
// - Chromium through Playwright;
// - Firefox (ESR) through Puppeteer over WebDriver BiDi (@web/test-runner-chrome's launcher with puppeteer-core);
// - WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver (test/browsers/webkitgtk-launcher.mjs).
// TEST_BROWSERS=firefox (comma-separated) runs a subset; `npm test` runs one engine after the other.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findEngines, requestedEngines } from './test/browsers/engines.mjs';
import { webkitGtkLauncher } from './test/browsers/webkitgtk-launcher.mjs';
import { tokenEndpointMiddleware } from './test/server/token-endpoint-middleware.mjs';

const found = findEngines();

const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        ...(found.chromium.executablePath ? { executablePath: found.chromium.executablePath } : {}),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', headless: true, executablePath: found.firefox.executablePath },
      // A window per test file rather than a tab: a background tab is hidden and its timers are throttled.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  webkit: () => webkitGtkLauncher({ driverPath: found.webkit.driverPath, browserPath: found.webkit.browserPath }),
};

const engines = requestedEngines();
for (const engine of engines) {
  const others = engines.filter((other) => other !== engine).join(',');
  if (found[engine].missing)
    throw new Error(`${found[engine].missing}${others ? `; or run without it: TEST_BROWSERS=${others}` : ''}`);
}

export default {
  files: ['test/**/*.test.ts', '!test/node/**', '!test/unit/**', '!test/examples/**'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 2,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' })],
  middleware: [tokenEndpointMiddleware()],
  browsers: engines.map((engine) => launchers[engine]()),
};
