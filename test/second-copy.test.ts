// Runs in a page of its own: another version of the package registered the tags first.
import { expect } from 'chai';

describe('a second copy of the package on the page', () => {
  it('does not throw, keeps the first registration and warns once when its version differs', async () => {
    class OtherVersion extends HTMLElement {
      static version = '0.0.1-other';
    }
    customElements.define('toucan-dashboard', OtherVersion);
    customElements.define('toucan-ai-assistant', class extends OtherVersion {});
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const entry = await import('../src/index.js');
      expect(customElements.get('toucan-dashboard')).to.equal(OtherVersion);
      expect(warnings.length).to.equal(1);
      expect(String(warnings[0]![0])).to.include(`toucan-embed-loader ${entry.VERSION}`).and.include('0.0.1-other');
    } finally {
      console.warn = warn;
    }
  });
});
