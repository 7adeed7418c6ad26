// Runs in a page of its own: another version of the package registered the tags first.
import { expect } from 'chai';

describe('a second copy of the package on the page', () => {
  it('does not throw, keeps the first registration, and prints nothing in production', async () => {
    class OtherVersion extends HTMLElement {
      static version = '0.0.1-other';
    }
    customElements.define('toucan-dashboard', OtherVersion);
    customElements.define('toucan-ai-assistant', class extends OtherVersion {});
    const printed: unknown[][] = [];
    const { warn, error, log } = console;
    console.warn = console.error = console.log = (...args: unknown[]) => printed.push(args);
    try {
      await import('../src/index.js');
      expect(customElements.get('toucan-dashboard')).to.equal(OtherVersion);
      expect(printed).to.deep.equal([]);
    } finally {
      Object.assign(console, { warn, error, log });
    }
  });
});
