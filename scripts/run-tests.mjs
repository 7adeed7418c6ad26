#!/usr/bin/env node
// `npm test`: build (bundle and npm modules), type check, type tests of the published typings, package check
// (attw, publint), size budget, browser tests (web-test-runner in Chromium), then the Node tests (server handler,
// demo end to end). Ends with one line `N passed, M failed`.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

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

const step = async (title, command, args, count) => {
  console.log(`\n== ${title} ==`);
  const { code, output } = await run(command, args);
  const counted = count?.(output);
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
  }
  if (code !== 0) {
    broken = true;
    if (!counted || counted.failed === 0) failed += 1; // a step that failed without a failing test still fails
  }
};

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

await step('Build (npm run build)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build']);
// After the build: the Node tests type-check against the package's own exports (dist/lib).
await step('Type check', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await step('Lint (npm run lint)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint']);
// Type tests: the JSX/template typings (toucan-embed-loader/react, /preact, /vue) and the main entries as an
// app sees them, through the package's own exports; `@ts-expect-error` lines prove wrong usage is rejected.
for (const name of ['plain', 'react', 'preact']) {
  await step(`Type tests (${name})`, npx, ['tsc', '-p', `test/types/tsconfig.${name}.json`]);
}
await step('Type tests (vue, vue-tsc)', npx, ['vue-tsc', '-p', 'test/types/tsconfig.vue.json']);
// The package as npm would publish it: npm pack, attw (esm-only), publint --strict, custom-elements.json.
await step('Package check (npm run check:package)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'check:package']);
// Size budget: the self-contained ES module at most 18 KB gzip, the package's own code at most 7 KB gzip.
await step('Size budget (npm run size)', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'size']);
await step('Browser tests (web-test-runner, Chromium)', npx, ['web-test-runner'], (output) => {
  const matches = [...output.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : null;
});
const nodeTests = readdirSync('test/node')
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => `test/node/${name}`);
await step('Node tests (server handler, demo end to end)', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...nodeTests], (output) => {
  const pass = output.match(/ℹ pass (\d+)/);
  const fail = output.match(/ℹ fail (\d+)/);
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : null;
});

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
