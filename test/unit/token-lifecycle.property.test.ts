/**
 * Generated sequences of everything that happens to a token key — answers of every kind, hung
 * requests, network drops, sleeps, wall clock jumps, page signals, wrappers joining, leaving,
 * switching requests and calling refresh() — checked against the lifecycle invariants after every
 * step (test/unit/lifecycle-model.ts). A few hundred sequences here; `npm run test:fuzz` runs many
 * thousands (FUZZ_RUNS, FUZZ_SEED, FUZZ_COMMANDS). A failure prints the shrunk sequence and its seed;
 * each one found is kept as an example in token-lifecycle.examples.test.ts.
 */
import { it } from 'node:test';
import fc from 'fast-check';
import { lifecycleProperty } from './lifecycle-model.js';

const runs = Number(process.env.FUZZ_RUNS ?? 200);
const maxCommands = Number(process.env.FUZZ_COMMANDS ?? 40);
/** `npm test` runs the same sequences every time (a fixed seed); `npm run test:fuzz` draws new ones unless given --seed. */
const NPM_TEST_SEED = 20261129;
const seed =
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? undefined : NPM_TEST_SEED;

it(`keeps every lifecycle invariant over ${runs} generated sequences of up to ${maxCommands} commands`, async () => {
  const started = performance.now();
  await fc.assert(lifecycleProperty(maxCommands), {
    numRuns: runs,
    ...(seed === undefined ? {} : { seed }),
    verbose: 1,
    includeErrorInReport: true,
  });
  if (process.env.FUZZ_RUNS) console.log(`${runs} sequences in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
