/**
 * Headless Debian Chromium for the HTML report tests, driven by playwright-core (never a
 * downloaded browser). `chromiumAvailable(what)` says whether /usr/bin/chromium exists: missing
 * is an error under CI=true and a loud skip elsewhere. `launchChromium()` starts it with the flags
 * of docs/real-components.md; `openSelfContainedPage()` opens a report and checks it loads nothing.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

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

/**
 * Opens a report file in a new page and checks that it stands alone: nothing requested but the file
 * itself, no failed request, no console error or warning, no page error, and no element that could
 * load or run anything (script, img, iframe, link, object, embed, SVG foreignObject).
 */
export async function openSelfContainedPage(browser: Browser, file: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(failed).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(await page.$$eval('script, img, iframe, link, object, embed, foreignObject', (els) => els.length)).toBe(0);
  return page;
}
