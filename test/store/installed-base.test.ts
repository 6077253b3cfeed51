/**
 * The installed base in the store (SPEC §4), on real SQLite files: imports replacing by sites or
 * everything, rejected serials keeping their record, a serial moving site, contracts round trip,
 * import summaries, one transaction per import, and the 0004 migration on an older store.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IbContract, IbFileContents, IbRecord } from '../../src/installed-base/installed-base-types.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Database as Tables } from '../../src/store/database-schema.js';
import { openStore } from '../../src/store/open-store.js';
import { migrateSchema } from '../../src/store/schema-migrator.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store-api.js';
import { tempStore } from './collection-builder.js';

const AMS = '0100012345';
const FRA = '0100067890';
const LON = '0100011111';
const AT = '2025-06-01T08:00:00.000Z';

let open: Store[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function fresh(): Promise<{ store: Store; file: string }> {
  const t = await tempStore('ibsight-ib-');
  open.push(t.store);
  return { store: t.store, file: t.file };
}

const contract = (id: string, end: string | null = '2027-01-31'): IbContract => ({ contractId: id, serviceLevel: 'SVC-CORE-NBD', start: '2024-02-01', end });

function rec(serialNumber: string, siteId: string, more: Partial<IbRecord> = {}): IbRecord {
  return {
    serialNumber, sku: 'MX960BASE3-AC-ECM', description: 'MX960 base chassis', siteId, siteName: `site ${siteId}`,
    shipDate: '2023-11-15', warrantyEnd: '2024-11-15', parentSerial: null, contracts: [contract(`C-${serialNumber}`)], lines: [2], ...more,
  };
}

function file(records: IbRecord[], more: Partial<IbFileContents> = {}): IbFileContents {
  const sites = [...new Set(records.map((r) => r.siteId))].sort();
  return { file: 'ib.csv', rowsRead: records.length, records, rejected: [], sites, rejectedSerials: [], ...more };
}

const serialsBySite = (records: IbRecord[]): string[] => records.map((r) => `${r.siteId}:${r.serialNumber}`);

function rawCount(path: string, query: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(query).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function foreignKeyProblems(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('pragma foreign_key_check').all();
  } finally {
    db.close();
  }
}

describe('installed base in the store', () => {
  it('round-trips records with their contracts, in serial order, and records the import', async () => {
    const { store } = await fresh();
    const records = [
      rec('JN12B9E35AFA', AMS, { contracts: [contract('C-1'), { contractId: null, serviceLevel: 'SVC-SDI', start: null, end: null }], lines: [3, 7] }),
      rec('CAFN6104', AMS, { sku: null, description: null, siteName: null, shipDate: null, warrantyEnd: null, parentSerial: 'JN12B9E35AFA', contracts: [], lines: [4] }),
      rec('AA1712404L2', FRA, { parentSerial: 'CAFN6104', lines: [5] }),
    ];
    const summary = await store.importInstalledBase(file(records, { rowsRead: 5, rejected: [{ line: 6, serialNumber: null, code: 'missing-serial', reason: 'no serial' }] }), {
      replace: 'sites', importedAt: '2025-06-01T10:00:00+02:00',
    });
    expect(summary).toEqual({
      importId: summary.importId, file: 'ib.csv', importedAt: AT, replace: 'sites', rowsRead: 5, records: 3, rejectedRows: 1, sitesReplaced: [AMS, FRA], recordsRemoved: 0,
    });
    expect(await store.installedBase()).toEqual([records[2], records[1], records[0]]);
    expect(await store.installedBaseImports()).toEqual([summary]);
  });

  it('a re-import updates records in place: changed fields and fewer or more contracts are what the new file says', async () => {
    const { store, file: path } = await fresh();
    await store.importInstalledBase(file([
      rec('JN1A', AMS, { contracts: [contract('C-1'), contract('C-2')] }),
      rec('JN1B', AMS, { contracts: [] }),
      rec('JN1C', AMS),
    ]), { replace: 'sites', importedAt: AT });
    const second = [
      rec('JN1A', AMS, { sku: 'MX960-PREMIUM3-AC', contracts: [contract('C-2', '2028-01-31')] }),
      rec('JN1B', AMS, { contracts: [contract('C-3'), contract('C-4')] }),
    ];
    const summary = await store.importInstalledBase(file(second), { replace: 'sites', importedAt: AT });
    expect(summary.recordsRemoved).toBe(1);
    expect(await store.installedBase()).toEqual(second);
    expect(rawCount(path, 'select count(*) as n from ib_contracts')).toBe(3);
    expect(foreignKeyProblems(path)).toEqual([]);
  });

  it('replaces the sites in the file and keeps the other sites', async () => {
    const { store, file: path } = await fresh();
    await store.importInstalledBase(file([rec('A1', AMS, { contracts: [contract('C-A1'), contract('C-A1b')] }), rec('A2', AMS), rec('F1', FRA)]), { replace: 'sites', importedAt: AT });
    const changed = rec('A1', AMS, { sku: 'MX960-PREMIUM3-AC', contracts: [contract('C-A1-new', '2028-01-31')], lines: [9] });
    const summary = await store.importInstalledBase(file([changed, rec('A3', AMS)]), { replace: 'sites', importedAt: '2025-07-01T00:00:00Z' });
    expect(summary).toMatchObject({ sitesReplaced: [AMS], records: 2, recordsRemoved: 1 });
    const stored = await store.installedBase();
    expect(serialsBySite(stored)).toEqual([`${AMS}:A1`, `${AMS}:A3`, `${FRA}:F1`]);
    expect(stored[0]).toEqual(changed); // the old contracts of A1 are gone, not merged
    expect(rawCount(path, `select count(*) as n from ib_contracts where serial_number = 'A2'`)).toBe(0);
    expect(foreignKeyProblems(path)).toEqual([]);
  });

  it('with replace `all` replaces everything, and names every site it replaced', async () => {
    const { store, file: path } = await fresh();
    await store.importInstalledBase(file([rec('A1', AMS), rec('F1', FRA), rec('F2', FRA)]), { replace: 'sites', importedAt: AT });
    const summary = await store.importInstalledBase(file([rec('L1', LON), rec('F1', FRA)]), { replace: 'all', importedAt: '2025-07-01T00:00:00Z' });
    expect(summary).toMatchObject({ replace: 'all', sitesReplaced: [AMS, LON, FRA].sort(), records: 2, recordsRemoved: 2 });
    expect(serialsBySite(await store.installedBase())).toEqual([`${FRA}:F1`, `${LON}:L1`]);
    expect(rawCount(path, 'select count(*) as n from ib_contracts')).toBe(2);
  });

  it('keeps the stored record of a serial whose rows were all rejected', async () => {
    const { store } = await fresh();
    const kept = rec('A1', AMS, { contracts: [contract('C-kept')], lines: [2, 3] });
    await store.importInstalledBase(file([kept, rec('A2', AMS), rec('F1', FRA)]), { replace: 'sites', importedAt: AT });
    const rejected = [{ line: 2, serialNumber: 'A1', code: 'conflicting-rows' as const, reason: 'rows disagree on site' }];
    // AMS is replaced, but A1's rows were refused: its stored record stays exactly as it was
    const bySites = await store.importInstalledBase(file([rec('A2', AMS)], { rejected, rejectedSerials: ['A1'] }), { replace: 'sites', importedAt: '2025-07-01T00:00:00Z' });
    expect(bySites).toMatchObject({ recordsRemoved: 0, rejectedRows: 1 });
    expect((await store.installedBase()).find((r) => r.serialNumber === 'A1')).toEqual(kept);
    // the same with replace `all`
    const all = await store.importInstalledBase(file([rec('L1', LON)], { rejected, rejectedSerials: ['A1'] }), { replace: 'all', importedAt: '2025-08-01T00:00:00Z' });
    expect(all.recordsRemoved).toBe(2); // A2 and F1
    expect(await store.installedBase()).toEqual([kept, rec('L1', LON)]);
  });

  it('moves a serial recorded at a site the import does not replace to the site the file names', async () => {
    const { store } = await fresh();
    await store.importInstalledBase(file([rec('A1', AMS), rec('F1', FRA), rec('F9', FRA)]), { replace: 'sites', importedAt: AT });
    // the new AMS file lists F1 (moved from Frankfurt); Frankfurt itself is not in the file
    const summary = await store.importInstalledBase(file([rec('A1', AMS), rec('F1', AMS, { contracts: [] })]), { replace: 'sites', importedAt: '2025-07-01T00:00:00Z' });
    expect(summary).toMatchObject({ sitesReplaced: [AMS], recordsRemoved: 0, records: 2 });
    const stored = await store.installedBase();
    expect(serialsBySite(stored)).toEqual([`${AMS}:A1`, `${AMS}:F1`, `${FRA}:F9`]);
    expect(stored[1]!.contracts).toEqual([]);
  });

  it('reads back an installed base of several read pages, every record with its own contracts', async () => {
    const { store } = await fresh();
    // 45,001 records (the store reads 20,000 per page), given in reverse order, with 0, 1 or 2 contracts
    const records = Array.from({ length: 45_001 }, (_, i) => {
      const serial = `S${String(i).padStart(6, '0')}`;
      return rec(serial, [AMS, FRA, LON][i % 3]!, { contracts: Array.from({ length: i % 3 }, (_, k) => contract(`C-${serial}-${k}`)), lines: [i + 2] });
    });
    await store.importInstalledBase(file([...records].reverse()), { replace: 'sites', importedAt: AT });
    expect(await store.installedBase()).toEqual(records);
  });

  it('stores records given in any order and refuses a serial listed twice, changing nothing', async () => {
    const { store } = await fresh();
    await store.importInstalledBase(file([rec('Z9', AMS), rec('B2', FRA), rec('M5', AMS)]), { replace: 'sites', importedAt: AT });
    expect((await store.installedBase()).map((r) => r.serialNumber)).toEqual(['B2', 'M5', 'Z9']);
    const twice = file([rec('Q1', AMS, { lines: [4] }), rec('B2', AMS), rec('Q1', AMS, { lines: [9] })]);
    await expect(store.importInstalledBase(twice, { replace: 'all', importedAt: AT })).rejects.toMatchObject({
      code: 'INPUT_INVALID', context: { file: 'ib.csv', serialNumber: 'Q1', line: 4 },
    });
    expect((await store.installedBase()).map((r) => r.serialNumber)).toEqual(['B2', 'M5', 'Z9']);
    expect(await store.installedBaseImports()).toHaveLength(1);
  });

  it('imports in one transaction: a failure half-way leaves the stored installed base and imports as they were', async () => {
    const { store } = await fresh();
    await store.importInstalledBase(file([rec('A1', AMS), rec('F1', FRA)]), { replace: 'sites', importedAt: AT });
    const before = await store.installedBase();
    // A1's stored record is deleted to be rewritten, then the write breaks a NOT NULL constraint
    const broken = file([rec('A1', AMS, { sku: 'changed' }), { ...rec('A5', AMS), siteId: null as unknown as string }], { sites: [AMS] });
    await expect(store.importInstalledBase(broken, { replace: 'all', importedAt: AT })).rejects.toMatchObject({ code: 'STORE_FAILED' });
    expect(await store.installedBase()).toEqual(before);
    expect(await store.installedBaseImports()).toHaveLength(1);
    await expect(store.importInstalledBase(file([rec('A1', AMS)]), { replace: 'sites', importedAt: 'yesterday' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store.importInstalledBase(file([rec('A1', AMS)]), { replace: 'some' as 'all', importedAt: AT })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('adds its tables to a store written by the previous schema, which keeps its data, and survives a reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ibsight-ib-migrate-')), 'older.db');
    // an ibsight that knew migrations up to 0003 wrote this file
    const raw = new Database(path);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    expect(await migrateSchema(db, { file: path, logger: silentLogger(), upTo: '0003-health-history' })).toHaveLength(3);
    raw.exec(`INSERT INTO devices (name, host, port, in_inventory) VALUES ('mx-old', '192.0.2.1', 830, 1)`);
    await db.destroy();

    const store = await openStore({ sqlite: path, logger: silentLogger() });
    expect((await (store as SqliteStore).diagnostics()).migrations).toContain('0004-installed-base');
    expect((await store.listDevices()).map((d) => d.name)).toEqual(['mx-old']);
    await store.importInstalledBase(file([rec('A1', AMS)]), { replace: 'sites', importedAt: AT });
    await store.close();
    const again = await openStore({ sqlite: path, logger: silentLogger() });
    open.push(again);
    expect(await again.installedBase()).toEqual([rec('A1', AMS)]);
    expect((await again.installedBaseImports()).map((i) => i.importedAt)).toEqual([AT]);
  });
});
