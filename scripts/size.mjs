#!/usr/bin/env node
// `npm run size`: raw, gzip and brotli sizes of every build, after `npm run build`.
// KB = 1000 bytes; gzip at level 9 (what static precompression serves), brotli for information.
//
// Budgets (exit code 1 when exceeded):
// - dist/toucan-embed-loader.js, the self-contained ES module: at most 18 KB gzip;
// - the package's own code (dist/lib/index.js bundled with lit, ky and jose external, minified):
//   at most 10.5 KB gzip. That is what an app that already ships lit pays for the package.
// For information: the development build (own code with the console diagnostics), the IIFE build, the server entry, what each dependency adds to the
// self-contained bundle, and an app bundle that imports only `configure` (and types) from
// `toucan-embed-loader/elements`, built against the package's own exports after tree-shaking.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const KB = 1000;
// Own code: 7 KB until revision 2 of the rules; checking server-url and token-attribute against injected markup
// added 0.27 KB; sharing tokens between tabs (BroadcastChannel, Web Locks, takeover) and across mounts about 1.8 KB;
// settings shared by every copy, configure() never too late, sign-in walls, messages that name the endpoint and
// the embed deadline cleared per script URL 0.4 KB; the error state after a failed first cycle, refresh() bursts
// and spacing from the last attempt 0.15 KB.
const BUDGETS = { bundle: 18 * KB, ownCode: 10.5 * KB };
const DEPENDENCIES = ['lit', 'ky', 'jose'];

const gzipBytes = (code) => gzipSync(code, { level: 9 }).length;
const brotliBytes = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
/** `lit`, `@lit/…`, `lit-html`, `lit-element` and deep imports of each dependency. */
const dependencyPattern = (names) =>
  new RegExp(`^(${names.map((name) => (name === 'lit' ? '@?lit(-html|-element)?' : name)).join('|')})(/|$)`);

/**
 * Bundles `entry` for browsers the way an app's Vite build would (ES module, minified,
 * tree-shaken, package.json "sideEffects" honoured), keeping `external` imports out.
 */
async function bundle(entry, external = []) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rolldownOptions: {
        external: external.length ? dependencyPattern(external) : [],
        output: { minify: true },
      },
    },
  });
  const chunks = (Array.isArray(result) ? result[0] : result).output.filter((item) => item.type === 'chunk');
  return { code: chunks.map((chunk) => chunk.code).join(''), moduleIds: chunks.flatMap((chunk) => chunk.moduleIds) };
}

const rows = [];
const measure = (name, code, budget) => {
  const row = { name, raw: Buffer.byteLength(code), gzip: gzipBytes(code), brotli: brotliBytes(code), budget };
  rows.push(row);
  return row;
};

