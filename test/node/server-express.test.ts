/**
 * The README's Express recipe (express + express-session + @hono/node-server), run as pasted: the code
 * block is taken from README.md, written to a file inside the package (so `toucan-embed-loader/server`
 * resolves to the built package, as in an app), and started with `node`. Only the network differs: a
 * preloaded module sends the default Toucan URL to a fake Toucan on 127.0.0.1, and PORT=0.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY, startFakeToucan, type FakeToucan } from './server-fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MARKER = '<!-- tested by test/node/server-express.test.ts: keep it runnable as pasted -->';

/** The fenced code block right after the marker in README.md. */
function readmeRecipe(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = readme.split(MARKER)[1]?.match(/^\s*```js\n([\s\S]*?)\n```/);
  assert.ok(match, 'README.md has the marked Express recipe');
  return match[1]!;
}

/** Sends the default Toucan URL to the fake one: the only change to the user's environment. */
const PRELOAD = `
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) =>
  realFetch(String(input) === 'https://toucanai.cloud/embed/generate-token' ? process.env.FAKE_TOUCAN_URL : input, init);
`;

let toucan: FakeToucan;
let app: ChildProcess;
let appUrl: string;
let output = '';
let directory: string;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/lib/server/index.js')), 'the package is built (npm run build)');
  toucan = await startFakeToucan();
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  directory = mkdtempSync(join(ROOT, '.tmp', 'express-recipe-'));
  writeFileSync(join(directory, 'server.mjs'), readmeRecipe());
  app = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`, join(directory, 'server.mjs')],
    {
      cwd: directory,
      env: {
        ...process.env,
        SESSION_SECRET: 'test-session-secret',
        TOUCAN_API_KEY: API_KEY,
        PORT: '0',
        FAKE_TOUCAN_URL: toucan.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  appUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the recipe did not start within 10 s:\n${output}`)), 10_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    app.stdout!.on('data', read);
    app.stderr!.on('data', read);
    app.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the recipe exited with ${code}:\n${output}`));
    });
  });
});

after(async () => {
  if (app && app.exitCode === null) {
    app.removeAllListeners('exit');
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  await toucan?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe("the README's Express recipe with express-session", () => {
  test('answers 401 to a browser without a session', async () => {
    const response = await fetch(`${appUrl}/api/toucan-token`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'unauthorized' });
  });

  test("mints a token for the session's user once signed in", async () => {
    const login = await fetch(`${appUrl}/login`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await login.text();
    const response = await fetch(`${appUrl}/api/toucan-token`, { headers: { cookie } });
    assert.equal(response.status, 200, output);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { token: string; expiresIn: number };
    assert.match(body.token, /^tok-\d+$/);
    assert.ok(body.expiresIn > 0);
    assert.equal(toucan.calls.at(-1)?.distinctId, 'user-42');
  });

  test('prints nothing but its listening line', () => {
    assert.match(output, /^Listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});
