#!/usr/bin/env node
// `npm run test:fuzz`: the token lifecycle's property test (test/unit/token-lifecycle.property.test.ts) with many
// more generated sequences than `npm test` runs. Options: --runs N (default 10000), --commands N (longest
// sequence, default 80), --seed=N (replay a reported seed; `=` lets it be negative), --real-time (also check expiry against the time that
// really passed: a wall clock set back shows that the rules, which read the wall clock, keep a token past its real
// expiry). A failure prints the shrunk sequence and its seed.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    commands: { type: 'string', default: '80' },
    seed: { type: 'string' },
    'real-time': { type: 'boolean', default: false },
  },
});
const env = {
  ...process.env,
  FUZZ_RUNS: values.runs,
  FUZZ_COMMANDS: values.commands,
  ...(values.seed ? { FUZZ_SEED: values.seed } : {}),
  ...(values['real-time'] ? { FUZZ_REAL_TIME: '1' } : {}),
};
const started = performance.now();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/unit/token-lifecycle.property.test.ts'],
  { stdio: 'inherit', env },
);
child.on('close', (code) => {
  console.log(
    `\ntest:fuzz: ${values.runs} sequences of up to ${values.commands} commands in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(code ?? 1);
});
