/**
 * The accuracy report's HTML in a real headless Chromium (playwright-core driving
 * /usr/bin/chromium), compared with the JSON file written beside it: no request but the page
 * itself, no failed request, no console error; the totals, the per-site counts and percentages,
 * the per-site bars and the trend points (one per stored reconciliation) equal the JSON; each
 * action group lists the JSON's actions; markup in a site name stays text; the charts are drawn
 * (non-empty boxes, no wider than the page). A full-page screenshot is saved to
 * test-artifacts/accuracy-report.png (gitignored) for a human look.
 * Needs /usr/bin/chromium (Debian package `chromium`): a failure under CI=true, a loud skip elsewhere.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openSelfContainedPage } from '../support/chromium.js';
import { ACTION_RULES } from '../../src/reports/accuracy-actions.js';
import { accuracyReportView, buildAccuracyReport, percentText, type AccuracyReport } from '../../src/reports/accuracy-report.js';
import { writeReportFiles } from '../../src/reports/report-files.js';
import { HOSTILE_SITE_NAME, sampleItems, sampleReconciliations, SITE_NAMES } from './accuracy-fixtures.js';

const haveChromium = chromiumAvailable('accuracy report in Chromium');

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-accuracy-html-'));
const NOW = new Date('2025-03-01T07:00:00.000Z');
let browser: Browser | undefined;

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('accuracy report in Chromium', () => {
  it('shows the numbers of the JSON, draws the charts, and loads nothing else', async () => {
    const built = buildAccuracyReport(sampleReconciliations(), sampleItems(), { generatedAt: NOW, siteNames: SITE_NAMES });
    const [htmlFile, jsonFile] = writeReportFiles(dir, ['html', 'json'], built, accuracyReportView(built));
    const json = JSON.parse(readFileSync(jsonFile!, 'utf8')) as AccuracyReport;

    const page = await openSelfContainedPage(browser!, htmlFile!);
    expect(await page.textContent('h1')).toBe('Installed-base accuracy');

    // Totals: label → [data-value, text], against the JSON.
    const totals = new Map(
      await page.$$eval('.totals li', (lis) =>
        lis.map((li) => {
          const v = li.querySelector('.value')!;
          return [li.querySelector('.label')!.textContent!, [Number(v.getAttribute('data-value')), v.textContent!] as const] as const;
        }),
      ),
    );
    const s = json.summary;
    const expectedTotals: [string, number][] = [
      ['Accuracy %', s.accuracyPct],
      ['In scope', s.inScope],
      ['Matched', s.matched],
      ['Unregistered', s.unregistered],
      ['Missing', s.missing],
      ['Site mismatch', s.siteMismatch],
      ['Product mismatch', s.productMismatch],
      ['RMA suspected', s.rmaSuspected],
      ['Not verified', s.notVerified],
      ['Actions', json.actions.length],
    ];
    expect([...totals.keys()]).toEqual(expectedTotals.map(([label]) => label));
    for (const [label, value] of expectedTotals) expect(totals.get(label), label).toEqual([value, value.toLocaleString('en-US')]);

    // Per-site table: site, name, in scope, matched, not verified and accuracy, as numbers.
    const perSite = await page.$$eval('table[data-table="per-site"] tbody tr', (trs) =>
      trs.map((tr) => {
        const tds = [...tr.querySelectorAll('td')];
        return { site: tds[0]!.textContent, siteName: tds[1]!.textContent, values: tds.slice(2).map((td) => Number(td.getAttribute('data-value'))) };
      }),
    );
    expect(perSite).toEqual(
      json.perSite.map((p) => ({
        site: p.site,
        siteName: p.siteName,
        values: [p.inScope, p.matched, p.unregistered, p.missing, p.siteMismatch, p.productMismatch, p.rmaSuspected, p.notVerified, p.accuracyPct],
      })),
    );
    expect(perSite.map((p) => p.siteName)).toContain(HOSTILE_SITE_NAME);
    expect(await page.$$eval('main b, header b', (els) => els.length)).toBe(0);

    // Per-site bars and trend points.
    const bars = await page.$$eval('figure[data-figure="per-site-chart"] g.bar', (gs) =>
      gs.map((g) => [g.getAttribute('data-key'), Number(g.getAttribute('data-value')), g.querySelector('text.value')!.textContent]),
    );
    expect(bars).toEqual(json.perSite.map((p) => [p.site, p.accuracyPct, percentText(p.accuracyPct)]));
    const points = await page.$$eval('figure[data-figure="trend-chart"] circle.point', (cs) => cs.map((c) => [c.getAttribute('data-at'), Number(c.getAttribute('data-value'))]));
    expect(points).toHaveLength(json.trend.length);
    expect(points).toEqual(json.trend.map((t) => [t.at, t.accuracyPct]));
    for (const id of ['trend-chart', 'per-site-chart']) {
      const box = await page.locator(`figure[data-figure="${id}"] svg`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(50);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    }

    // Each action group lists its actions of the JSON (serial in the third cell: todo, status, serial).
    for (const rule of ACTION_RULES) {
      const expected = json.actions.filter((a) => a.action === rule.action);
      const selector = `table[data-table="action-${rule.action}"] tbody tr`;
      if (expected.length === 0) {
        expect(await page.$(`table[data-table="action-${rule.action}"]`)).toBeNull();
        continue;
      }
      const rows = await page.$$eval(selector, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)));
      expect(rows, rule.action).toEqual(expected.map((a) => [a.todo, a.status, a.serialNumber]));
    }
    expect(await page.$$eval('script, img, iframe, link, object, embed, foreignObject', (els) => els.length)).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'accuracy-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    console.info(`screenshot: ${shot}`);
    await page.close();
  });
});
