// What npm ships, and what the README points to: a fresh clone packs a built dist/, and nothing
// shipped or in the README cites a document users do not get.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Every file under `dir` (relative to ROOT). */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

test('npm pack in a fresh clone builds and ships dist/', { timeout: 240_000 }, () => {
  const clone = mkdtempSync(join(tmpdir(), 'toucan-embed-loader-clone-'));
  try {
    // The files git would check out (tracked, and new ones not ignored), with no dist/.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && existsSync(join(ROOT, file)));
    for (const file of files) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    assert.equal(existsSync(join(clone, 'dist')), false);
    const output = execFileSync(npm, ['pack', '--dry-run', '--json'], {
      cwd: clone,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const packed = new Set((JSON.parse(output) as [{ files: { path: string }[] }])[0].files.map((file) => file.path));
    for (const file of [
      'dist/toucan-embed-loader.js',
      'dist/toucan-embed-loader.iife.js',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/development.js',
      'dist/custom-elements.json',
      'docs/behaviour.md',
    ]) {
      assert.ok(packed.has(file), `${file} is packed`);
    }
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});

test('nothing shipped or in the README cites the design contract, which users do not get', () => {
  const shipped = [
    'README.md',
    ...filesUnder('docs'),
    ...filesUnder('src'),
    ...(existsSync(join(ROOT, 'dist/lib')) ? filesUnder('dist/lib').filter((file) => file.endsWith('.d.ts')) : []),
  ];
  const citing = shipped.filter((file) => /CONTRACT/.test(readFileSync(join(ROOT, file), 'utf8')));
  assert.deepEqual(citing, []);
});

test('every relative link of the README leads to a file of the repository', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
  assert.ok(targets.includes('docs/behaviour.md'));
  assert.deepEqual(
    targets.filter((target) => !existsSync(join(ROOT, target))),
    [],
  );
});
