/** Shared test helpers: real-time waits under a fake clock, a programmable endpoint, fixtures. */
import sinon from 'sinon';
import { resetForTests } from '../src/testing.js';

export type FakeClock = sinon.SinonFakeTimers;

// Captured before any fake clock is installed: network answers arrive in real time.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** Waits `ms` of real time, whatever clock is installed. */
export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Waits in real time until `predicate()` holds; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, what = 'condition', timeoutMs = 4000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await realDelay(5);
  }
}

/** Lets in-flight network answers and microtasks settle (real time). */
export async function settle(ms = 60): Promise<void> {
  await realDelay(ms);
}

/** A fake clock for timers and `Date`, starting at the real time. */
export function installClock(): FakeClock {
  return sinon.useFakeTimers({
    now: Date.now(),
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    shouldClearNativeTimers: true,
  });
}

/** Removes the mounted elements, lets their disconnection run, then resets every module-level state. */
export async function cleanUp(): Promise<void> {
  unmountAll();
  await settle(0);
  resetForTests();
}

/**
 * For a test file: a fresh fake clock before each test (handed to `onInstall`); after each,
 * {@link cleanUp} and the real clock back.
 */
export function useFakeClock(onInstall: (clock: FakeClock) => void): void {
  let clock: FakeClock;
  beforeEach(() => onInstall((clock = installClock())));
  afterEach(async () => {
    await cleanUp();
    clock.restore();
  });
}

export interface MockResponse {
  status?: number;
  json?: Record<string, unknown>;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
  stall?: boolean;
  drop?: boolean;
}

export interface LoggedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

let mockCount = 0;

/** A fresh programmable token endpoint served by the test runner's middleware. */
export async function mockEndpoint(script: MockResponse[] = []) {
  const id = `${Date.now().toString(36)}-${++mockCount}`;
  const endpoint = {
    id,
    /** Path of the token endpoint. */
    url: `/mock/${id}/token`,
    async answer(...more: MockResponse[]): Promise<void> {
      await fetch(`/mock/${id}/script`, { method: 'POST', body: JSON.stringify(more) });
    },
    async requests(): Promise<LoggedRequest[]> {
      return (await fetch(`/mock/${id}/log`)).json();
    },
    /** Waits in real time until the endpoint has received `count` requests. */
    async receivedRequests(count: number, timeoutMs = 4000): Promise<LoggedRequest[]> {
      const start = performance.now();
      for (;;) {
        const requests = await endpoint.requests();
        if (requests.length >= count) return requests;
        if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${count} requests`);
        await realDelay(10);
      }
    },
  };
  if (script.length > 0) await endpoint.answer(...script);
  return endpoint;
}

/** Records events of `type` on `target`. */
export function record<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K): HTMLElementEventMap[K][] {
  const events: HTMLElementEventMap[K][] = [];
  target.addEventListener(type, (event) => events.push(event));
  return events;
}

const mounted: Element[] = [];

/** Parses `markup`, appends its elements to the body and returns the first one. Removed by `unmountAll()`. */
export function mount<T extends Element = HTMLElement>(markup: string): T {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  const elements = [...template.content.children];
  for (const element of elements) {
    document.body.append(element);
    mounted.push(element);
  }
  return elements[0] as T;
}

export function unmountAll(): void {
  for (const element of mounted.splice(0)) element.remove();
}

/** A JWT-shaped token (unsigned) with the given claims; enough for lifetime rules. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.sig`;
}
