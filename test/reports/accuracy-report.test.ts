/**
 * `report accuracy` as a pure function: the latest reconciliation's summary / per site / items
 * (SPEC §5) with site names, the trend oldest first whatever order the store gave, the action
 * list from the mapping table (one row per RMA pair, a matched serial needing a contract, a
 * product mismatch needing both SKU fix and contract), the view's tables and figures, and the
 * CSV read back by a real CSV parser with formulas defused.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ReconcileItem } from '../../src/analysis/reconcile-types.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { ACTION_RULES } from '../../src/reports/accuracy-actions.js';
import { accuracyReportView, buildAccuracyReport, latestReconciliation, percentText } from '../../src/reports/accuracy-report.js';
import { renderCsv } from '../../src/reports/csv-render.js';
import { renderHtml } from '../../src/reports/html-render.js';
import { countsOf, HOSTILE_SITE_NAME, LATEST_AT, sampleItems, sampleReconciliations, SITE_NAMES } from './accuracy-fixtures.js';

const NOW = new Date('2025-03-01T07:00:00.000Z');
const build = (items: ReconcileItem[] = sampleItems()) => buildAccuracyReport(sampleReconciliations(), items, { generatedAt: NOW, siteNames: SITE_NAMES });

describe('buildAccuracyReport', () => {
  it('carries the latest reconciliation as SPEC §5 has it, with site names', () => {
    const r = build();
    const counts = countsOf(sampleItems());
    expect(r.report).toBe('accuracy');
    expect(r.generatedAt).toBe(NOW.toISOString());
    expect(r.reconciliationId).toBe(3);
    expect(r.reconciledAt).toBe(LATEST_AT);
    expect(r.summary).toEqual(counts.summary);
    expect(r.summary).toMatchObject({ inScope: 13, matched: 5, notVerified: 1, accuracyPct: 41.7 });
    expect(r.perSite).toEqual(counts.perSite.map((s) => ({ ...s, siteName: SITE_NAMES.get(s.site) })));
    expect(r.perSite.map((s) => [s.site, s.inScope, s.accuracyPct])).toEqual([['S1', 6, 50], ['S2', 4, 25], ['S3', 3, 50]]);
    expect(r.items).toEqual(sampleItems());
  });

  it('lists the trend oldest first, one point per stored reconciliation', () => {
    expect(build().trend).toEqual([
      { at: '2025-02-27T06:00:00.000Z', accuracyPct: 50, inScope: 12, matched: 6, notVerified: 0 },
      { at: '2025-02-28T06:00:00.000Z', accuracyPct: 75, inScope: 12, matched: 9, notVerified: 0 },
      { at: LATEST_AT, accuracyPct: 41.7, inScope: 13, matched: 5, notVerified: 1 },
    ]);
  });

  it('maps every discrepancy to what the installed-base owner must do, in group order', () => {
    const rows = build().actions.map((a) => [a.action, a.serialNumber, a.pairedWith, a.todo]);
    expect(rows).toEqual([
      ['add', 'CAJX-NEW-5', null, 'add to the installed base at site S2 (FRA-DC2)'],
      ['add', '-1234', null, `add to the installed base at site S3 (${HOSTILE_SITE_NAME})`],
      ['remove', 'JN-GONE-6', null, 'remove (or find): not seen at site S1 (AMS-DC1)'],
      ['move-site', 'JN-MOVED-7', null, 'move to site S2 (FRA-DC2); recorded at S1 (AMS-DC1)'],
      ['record-rma-swap', 'JN-OLD-8', 'JN-NEW-9', 'record the RMA swap: JN-OLD-8 replaced by JN-NEW-9'],
      ['fix-sku', 'JN-WRONGSKU-10', null, 'fix the SKU: EX4300-48T-AFI does not match QFX5120-48Y'],
      ['renew-contract', 'JN-EXPIRED-2', null, 'renew contract (expired)'],
      ['renew-contract', 'JN-EXPIRING-3', null, 'renew contract (expiring)'],
      ['renew-contract', 'JN-NONE-4', null, 'renew contract (none on record)'],
      ['renew-contract', 'JN-WRONGSKU-10', null, 'renew contract (expired)'],
      ['verify', 'JN-STALE-11', null, 'verify (device mx3 not collected this run)'],
    ]);
  });

  it('joins an RMA pair into one row: hardware from the seen serial, SKU and contract from the recorded one', () => {
    const [rma, ...others] = build().actions.filter((a) => a.action === 'record-rma-swap');
    expect(others).toEqual([]);
    expect(rma).toMatchObject({
      status: 'rma-suspected',
      device: 'mx1',
      site: 'S1',
      siteName: 'AMS-DC1',
      ibSite: 'S1',
      kind: 'fpc',
      modelNumber: 'MPC7E-MRATE',
      sku: 'MPC7E-MRATE',
      contract: 'active',
      detail: 'missing MPC7E at S1 | unregistered MPC7E at S1',
    });
    // The same pair whichever half the store listed first.
    const reversed = sampleItems().reverse();
    expect(build(reversed).actions.filter((a) => a.action === 'record-rma-swap')).toEqual([rma]);
  });

  it('still lists an RMA item whose partner is not among the items', () => {
    const lone = sampleItems().filter((i) => i.serialNumber !== 'JN-OLD-8');
    const rows = build(lone).actions.filter((a) => a.action === 'record-rma-swap');
    expect(rows.map((a) => [a.serialNumber, a.pairedWith, a.todo])).toEqual([['JN-OLD-8', 'JN-NEW-9', 'record the RMA swap: JN-OLD-8 replaced by JN-NEW-9']]);
  });

  it('asks nothing about a matched serial with an active contract, nor a contract for a serial to move', () => {
    const actions = build().actions;
    expect(actions.some((a) => a.serialNumber === 'JN-ACTIVE-1' || a.serialNumber === 'JN-S3-12')).toBe(false);
    expect(actions.filter((a) => a.serialNumber === 'JN-MOVED-7').map((a) => a.action)).toEqual(['move-site']);
  });

  it('is an input error, telling to reconcile first, when nothing was reconciled', () => {
    for (const run of [() => buildAccuracyReport([], [], { generatedAt: NOW }), () => latestReconciliation([])]) {
      try {
        run();
        expect.unreachable();
      } catch (err) {
        expect(isIbsightError(err, 'INPUT_INVALID')).toBe(true);
        expect((err as Error).message).toMatch(/run `ibsight reconcile` first/);
      }
    }
  });

  it('is the same document for the same input', () => {
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
  });
});

describe('accuracyReportView', () => {
  const r = build();
  const view = accuracyReportView(r);

  it('shows the accuracy and the counts as totals', () => {
    expect(view.kind).toBe('accuracy');
    expect(view.totals[0]).toEqual({ label: 'Accuracy %', value: 41.7 });
    expect(Object.fromEntries(view.totals.map((t) => [t.label, t.value]))).toMatchObject({ 'In scope': 13, Matched: 5, 'Not verified': 1, Actions: 11 });
  });

  it('draws the trend and per-site figures, then per site, one table per action group, and the trend', () => {
    expect(view.figures!.map((f) => f.id)).toEqual(['trend-chart', 'per-site-chart']);
    expect(view.figures![0]!.svg.match(/<circle class="point"/g)).toHaveLength(3);
    expect(view.figures![1]!.svg.match(/<g class="bar"/g)).toHaveLength(3);
    expect(view.tables.map((t) => t.id)).toEqual(['per-site', ...ACTION_RULES.map((a) => `action-${a.action}`), 'trend']);
    for (const rule of ACTION_RULES) {
      expect(view.tables.find((t) => t.id === `action-${rule.action}`)!.rows).toHaveLength(r.actions.filter((a) => a.action === rule.action).length);
    }
    const perSite = view.tables[0]!;
    expect(perSite.rows.map((row) => [row[0], row.at(-1)])).toEqual([['S1', 50], ['S2', 25], ['S3', 50]]);
  });

  it('writes one CSV row per action with an action column, read back by csv-parse', () => {
    const records = parse(renderCsv(view.csv), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(11);
    expect(Object.keys(records[0]!).slice(0, 4)).toEqual(['action', 'todo', 'status', 'serialNumber']);
    expect(records.map((x) => x.action)).toEqual(r.actions.map((a) => a.action));
    const formula = records.find((x) => x.serialNumber === "'-1234")!;
    expect(formula).toMatchObject({ action: 'add', siteName: HOSTILE_SITE_NAME, detail: `'=HYPERLINK("http://192.0.2.1/","x")` });
    expect(records.find((x) => x.action === 'record-rma-swap')).toMatchObject({ serialNumber: 'JN-OLD-8', pairedWith: 'JN-NEW-9', contract: 'active' });
  });

  it('renders as HTML with markup in a site name kept as text', () => {
    const html = renderHtml(view);
    expect(html).not.toContain('<b>Lab</b>');
    expect(html).toContain('&lt;b&gt;Lab&lt;/b&gt; &amp; &quot;test&quot;');
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
    expect(html.indexOf('data-figure="trend-chart"')).toBeLessThan(html.indexOf('data-table="per-site"'));
  });

  it('formats percentages with at most one decimal', () => {
    expect(percentText(41.66)).toBe('41.7 %');
    expect(percentText(100)).toBe('100 %');
  });
});
