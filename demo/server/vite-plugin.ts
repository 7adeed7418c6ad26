import type { Plugin } from 'vite';

/** Dev-server plugin serving the demo's backend (placeholder until the demo lands). */
export function toucanDemo(): Plugin {
  return { name: 'toucan-demo' };
}
