/**
 * `npm run bench:server`: load on the host token endpoint, with and without token reuse — a report, not a
 * timed test (not part of `npm test`).
 *
 * Setup, all on 127.0.0.1 in this process: a fake Toucan `generate-token` API that answers after 100 ms and
 * counts its calls; the handler served by Node's `http` through `@hono/node-server`; autocannon sending
 * 1,000 requests over 100 users (each request signed in as the next of 100 users, in turn) on 20 connections.
 * Scenarios: no reuse (`cache: false`); reuse in memory (one instance); two instances behind a balancer
 * without sticky sessions, each with its own memory; the same two sharing redis-server (started here on a free port).
 * Prints one Markdown table: upstream calls, latency p50/p99 (ms), requests/s.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import autocannon from 'autocannon';
import { getRequestListener } from '@hono/node-server';
import { createStorage, type Storage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { createTokenHandler, type TokenCacheOptions } from '../src/server/index.js';
import { API_KEY, close, listen, startFakeToucan, startRedis, type FakeToucan } from '../test/node/server-fixtures.js';

const REQUESTS = 1000;
const USERS = 100;
const CONNECTIONS = 20;
const UPSTREAM_DELAY_MS = 100;

interface Row {
  scenario: string;
  upstreamCalls: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  non2xx: number;
}

function handlerFor(toucan: FakeToucan, cache: false | TokenCacheOptions) {
  const handler = createTokenHandler({
    apiKey: API_KEY,
    generateTokenUrl: toucan.url,
    user: (request) => {
      const user = /(?:^|; )user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return user ? { distinctId: user, attributes: { company: `company-of-${user}` } } : null;
    },
    cache,
  });
  return getRequestListener(handler, { overrideGlobalObjects: false });
}

async function run(scenario: string, toucan: FakeToucan, instances: Array<ReturnType<typeof handlerFor>>): Promise<Row> {
  toucan.calls.length = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // A balancer without sticky sessions: any instance may get any user's request.
    void instances[Math.floor(Math.random() * instances.length)]!(request, response);
  });
  const url = await listen(server);
  let next = 0;
  const result = await autocannon({
    url: `${url}/api/toucan-token`,
    connections: CONNECTIONS,
    amount: REQUESTS,
    requests: [
      { setupRequest: (request) => ({ ...request, headers: { ...request.headers, cookie: `user=user-${next++ % USERS}` } }) },
    ],
  });
  await close(server);
  return {
    scenario,
    upstreamCalls: toucan.calls.length,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    non2xx: result.non2xx,
  };
}

const toucan = await startFakeToucan({ delayMs: UPSTREAM_DELAY_MS, lifetimeSeconds: 600 });
const redis = await startRedis();
const storages: Storage[] = [];
const redisStore = () => {
  const storage = createStorage({ driver: redisDriver({ url: redis.url }) });
  storages.push(storage);
  return storage;
};

const rows: Row[] = [];
try {
  rows.push(await run('no reuse (`cache: false`)', toucan, [handlerFor(toucan, false)]));
  rows.push(await run('reuse in memory, 1 instance', toucan, [handlerFor(toucan, {})]));
  rows.push(
    await run('reuse in memory, 2 instances (random balancer)', toucan, [handlerFor(toucan, {}), handlerFor(toucan, {})]),
  );
  rows.push(
    await run('reuse with Redis, 2 instances (random balancer)', toucan, [
      handlerFor(toucan, { store: redisStore() }),
      handlerFor(toucan, { store: redisStore() }),
    ]),
  );
} finally {
  await Promise.all(storages.map((storage) => storage.dispose()));
  await redis.stop();
  await toucan.close();
}

console.log(
  `\n${REQUESTS} requests over ${USERS} users, ${CONNECTIONS} connections, fake Toucan answering in ${UPSTREAM_DELAY_MS} ms ` +
    `(Node ${process.versions.node}, all on 127.0.0.1 in one process)\n`,
);
console.log('| scenario | upstream calls | p50 (ms) | p99 (ms) | requests/s | non-2xx |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.scenario} | ${row.upstreamCalls} | ${row.p50Ms} | ${row.p99Ms} | ${row.requestsPerSecond} | ${row.non2xx} |`,
  );
}
