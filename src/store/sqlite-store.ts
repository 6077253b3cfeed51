/**
 * The Store (store-api.ts) over SQLite through Kysely. Writes run in one `BEGIN IMMEDIATE`
 * transaction each (one per device for recordDevice); reads and writes share the dialect's single
 * connection, so concurrent callers (a run's workers) are serialised by Kysely's connection mutex.
 * Open ONE Store per database file per process: better-sqlite3 waits for another connection's
 * lock synchronously (busy_timeout), which is right across processes but would block the event
 * loop that the other connection of the same process needs to commit.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Inventory } from '../config/config-types.js';
import type { ReconcileDevice, ReconcileItem, ReconcileResult, SeenComponent, StoredReconciliation } from '../analysis/reconcile-types.js';
import type { IbFileContents, IbImportSummary, IbRecord, IbReplaceMode } from '../installed-base/installed-base-types.js';
import { changes } from './change-queries.js';
import { configSnapshots, configText, deviceDetail, listDevices, software } from './device-queries.js';
import type { ExposureResult, Finding, StoredExposureRun } from '../analysis/exposure-types.js';
import {
  catalogBodies, catalogImports, exposureFindings, exposureRuns, exposureSnapshot, importCatalogIn, recordExposureIn,
  type CatalogImportMeta, type CatalogImportSummary, type CatalogName, type CatalogRow, type ExposureSnapshot,
} from './exposure-store.js';
import { importInstalledBaseIn, installedBase, installedBaseImports } from './installed-base-store.js';
import { metricCounts, type MetricCounts } from './metric-queries.js';
import { reconcileSnapshot, reconciliationItems, reconciliations, recordReconciliationIn } from './reconciliation-store.js';
import { recordDeviceIn, RecordStatements, type RecordContext } from './record-device.js';
import { pruneHistory } from './retention.js';
import { appliedMigrations } from './schema-migrator.js';
import type { ChangeSet, ConfigSnapshot, DeviceCollection, DeviceDetail, DeviceRow, RunStart, RunSummary, SoftwareRow, Store } from './store-api.js';
import { inRawTransaction, inTransaction, isoTime, reading, rowBatches, storeError, type Db, type RawDb } from './store-transaction.js';

export interface StoreDiagnostics {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  foreignKeys: number;
  busyTimeoutMs: number;
  walAutocheckpointPages: number;
  migrations: string[];
}

export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #walMode: boolean;
  readonly #record: RecordContext;
  /** The connection under #db, for recordDevice's prepared statements. */
  readonly #raw: RawDb;
  #recordStatements: RecordStatements | undefined;
  #closed = false;

  /** `db` must be a Kysely instance over `raw` (the one connection), with the schema migrated. */
  constructor(db: Db, options: { raw: RawDb; walMode: boolean; logger: Logger }) {
    this.#db = db;
    this.#raw = options.raw;
    this.#walMode = options.walMode;
    const logger = options.logger;
    this.#record = { runIds: new Map(), logger };
  }

  syncInventory(inventory: Inventory): Promise<void> {
    return inTransaction(this.#db, 'store: sync inventory', async (trx) => {
      const sites = new Map<string, string | null>();
      for (const s of inventory.sites) sites.set(s.id, s.name);
      for (const d of inventory.devices) if (d.site !== null && !sites.has(d.site)) sites.set(d.site, null);
      const siteRows = [...sites].map(([id, name]) => ({ id, name }));
      for (const rows of rowBatches(siteRows)) {
        await trx
          .insertInto('sites')
          .values(rows)
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.fn.coalesce('excluded.name', 'sites.name') })))
          .execute();
      }
      await trx.updateTable('devices').set({ in_inventory: 0 }).where('in_inventory', '=', 1).execute();
      const deviceRows = inventory.devices.map((d) => ({ name: d.name, host: d.host, port: d.port, site_id: d.site, in_inventory: 1 }));
      for (const rows of rowBatches(deviceRows)) {
        await trx
          .insertInto('devices')
          .values(rows)
          .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({
            host: eb.ref('excluded.host'), port: eb.ref('excluded.port'), site_id: eb.ref('excluded.site_id'), in_inventory: 1,
          })))
          .execute();
      }
    });
  }

  beginRun(run: RunStart): Promise<void> {
    return inTransaction(this.#db, `store: begin run ${run.runId}`, async (trx) => {
      const row = await trx
        .insertInto('runs')
        .values({ run_key: run.runId, kind: run.kind, started_at: isoTime(run.startedAt, 'startedAt'), finished_at: null, duration_ms: null,
          total: null, ok: null, partial: null, failed: null, collectors: JSON.stringify(run.collectors) })
        .returning('id')
        .executeTakeFirstOrThrow();
      this.#record.runIds.set(run.runId, row.id);
    });
  }

  recordDevice(result: DeviceCollection): Promise<void> {
    return inRawTransaction(this.#db, this.#raw, `store: record device ${result.device}`, () => {
      this.#recordStatements ??= new RecordStatements(this.#raw);
      recordDeviceIn(this.#recordStatements, this.#record, result);
    });
  }

  finishRun(runId: string, summary: RunSummary): Promise<void> {
    return inTransaction(this.#db, `store: finish run ${runId}`, async (trx) => {
      await trx
        .updateTable('runs')
        .set({ finished_at: isoTime(summary.finishedAt, 'finishedAt'), duration_ms: Math.round(summary.durationMs), total: summary.devices.total,
          ok: summary.devices.ok, partial: summary.devices.partial, failed: summary.devices.failed })
        .where('run_key', '=', runId)
        .execute();
      this.#record.runIds.delete(runId);
    });
  }

  listDevices(): Promise<DeviceRow[]> {
    return reading('store: list devices', () => listDevices(this.#db));
  }

  deviceDetail(name: string): Promise<DeviceDetail | null> {
    return reading(`store: device ${name}`, () => deviceDetail(this.#db, name));
  }

  configSnapshots(device: string): Promise<ConfigSnapshot[]> {
    return reading(`store: config snapshots of ${device}`, () => configSnapshots(this.#db, device));
  }

  configText(snapshotId: number): Promise<string | null> {
    return reading(`store: config snapshot ${snapshotId}`, () => configText(this.#db, snapshotId));
  }

  software(): Promise<SoftwareRow[]> {
    return reading('store: software', () => software(this.#db));
  }

  changes(since: string | null): Promise<ChangeSet> {
    return reading('store: changes', () => changes(this.#db, since));
  }

  prune(retainDays: number, now: Date = new Date()): Promise<number> {
    return inTransaction(this.#db, 'store: prune', (trx) => pruneHistory(trx, retainDays, now));
  }

  importInstalledBase(contents: IbFileContents, options: { replace: IbReplaceMode; importedAt: string }): Promise<IbImportSummary> {
    return inRawTransaction(this.#db, this.#raw, `store: import installed base ${contents.file}`, () => importInstalledBaseIn(this.#raw, contents, options), {
      foreignKeys: false,
    });
  }

  installedBase(): Promise<IbRecord[]> {
    return reading('store: installed base', () => installedBase(this.#db));
  }

  installedBaseImports(): Promise<IbImportSummary[]> {
    return reading('store: installed-base imports', () => installedBaseImports(this.#db));
  }

  reconcileSnapshot(): Promise<{ devices: ReconcileDevice[]; components: SeenComponent[] }> {
    return reading('store: reconcile snapshot', () => reconcileSnapshot(this.#db));
  }

  recordReconciliation(result: ReconcileResult, at: string): Promise<number> {
    return inTransaction(this.#db, 'store: record reconciliation', (trx) => recordReconciliationIn(trx, result, at));
  }

  reconciliations(options: { last?: number } = {}): Promise<StoredReconciliation[]> {
    return reading('store: reconciliations', () => reconciliations(this.#db, options.last));
  }

  reconciliationItems(id: number): Promise<ReconcileItem[]> {
    return reading(`store: reconciliation ${id} items`, () => reconciliationItems(this.#db, id));
  }

  importCatalog(catalog: CatalogName, rows: readonly CatalogRow[], meta: CatalogImportMeta): Promise<CatalogImportSummary> {
    return inRawTransaction(this.#db, this.#raw, `store: import ${catalog} catalog`, () => importCatalogIn(this.#raw, catalog, rows, meta));
  }

  catalog(catalog: CatalogName): Promise<unknown[]> {
    return reading(`store: ${catalog} catalog`, () => catalogBodies(this.#db, catalog));
  }

  catalogImports(): Promise<CatalogImportSummary[]> {
    return reading('store: catalog imports', () => catalogImports(this.#db));
  }

  exposureSnapshot(): Promise<ExposureSnapshot> {
    return reading('store: exposure snapshot', () => exposureSnapshot(this.#db));
  }

  recordExposure(result: ExposureResult, at: string): Promise<number> {
    return inRawTransaction(this.#db, this.#raw, 'store: record exposure', () => recordExposureIn(this.#raw, result, at));
  }

  exposureRuns(options: { last?: number } = {}): Promise<StoredExposureRun[]> {
    return reading('store: exposure runs', () => exposureRuns(this.#db, options.last));
  }

  exposureFindings(id: number): Promise<Finding[]> {
    return reading(`store: exposure run ${id} findings`, () => exposureFindings(this.#db, id));
  }

  metricCounts(): Promise<MetricCounts> {
    return reading('store: metric counts', () => metricCounts(this.#db));
  }

  /** The connection's settings and applied migrations (for `config check`-style diagnostics and tests). */
  diagnostics(): Promise<StoreDiagnostics> {
    return reading('store: diagnostics', async () => {
      const pragma = async (name: string): Promise<unknown> => {
        const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(this.#db);
        return Object.values(rows[0] ?? {})[0];
      };

      return {
        journalMode: String(await pragma('journal_mode')),
        synchronous: Number(await pragma('synchronous')),
        foreignKeys: Number(await pragma('foreign_keys')),
        busyTimeoutMs: Number(await pragma('busy_timeout')),
        walAutocheckpointPages: Number(await pragma('wal_autocheckpoint')),
        migrations: await appliedMigrations(this.#db),
      };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // fold the WAL back into the database so the file is complete on its own
      // (through the connection mutex: waits for a transaction in flight)
      if (this.#walMode) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(this.#db);
      await this.#db.destroy();
    } catch (err) {
      throw storeError(err, 'store: close');
    }
  }
}
