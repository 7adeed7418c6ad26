// Types of engines.mjs, for the Node end-to-end tests (test/node/browsers.ts).
export type Engine = 'chromium' | 'firefox' | 'webkit';

export declare const ENGINES: Engine[];

export interface FoundEngines {
  chromium: { executablePath?: string; missing?: string };
  firefox: { executablePath?: string; missing?: string };
  webkit: { driverPath?: string; browserPath?: string; missing?: string };
}

/** Where each engine's binaries are (Debian's paths, or the *_PATH environment variables), or why it cannot run. */
export declare function findEngines(env?: Record<string, string | undefined>): FoundEngines;

/** The engines a run asks for: TEST_BROWSERS (comma-separated), else all three. Throws on an unknown name. */
export declare function requestedEngines(env?: Record<string, string | undefined>): Engine[];

/** Flags of every Chromium the tests and the bench start (they work as root). */
export declare const CHROMIUM_ARGS: string[];

/** Starts headless Chromium through Playwright's `chromium`: the one `findEngines()` finds, else Playwright's own. */
export declare function launchChromium<B>(
  playwrightChromium: { launch(options: { executablePath?: string; args: string[] }): Promise<B> },
  env?: Record<string, string | undefined>,
): Promise<B>;
