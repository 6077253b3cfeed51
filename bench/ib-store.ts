/**
 * Installed-base store benchmark (issue 5): how long the store takes, on a fresh temp SQLite file,
 * to import N generated installed-base records (default 1,000,000; a quarter with two contracts,
 * the rest one; 1,000 sites; serials scrambled so the file is not in serial order, as a real export
 * grouped by site is not), read them back (`installedBase()`), import the same file again with
 * `--replace all` (every record replaced), record a reconciliation of M items (default 1,000,000)
 * and read its items back — against a bare baseline: a better-sqlite3 loop of single-row prepared
 * statements on an identical schema (same pragmas, one transaction per step, rows pre-sorted by
 * serial), the floor of what SQLite itself costs here.
 * Prints ONE JSON line on stdout:
 *   {"bench":"ib-store","records","contracts","items","results":{"store":{...ms},"bare":{...ms}},
 *    "ratios":{step: store ÷ bare},"maxRssMiB","dbMiB","node","cpus"}
 * The records are generated, used by both sides and dropped before the items are generated: one
 * data set in memory at a time. maxRssMiB is the process's peak resident memory over the whole
 * run, generated input included (it is not the store's own footprint).
 * Usage: node dist/bench/ib-store.js [--records N] [--items M] [--skip-bare]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReconcileItem, ReconcileResult, ReconcileStatus } from '../src/analysis/reconcile-types.js';
import type { IbFileContents, IbRecord } from '../src/installed-base/installed-base-types.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';

const MIB = 1024 * 1024;
const SITES = 1000;
const STATUSES: ReconcileStatus[] = ['matched', 'matched', 'matched', 'unregistered', 'missing', 'site-mismatch', 'not-verified'];

function argInt(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const n = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

const site = (i: number): string => String(100_000_000 + (i % SITES)).padStart(10, '0');
/** A unique, scrambled serial per index (multiplication by an odd constant is a bijection mod 2^32). */
const serial = (i: number): string => `JN${(Math.imul(i, 0x9e3779b1) >>> 0).toString(36).toUpperCase().padStart(7, '0')}`;

function generateRecords(n: number): IbFileContents {
  const records: IbRecord[] = [];
  // grouped by site, as an export usually is
  for (let s = 0; s < SITES; s++) {
    for (let i = s; i < n; i += SITES) {
      const contracts = [{ contractId: `C${100000 + (i % 5000)}`, serviceLevel: 'SVC-CORE-NBD', start: '2024-01-01', end: '2027-01-01' }];
      if (i % 4 === 0) contracts.push({ contractId: `C${200000 + (i % 5000)}`, serviceLevel: 'SVC-SDI', start: '2024-06-01', end: '2026-06-01' });
      records.push({
        serialNumber: serial(i), sku: i % 3 === 0 ? 'MX960BASE3-AC-ECM' : 'MPC7E-10G', description: 'MX960 chassis or line card', siteId: site(i),
        siteName: `SITE-${i % SITES}`, shipDate: '2023-11-15', warrantyEnd: '2024-11-15', parentSerial: i % 10 === 0 ? null : serial(i - (i % 10)),
        contracts, lines: contracts.map((_, k) => 2 + i * 2 + k),
      });
    }
  }
  const sites = [...new Set(records.map((r) => r.siteId))].sort();
  return { file: 'bench-ib.csv', rowsRead: records.reduce((t, r) => t + r.contracts.length, 0), records, rejected: [], sites, rejectedSerials: [] };
}

function generateResult(m: number): ReconcileResult {
  const items: ReconcileItem[] = [];
  for (let i = 0; i < m; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const seen = status !== 'missing';
    items.push({
      status, serialNumber: serial(i), device: seen ? `dev-${i % 20000}` : null, site: seen ? site(i) : null, ibSite: status === 'unregistered' ? null : site(i),
      kind: 'fpc', partNumber: '750-045372', modelNumber: 'MPC7E-10G', sku: status === 'unregistered' ? null : 'MPC7E-10G', contract: status === 'unregistered' ? null : 'active',
      pairedWith: null, detail: `${status}: serial ${serial(i)} seen on dev-${i % 20000} at ${site(i)}, recorded at ${site(i)}`,
    });
  }
  const counts = { inScope: m, matched: 0, unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 42.9 };
  return { summary: counts, perSite: [{ site: site(0), ...counts }], items };
}

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round(performance.now() - start);
}

/** Installed-base steps through the store: import, read back, import again with replace `all`. */
async function storeIb(file: string, contents: IbFileContents): Promise<Record<string, number>> {
  const store = await openStore({ sqlite: file, logger: silentLogger() });
  try {
    let read = 0;
    const importMs = await timed(() => store.importInstalledBase(contents, { replace: 'sites', importedAt: '2025-06-01T00:00:00Z' }));
    const readMs = await timed(async () => (read = (await store.installedBase()).length));
    const reimportAllMs = await timed(() => store.importInstalledBase(contents, { replace: 'all', importedAt: '2025-06-02T00:00:00Z' }));
    if (read !== contents.records.length) throw new Error(`read back ${read} of ${contents.records.length} records`);
    return { importMs, readMs, reimportAllMs };
  } finally {
    await store.close();
  }
}

