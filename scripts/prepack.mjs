#!/usr/bin/env node
// `prepack` (npm pack, npm publish): the package ships dist/, which git does not hold, so a fresh
// clone builds it here. A dist/ newer than every source file is kept as it is (npm test packs the
// package right after building it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = 'dist/lib/index.js';
const SOURCES = ['src', 'package.json', 'vite.config.ts', 'tsconfig.build.json', 'custom-elements-manifest.config.mjs'];

/** Latest modification time (ms) of a file, or of the files under a directory. */
function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const stale =
  !existsSync(BUILT) ||
  !existsSync('dist/toucan-embed-loader.js') ||
  SOURCES.some((path) => existsSync(path) && newest(path) > statSync(BUILT).mtimeMs);
if (stale) {
  console.error('prepack: building dist/');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { stdio: ['ignore', 2, 2] });
} else {
  console.error('prepack: dist/ is up to date');
}
