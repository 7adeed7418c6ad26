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

const firstExisting = (paths) => paths.find((path) => path && existsSync(path));

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
 * @returns {{ chromium: { executablePath?: string }, firefox: { executablePath?: string, missing?: string },
 *   webkit: { driverPath?: string, browserPath?: string, missing?: string } }}
 */
export function findEngines(env = process.env) {
  const chromium = firstExisting([env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']);
  const firefox = firstExisting([env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']);
  const driver = firstExisting([env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver']);
  const browser = firstExisting([env.WEBKIT_MINIBROWSER_PATH, ...miniBrowserCandidates()]);
  return {
    // Without a system Chromium, Playwright's own download (if any) is used.
    chromium: { executablePath: chromium },
    firefox: firefox
      ? { executablePath: firefox }
      : { missing: 'Firefox not found: apt-get install firefox-esr, or set FIREFOX_PATH' },
    webkit:
      driver && browser
        ? { driverPath: driver, browserPath: browser }
        : {
            missing: `WebKit not found (${driver ? 'MiniBrowser' : 'WebKitWebDriver'}): apt-get install webkit2gtk-driver, or set WEBKIT_WEBDRIVER_PATH and WEBKIT_MINIBROWSER_PATH`,
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
