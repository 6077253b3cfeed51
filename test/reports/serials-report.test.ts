/**
 * `report serials --site ID` as a pure function: which serials a site lists (seen there, any
 * status; recorded there and not seen), the per-site count matching the reconciliation's, the
 * order, an unknown site an input error naming it, a known site without serials an empty list,
 * and the files named after the site (a site id never leaves the output directory).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { writeReportFiles } from '../../src/reports/report-files.js';
import { buildSerialsReport, serialsReportView } from '../../src/reports/serials-report.js';
import { sampleItems, sampleReconciliations, SITE_NAMES } from './accuracy-fixtures.js';

const NOW = new Date('2025-03-01T07:00:00.000Z');
const latest = sampleReconciliations().find((r) => r.id === 3)!;
const build = (site: string, siteNames = SITE_NAMES) => buildSerialsReport(latest, sampleItems(), { site, generatedAt: NOW, siteNames });
const dir = mkdtempSync(join(tmpdir(), 'ibsight-serials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildSerialsReport', () => {
  it('lists the serials seen at the site and those recorded there but not seen, by device, kind and serial', () => {
    const r = build('S1');
    expect(r).toMatchObject({ report: 'serials', site: 'S1', siteName: 'AMS-DC1', reconciliationId: 3, reconciledAt: latest.at, generatedAt: NOW.toISOString() });
    expect(r.serials.map((s) => [s.serialNumber, s.device, s.status])).toEqual([
      ['JN-ACTIVE-1', 'mx1', 'matched'],
      ['JN-EXPIRED-2', 'mx1', 'matched'],
      ['JN-EXPIRING-3', 'mx1', 'matched'],
      ['JN-NEW-9', 'mx1', 'rma-suspected'],
      ['JN-GONE-6', null, 'missing'],
      ['JN-OLD-8', null, 'rma-suspected'],
    ]);
    expect(r.totals).toEqual({ serials: 6, seen: 4, notSeen: 2, notRecorded: 1, contractActive: 3, contractToRenew: 2 });
  });

  it('lists a site-mismatch serial under the site it was seen at, with the recorded site', () => {
    expect(build('S1').serials.some((s) => s.serialNumber === 'JN-MOVED-7')).toBe(false);
    expect(build('S2').serials.find((s) => s.serialNumber === 'JN-MOVED-7')).toEqual({
      serialNumber: 'JN-MOVED-7',
      kind: 'fpc',
      modelNumber: 'MPC7E-MRATE',
      partNumber: '750-000001',
      sku: 'MPC7E-MRATE',
      device: 'ex2',
      status: 'site-mismatch',
      contract: 'expired',
      ibSite: 'S1',
    });
  });

  it('counts a not-verified serial as not seen, even with the device it was last seen on', () => {
    const r = build('S3');
    expect(r.serials.find((s) => s.serialNumber === 'JN-STALE-11')).toMatchObject({ device: 'mx3', status: 'not-verified' });
    expect(r.totals).toMatchObject({ serials: 3, seen: 2, notSeen: 1 });
  });

  it('gives every site as many serials as the reconciliation has in scope there', () => {
    for (const site of latest.perSite) expect(build(site.site).serials).toHaveLength(site.inScope);
  });

  it('is an input error naming an unknown site and the known ones', () => {
    try {
      build('S9');
      expect.unreachable();
    } catch (err) {
      expect(isIbsightError(err, 'INPUT_INVALID')).toBe(true);
      expect((err as Error).message).toBe('unknown site "S9": the inventory and the latest reconciliation know S1, S2, S3');
    }
  });

  it('gives an empty list for a site the inventory knows but nothing was seen or recorded at', () => {
    const r = build('S4', new Map([...SITE_NAMES, ['S4', 'Empty']]));
    expect(r.serials).toEqual([]);
    expect(r.totals.serials).toBe(0);
    expect(serialsReportView(r).tables[0]!.emptyText).toMatch(/No serial number/);
  });
});

describe('serialsReportView', () => {
  it('writes serials-<site>.csv, one row per serial, read back by csv-parse', () => {
    const r = build('S2');
    const view = serialsReportView(r);
    expect(view.title).toBe('Serial numbers of site S2 (FRA-DC2)');
    const [csvFile, jsonFile] = writeReportFiles(join(dir, 'a'), ['csv', 'json'], r, view);
    expect(csvFile).toBe(join(dir, 'a', 'serials-S2.csv'));
    expect(JSON.parse(readFileSync(jsonFile!, 'utf8'))).toEqual(r);
    const records = parse(readFileSync(csvFile!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['serialNumber', 'kind', 'modelNumber', 'partNumber', 'sku', 'device', 'status', 'contract', 'ibSite']);
    expect(records.map((x) => x.serialNumber)).toEqual(r.serials.map((s) => s.serialNumber));
    expect(records.find((x) => x.serialNumber === 'CAJX-NEW-5')).toMatchObject({ status: 'unregistered', contract: '', ibSite: '' });
  });

  it('keeps the file in the output directory whatever the site id holds', () => {
    const r = build('../../etc/x y', new Map([['../../etc/x y', null]]));
    const out = join(dir, 'b');
    const [file] = writeReportFiles(out, ['csv'], r, serialsReportView(r));
    expect(file).toBe(join(out, 'serials-.._.._etc_x_y.csv'));
    expect(readdirSync(out)).toEqual(['serials-.._.._etc_x_y.csv']);
  });
});
