/**
 * Test-only: puts every module-level state back as a fresh page has it, so tests need no unique URLs
 * or keys to stay apart. Not exported from any package entry (`package.json` `exports`).
 *
 * Call it after the elements a test mounted are removed (their sources then hold no timer, listener
 * or request); what it resets:
 * - `configure()` settings (back to the defaults);
 * - the shared token sources (the next wrapper starts a new source, with no token);
 * - the page watchers (lifecycle listeners and the wake-up check);
 * - the vendor scripts this module added (a URL loads again; `customElements` cannot forget a tag).
 *
 * @internal
 */
import { resetConfig } from './config.js';
import { resetEmbedScripts } from './embed-script.js';
import { resetPageWatchers } from './page-lifecycle.js';
import { resetSharedSources } from './shared-tokens.js';

export function resetForTests(): void {
  resetConfig();
  resetSharedSources();
  resetPageWatchers();
  resetEmbedScripts();
}
