// How the repository's browser tests find and launch Debian's Chromium with playwright-core. One place
// for the rule (run when Chromium is installed; required when FLAGON_BROWSER=1) and the flags.
import { existsSync } from 'node:fs';

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium` (`apt-get install chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests run: whenever Chromium is installed, and always under `.ci/run`, which installs
 * it and sets `FLAGON_BROWSER=1` — there a missing browser fails the run instead of skipping the tests.
 */
export const browserTestsEnabled = process.env.FLAGON_BROWSER === '1' || existsSync(CHROMIUM_PATH);

/**
 * Options for playwright-core's `chromium.launch()`: headless, no sandbox (tests run as root in CI),
 * and no background networking, so the browser contacts nothing but the server under test.
 *
 * @throws Error naming the path and the install command when Chromium is missing.
 */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`FLAGON_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

/** The part of playwright-core's `Page` that {@link clickAndLoad} uses (playwright-core is each package's own dependency). */
interface NavigablePage {
  waitForEvent(event: 'load'): Promise<unknown>;
  click(selector: string): Promise<void>;
}

/**
 * Clicks what `selector` names and waits until the document it leads to has loaded. `page.click()`
 * returns once the click is dispatched; reading `page.title()` straight after can still see the old
 * page on a loaded machine (selector reads such as `textContent` wait by themselves and need no help).
 */
export async function clickAndLoad(page: NavigablePage, selector: string): Promise<void> {
  const loaded = page.waitForEvent('load');
  await page.click(selector);
  await loaded;
}
