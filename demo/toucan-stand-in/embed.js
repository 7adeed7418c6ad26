// The Toucan AI **stand-in**'s embed script: a local imitation of
// https://toucanai.cloud/embed/embed.js for the demo (no account, no network).
// It defines <tc-dashboard> and <tc-ai-assistant>; loading it twice is harmless.
import { defineStandInEmbeds } from './define-embeds.ts';

defineStandInEmbeds();
