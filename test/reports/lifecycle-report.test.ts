/**
 * The lifecycle report from a real store (SQLite in a temp dir) holding two exposure runs: the
 * JSON has the latest run's lifecycle findings only, in date order with days until each milestone,
 * the passed / upcoming counts per milestone, the upcoming findings per month, hardware rows per
 * product and milestone (devices, serials), software rows per train (devices and members), and the
 * trend of both runs; the CSV has one row per finding and reads back as written; the HTML shows
 * the rows and cuts long lists of names (the JSON keeps them all).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyExposureCounts, type Finding } from '../../src/analysis/exposure-types.js';
import { silentLogger } from '../../src/log/logger.js';
import { renderCsv } from '../../src/reports/csv-render.js';
import { renderHtml } from '../../src/reports/html-render.js';
import { buildLifecycleReport, type LifecycleReport } from '../../src/reports/lifecycle-report.js';
import { LIST_MAX, lifecycleReportView } from '../../src/reports/lifecycle-report-view.js';
import { buildStoreReport, writeStoreReport } from '../../src/reports/store-reports.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store-api.js';
import { GENERATED_AT, HOSTILE_SITE_NAME, MX_CHASSIS, RUN1_AT, RUN2_AT, SITE_NAMES, fillStore } from './exposure-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-lifecycle-report-'));
let store: Store;
let runIds: [number, number];

beforeAll(async () => {
  store = await openStore({ sqlite: join(dir, 'ibsight.db'), logger: silentLogger() });
  runIds = await fillStore(store);
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lifecycleDoc(): Promise<LifecycleReport> {
  return (await buildStoreReport('lifecycle', store, { generatedAt: GENERATED_AT, siteNames: SITE_NAMES })).document as LifecycleReport;
}

describe('lifecycle report from the store', () => {
  it('lists the latest run\'s lifecycle findings in date order with the days until each milestone', async () => {
    const r = await lifecycleDoc();
    expect(r.report).toBe('lifecycle');
    expect([r.run.id, r.run.at]).toEqual([runIds[1], RUN2_AT]);
    expect(r.findings.map((f) => [f.scope, f.ref, f.date, f.status, f.device, f.member ?? f.component!.path.join('/'), f.daysUntil])).toEqual([
      ['hardware', 'lastOrder', '2023-03-31', 'passed', 'ex1', 'FPC 0', -1158],
      ['hardware', 'lastOrder', '2023-03-31', 'passed', 'ex1', 'FPC 1', -1158],
      ['software', 'endOfEngineering', '2024-06-30', 'passed', 'mx1', 're0', -701],
      ['software', 'endOfEngineering', '2024-06-30', 'passed', 'mx1', 're1', -701],
      ['hardware', 'lastOrder', '2025-01-31', 'passed', 'mx1', 'Chassis', -486],
      ['software', 'endOfEngineering', '2026-08-31', 'upcoming', 'srx1', 'node0', 91],
      ['hardware', 'endOfSupport', '2026-09-30', 'upcoming', 'mx1', 'Chassis', 121],
      ['software', 'endOfSupport', '2026-12-31', 'upcoming', 'mx1', 're0', 213],
      ['software', 'endOfSupport', '2026-12-31', 'upcoming', 'mx1', 're1', 213],
      ['hardware', 'lastWarrantyConversion', '2027-03-31', 'upcoming', 'srx1', 'Chassis', 303],
    ]);
    expect(r.findings.filter((f) => f.scope === 'software').map((f) => f.train)).toEqual(['21.2', '21.2', '21.4', '21.2', '21.2']);
    // first seen carried over from run 1
    expect(r.findings.find((f) => f.ref === 'lastOrder' && f.device === 'mx1')!.firstSeen).toBe(RUN1_AT);
    expect(r.findings.find((f) => f.ref === 'endOfSupport' && f.device === 'mx1' && f.scope === 'hardware')!.firstSeen).toBe(RUN2_AT);
  });

  it('counts passed and upcoming per milestone and upcoming per month', async () => {
    const r = await lifecycleDoc();
    expect(r.milestones.map((m) => [m.scope, m.milestone, m.passed, m.upcoming])).toEqual([
      ['hardware', 'eolAnnounced', 0, 0],
      ['hardware', 'lastOrder', 3, 0],
      ['hardware', 'lastWarrantyConversion', 0, 1],
      ['hardware', 'endOfSoftwareEngineering', 0, 0],
      ['hardware', 'endOfSupport', 0, 1],
      ['software', 'endOfEngineering', 2, 1],
      ['software', 'endOfSupport', 0, 2],
    ]);
    expect(r.months.map((m) => [m.month, m.upcoming])).toEqual([
      ['2026-06', 0], ['2026-07', 0], ['2026-08', 1], ['2026-09', 1], ['2026-10', 0], ['2026-11', 0], ['2026-12', 2], ['2027-01', 0], ['2027-02', 0], ['2027-03', 1],
    ]);
    expect(r.months.find((m) => m.month === '2026-12')!.byMilestone).toEqual({ 'software End of Support (EOS)': 2 });
    expect(r.beyondMonths).toBe(0);
  });

  it('groups hardware per product and milestone, software per train and milestone', async () => {
    const r = await lifecycleDoc();
    expect(r.hardware.map((h) => [h.product, h.milestone, h.date, h.status, h.daysUntil, h.findings, h.devices, h.serials, h.kinds, h.sites])).toEqual([
      ['EX4300-48T', 'lastOrder', '2023-03-31', 'passed', -1158, 2, ['ex1'], ['PE3714AF0001', 'PE3714AF0002'], ['fpc'], ['S1']],
      [MX_CHASSIS.model, 'lastOrder', '2025-01-31', 'passed', -486, 1, ['mx1'], [MX_CHASSIS.serial], ['chassis'], ['S1']],
      [MX_CHASSIS.model, 'endOfSupport', '2026-09-30', 'upcoming', 121, 1, ['mx1'], [MX_CHASSIS.serial], ['chassis'], ['S1']],
      ['SRX345', 'lastWarrantyConversion', '2027-03-31', 'upcoming', 303, 1, ['srx1'], ['CV2516AF0099'], ['chassis'], ['S2']],
    ]);
    expect(r.software.map((s) => [s.train, s.milestone, s.date, s.status, s.severity, s.versions, s.devices, s.members])).toEqual([
      ['21.2', 'endOfEngineering', '2024-06-30', 'passed', 'high', ['21.2R3-S4.8'], ['mx1'], ['mx1 re0', 'mx1 re1']],
      ['21.4', 'endOfEngineering', '2026-08-31', 'upcoming', 'low', ['21.4R3-S4.9'], ['srx1'], ['srx1 node0']],
      ['21.2', 'endOfSupport', '2026-12-31', 'upcoming', 'medium', ['21.2R3-S4.8'], ['mx1'], ['mx1 re0', 'mx1 re1']],
    ]);
  });

  it('carries the trend of lifecycle counts over both runs', async () => {
    const r = await lifecycleDoc();
    expect(r.trend.map((t) => [t.runId, t.at, t.lifecycleFindings, t.lifecycle.high, t.lifecycle.medium, t.lifecycle.low, t.pastEndOfEngineering])).toEqual([
      [runIds[0], RUN1_AT, 3, 2, 0, 1, 1],
      [runIds[1], RUN2_AT, 10, 3, 2, 5, 1],
    ]);
  });

  it('writes a CSV with one row per lifecycle finding and an HTML with the same rows', async () => {
    const out = join(dir, 'out');
    const files = await writeStoreReport('lifecycle', store, out, ['json', 'csv', 'html'], { generatedAt: GENERATED_AT, siteNames: SITE_NAMES });
    expect(files).toEqual(['json', 'csv', 'html'].map((ext) => join(out, `lifecycle.${ext}`)));
    const json = JSON.parse(readFileSync(files[0]!, 'utf8')) as LifecycleReport;
    const rows = parseCsv(readFileSync(files[1]!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.device, row.scope, row.milestone, row.date, row.status, row.daysUntil])).toEqual(
      json.findings.map((f) => [f.device, f.scope, f.ref, f.date, f.status, String(f.daysUntil)]),
    );
    expect(rows.find((row) => row.device === 'srx1' && row.scope === 'hardware')).toMatchObject({
      siteName: HOSTILE_SITE_NAME, component: 'Chassis', componentKind: 'chassis', serialNumber: 'CV2516AF0099', partNumber: '650-065041',
      modelNumber: 'SRX345', member: '', train: '', milestoneLabel: 'Last warranty conversion',
    });
    expect(rows.find((row) => row.device === 'mx1' && row.milestone === 'endOfEngineering')).toMatchObject({ member: 're0', version: '21.2R3-S4.8', train: '21.2', component: '' });

    const html = readFileSync(files[2]!, 'utf8');
    expect(html.match(/<table data-table="hardware">[\s\S]*?<\/table>/)![0].match(/<tr><td/g)).toHaveLength(json.hardware.length);
    expect(html.match(/<table data-table="software">[\s\S]*?<\/table>/)![0].match(/<tr><td/g)).toHaveLength(json.software.length);
    expect(html.match(/<g class="month" /g)).toHaveLength(json.months.length);
    expect(html).not.toContain(HOSTILE_SITE_NAME);
  });
});

describe('lifecycle report of a large fleet', () => {
  it('cuts long name lists in the HTML, keeps them whole in the JSON and CSV, and bounds the month strip', () => {
    const at = '2026-06-01T06:00:00.000Z';
    const findings: Finding[] = Array.from({ length: 25 }, (_, i) => ({
      key: `k${i}`, kind: 'lifecycle', device: `edge-${String(i).padStart(2, '0')}`, site: 'S1', model: 'mx480', member: null, version: null,
      component: { path: ['Chassis'], kind: 'chassis', serialNumber: `SER${i}`, partNumber: null, modelNumber: 'CHAS-MX480-S' },
      ref: 'endOfSupport', title: 'MX480 endOfSupport', severity: 'high', status: 'upcoming', kev: false, cvss: null,
      date: i === 24 ? '2036-01-31' : '2026-09-30', detail: 'catalog', firstSeen: at,
    }));
    const runs = [{ id: 7, at, summary: emptyExposureCounts(), perSite: [] }];
    const r = buildLifecycleReport(runs, findings, { generatedAt: GENERATED_AT });
    expect(r.hardware[0]!.devices).toHaveLength(24);
    expect(r.months).toHaveLength(60);
    expect(r.months[0]!.month).toBe('2026-06');
    expect(r.beyondMonths).toBe(1);
    const view = lifecycleReportView(r);
    const devicesCell = view.tables.find((t) => t.id === 'hardware')!.rows[0]![9];
    expect(devicesCell).toBe(`${r.hardware[0]!.devices.slice(0, LIST_MAX).join(', ')} … (+14 more)`);
    expect(renderCsv(view.csv).trim().split('\r\n')).toHaveLength(26);
    expect(renderHtml(view)).toContain('1 upcoming finding(s) fall after the 60 months charted.');
  });
});
