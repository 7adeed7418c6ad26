#!/usr/bin/env node
// `npm test`: build (bundle and npm modules), type check, type tests of the published typings, package check
// (attw, publint), size budget, unit tests (token source and timing rules in Node, `npm run test:unit`), browser
// tests (web-test-runner in Chromium, Firefox and WebKit, one engine after the other), then the Node tests (server
// handler, demo end to end). Ends with the time each test group took and one line `N passed, M failed`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { requestedEngines } from '../test/browsers/engines.mjs';

function run(command, args, { env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output: stripVTControlCharacters(output) }));
  });
}

let passed = 0;
let failed = 0;
let broken = false;
/** Test groups (unit, browser, node): wall-clock seconds and test counts, printed at the end. */
const groups = new Map();

const step = async (title, command, args, count, env, group) => {
  console.log(`\n== ${title} ==`);
  const startedMs = performance.now();
  const { code, output } = await run(command, args, { env });
  const counted = count?.(output);
  if (group) {
    const total = groups.get(group) ?? { seconds: 0, tests: 0 };
    total.seconds += (performance.now() - startedMs) / 1000;
    total.tests += counted ? counted.passed + counted.failed : 0;
    groups.set(group, total);
  }
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
  }
  if (code !== 0) {
    broken = true;
    if (!counted || counted.failed === 0) failed += 1; // a step that failed without a failing test still fails
  }
  return { code, output, counted };
};

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

await step('Build (npm run build)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build']);
// After the build: the Node tests type-check against the package's own exports (dist/lib).
await step('Type check', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await step('Lint (npm run lint)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint']);
await step('Format (npm run format:check)', process.platform === 'win32' ? 'npm.cmd' : 'npm', [
  'run',
  '--silent',
  'format:check',
]);
// Type tests: the JSX/template typings (toucan-embed-loader/react, /preact, /vue) and the main entries as an
// app sees them, through the package's own exports; `@ts-expect-error` lines prove wrong usage is rejected.
for (const name of ['plain', 'react', 'preact']) {
  await step(`Type tests (${name})`, npx, ['tsc', '-p', `test/types/tsconfig.${name}.json`]);
}
await step('Type tests (vue, vue-tsc)', npx, ['vue-tsc', '-p', 'test/types/tsconfig.vue.json']);
// The package as npm would publish it: npm pack, attw (esm-only), publint --strict, custom-elements.json.
await step('Package check (npm run check:package)', process.platform === 'win32' ? 'npm.cmd' : 'npm', [
  'run',
  '--silent',
  'check:package',
]);
// Size budget: the self-contained ES module at most 18 KB gzip, the package's own code at most 10 KB gzip.
await step('Size budget (npm run size)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'size']);
/** Counts of a `node --test --test-reporter=spec` run. */
const nodeTestCount = (output) => {
  const pass = output.match(/ℹ pass (\d+)/);
  const fail = output.match(/ℹ fail (\d+)/);
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : null;
};
const testFiles = (dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => `${dir}/${name}`);
// Unit tests: the token source, its timers and the pure rules, in Node with a fake clock (`npm run test:unit`).
await step(
  'Unit tests (Node: token source, timers, timing rules, events)',
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/unit')],
  nodeTestCount,
  undefined,
  'unit',
);
// Browser tests: each engine in a run of its own, one after the other (2 cores; and a slow or broken engine
// cannot disturb another's timings). The summary names the engine of every failure.
const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };
const engineSummaries = [];
for (const engine of requestedEngines()) {
  const name = ENGINE_NAMES[engine];
  const started = performance.now();
  const { code, output, counted } = await step(
    `Browser tests (web-test-runner, ${name})`,
    npx,
    ['web-test-runner'],
    (text) => {
      const last = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      return last ? { passed: Number(last[1]), failed: Number(last[2]) } : null;
    },
    { TEST_BROWSERS: engine },
    'browser',
  );
  const seconds = Math.round((performance.now() - started) / 1000);
  const failures = output
    .split('\n')
    .filter((line) => line.trim().startsWith('❌'))
    .map((line) => `  ${name}: ${line.trim()}`);
  const counts = counted ? `${counted.passed} passed, ${counted.failed} failed` : `did not finish (exit code ${code})`;
  engineSummaries.push(`${name}: ${counts} in ${seconds} s`, ...failures);
}
console.log(`\n== Browser tests by engine ==\n${engineSummaries.join('\n')}`);
await step(
  'Node tests (server handler, demo end to end)',
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/node')],
  nodeTestCount,
  undefined,
  'node',
);

console.log('\n== Test groups ==');
for (const [group, { seconds, tests }] of groups)
  console.log(`${group.padEnd(8)} ${seconds.toFixed(1).padStart(6)} s  ${tests} tests`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
