// The production build (what bundlers resolve outside development) prints nothing, whatever the
// setup mistake: the same scenarios as the development test, in a page of their own.
import './fixtures/vendor.js';
import { expect } from 'chai';
import '../src/index.js';
import { resetConfig } from '../src/config.js';
import { scenarios } from './diagnostics-scenarios.js';
import { settle, unmountAll } from './helpers.js';

describe('production build', () => {
  for (const [name, run] of Object.entries(scenarios)) {
    it(`prints nothing for ${name}`, async () => {
      const printed: unknown[][] = [];
      const { warn, error, log, info } = console;
      console.warn = console.error = console.log = console.info = (...args: unknown[]) => printed.push(args);
      try {
        await run();
        await settle(50);
      } finally {
        Object.assign(console, { warn, error, log, info });
        unmountAll();
        await settle(0);
        resetConfig();
      }
      expect(printed).to.deep.equal([]);
    });
  }
});
