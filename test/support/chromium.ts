/**
 * Headless Debian Chromium for the HTML report tests, driven by playwright-core (never a
 * downloaded browser). `chromiumAvailable(what)` says whether /usr/bin/chromium exists: missing
 * is an error under CI=true and a loud skip elsewhere. `launchChromium()` starts it with the flags
 * of docs/real-components.md.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium"`);
  console.warn(`SKIPPED: ${what}: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
