/**
 * Browsers for the Node end-to-end tests (the demo, the example apps): Chromium and Firefox driven by
 * puppeteer-core (Chromium over the DevTools protocol, Firefox ESR over WebDriver BiDi), found where the
 * browser tests find them (test/browsers/engines.mjs: Debian's packages, or CHROMIUM_PATH / FIREFOX_PATH).
 * TEST_BROWSERS limits the engines, as for the browser tests.
 */
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS, findEngines, requestedEngines } from '../browsers/engines.mjs';

export type NodeTestEngine = 'chromium' | 'firefox';

/** Display names, as @web/test-runner prints them. */
export const ENGINE_NAMES: Record<NodeTestEngine, string> = { chromium: 'Chromium', firefox: 'Firefox' };

/** The engines the end-to-end tests run in: Chromium and Firefox, minus those TEST_BROWSERS leaves out. */
export function endToEndEngines(): NodeTestEngine[] {
  return requestedEngines().filter((engine): engine is NodeTestEngine => engine === 'chromium' || engine === 'firefox');
}

/** Starts a headless browser of `engine`; throws, saying what to install, when it is missing. */
export function launchBrowser(engine: NodeTestEngine): Promise<Browser> {
  const found = findEngines();
  if (found[engine].missing) throw new Error(found[engine].missing);
  if (engine === 'firefox') {
    return puppeteer.launch({ browser: 'firefox', headless: true, executablePath: found.firefox.executablePath });
  }
  // Without a Chromium at the known paths, an installed Google Chrome.
  const where = found.chromium.executablePath
    ? { executablePath: found.chromium.executablePath }
    : { channel: 'chrome' as const };
  return puppeteer.launch({ browser: 'chrome', headless: true, ...where, args: CHROMIUM_ARGS });
}
