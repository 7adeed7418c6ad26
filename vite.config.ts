import { defineConfig, type Plugin } from 'vite';
import { toucanDemo } from './demo/server/vite-plugin.ts';

// One config, two jobs:
// - `npm start` (vite dev server): serves index.html with the library from source, plus the
//   demo's backend (a local stand-in for Toucan AI and the host's token endpoint) as middleware.
// - `npm run build`: the self-contained ES module dist/toucan-embed-loader.js (CONTRACT §10) and
//   the classic-script build dist/toucan-embed-loader.iife.js.
/**
 * The self-contained builds import in Node (a server render that imports `toucan-embed-loader/bundle`)
 * without throwing: Lit's browser build declares `class extends HTMLElement` at module level, which
 * Node lacks. The base class becomes `globalThis.HTMLElement`, or an empty class where there is none
 * (nothing is registered there: `define()` needs a DOM).
 */
function serverSafeBaseClass(): Plugin {
  return {
    name: 'toucan-server-safe-base-class',
    transform(code, id) {
      if (!/[\\/]@lit[\\/]reactive-element[\\/]/.test(id) || !code.includes('extends HTMLElement')) return null;
      return { code: code.replaceAll('extends HTMLElement', 'extends (globalThis.HTMLElement ?? class {})'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [toucanDemo(), serverSafeBaseClass()],
  server: { port: Number(process.env.PORT) || 5173, strictPort: false },
  build: {
    target: 'es2022',
    sourcemap: true,
    minify: true,
    // Vite keeps whitespace in ES library builds; this bundle is served as is from script tags.
    rolldownOptions: { output: { minify: true } },
    emptyOutDir: true,
    lib: {
      entry: 'src/index.ts',
      // es: <script type="module">; iife: classic <script>, exposing window.ToucanEmbedLoader.
      formats: ['es', 'iife'],
      name: 'ToucanEmbedLoader',
      fileName: (format) => (format === 'es' ? 'toucan-embed-loader.js' : `toucan-embed-loader.${format}.js`),
    },
  },
});
