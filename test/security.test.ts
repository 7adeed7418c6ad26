import './fixtures/vendor.js';
import { expect } from 'chai';
import '../src/index.js';
import type { ToucanDashboardElement } from '../src/index.js';
import { mockEndpoint, mount, settle, unmountAll, until } from './helpers.js';

afterEach(async () => {
  unmountAll();
  await settle(0);
});

describe('security promises (CONTRACT §9)', () => {
  it('the token is never written to storage, cookies, the URL, the console, an event or a wrapper attribute', async () => {
    const api = await mockEndpoint([{ json: { token: 'SECRET-TOKEN-1', expiresIn: 60 } }, { status: 500 }]);
    const logged: unknown[] = [];
    const originals = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
      console[name] = (...args: unknown[]) => logged.push(args);
    }
    const events: Event[] = [];
    try {
      const el = mount<ToucanDashboardElement>(
        `<toucan-dashboard token-endpoint="${api.url}" dashboard-id="d-1"></toucan-dashboard>`,
      );
      for (const type of ['toucan-token', 'toucan-error', 'toucan-statechange'])
        el.addEventListener(type, (event) => events.push(event));
      await until(() => events.some((event) => event.type === 'toucan-token'), 'token');
      await el.refresh().catch(() => {});
      expect(el.embedElement!.getAttribute('auth-token')).to.equal('SECRET-TOKEN-1');

      const contains = (text: string) => text.includes('SECRET-TOKEN-1');
      expect(contains(JSON.stringify({ ...localStorage }))).to.equal(false);
      expect(contains(JSON.stringify({ ...sessionStorage }))).to.equal(false);
      expect(contains(document.cookie)).to.equal(false);
      expect(contains(location.href)).to.equal(false);
      expect(contains(el.outerHTML.replace(el.innerHTML, ''))).to.equal(false);
      for (const event of events) {
        const own = Object.fromEntries(Object.getOwnPropertyNames(event).map((name) => [name, (event as never)[name]]));
        expect(contains(JSON.stringify(own)), event.type).to.equal(false);
        expect('detail' in event).to.equal(false);
      }
      expect(events.some((event) => event.type === 'toucan-error')).to.equal(true);
      expect(contains(JSON.stringify(logged))).to.equal(false);
    } finally {
      Object.assign(console, originals);
    }
  });

  it('event fields are readonly own properties: a listener cannot change what the next one sees', async () => {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    const seen: string[] = [];
    el.addEventListener('toucan-token', (event) => {
      expect(() => {
        (event as { reason: string }).reason = 'tampered';
      }).to.throw(TypeError);
    });
    el.addEventListener('toucan-token', (event) => seen.push(event.reason));
    await until(() => seen.length === 1, 'token');
    expect(seen).to.deep.equal(['initial']);
  });

  it('events bubble and are composed', async () => {
    const api = await mockEndpoint();
    const seen: string[] = [];
    for (const type of ['toucan-token', 'toucan-statechange'])
      document.addEventListener(type, (event) => seen.push(`${event.type}:${event.bubbles}:${event.composed}`));
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    await until(() => el.state === 'ready', 'ready');
    expect(seen).to.include('toucan-token:true:true');
    expect(seen).to.include('toucan-statechange:true:true');
  });
});
