/**
 * The bulk path of the installed-base import (installed-base-store.ts), on real SQLite files:
 * imports large enough to drop and recreate the secondary indexes, with foreign-key enforcement
 * off for their transaction. After a first import, a re-import changing records and contract
 * counts, a serial moving site, removals and a failure half-way: the data is what the files say,
 * `foreign_key_check` finds nothing, the indexes are exactly the migrated schema's, and the
 * store's connection enforces foreign keys again.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IbContract, IbFileContents, IbRecord } from '../../src/installed-base/installed-base-types.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store-api.js';
import { tempStore } from './collection-builder.js';

const SITES = ['0100012345', '0100067890', '0100011111'];
const AT = '2025-06-01T08:00:00.000Z';
/** Above the import's index-rebuild threshold (10,000 records). */
const COUNT = 12_000;

let open: Store[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

const contract = (id: string, end = '2027-01-31'): IbContract => ({ contractId: id, serviceLevel: 'SVC-CORE-NBD', start: '2024-02-01', end });

function record(i: number, round: number): IbRecord {
  const serial = `JN${String(i).padStart(8, '0')}`;
  // the second round changes the SKU of every 7th record and the number of contracts of most
  const contracts = Array.from({ length: (i + round) % 3 }, (_, k) => contract(`C-${serial}-${round}-${k}`));
  return {
    serialNumber: serial, sku: round === 2 && i % 7 === 0 ? 'MX960-PREMIUM3-AC' : 'MX960BASE3-AC-ECM', description: 'MX960 base chassis',
    siteId: SITES[i % 3]!, siteName: null, shipDate: '2023-11-15', warrantyEnd: null, parentSerial: i % 5 === 0 ? null : `JN${String(i - (i % 5)).padStart(8, '0')}`,
    contracts, lines: [i + 2],
  };
}

function file(records: IbRecord[], more: Partial<IbFileContents> = {}): IbFileContents {
  return { file: 'ib.csv', rowsRead: records.length, records, rejected: [], sites: [...new Set(records.map((r) => r.siteId))].sort(), rejectedSerials: [], ...more };
}

function inspect(path: string): { fkProblems: unknown[]; indexes: unknown[]; contracts: number } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      fkProblems: db.prepare('pragma foreign_key_check').all(),
      indexes: db.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name in ('ib_records', 'ib_contracts') and sql is not null order by name`).all(),
      contracts: (db.prepare('select count(*) as n from ib_contracts').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

async function migratedIndexes(): Promise<unknown[]> {
  const t = await tempStore('ibsight-ib-schema-');
  await t.store.close();
  return inspect(t.file).indexes;
}

describe('a large installed-base import', () => {
  it('stores a first import and a re-import exactly, keeping the schema indexes and the references', async () => {
    const t = await tempStore('ibsight-ib-bulk-');
    open.push(t.store);
    const expectedIndexes = await migratedIndexes();
    expect(expectedIndexes).toHaveLength(1); // ib_records_site (ib_records_import dropped by migration 0007)

    const first = Array.from({ length: COUNT }, (_, i) => record(i, 1));
    await t.store.importInstalledBase(file(first), { replace: 'sites', importedAt: AT });
    expect(await t.store.installedBase()).toEqual(first);
    expect(inspect(t.file)).toEqual({ fkProblems: [], indexes: expectedIndexes, contracts: first.reduce((n, r) => n + r.contracts.length, 0) });

    // the second file: every 10th record gone, one serial moved to another site, one serial's rows all refused
    const second = first.filter((_, i) => i % 10 !== 3).map((r) => record(Number(r.serialNumber.slice(2)), 2));
    const moved = second.findIndex((r) => r.serialNumber === 'JN00000004');
    second[moved] = { ...second[moved]!, siteId: SITES[0]! };
    const refused = 'JN00000005';
    const listed = second.filter((r) => r.serialNumber !== refused);
    const summary = await t.store.importInstalledBase(file(listed, { rejectedSerials: [refused], sites: SITES }), { replace: 'sites', importedAt: AT });
    const kept = first.find((r) => r.serialNumber === refused)!;
    const expected = [...listed, kept].sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : 1));
    expect(summary.recordsRemoved).toBe(COUNT / 10);
    expect(await t.store.installedBase()).toEqual(expected);
    expect(inspect(t.file)).toEqual({ fkProblems: [], indexes: expectedIndexes, contracts: expected.reduce((n, r) => n + r.contracts.length, 0) });
    expect((await (t.store as SqliteStore).diagnostics()).foreignKeys).toBe(1);
  });

  it('leaves records, contracts, indexes and foreign keys as they were when a large re-import fails half-way', async () => {
    const t = await tempStore('ibsight-ib-bulk-fail-');
    open.push(t.store);
    const first = Array.from({ length: COUNT }, (_, i) => record(i, 1));
    await t.store.importInstalledBase(file(first), { replace: 'all', importedAt: AT });
    const before = inspect(t.file);

    const broken = Array.from({ length: COUNT }, (_, i) => record(i, 2));
    broken[COUNT - 1] = { ...broken[COUNT - 1]!, siteId: null as unknown as string };
    await expect(t.store.importInstalledBase(file(broken, { sites: SITES }), { replace: 'all', importedAt: AT })).rejects.toMatchObject({ code: 'STORE_FAILED' });
    expect(await t.store.installedBase()).toEqual(first);
    expect(inspect(t.file)).toEqual(before);
    expect((await (t.store as SqliteStore).diagnostics()).foreignKeys).toBe(1);
    expect(await t.store.installedBaseImports()).toHaveLength(1);
  });
});
