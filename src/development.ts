/**
 * The development build of `toucan-embed-loader`, picked by the `development` export condition
 * (Vite's dev server, webpack in development mode, `node --conditions=development`): the main
 * entry plus console warnings with a hint for setup mistakes (see ./diagnostics.ts). Production
 * builds resolve the main entry, which carries none of it and prints nothing.
 */
import { installDiagnostics } from './diagnostics.js';

export * from './index.js';

installDiagnostics();
