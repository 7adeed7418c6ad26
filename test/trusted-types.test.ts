// Runs in a page of its own: Trusted Types are enforced here (CONTRACT §8).
import { expect } from 'chai';
import { ToucanEmbedElement } from '../src/index.js';
import { mockEndpoint, settle, until } from './helpers.js';

/** True when assigning a plain string to a script's `src` throws: Trusted Types are enforced in this page. */
function trustedTypesEnforced(): boolean {
  try {
    document.createElement('script').src = '/mock-embed/never.js';
    return false;
  } catch {
    return true;
  }
}

describe('Trusted Types (CONTRACT §8)', () => {
  it('loads the vendor script through a policy named toucan-embed-loader when Trusted Types are enforced', async function () {
    // TypeScript's DOM library has no Trusted Types yet.
    type PolicyFactory = { createPolicy(name: string, rules: object): unknown };
    const factory = (window as unknown as { trustedTypes?: PolicyFactory }).trustedTypes;
    if (!factory) {
      console.warn('Skipped: this browser has no Trusted Types (window.trustedTypes is undefined).');
      this.skip();
    }
    const api = await mockEndpoint();
    const created: string[] = [];
    const createPolicy = factory.createPolicy.bind(factory);
    factory.createPolicy = (name: string, rules: object) => {
      created.push(name);
      return createPolicy(name, rules);
    };

    const csp = document.createElement('meta');
    csp.httpEquiv = 'Content-Security-Policy';
    csp.content = "require-trusted-types-for 'script'";
    document.head.append(csp);
    if (!trustedTypesEnforced()) {
      console.warn('Skipped: this browser has window.trustedTypes but does not enforce require-trusted-types-for.');
      this.skip();
    }
    await settle(); // the probe's own violation report is dispatched in a later task
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));

    customElements.define(
      'tt-wrapper',
      class extends ToucanEmbedElement {
        static override embedTag = 'tt-vendor';
      },
    );
    const el = document.createElement('tt-wrapper') as ToucanEmbedElement;
    el.setAttribute('token-endpoint', api.url);
    el.setAttribute('embed-src', '/mock-embed/define.js?tags=tt-vendor');
    document.body.append(el);
    await until(() => el.state === 'ready', 'ready');
    await settle();
    expect(created).to.include('toucan-embed-loader');
    expect(violations).to.deep.equal([]);
    el.remove();
  });
});
