/**
 * The accuracy and serials reports wired to a real store (SQLite in a temp dir): before any
 * reconciliation both are input errors telling to run `ibsight reconcile`; serials without a site
 * is a usage error; after two stored reconciliations the accuracy document has both in its trend
 * and the latest one's items, site names come from the caller first and the installed base
 * second, and the serials file is named after its site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import type { AccuracyReport } from '../../src/reports/accuracy-report.js';
import type { SerialsReport } from '../../src/reports/serials-report.js';
import { buildStoreReport, writeStoreReport } from '../../src/reports/store-reports.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store-api.js';
import { countsOf, sampleItems } from './accuracy-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-store-accuracy-'));
let store: Store;

beforeAll(async () => {
  store = await openStore({ sqlite: join(dir, 'ibsight.db'), logger: silentLogger() });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectError(run: () => Promise<unknown>, code: 'INPUT_INVALID' | 'USAGE', message: RegExp): Promise<void> {
  try {
    await run();
    expect.unreachable();
  } catch (err) {
    expect(isIbsightError(err, code), String(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
  }
}

describe('accuracy and serials reports from the store', () => {
  it('are input errors telling to reconcile first when nothing was reconciled', async () => {
    await expectError(() => buildStoreReport('accuracy', store), 'INPUT_INVALID', /no reconciliation stored yet: run `ibsight reconcile` first/);
    await expectError(() => buildStoreReport('serials', store, { site: 'S1' }), 'INPUT_INVALID', /run `ibsight reconcile` first/);
  });

  it('refuses serials without a site as a usage error', async () => {
    await expectError(() => buildStoreReport('serials', store), 'USAGE', /needs --site ID/);
    await expectError(() => buildStoreReport('serials', store, { site: '  ' }), 'USAGE', /needs --site ID/);
  });

  it('report the stored reconciliations: the trend, the latest items, site names', async () => {
    const first = sampleItems().map((i) => (i.status === 'missing' ? { ...i, status: 'matched' as const, device: 'mx1', site: 'S1' } : i));
    await store.recordReconciliation({ ...countsOf(first), items: first }, '2025-02-28T06:00:00.000Z');
    const latestId = await store.recordReconciliation({ ...countsOf(sampleItems()), items: sampleItems() }, '2025-03-01T06:00:00.000Z');
    await store.importInstalledBase(
      {
        file: 'ib.csv',
        rowsRead: 1,
        records: [
          { serialNumber: 'JN-GONE-6', sku: 'MPC7E-MRATE', description: null, siteId: 'S1', siteName: 'Amsterdam', shipDate: null, warrantyEnd: null, parentSerial: null, contracts: [], lines: [2] },
          { serialNumber: 'JN-S3-12', sku: 'SRX345-SYS-JB', description: null, siteId: 'S3', siteName: 'Lab three', shipDate: null, warrantyEnd: null, parentSerial: null, contracts: [], lines: [3] },
        ],
        rejected: [],
        sites: ['S1', 'S3'],
        rejectedSerials: [],
      },
      { replace: 'all', importedAt: '2025-03-01T05:00:00.000Z' },
    );

    const generatedAt = new Date('2025-03-01T07:00:00.000Z');
    const { document } = await buildStoreReport('accuracy', store, { generatedAt, siteNames: new Map([['S1', 'AMS-DC1']]) });
    const r = document as AccuracyReport;
    expect(r.reconciliationId).toBe(latestId);
    expect(r.reconciledAt).toBe('2025-03-01T06:00:00.000Z');
    expect(r.trend.map((t) => [t.at, t.accuracyPct])).toEqual([
      ['2025-02-28T06:00:00.000Z', countsOf(first).summary.accuracyPct],
      ['2025-03-01T06:00:00.000Z', countsOf(sampleItems()).summary.accuracyPct],
    ]);
    expect(r.summary).toEqual(countsOf(sampleItems()).summary);
    expect(r.items.map((i) => [i.serialNumber, i.status]).sort()).toEqual(sampleItems().map((i) => [i.serialNumber, i.status]).sort());
    // The caller's (inventory) name first, the installed base's for a site the caller does not name.
    expect(r.perSite.map((s) => [s.site, s.siteName])).toEqual([['S1', 'AMS-DC1'], ['S2', null], ['S3', 'Lab three']]);

    const files = await writeStoreReport('serials', store, join(dir, 'out'), ['json', 'csv'], { site: 'S3', generatedAt });
    expect(files).toEqual([join(dir, 'out', 'serials-S3.json'), join(dir, 'out', 'serials-S3.csv')]);
    const serials = (await buildStoreReport('serials', store, { site: 'S3', generatedAt })).document as SerialsReport;
    expect(serials).toMatchObject({ site: 'S3', siteName: 'Lab three', reconciliationId: latestId });
    expect(serials.serials.map((s) => s.serialNumber).sort()).toEqual(['-1234', 'JN-S3-12', 'JN-STALE-11']);
    await expectError(() => buildStoreReport('serials', store, { site: 'S9' }), 'INPUT_INVALID', /unknown site "S9"/);
  });
});
