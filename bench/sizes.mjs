// Bundle sizes for `npm run bench`: the product's builds, and with `--peers` the browser bundles
// of peer embed SDKs, taken from their npm tarballs (`npm pack`, cached in bench/peers/).
// Each file is measured as shipped (raw, gzip -9, brotli q11) and, for a fair comparison with
// peers that ship unminified code, minified again by Vite's minifier before compressing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'vite';

const PEERS_DIR = fileURLToPath(new URL('peers/', import.meta.url));

/**
 * Peers and the file a page loads from each (their self-contained browser bundle, a UMD script
 * for all four; the package's `main` points at it, or it is the one that needs no bundler).
 */
export const PEERS = [
  { name: '@superset-ui/embedded-sdk', file: 'bundle/index.js' },
  { name: 'powerbi-client', file: 'dist/powerbi.min.js' },
  { name: '@thoughtspot/visual-embed-sdk', file: 'dist/tsembed.js' },
  { name: '@looker/embed-sdk', file: 'dist/main.js' },
];

const gzipBytes = (code) => gzipSync(code, { level: 9 }).length;
const brotliBytes = (code) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

async function measure(name, file, code) {
  const { code: minified } = await minify(file, code.toString('utf8'), {});
  return {
    name,
    file,
    raw: code.length,
    gzip: gzipBytes(code),
    brotli: brotliBytes(code),
    minifiedGzip: gzipBytes(minified),
  };
}

/** `npm pack` of `name` (latest), extracted under bench/peers/; returns the package folder and version. */
function packPeer(name) {
  mkdirSync(PEERS_DIR, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [{ filename, version }] = JSON.parse(
    execFileSync(npm, ['pack', name, '--json', '--silent', '--pack-destination', PEERS_DIR], { encoding: 'utf8' }),
  );
  const folder = join(PEERS_DIR, filename.replace(/\.tgz$/, ''));
  if (!existsSync(join(folder, 'package'))) {
    mkdirSync(folder, { recursive: true });
    execFileSync('tar', ['-xzf', join(PEERS_DIR, filename), '-C', folder]);
  }
  return { folder: join(folder, 'package'), version };
}

/** Rows of the size table; the peers' only when `peers` is true. */
export async function measureSizes({ peers = false } = {}) {
  const rows = [
    await measure('toucan-embed-loader', 'dist/toucan-embed-loader.js', readFileSync('dist/toucan-embed-loader.js')),
    await measure('toucan-embed-loader', 'dist/toucan-embed-loader.iife.js', readFileSync('dist/toucan-embed-loader.iife.js')),
  ];
  if (!peers) return rows;
  for (const peer of PEERS) {
    const { folder, version } = packPeer(peer.name);
    rows.push(await measure(`${peer.name}@${version}`, peer.file, readFileSync(join(folder, peer.file))));
  }
  return rows;
}
