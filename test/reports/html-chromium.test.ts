/**
 * The HTML reports in a real headless Chromium (playwright-core driving /usr/bin/chromium): the
 * page loads from file:// with no other request at all (no external resources), no console
 * error, the tables hold exactly the report's cells (null shown as —), hostile text from a device
 * stays text (no element injected), the generated-at time and totals are shown. A screenshot of
 * each page is written to the temp dir, or to $IBSIGHT_SCREENSHOT_DIR to keep it (its path is
 * printed), for a human look.
 * Needs /usr/bin/chromium (Debian package `chromium`): a failure under CI=true, a loud skip elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openSelfContainedPage } from '../support/chromium.js';
import { buildChangesReport, changesReportView } from '../../src/reports/changes-report.js';
import type { ReportView } from '../../src/reports/report-view.js';
import { writeReportFiles } from '../../src/reports/report-files.js';
import { buildSoftwareReport, softwareReportView } from '../../src/reports/software-report.js';
import { HOSTILE_DESCRIPTION, sampleChangeSet, sampleSoftwareRows } from './report-fixtures.js';

const haveChromium = chromiumAvailable('HTML report checks in Chromium');

const dir = mkdtempSync(join(tmpdir(), 'ibsight-html-'));
const NOW = new Date('2025-03-02T07:00:00.000Z');
let browser: Browser | undefined;

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The cells of every body row of a table, as the browser renders them. */
async function tableCells(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`table[data-table="${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

function expectedCells(view: ReportView, id: string): string[][] {
  const table = view.tables.find((t) => t.id === id)!;
  return table.rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? c.toLocaleString('en-US') : c)));
}

async function checkPage(view: ReportView, document: unknown): Promise<Page> {
  const [file] = writeReportFiles(join(dir, view.kind), ['html'], document, view);
  const page = await openSelfContainedPage(browser!, file!);
  expect(await page.title()).toBe(`ibsight — ${view.title}`);
  expect(await page.textContent('h1')).toBe(view.title);
  expect(await page.getAttribute('time', 'datetime')).toBe(NOW.toISOString());
  const totals = await page.$$eval('.totals li', (lis) => lis.map((li) => [li.querySelector('.label')!.textContent, li.querySelector('.value')!.textContent]));
  expect(totals).toEqual(view.totals.map((t) => [t.label, t.value.toLocaleString('en-US')]));
  for (const table of view.tables) {
    if (table.rows.length === 0) {
      expect(await page.$(`table[data-table="${table.id}"]`)).toBeNull();
      expect(await page.textContent(`section:has(h2#${table.id}) .empty`)).toBe(table.emptyText);
    } else {
      const headers = await page.$$eval(`table[data-table="${table.id}"] thead th`, (ths) => ths.map((th) => th.textContent));
      expect(headers).toEqual(table.columns.map((c) => c.label));
      expect(await tableCells(page, table.id)).toEqual(expectedCells(view, table.id));
    }
  }
  expect(await page.$$eval('script, img, iframe, link, object, embed', (els) => els.length)).toBe(0);
  const shot = join(process.env.IBSIGHT_SCREENSHOT_DIR ?? dir, `${view.kind}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  console.info(`screenshot: ${shot}`);
  return page;
}

describe.skipIf(!haveChromium)('HTML reports in Chromium', () => {
  it('software: every table as built, hostile names kept as text', async () => {
    const document = buildSoftwareReport(sampleSoftwareRows(), { generatedAt: NOW, siteNames: new Map([['0100012345', 'AMS-DC1']]) });
    const view = softwareReportView(document);
    const page = await checkPage(view, document);
    const devices = await tableCells(page, 'devices');
    expect(devices.some((r) => r[0] === '<b>x</b>' && r[7] === '=1+1')).toBe(true);
    expect(await page.$$eval('td b', (els) => els.length)).toBe(0);
    await page.close();
  });

  it('changes: every table as built, markup in a description stays text', async () => {
    const document = buildChangesReport(sampleChangeSet(), { generatedAt: NOW });
    const view = changesReportView(document);
    const page = await checkPage(view, document);
    const added = await tableCells(page, 'components-added');
    expect(added.find((r) => r[0] === 'mx2')![6]).toBe(HOSTILE_DESCRIPTION);
    expect(await page.textContent('.meta:nth-of-type(2)')).toContain(document.since);
    await page.close();
  });
});
