/**
 * Every README snippet marked ```html runnable or ```js runnable runs as pasted: each one in a
 * page of its own in headless Chromium, with the CDN URLs and the bare `toucan-embed-loader`
 * import served from this repository's dist/, a stand-in for Toucan's embed.js, and a fake token
 * endpoint at /api/toucan-token. Each wrapper on the page must reach `ready` with the token in its
 * vendor element, and nothing may be printed as an error. `npm test` builds dist/ before this runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { launchChromium } from '../browsers/engines.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE_ORIGIN = 'https://app.readme.test';
const READY_TIMEOUT_MS = 8_000;

interface Snippet {
  language: 'html' | 'js';
  code: string;
  line: number;
}

/** The runnable snippets of the README, fences indented inside lists included. */
function runnableSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const match of markdown.matchAll(/^( *)```(html|js) runnable\n([\s\S]*?)^\1```$/gm)) {
    const [, indent, language, body] = match;
    const code = body!
      .split('\n')
      .map((line) => line.slice(indent!.length))
      .join('\n');
    const line = markdown.slice(0, match.index).split('\n').length;
    snippets.push({ language: language as Snippet['language'], code, line });
  }
  return snippets;
}

/** The page a user would paste the snippet into. */
function pageFor(snippet: Snippet): string {
  const importMap = JSON.stringify({
    imports: { 'toucan-embed-loader': '/node_modules/toucan-embed-loader/dist/toucan-embed-loader.js' },
  });
  const body = snippet.language === 'html' ? snippet.code : `<script type="module">\n${snippet.code}\n</script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><script type="importmap">${importMap}</script></head><body>\n${body}\n</body></html>`;
}

/** Toucan's embed.js, as far as the wrappers can tell: it defines the two vendor elements. */
const EMBED_STAND_IN = `
for (const tag of ['tc-dashboard', 'tc-ai-assistant']) {
  if (!customElements.get(tag)) customElements.define(tag, class extends HTMLElement {
    connectedCallback() { this.style.display = 'block'; this.style.minHeight = '100px'; }
  });
}`;

const DIST_FILE = /^https:\/\/(?:cdn\.jsdelivr\.net\/npm|unpkg\.com)\/toucan-embed-loader(?:@[\w.-]+)?\/dist\/([\w.-]+)$/;

let browser: Browser | undefined;

describe('README snippets marked runnable', () => {
  const snippets = runnableSnippets(readFileSync(`${ROOT}README.md`, 'utf8'));

  before(async () => {
    browser = await launchChromium(chromium);
  });
  after(async () => {
    await browser?.close();
  });

  test('there are some, including the quick start', () => {
    assert.ok(snippets.length >= 4, `found ${snippets.length}`);
    assert.ok(snippets.some((snippet) => snippet.code.includes("import 'toucan-embed-loader'")));
  });

  for (const snippet of snippets) {
    const title = snippet.code
      .split('\n')
      .find((line) => line.trim())!
      .trim()
      .slice(0, 70);
    test(`README line ${snippet.line} (${snippet.language}): ${title}`, async () => {
      const page = await browser!.newPage();
      const problems: string[] = [];
      let tokenRequests = 0;
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        const dist =
          url.match(DIST_FILE)?.[1] ??
          url.match(/^https:\/\/app\.readme\.test\/node_modules\/toucan-embed-loader\/dist\/([\w.-]+)$/)?.[1];
        if (url === `${PAGE_ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: pageFor(snippet) });
        if (dist)
          return route.fulfill({
            contentType: 'text/javascript',
            body: readFileSync(`${ROOT}dist/${dist}`),
            headers: { 'access-control-allow-origin': '*' },
          });
        if (url === 'https://toucanai.cloud/embed/embed.js') {
          return route.fulfill({
            contentType: 'text/javascript',
            body: EMBED_STAND_IN,
            headers: { 'access-control-allow-origin': '*' },
          });
        }
        if (url === `${PAGE_ORIGIN}/api/toucan-token`) {
          tokenRequests += 1;
          return route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ token: `readme-token-${tokenRequests}`, expiresIn: 3600 }),
          });
        }
        problems.push(`unexpected request: ${url}`);
        return route.abort();
      });
      try {
        await page.goto(`${PAGE_ORIGIN}/`);
        await page.waitForFunction(() => customElements.get('toucan-dashboard') !== undefined, null, {
          timeout: READY_TIMEOUT_MS,
        });
        const wrappers = await page.waitForFunction(
          () => {
            const all = [...document.querySelectorAll<HTMLElement>('toucan-dashboard, toucan-ai-assistant')];
            return (
              all.every((el) => el.getAttribute('state') === 'ready') &&
              all.map((el) => el.querySelector('tc-dashboard, tc-ai-assistant')?.getAttribute('auth-token'))
            );
          },
          null,
          { timeout: READY_TIMEOUT_MS },
        );
        const tokens = (await wrappers.jsonValue()) as string[];
        for (const token of tokens) assert.match(token, /^readme-token-/);
        if (tokens.length > 0) assert.ok(tokenRequests >= 1);
        assert.deepEqual(problems, []);
      } catch (error) {
        const states = await page
          .evaluate(() =>
            [...document.querySelectorAll('toucan-dashboard, toucan-ai-assistant')].map(
              (el) => `<${el.localName}> ${el.getAttribute('state')}`,
            ),
          )
          .catch(() => []);
        throw new Error(
          `${(error as Error).message}\nwrappers: ${states.join(', ') || 'none'}\nproblems: ${problems.join('\n') || 'none'}`,
          { cause: error },
        );
      } finally {
        await page.close();
      }
    });
  }
});