let distFiles;
try {
  distFiles = {
    es: readFileSync('dist/toucan-embed-loader.js'),
    iife: readFileSync('dist/toucan-embed-loader.iife.js'),
  };
  readFileSync('dist/lib/index.js');
} catch {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const bundleRow = measure('dist/toucan-embed-loader.js (self-contained ES module)', distFiles.es, BUDGETS.bundle);
measure('dist/toucan-embed-loader.iife.js (classic script)', distFiles.iife);
const ownCode = await bundle('dist/lib/index.js', DEPENDENCIES);
const ownRow = measure('own code: dist/lib/index.js, lit/ky/jose external', ownCode.code, BUDGETS.ownCode);
// The development build (`development` export condition): the same plus the console diagnostics.
// The production build must not carry any of them.
const devCode = await bundle('dist/lib/development.js', DEPENDENCIES);
measure('own code, development build: dist/lib/development.js', devCode.code);
const leaked = ownCode.moduleIds.filter((id) => /diagnostics|development/.test(id));
if (leaked.length) {
  console.error(`The production build includes development code: ${leaked.join(', ')}`);
  process.exitCode = 1;
}
measure('server: dist/lib/server/index.js, jose external', (await bundle('dist/lib/server/index.js', ['jose'])).code);

// What each dependency adds to the self-contained bundle: the bundle with everything inlined,
// minus the bundle with that dependency left external (gzip does not add up, so these are
// marginal costs, and they sum to a bit less than the whole).
const everything = await bundle('dist/lib/index.js');
const everythingGzip = gzipBytes(everything.code);
const contributions = [];
for (const name of DEPENDENCIES) {
  const without = await bundle('dist/lib/index.js', [name]);
  contributions.push({
    name,
    gzip: everythingGzip - gzipBytes(without.code),
    raw: Buffer.byteLength(everything.code) - Buffer.byteLength(without.code),
  });
}
contributions.push({ name: 'own code', gzip: ownRow.gzip, raw: ownRow.raw });

// An app that imports only `configure` and types from the side-effect-free entry. The entry
// lives inside this package (in .tmp/, git-ignored) so that `toucan-embed-loader/elements`
// resolves through package.json "exports" and "sideEffects", as in an app that installed it.
const appDir = join('.tmp', 'size');
mkdirSync(appDir, { recursive: true });
const appEntry = join(appDir, 'configure-only.ts');
writeFileSync(
  appEntry,
  [
    "import { configure, type ToucanConfig, type ToucanTokenEvent } from 'toucan-embed-loader/elements';",
    "const config: ToucanConfig = { tokenEndpoint: '/api/toucan-token' };",
    'configure(config);',
    "document.addEventListener('toucan-token', (event: ToucanTokenEvent) => console.log(event.reason));",
    '',
  ].join('\n'),
);
let configureOnly;
try {
  configureOnly = await bundle(appEntry);
} finally {
  rmSync(appDir, { recursive: true, force: true });
}
const configureRow = measure("app importing only configure from 'toucan-embed-loader/elements'", configureOnly.code);
const packageModules = configureOnly.moduleIds
  .filter((id) => !id.includes('/.tmp/'))
  .map((id) => id.replace(/^.*?node_modules\//, '').replace(`${process.cwd()}/`, ''));

// Report.
const width = Math.max(...rows.map((row) => row.name.length));
console.log(`${'build'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}  ${'brotli'.padStart(9)}  budget (gzip)`);
for (const row of rows) {
  const verdict = row.budget ? `${kb(row.budget)} ${row.gzip <= row.budget ? 'ok' : 'EXCEEDED'}` : '';
  console.log(
    `${row.name.padEnd(width)}  ${kb(row.raw).padStart(9)}  ${kb(row.gzip).padStart(9)}  ${kb(row.brotli).padStart(9)}  ${verdict}`,
  );
}
console.log(`\nWhat each part adds to the self-contained bundle (${kb(everythingGzip)} gzip when rebuilt here):`);
for (const part of contributions)
  console.log(`  ${part.name.padEnd(9)} ${kb(part.gzip).padStart(9)} gzip  ${kb(part.raw).padStart(9)} raw`);
const pulledIn = DEPENDENCIES.filter((name) => packageModules.some((id) => dependencyPattern([name]).test(id)));
console.log(`\nconfigure-only app: ${kb(configureRow.gzip)} gzip, modules: ${packageModules.join(', ') || 'none'}`);
if (pulledIn.length) {
  console.log(
    `  pulls in ${pulledIn.join(', ')}: a module on the way to configure() has side effects in the bundler's eyes ` +
      '(not covered by package.json "sideEffects" or top-level code that is not pure).',
  );
}
console.log('(KB = 1000 bytes; gzip level 9, brotli quality 11.)');

const exceeded = [bundleRow, ownRow].filter((row) => row.gzip > row.budget);
if (exceeded.length) {
  for (const row of exceeded)
    console.error(`Size budget exceeded: ${row.name} is ${kb(row.gzip)} gzip, budget ${kb(row.budget)}.`);
  process.exit(1);
}
