/**
 * The exposure and lifecycle reports' HTML in a real headless Chromium (playwright-core driving
 * /usr/bin/chromium), written from a real store holding two exposure runs and compared with the
 * JSON written beside it: no request but the page itself, no failed request, no console error;
 * the totals, the chart marks (trend points per series, per-site and per-milestone bars with
 * their segments, month columns) and the table rows equal the JSON; the past-EOE mark is on the
 * right device; markup in a site name stays text; the charts are drawn inside the page. Full-page
 * screenshots go to test-artifacts/exposure-report.png and lifecycle-report.png (gitignored).
 * Needs /usr/bin/chromium (Debian package `chromium`): a failure under CI=true, a loud skip elsewhere.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDING_SEVERITIES } from '../../src/analysis/exposure-types.js';
import { silentLogger } from '../../src/log/logger.js';
import { PAST_EOE_MARK } from '../../src/reports/exposure-finding-facts.js';
import type { ExposureReport } from '../../src/reports/exposure-report.js';
import { kindSeverity, kindTotal } from '../../src/reports/exposure-runs.js';
import type { LifecycleReport } from '../../src/reports/lifecycle-report.js';
import { writeStoreReport } from '../../src/reports/store-reports.js';
import { openStore } from '../../src/store/open-store.js';
import { chromiumAvailable, launchChromium, openSelfContainedPage } from '../support/chromium.js';
import { GENERATED_AT, HOSTILE_SITE_NAME, SITE_NAMES, fillStore } from './exposure-fixtures.js';

const haveChromium = chromiumAvailable('exposure and lifecycle reports in Chromium');

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-exposure-html-'));
const WIDTH = 1280;
let browser: Browser | undefined;
const files: Record<'exposure' | 'lifecycle', { html: string; json: string }> = { exposure: { html: '', json: '' }, lifecycle: { html: '', json: '' } };

beforeAll(async () => {
  if (!haveChromium) return;
  const store = await openStore({ sqlite: join(dir, 'ibsight.db'), logger: silentLogger() });
  try {
    await fillStore(store);
    for (const kind of ['exposure', 'lifecycle'] as const) {
      const [html, json] = await writeStoreReport(kind, store, join(dir, 'out'), ['html', 'json'], { generatedAt: GENERATED_AT, siteNames: SITE_NAMES });
      files[kind] = { html: html!, json: json! };
    }
  } finally {
    await store.close();
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a report file, checking that nothing but the page is requested and nothing is logged. */
function open(file: string): Promise<Page> {
  return openSelfContainedPage(browser!, file, WIDTH);
}

async function totals(page: Page): Promise<[string, number][]> {
  return page.$$eval('.totals li', (lis) => lis.map((li) => [li.querySelector('.label')!.textContent!, Number(li.querySelector('.value')!.getAttribute('data-value'))] as [string, number]));
}

