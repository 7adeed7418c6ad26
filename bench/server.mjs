// The bench's HTTP server, on 127.0.0.1 and a free port (port 0). Serves the pages the runner
// registers, the product's bundle, the two glue baselines, a stand-in vendor script and token
// endpoints, each with a chosen latency:
//
//   GET /page/<id>                      a page registered with `addPage(html)`
//   GET /dist/toucan-embed-loader.js    the product (self-contained ES module, from `npm run build`)
//   GET /bench/glue-serial.js, /bench/glue-parallel.js
//   GET /embed.js?delay=<ms>            the vendor stand-in (bench/vendor-embed.js) after <ms>
//   ANY /token/<name>?delay=<ms>&ttl=<s>  { token, expiresIn: <s> } after <ms>; counted per <name>
//
// Everything is `Cache-Control: no-store`, so no run warms the next.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES = {
  // BENCH_PRODUCT_BUNDLE measures another build of the product (a path from the repository root).
  '/dist/toucan-embed-loader.js': process.env.BENCH_PRODUCT_BUNDLE || 'dist/toucan-embed-loader.js',
  '/bench/glue-serial.js': 'bench/glue-serial.js',
  '/bench/glue-parallel.js': 'bench/glue-parallel.js',
  '/embed.js': 'bench/vendor-embed.js',
};

/** Starts the server; resolves to its origin and counters. */
export async function startBenchServer() {
  const pages = new Map();
  const tokenRequests = new Map(); // endpoint name → requests received
  let inFlight = 0;
  let issued = 0;
  let nextPage = 0;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const delayMs = Number(url.searchParams.get('delay') ?? 0);
    const send = (status, type, body) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname.startsWith('/page/')) {
      const html = pages.get(url.pathname.slice('/page/'.length));
      return html ? send(200, 'text/html; charset=utf-8', html) : send(404, 'text/plain', 'no such page');
    }
    if (url.pathname.startsWith('/token/')) {
      const name = decodeURIComponent(url.pathname.slice('/token/'.length));
      const ttlSeconds = Number(url.searchParams.get('ttl') ?? 300);
      tokenRequests.set(name, (tokenRequests.get(name) ?? 0) + 1);
      inFlight += 1;
      request.resume();
      setTimeout(() => {
        inFlight -= 1;
        send(200, 'application/json', JSON.stringify({ token: `bench.${name}.${++issued}`, expiresIn: ttlSeconds }));
      }, delayMs);
      return;
    }
    const file = FILES[url.pathname];
    if (!file) return send(404, 'text/plain', 'not found');
    let body;
    try {
      body = readFileSync(new URL(file, `file://${root}`));
    } catch {
      return send(404, 'text/plain', `${file} is missing`);
    }
    setTimeout(() => send(200, 'text/javascript; charset=utf-8', body), delayMs);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    /** Registers a page; returns its absolute URL. */
    addPage(html) {
      const id = String(++nextPage);
      pages.set(id, html);
      return `${origin}/page/${id}`;
    },
    /** Token requests received by endpoint `name` so far. */
    tokenRequests: (name) => tokenRequests.get(name) ?? 0,
    /** Token requests received but not answered yet. */
    get inFlight() {
      return inFlight;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
