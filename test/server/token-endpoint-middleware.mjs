// A programmable token endpoint and vendor-script host, served by @web/test-runner's dev server
// (Koa middleware), so browser tests exercise the real network path.
//
//   POST /mock/<id>/script   body: MockResponse[] — the next answers of /mock/<id>/token, in order
//   ANY  /mock/<id>/token    answers the next scripted response (then the default), logs the request
//   GET  /mock/<id>/log      the logged requests: [{ method, url, headers, body, receivedAt }]
//   GET  /mock-embed/define.js?tags=a,b[&id=<id>]  a module defining the given custom elements
//   GET  /mock-embed/missing.js                      404
//   GET  /mock-embed/never.js                        a module that defines nothing
//   GET  /mock-page/sign-in                          an HTML sign-in page (a redirect target)
//
// MockResponse: { status?: 200, json?: object, text?: string, contentType?: string,
//   headers?: Record<string, string>, delayMs?: number, hang?: boolean, stall?: boolean, drop?: boolean }
// hang: never answers; stall: headers, then a body that never ends; drop: the connection
// closes in the middle of the body.
// A json `token` of "$auto" becomes a fresh unique token. The default answer, once the script
// is used up, is { json: { token: "$auto", expiresIn: 60 } }.

const DEFAULT_RESPONSE = { json: { token: '$auto', expiresIn: 60 } };

/** @type {Map<string, { script: object[], log: object[], issued: number }>} */
const endpoints = new Map();

function endpoint(id) {
  let state = endpoints.get(id);
  if (!state) endpoints.set(id, (state = { script: [], log: [], issued: 0 }));
  return state;
}

function readBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', () => resolve(text));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function tokenEndpointMiddleware() {
  return async (ctx, next) => {
    const url = new URL(ctx.url, 'http://localhost');
    const mock = url.pathname.match(/^\/mock\/([\w-]+)\/(script|token|log)$/);
    if (mock) {
      const [, id, action] = mock;
      const state = endpoint(id);
      if (action === 'script') {
        state.script.push(...JSON.parse(await readBody(ctx.req)));
        ctx.status = 204;
        return;
      }
      if (action === 'log') {
        ctx.set('cache-control', 'no-store');
        ctx.body = state.log;
        return;
      }
      const body = await readBody(ctx.req);
      state.log.push({ method: ctx.method, url: ctx.url, headers: ctx.req.headers, body, receivedAt: Date.now() });
      const answer = state.script.shift() ?? DEFAULT_RESPONSE;
      if (answer.delayMs) await sleep(answer.delayMs);
      if (answer.hang) {
        await new Promise((resolve) => ctx.req.on('close', resolve));
        return;
      }
      if (answer.stall) {
        // Headers, then a body that never ends.
        ctx.respond = false;
        ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        ctx.res.write('{"tok');
        await new Promise((resolve) => ctx.req.on('close', resolve));
        return;
      }
      if (answer.drop) {
        // The connection dies mid-answer (a promised body never comes). Destroying the socket
        // before answering is not enough: Chromium silently retries a GET on a reused connection.
        ctx.respond = false;
        ctx.req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"tok');
        return;
      }
      ctx.status = answer.status ?? 200;
      for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.set(name, value);
      if (answer.json !== undefined) {
        const json = { ...answer.json };
        if (json.token === '$auto') json.token = `tok-${id}-${++state.issued}`;
        ctx.type = answer.contentType ?? 'application/json';
        ctx.body = JSON.stringify(json);
      } else if (answer.text !== undefined) {
        ctx.type = answer.contentType ?? 'text/plain';
        ctx.body = answer.text;
      } else {
        ctx.body = '';
      }
      return;
    }

    if (url.pathname === '/mock-page/sign-in') {
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>Sign in</title><form method="post"><input name="user"></form>';
      return;
    }

    if (url.pathname.startsWith('/mock-embed/')) {
      const id = url.searchParams.get('id');
      if (id)
        endpoint(id).log.push({ method: ctx.method, url: ctx.url, headers: ctx.req.headers, body: '', receivedAt: Date.now() });
      ctx.set('access-control-allow-origin', '*'); // loaded cross-origin in the allow-list test
      if (url.pathname === '/mock-embed/define.js') {
        const tags = (url.searchParams.get('tags') ?? '').split(',').filter(Boolean);
        ctx.type = 'text/javascript';
        ctx.body = tags
          .map(
            (tag) =>
              `if (!customElements.get(${JSON.stringify(tag)})) customElements.define(${JSON.stringify(tag)}, class extends HTMLElement {});`,
          )
          .join('\n');
        return;
      }
      if (url.pathname === '/mock-embed/never.js') {
        ctx.type = 'text/javascript';
        ctx.body = '// defines nothing';
        return;
      }
      ctx.status = 404;
      ctx.body = 'not found';
      return;
    }
    return next();
  };
}