/** The cells of a table: text, or the exact number for a numeric cell. */
async function tableCells(page: Page, id: string): Promise<(string | number)[][]> {
  return page.$$eval(`table[data-table="${id}"] tbody tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.hasAttribute('data-value') ? Number(td.getAttribute('data-value')) : td.textContent!))),
  );
}

async function points(page: Page, figure: string): Promise<[string, string, number][]> {
  return page.$$eval(`figure[data-figure="${figure}"] circle.point`, (cs) =>
    cs.map((c) => [c.getAttribute('data-series')!, c.getAttribute('data-at')!, Number(c.getAttribute('data-value'))] as [string, string, number]),
  );
}

async function stackedBars(page: Page, figure: string): Promise<[string, number, [string, number][]][]> {
  return page.$$eval(`figure[data-figure="${figure}"] g.bar`, (gs) =>
    gs.map((g) => [
      g.getAttribute('data-key')!,
      Number(g.getAttribute('data-value')),
      [...g.querySelectorAll('rect.segment')].map((r) => [r.getAttribute('data-segment')!, Number(r.getAttribute('data-value'))] as [string, number]),
    ] as [string, number, [string, number][]]),
  );
}

async function expectDrawn(page: Page, figures: readonly string[]): Promise<void> {
  for (const id of figures) {
    const box = await page.locator(`figure[data-figure="${id}"] svg`).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(50);
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = join(ARTIFACTS, name);
  await page.screenshot({ path: shot, fullPage: true });
  expect(statSync(shot).size).toBeGreaterThan(10_000);
  console.info(`screenshot: ${shot}`);
}

describe.skipIf(!haveChromium)('exposure and lifecycle reports in Chromium', () => {
  it('exposure: shows the numbers of the JSON, the EOE mark and KEV first, and loads nothing else', async () => {
    const json = JSON.parse(readFileSync(files.exposure.json, 'utf8')) as ExposureReport;
    const page = await open(files.exposure.html);
    expect(await page.textContent('h1')).toBe('Exposure to security advisories');
    const s = json.run.summary;
    expect(await totals(page)).toEqual([
      ['Devices', s.devices],
      ['Devices with findings', s.devicesWithFindings],
      ['Advisory findings', kindTotal(s, 'advisory')],
      ['Critical', s.byKind.advisory.critical],
      ['High', s.byKind.advisory.high],
      ['KEV', s.kev],
      ['Advisories', json.advisories.length],
      ['Devices past EOE', s.pastEndOfEngineering],
      ['Contract findings', kindTotal(s, 'contract')],
    ]);

    const trend = await points(page, 'trend-chart');
    const expectedTrend = [
      ...(['critical', 'high', 'medium', 'low'] as const).flatMap((sev) => json.trend.map((t) => [sev, t.at, t.advisories[sev]])),
      ...json.trend.map((t) => ['kev', t.at, t.kev]),
    ];
    expect(trend).toEqual(expectedTrend);
    expect(await stackedBars(page, 'per-site-chart')).toEqual(
      json.run.perSite.map((p) => [
        p.site,
        kindTotal(p, 'advisory'),
        [
          ...(['critical', 'high', 'medium', 'low'] as const).map((sev) => [sev, kindSeverity(p, 'advisory', sev)] as [string, number]),
          ['other', kindSeverity(p, 'advisory', 'none') + kindSeverity(p, 'advisory', 'unknown')] as [string, number],
        ].filter(([, v]) => v > 0),
      ]),
    );

    const perSite = await tableCells(page, 'per-site');
    expect(perSite.map((row) => [row[0], row[1], row[2], row[9], row[10]])).toEqual(json.run.perSite.map((p) => [p.site, p.siteName, p.devices, p.kev, p.pastEndOfEngineering]));
    expect(perSite.map((row) => row[1])).toContain(HOSTILE_SITE_NAME);
    expect(await page.$$eval('main b, header b', (els) => els.length)).toBe(0);

    const advisories = await tableCells(page, 'advisories');
    expect(advisories.map((row) => [row[0], row[2], row[4], row[5], row[6], row[7], row[8]])).toEqual(
      json.advisories.map((a) => [a.id, a.severity, a.kev ? 'KEV' : '—', a.affectedDevices, a.potentiallyAffectedDevices, a.notExposedDevices, a.pastEndOfEngineeringDevices]),
    );
    expect(advisories.slice(0, 2).map((row) => row[4])).toEqual(['KEV', 'KEV']);
    const devices = await tableCells(page, 'devices');
    expect(devices.map((row) => [row[0], ...row.slice(4, 11)])).toEqual(
      json.devices.map((d) => [d.device, d.advisories.critical, d.advisories.high, d.advisories.medium, d.advisories.low, d.advisories.none + d.advisories.unknown, d.kev, d.notExposed]),
    );
    expect(devices.map((row) => [row[0], row[11]])).toEqual(json.devices.map((d) => [d.device, d.pastEndOfEngineering ? `${PAST_EOE_MARK} (re0, re1)` : '—']));
    expect((await tableCells(page, 'support-cover')).map((row) => [row[0], row[4], row[6]])).toEqual(json.supportCover.map((f) => [f.device, f.component!.serialNumber, f.status]));
    expect((await tableCells(page, 'trend')).map((row) => row.slice(0, 8))).toEqual(
      json.trend.map((t) => [t.at, t.devices, t.devicesWithFindings, t.advisories.critical, t.advisories.high, t.advisories.medium, t.advisories.low, t.advisories.none + t.advisories.unknown]),
    );
    await expectDrawn(page, ['trend-chart', 'per-site-chart']);
    await screenshot(page, 'exposure-report.png');
    await page.close();
  });

  it('lifecycle: shows the milestones, months, hardware and software rows of the JSON', async () => {
    const json = JSON.parse(readFileSync(files.lifecycle.json, 'utf8')) as LifecycleReport;
    const page = await open(files.lifecycle.html);
    expect(await page.textContent('h1')).toBe('Hardware and software lifecycle');
    expect(await totals(page)).toEqual([
      ['Lifecycle findings', json.findings.length],
      ['Passed', json.findings.filter((f) => f.status === 'passed').length],
      ['Upcoming', json.findings.filter((f) => f.status === 'upcoming').length],
      ['Hardware findings', json.findings.filter((f) => f.scope === 'hardware').length],
      ['Software findings', json.findings.filter((f) => f.scope === 'software').length],
      ['Devices', new Set(json.findings.map((f) => f.device)).size],
      ['Devices past EOE', json.run.summary.pastEndOfEngineering],
    ]);
    expect(await stackedBars(page, 'milestone-chart')).toEqual(
      json.milestones
        .filter((m) => m.passed + m.upcoming > 0)
        .map((m) => [`${m.scope}:${m.milestone}`, m.passed + m.upcoming, ([['passed', m.passed], ['upcoming', m.upcoming]] as [string, number][]).filter(([, v]) => v > 0)]),
    );
    const months = await page.$$eval('figure[data-figure="months-chart"] g.month', (gs) => gs.map((g) => [g.getAttribute('data-month'), Number(g.getAttribute('data-value'))]));
    expect(months).toEqual(json.months.map((m) => [m.month, m.upcoming]));
    const trendSeverities = FINDING_SEVERITIES;
    expect(await points(page, 'trend-chart')).toEqual([
      ...trendSeverities.flatMap((sev) => json.trend.map((t) => [sev, t.at, t.lifecycle[sev]])),
      ...json.trend.map((t) => ['pastEndOfEngineering', t.at, t.pastEndOfEngineering]),
    ]);
    expect((await tableCells(page, 'milestones')).map((row) => [row[2], row[3]])).toEqual(json.milestones.map((m) => [m.passed, m.upcoming]));
    expect((await tableCells(page, 'hardware')).map((row) => [row[0], row[2], row[3], row[4], row[5], row[7], row[8]])).toEqual(
      json.hardware.map((h) => [h.product, h.milestoneLabel, h.date, h.status, h.daysUntil, h.findings, h.devices.length]),
    );
    expect((await tableCells(page, 'software')).map((row) => [row[0], row[2], row[3], row[4], row[5], row[9]])).toEqual(
      json.software.map((s) => [s.train, s.milestoneLabel, s.date, s.status, s.daysUntil, s.members.join(', ')]),
    );
    const srxSites = (await tableCells(page, 'hardware')).find((row) => row[0] === 'SRX345')![11];
    expect(srxSites).toBe(`S2 (${HOSTILE_SITE_NAME})`);
    expect(await page.$$eval('main b, header b', (els) => els.length)).toBe(0);
    await expectDrawn(page, ['milestone-chart', 'months-chart', 'trend-chart']);
    await screenshot(page, 'lifecycle-report.png');
    await page.close();
  });
});
