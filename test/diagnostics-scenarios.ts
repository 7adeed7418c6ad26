/**
 * The setup mistakes the development build warns about, each one a function that sets it up on
 * the page and waits until the wrapper has reacted. Shared by the development test (which expects
 * one warning each) and the production test (which expects silence).
 */
import { configure } from '../src/config.js';
import type { ToucanDashboardElement } from '../src/toucan-dashboard.js';
import { mockEndpoint, mount, realDelay, until } from './helpers.js';

/** This page's origin under its other name (localhost ↔ 127.0.0.1): another origin, same server. */
export function otherOrigin(): string {
  const url = new URL(location.href);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));

export const scenarios = {
  async 'a misspelt own attribute'() {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpont="${api.url}" style="height: 10px"></toucan-dashboard>`,
    );
    await until(() => el.state === 'error', 'config error');
    return el;
  },
  async 'a cross-origin endpoint unreadable without CORS while credentials are same-origin'() {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${otherOrigin()}${api.url}" style="height: 10px"></toucan-dashboard>`,
    );
    await until(() => el.getAttribute('state') === 'loading' && el.expiresAt === null, 'loading');
    const errors: Event[] = [];
    el.addEventListener('toucan-error', (event) => errors.push(event));
    await until(() => errors.length === 1, 'network failure');
    return el;
  },
  async 'a cross-origin endpoint answering 401 while credentials are same-origin'() {
    const api = await mockEndpoint([{ status: 401, headers: { 'access-control-allow-origin': location.origin } }]);
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${otherOrigin()}${api.url}" style="height: 10px"></toucan-dashboard>`,
    );
    await until(() => el.state === 'error', 'unauthorized');
    return el;
  },
  async 'a ready wrapper with no height'() {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${api.url}"></toucan-dashboard>`);
    await until(() => el.state === 'ready', 'ready');
    await nextFrame();
    await nextFrame();
    return el;
  },
  async 'configure() after the wrapper started'() {
    const api = await mockEndpoint();
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}" style="height: 10px"></toucan-dashboard>`,
    );
    await until(() => el.state === 'ready', 'ready');
    configure({ requestTimeout: 5 });
    return el;
  },
  async 'a second copy of the package'() {
    await import(/* @vite-ignore */ `/dist/toucan-embed-loader.js?copy=${Math.random()}`);
    await realDelay(0);
    return null;
  },
  async 'the error state'() {
    const api = await mockEndpoint([{ status: 404 }, { status: 404 }]);
    const el = mount<ToucanDashboardElement>(
      `<toucan-dashboard token-endpoint="${api.url}" style="height: 10px"></toucan-dashboard>`,
    );
    await until(() => el.state === 'error', 'error');
    return el;
  },
};
