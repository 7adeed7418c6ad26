import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // <toucan-dashboard> (ours) and <tc-dashboard> (Toucan's) are custom elements, not Vue components.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith('toucan-') || tag.startsWith('tc-') },
      },
    }),
  ],
});
