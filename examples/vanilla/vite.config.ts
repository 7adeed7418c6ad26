import { defineConfig } from 'vite';

// Nothing to configure: `import 'toucan-embed-loader'` registers the custom elements.
export default defineConfig({});
