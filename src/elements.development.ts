/**
 * The development build of `toucan-embed-loader/elements` (`development` export condition): the
 * classes with no registration, plus the console warnings of ./diagnostics.ts.
 */
import { installDiagnostics } from './diagnostics.js';

export * from './elements.js';

installDiagnostics();
