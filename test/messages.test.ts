// What a user sees when the endpoint is behind a sign-in wall, and what error messages name.
import './fixtures/vendor.js';
import { expect } from 'chai';
import { ToucanEmbedElement, type ToucanDashboardElement } from '../src/index.js';
import { mockEndpoint, mount, record, settle, until, useFakeClock, type FakeClock } from './helpers.js';

const S = 1000;
let clock: FakeClock;
useFakeClock((installed) => (clock = installed));

function dashboard(endpoint: string) {
  const el = mount<ToucanDashboardElement>(`<toucan-dashboard token-endpoint="${endpoint}"></toucan-dashboard>`);
  return { el, errors: record(el, 'toucan-error') };
}

/** This page's origin under its other name (localhost ↔ 127.0.0.1): another origin, same server. */
function otherOrigin(): string {
  const url = new URL(location.href);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

describe('an endpoint behind a sign-in wall', () => {
  it('a redirect to an HTML sign-in page is a fatal unauthorized failure, like 401, and stops requests', async () => {
    const api = await mockEndpoint([{ status: 302, headers: { location: '/mock-page/sign-in' } }]);
    const { el, errors } = dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'unauthorized', fatal: true, retryAt: null });
    expect(errors[0]!.message).to.include(api.url).and.include('sign-in page?').and.not.include('<form');
    expect(el.state).to.equal('error');
    await clock.tickAsync(10 * 60 * S);
    await settle();
    expect((await api.requests()).length).to.equal(1);
  });

  it('the same HTML page answered without a redirect stays a retryable response failure', async () => {
    const api = await mockEndpoint([{ text: '<!doctype html><title>Sign in</title>', contentType: 'text/html' }]);
    const { errors } = dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'response', fatal: false });
  });

  it('a redirect to another origin without CORS headers is a retryable network failure (the browser hides it)', async () => {
    const api = await mockEndpoint([{ status: 302, headers: { location: `${otherOrigin()}/mock-page/sign-in` } }]);
    const { errors } = dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'network', fatal: false });
  });
});

describe('error messages name what to look at', () => {
  for (const [status, kind] of [
    [401, 'unauthorized'],
    [404, 'http'],
    [500, 'http'],
  ] as const) {
    it(`HTTP ${status} names the endpoint's path, without its query string`, async () => {
      const api = await mockEndpoint([{ status }]);
      const { errors } = dashboard(`${api.url}?session=SECRET-QUERY`);
      await until(() => errors.length === 1, 'failure');
      expect(errors[0]).to.include({ kind, status });
      expect(errors[0]!.message).to.include(`Token endpoint ${api.url} `).and.include(`HTTP ${status}`);
      expect(errors[0]!.message).not.to.include('SECRET-QUERY');
    });
  }

  it('an unusable answer names the endpoint and what was wrong, never the body', async () => {
    const api = await mockEndpoint([{ json: { user: 'alice' } }]);
    const { errors } = dashboard(api.url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]!.message).to.match(new RegExp(`^Token endpoint ${api.url}: Token answer unusable: `));
    expect(errors[0]!.message).not.to.include('alice');
  });

  it('a cross-origin endpoint is named by origin and path', async () => {
    const api = await mockEndpoint();
    const url = `${otherOrigin()}${api.url}`;
    const { errors } = dashboard(url);
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'network' });
    expect(errors[0]!.message).to.include(`Token endpoint ${url} unreachable`);
  });

  it('a refused embed-src names the origin to allow', async () => {
    customElements.define(
      'x-refused-embed',
      class extends ToucanEmbedElement {
        static override embedTag = 'x-refused-vendor';
      },
    );
    const el = mount<ToucanEmbedElement>(
      `<x-refused-embed token-endpoint="/x" embed-src="https://cdn.example.net/embed.js?v=1"></x-refused-embed>`,
    );
    const errors = record(el, 'toucan-error');
    await until(() => errors.length === 1, 'failure');
    expect(errors[0]).to.include({ kind: 'config', fatal: true });
    expect(errors[0]!.message).to.include('https://cdn.example.net').and.include('allowedEmbedOrigins').and.not.include('v=1');
  });
});
