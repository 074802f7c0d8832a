// Headless Chromium for the browser tests: the system's chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) driven by playwright-core, with the flags that keep it off the network; the
// tests skip, saying why, where it is not installed.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `describe(…, { skip: chromiumSkip })`: false, or why the browser tests cannot run here. */
export const chromiumSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
