import { defineConfig } from 'vite';
import { toucanDemo } from './demo/server/vite-plugin.ts';

// One config, two jobs:
// - `npm start` (vite dev server): serves index.html with the library from source, plus the
//   demo's backend (a local stand-in for Toucan AI and the host's token endpoint) as middleware.
// - `npm run build`: the self-contained ES module dist/toucan-embed-loader.js (CONTRACT §10) and
//   the classic-script build dist/toucan-embed-loader.iife.js.
export default defineConfig({
  plugins: [toucanDemo()],
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
