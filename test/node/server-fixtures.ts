/**
 * Real parts for the server tests and the server bench: a fake Toucan `generate-token` API on
 * 127.0.0.1 that counts its calls, and Debian's `redis-server` started on a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

export const API_KEY = 'tk_live_SECRET-API-KEY-0123456789';

/** The URL of a server listening on 127.0.0.1 (port chosen by the system). */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export interface FakeToucan {
  /** The `generate-token` URL. */
  url: string;
  /** Calls so far: the `user` of each request body, in order. */
  calls: Array<{ distinctId: string; role: string; attributes: Record<string, unknown> }>;
  /** Lifetime of the next tokens, in seconds. */
  lifetimeSeconds: number;
  /** Status of the next answers (200 answers a token). */
  status: number;
  close(): Promise<void>;
}

/**
 * A stand-in for Toucan's `generate-token` API on 127.0.0.1: checks the API key, answers
 * `{ token: "tok-<n>", expiresIn }` after `delayMs`, and counts its calls.
 */
export async function startFakeToucan({ delayMs = 0, lifetimeSeconds = 600 } = {}): Promise<FakeToucan> {
  const fake: FakeToucan = { url: '', calls: [], lifetimeSeconds, status: 200, close: async () => {} };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (request.headers['x-api-key'] !== API_KEY) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid api key"}');
        return;
      }
      const { user } = JSON.parse(body) as { user: FakeToucan['calls'][number] };
      fake.calls.push(user);
      const number = fake.calls.length;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (fake.status !== 200) {
        response.writeHead(fake.status, { 'content-type': 'application/json' }).end('{"error":"upstream says no"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token: `tok-${number}`, expiresIn: fake.lifetimeSeconds }));
    })();
  });
  server.keepAliveTimeout = 60_000;
  fake.url = `${await listen(server)}/embed/generate-token`;
  fake.close = () => close(server);
  return fake;
}

/** A TCP port on 127.0.0.1 free at the time of the call. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's `redis-server` on a free 127.0.0.1 port, in memory only (no RDB/AOF files),
 * and resolves once it accepts connections. `stop()` ends it (SIGTERM) and waits for its exit.
 *
 * @throws Error when `redis-server` is not installed or does not start within 10 s.
 */
export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const ready = await new Promise<boolean>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${output}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`redis-server could not start (is Debian's redis-server installed?): ${error.message}`));
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(false); // the port was taken in between: try another
      });
    });
    if (ready) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (attempt >= 3) throw new Error('redis-server did not start on 3 free ports');
  }
}
