// A @web/test-runner browser launcher for WebKitGTK's MiniBrowser, driven by WebKitWebDriver over the
// W3C WebDriver HTTP protocol (https://www.w3.org/TR/webdriver2/). Playwright cannot download its own
// WebKit on every machine, and @web/test-runner-webdriver needs webdriverio, whose optional peer
// puppeteer-core (<= 24) conflicts with the one @web/test-runner already uses; five WebDriver commands
// over fetch do the job.
//
// WebKitWebDriver serves one session at a time, so each concurrent page gets a driver (and MiniBrowser)
// of its own. MiniBrowser needs an X display: without DISPLAY, one Xvfb server is started for the run
// (`-displayfd` lets Xvfb pick a free display number, so parallel runs never collide).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** How long a driver may take to answer `/status` after it starts. */
const DRIVER_START_TIMEOUT_MS = 15_000;
/** How long Xvfb may take to report its display number. */
const XVFB_START_TIMEOUT_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `Xvfb -displayfd`, resolves with `{ display, stop }`. */
function startXvfb(xvfbPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(xvfbPath, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    const timer = setTimeout(
      () => fail(new Error(`Xvfb did not start within ${XVFB_START_TIMEOUT_MS} ms: ${errors}`)),
      XVFB_START_TIMEOUT_MS,
    );
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`cannot start ${xvfbPath} (install xvfb, or set DISPLAY): ${error.message}`)));
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.stdio[3].on('data', (chunk) => {
      output += chunk;
      if (!output.includes('\n')) return;
      clearTimeout(timer);
      resolve({ display: `:${output.trim()}`, stop: () => child.kill() });
    });
  });
}

class WebDriverSession {
  /** @param {string} base  e.g. http://127.0.0.1:4444/session/<id> */
  constructor(base, capabilities) {
    this.base = base;
    this.capabilities = capabilities;
  }

  async command(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok)
      throw new Error(`WebDriver ${method} ${path}: ${answer.value?.error ?? response.status} ${answer.value?.message ?? ''}`);
    return answer.value;
  }
}

/** One WebKitWebDriver process with one MiniBrowser session. */
class Driver {
  constructor({ driverPath, browserPath, browserArgs, env }) {
    Object.assign(this, { driverPath, browserPath, browserArgs, env });
  }

  async start() {
    const port = await freePort();
    this.process = spawn(this.driverPath, [`--port=${port}`, '--host=local'], { stdio: 'ignore', env: this.env });
    const exited = new Promise((_, reject) =>
      this.process.once('error', (error) => reject(new Error(`cannot start ${this.driverPath}: ${error.message}`))),
    );
    const origin = `http://127.0.0.1:${port}`;
    const ready = (async () => {
      const start = Date.now();
      for (;;) {
        try {
          const status = await (await fetch(`${origin}/status`)).json();
          if (status.value?.ready !== undefined) return;
        } catch {
          // not listening yet
        }
        if (Date.now() - start > DRIVER_START_TIMEOUT_MS)
          throw new Error(`${this.driverPath} did not answer within ${DRIVER_START_TIMEOUT_MS} ms`);
        await delay(50);
      }
    })();
    await Promise.race([ready, exited]);
    const response = await fetch(`${origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            // `none`: navigation returns at once; @web/test-runner learns the results over its own socket.
            pageLoadStrategy: 'none',
            'webkitgtk:browserOptions': { binary: this.browserPath, args: this.browserArgs },
          },
        },
      }),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`WebKitWebDriver refused the session: ${answer.value?.message ?? response.status}`);
    this.session = new WebDriverSession(`${origin}/session/${answer.value.sessionId}`, answer.value.capabilities);
    return this;
  }

  navigate(url) {
    return this.session.command('POST', '/url', { url });
  }

  async stop() {
    await this.session?.command('DELETE', '').catch(() => {});
    this.process?.kill();
  }
}

/**
 * @param {{ driverPath: string, browserPath: string, browserArgs?: string[], xvfbPath?: string, concurrency?: number }} options
 *   `driverPath`: WebKitWebDriver; `browserPath`: MiniBrowser; `concurrency`: pages (and drivers) at once, default 1.
 * @returns {import('@web/test-runner-core').BrowserLauncher}
 */
export function webkitGtkLauncher({
  driverPath,
  browserPath,
  browserArgs = ['--automation'],
  xvfbPath = 'Xvfb',
  concurrency = 1,
}) {
  /** @type {Driver[]} */
  const idle = [];
  /** @type {Map<string, { driver: Driver, url: string }>} */
  const active = new Map();
  /** @type {Promise<{ display: string, stop(): void } | null> | undefined} */
  let xvfb;
  const all = new Set();

  async function acquire() {
    const reused = idle.pop();
    if (reused) return reused;
    xvfb ??= process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? Promise.resolve(null) : startXvfb(xvfbPath);
    const display = await xvfb;
    const env = display ? { ...process.env, DISPLAY: display.display } : process.env;
    const driver = new Driver({ driverPath, browserPath, browserArgs, env });
    all.add(driver);
    return driver.start();
  }

  return {
    name: 'WebKit',
    type: 'webkitgtk-webdriver',
    concurrency,

    async startSession(sessionId, url) {
      const driver = await acquire();
      active.set(sessionId, { driver, url });
      await driver.navigate(url);
    },

    isActive: (sessionId) => active.has(sessionId),

    getBrowserUrl: (sessionId) => active.get(sessionId)?.url,

    async stopSession(sessionId) {
      const entry = active.get(sessionId);
      active.delete(sessionId);
      if (entry) {
        // A blank page stops whatever the test left running (timers, requests).
        await entry.driver.navigate('about:blank').catch(() => {});
        idle.push(entry.driver);
      }
      return {};
    },

    startDebugSession() {
      throw new Error('WebKit: debug sessions are not supported; open the test URL in MiniBrowser by hand.');
    },

    async stop() {
      await Promise.all([...all].map((driver) => driver.stop()));
      all.clear();
      (await xvfb)?.stop();
    },
  };
}
