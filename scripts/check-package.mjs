#!/usr/bin/env node
// `npm run check:package`: checks the package as npm would publish it, after `npm run build`.
// 1. `npm pack` into a temporary directory; every file that package.json points to is in it.
// 2. Are The Types Wrong (attw), profile esm-only: every entry (., ./elements, ./server, ./bundle,
//    ./react, ./preact, ./vue) resolves to JavaScript and types under Node 16+ ESM and bundlers.
//    The package is ESM-only, so `require()` (node10, node16-cjs) is out of scope.
// 3. publint --strict: package.json fields, exports and file formats, warnings included.
// 4. custom-elements.json (package.json "customElements") describes every wrapper of the tag map
//    (dist/lib/wrappers.js): tag names, own attributes (those the class observes, and `state`) and
//    the vendor attributes the typings list, each with a description, typed events, slots, CSS properties.
// Exits non-zero when any check fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const windows = process.platform === 'win32';
const npm = windows ? 'npm.cmd' : 'npm';
const npx = windows ? 'npx.cmd' : 'npx';
const failures = [];

/** Runs a command with its output on the console; returns its stdout when `capture` is set. */
function run(command, args, { capture = false } = {}) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
    shell: windows,
  });
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

function check(title, ok, detail = '') {
  console.log(`${ok ? '✔' : '✘'} ${title}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures.push(title);
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const packDir = mkdtempSync(join(tmpdir(), 'toucan-embed-loader-pack-'));
try {
  // 1. Pack.
  console.log('== npm pack ==');
  const packed = run(npm, ['pack', '--json', '--pack-destination', packDir], { capture: true });
  if (!packed.ok) throw new Error('npm pack failed');
  const [{ filename, files, size, unpackedSize, entryCount }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  const tarball = join(packDir, filename);
  console.log(
    `${filename}: ${entryCount} files, ${(size / 1000).toFixed(1)} kB packed, ${(unpackedSize / 1000).toFixed(1)} kB unpacked`,
  );

  const inTarball = new Set(files.map((file) => file.path));
  const targets = new Set([pkg.main, pkg.module, pkg.types, pkg.customElements].filter(Boolean));
  const collect = (value) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(pkg.exports);
  const missing = [...targets].map((target) => target.replace(/^\.\//, '')).filter((target) => !inTarball.has(target));
  check('every file package.json points to is packed', missing.length === 0, missing.join(', '));

  // 2. attw.
  console.log('\n== attw --profile esm-only ==');
  check('attw: types and JavaScript resolve for every entry', run(npx, ['attw', '--profile', 'esm-only', tarball]).ok);

  // 3. publint.
  console.log('\n== publint --strict ==');
  check('publint --strict', run(npx, ['publint', 'run', tarball, '--strict']).ok);

  // 4. custom-elements.json.
  console.log('\n== custom-elements.json ==');
  const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
  const definitions = manifest.modules
    .flatMap((module) => module.exports ?? [])
    .filter((entry) => entry.kind === 'custom-element-definition');
  const { toucanWrappers } = await import(pathToFileURL(join(process.cwd(), 'dist/lib/wrappers.js')).href);
  const vendorAttributes = { 'toucan-dashboard': ['dashboard-id', 'chart-id'] };
  for (const [tag, elementClass] of Object.entries(toucanWrappers)) {
    const ownAttributes = [...elementClass.observedAttributes, 'state'];
    const forwarded = ['server-url', 'data-theme', ...(vendorAttributes[tag] ?? [])];
    const element = declarations.find((declaration) => declaration.tagName === tag);
    check(`<${tag}> is declared and defined`, Boolean(element?.customElement) && definitions.some((entry) => entry.name === tag));
    if (!element) continue;
    const described = (items, names) => names.filter((name) => !items?.find((item) => item.name === name)?.description);
    const attributes = described(element.attributes, [...ownAttributes, ...forwarded]);
    check(
      `<${tag}> attributes, each with a description`,
      attributes.length === 0,
      attributes.length ? `missing: ${attributes.join(', ')}` : '',
    );
    const events = ['toucan-token', 'toucan-error', 'toucan-statechange'].filter(
      (name) => !element.events?.find((event) => event.name === name)?.type?.text?.startsWith('Toucan'),
    );
    check(
      `<${tag}> events, each with its event class`,
      events.length === 0,
      events.length ? `missing: ${events.join(', ')}` : '',
    );
    const slots = described(element.slots, ['', 'loading', 'error']);
    check(
      `<${tag}> slots (default, loading, error)`,
      slots.length === 0,
      slots.length ? `missing: ${slots.map((slot) => slot || 'default').join(', ')}` : '',
    );
    const cssProperties = described(element.cssProperties, ['--toucan-embed-min-height']);
    check(`<${tag}> CSS custom properties`, cssProperties.length === 0);
  }
  const paths = manifest.modules.map((module) => module.path).filter((path) => !inTarball.has(path));
  check('manifest module paths are packed files', paths.length === 0, paths.join(', '));
} catch (error) {
  check('package check ran', false, error.message);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

console.log(failures.length ? `\nPackage check failed: ${failures.join('; ')}` : '\nPackage check passed.');
process.exit(failures.length ? 1 : 0);