/** Reconciliation steps through the store: record the items, read them back. */
async function storeItems(file: string, result: ReconcileResult): Promise<Record<string, number>> {
  const store = await openStore({ sqlite: file, logger: silentLogger() });
  try {
    let id = 0;
    let read = 0;
    const recordItemsMs = await timed(async () => (id = await store.recordReconciliation(result, '2025-06-02T01:00:00Z')));
    const readItemsMs = await timed(async () => (read = (await store.reconciliationItems(id)).length));
    if (read !== result.items.length) throw new Error(`read back ${read} of ${result.items.length} items`);
    return { recordItemsMs, readItemsMs };
  } finally {
    await store.close();
  }
}

/** A bare connection to a file with the store's schema and pragmas. */
async function bareDb(file: string): Promise<Database.Database> {
  await (await openStore({ sqlite: file, logger: silentLogger() })).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

/** The floor for the installed base: single-row prepared statements, sorted input, one transaction. */
async function bareIb(file: string, contents: IbFileContents): Promise<Record<string, number>> {
  const db = await bareDb(file);
  try {
    const imp = db.prepare(`insert into ib_imports (file, imported_at, replace_mode, rows_read, records, rejected_rows, records_removed, sites_replaced) values (?, ?, 'sites', 0, 0, 0, 0, '[]')`);
    const rec = db.prepare(`insert into ib_records values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const con = db.prepare(`insert into ib_contracts values (?, ?, ?, ?, ?, ?)`);
    const importAll = db.transaction((records: readonly IbRecord[]) => {
      const importId = imp.run(contents.file, '2025-06-01T00:00:00.000Z').lastInsertRowid;
      const sorted = [...records].sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0));
      for (const r of sorted) {
        rec.run(r.serialNumber, r.sku, r.description, r.siteId, r.siteName, r.shipDate, r.warrantyEnd, r.parentSerial, importId, JSON.stringify(r.lines));
        r.contracts.forEach((c, k) => con.run(r.serialNumber, k, c.contractId, c.serviceLevel, c.start, c.end));
      }
    });
    let read = 0;
    const importMs = await timed(() => importAll(contents.records));
    const readMs = await timed(() => {
      read = db.prepare('select * from ib_records order by serial_number').all().length;
      db.prepare('select * from ib_contracts order by serial_number, position').all();
    });
    if (read !== contents.records.length) throw new Error(`bare: read back ${read} of ${contents.records.length} records`);
    return { importMs, readMs };
  } finally {
    db.close();
  }
}

/** The floor for items: a single-row prepared INSERT per item, one transaction. */
async function bareItems(file: string, result: ReconcileResult): Promise<Record<string, number>> {
  const db = await bareDb(file);
  try {
    const rid = db.prepare(`insert into reconciliations (at, in_scope, matched, unregistered, missing, site_mismatch, product_mismatch, rma_suspected, not_verified, accuracy_pct, items) values (?, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)`);
    const item = db.prepare(`insert into reconciliation_items (reconciliation_id, status, serial_number, device, site, ib_site, kind, part_number, model_number, sku, contract, paired_with, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let id = 0;
    const recordAll = db.transaction((items: readonly ReconcileItem[]) => {
      id = Number(rid.run('2025-06-02T01:00:00.000Z', items.length).lastInsertRowid);
      for (const t of items) item.run(id, t.status, t.serialNumber, t.device, t.site, t.ibSite, t.kind, t.partNumber, t.modelNumber, t.sku, t.contract, t.pairedWith, t.detail);
    });
    const recordItemsMs = await timed(() => recordAll(result.items));
    const readItemsMs = await timed(() => db.prepare('select * from reconciliation_items where reconciliation_id = ? order by id').all(id));
    return { recordItemsMs, readItemsMs };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const n = argInt('--records', 1_000_000);
  const m = argInt('--items', 1_000_000);
  const withBare = !process.argv.includes('--skip-bare');
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-ib-'));
  try {
    // one data set in memory at a time: the records, then the items
    let contents: IbFileContents | null = generateRecords(n);
    const contracts = contents.rowsRead;
    const store = await storeIb(join(dir, 'store.db'), contents);
    const bare = withBare ? await bareIb(join(dir, 'bare.db'), contents) : null;
    contents = null;
    const result = generateResult(m);
    Object.assign(store, await storeItems(join(dir, 'store.db'), result));
    if (bare !== null) Object.assign(bare, await bareItems(join(dir, 'bare.db'), result));
    const dbMiB = statSync(join(dir, 'store.db')).size / MIB;
    const ratios: Record<string, number> = {};
    if (bare !== null) for (const [k, v] of Object.entries(bare)) ratios[k] = Math.round((store[k]! / Math.max(1, v)) * 100) / 100;
    const line = {
      bench: 'ib-store', records: n, contracts, items: m, results: { store, bare }, ratios,
      maxRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MIB), dbMiB: Math.round(dbMiB), node: process.version, cpus: cpus().length,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: String((err as Error)?.stack ?? err) })}\n`);
  process.exitCode = 1;
});
