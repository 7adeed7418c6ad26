// The three browser engines the tests run in, found on this machine (Debian's packages by default) or
// where environment variables point:
//
//   chromium  CHROMIUM_PATH            default /usr/bin/chromium, /usr/bin/chromium-browser, else Playwright's own
//   firefox   FIREFOX_PATH             default /usr/bin/firefox-esr, /usr/bin/firefox  (driven over WebDriver BiDi)
//   webkit    WEBKIT_WEBDRIVER_PATH    default WebKitWebDriver in /usr/bin  (webkit2gtk-driver)
//             WEBKIT_MINIBROWSER_PATH  default /usr/lib/<arch>/webkit2gtk-4.1/MiniBrowser (libwebkit2gtk-4.1-0)
//             XVFB_PATH                default Xvfb; used only when DISPLAY is unset
//
// TEST_BROWSERS (comma-separated, default `chromium,firefox,webkit`) picks the engines of a run.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The path a variable names (even a missing one: a wrong variable is reported, not silently ignored), else the first existing default. */
const pick = (variable, defaults) =>
  variable ? (existsSync(variable) ? variable : undefined) : defaults.find((path) => existsSync(path));

/** MiniBrowser ships in libwebkit2gtk's private directory, under the machine's multiarch triplet. */
function miniBrowserCandidates() {
  const candidates = [];
  for (const lib of ['/usr/lib', '/usr/libexec', '/usr/lib64']) {
    const entries = existsSync(lib) ? readdirSync(lib) : [];
    for (const dir of ['', ...entries.filter((entry) => entry.endsWith('-linux-gnu'))]) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0'])
        candidates.push(join(lib, dir, api, 'MiniBrowser'));
    }
  }
  return candidates;
}

/**
 * Where each engine's binaries are, or why it cannot run.
 * @returns {{ chromium: { executablePath?: string, missing?: string }, firefox: { executablePath?: string, missing?: string },
 *   webkit: { driverPath?: string, browserPath?: string, missing?: string } }}
 */
export function findEngines(env = process.env) {
  const chromium = pick(env.CHROMIUM_PATH, ['/usr/bin/chromium', '/usr/bin/chromium-browser']);
  const firefox = pick(env.FIREFOX_PATH, ['/usr/bin/firefox-esr', '/usr/bin/firefox']);
  const driver = pick(env.WEBKIT_WEBDRIVER_PATH, ['/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver']);
  const browser = pick(env.WEBKIT_MINIBROWSER_PATH, miniBrowserCandidates());
  const named = (variable, name) => (variable ? ` at ${name}=${variable}` : '');
  return {
    // Without a system Chromium, Playwright's own download (if any) is used; a CHROMIUM_PATH to nothing is an error.
    chromium:
      chromium || !env.CHROMIUM_PATH
        ? { executablePath: chromium }
        : { missing: `Chromium not found${named(env.CHROMIUM_PATH, 'CHROMIUM_PATH')}` },
    firefox: firefox
      ? { executablePath: firefox }
      : {
          missing: `Firefox not found${named(env.FIREFOX_PATH, 'FIREFOX_PATH')}: apt-get install firefox-esr, or set FIREFOX_PATH`,
        },
    webkit:
      driver && browser
        ? { driverPath: driver, browserPath: browser }
        : {
            missing: driver
              ? `WebKit's MiniBrowser not found${named(env.WEBKIT_MINIBROWSER_PATH, 'WEBKIT_MINIBROWSER_PATH')}: apt-get install webkit2gtk-driver, or set WEBKIT_MINIBROWSER_PATH`
              : `WebKitWebDriver not found${named(env.WEBKIT_WEBDRIVER_PATH, 'WEBKIT_WEBDRIVER_PATH')}: apt-get install webkit2gtk-driver, or set WEBKIT_WEBDRIVER_PATH`,
          },
  };
}

/** The engines a run asks for: TEST_BROWSERS, else all three. Throws on an unknown name. */
export function requestedEngines(env = process.env) {
  const names = (env.TEST_BROWSERS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !ENGINES.includes(name));
  if (unknown.length > 0) throw new Error(`TEST_BROWSERS: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return names.length > 0 ? names : ENGINES;
}

/** Flags of every Chromium the tests and the bench start: they work as root, and keep the browser from background work. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Starts headless Chromium through Playwright's `chromium` (passed in: this module needs no Playwright):
 * the Chromium `findEngines()` finds (CHROMIUM_PATH, else Debian's), else Playwright's own download.
 * Throws when CHROMIUM_PATH names no file.
 */
export function launchChromium(playwrightChromium, env = process.env) {
  const { executablePath, missing } = findEngines(env).chromium;
  if (missing) throw new Error(missing);
  return playwrightChromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}
