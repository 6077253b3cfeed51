/**
 * What the rest of ibsight asks of the store (SPEC §2.4, §2.5; issue 4 "Store"). The only code
 * that writes SQL lives in src/store/; everything else goes through this interface.
 *
 * History rules:
 *  - A device's results of one run are written in ONE transaction (`recordDevice`): a run killed at
 *    any point leaves each device either fully recorded for that run or not at all.
 *  - A failed device or collector never erases what was known: the latest good data stays, the
 *    device's status becomes `stale` (it had data before) or `failed` (never had any).
 *  - A component is removed (`removedAt` set) only when a SUCCESSFUL chassis-inventory of its
 *    device no longer shows it; reappearing later makes a new row with a new first-seen.
 *  - Configuration snapshots are stored once per distinct content (by hash, per device).
 *  - Retention prunes history older than `retainDays`, never the latest state of a device.
 */
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { ChassisInventoryRecords, InventoryComponent } from '../../collectors/chassis-inventory.js';
import type { CollectorName } from '../../collectors/collector.js';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import type { ErrorCode } from '../errors/ibsight-error.js';
import type { Inventory } from '../config/config-types.js';
import type { IbFileContents, IbImportSummary, IbRecord, IbReplaceMode } from '../installed-base/installed-base-types.js';
import type { ReconcileDevice, ReconcileItem, ReconcileResult, SeenComponent, StoredReconciliation } from '../analysis/reconcile-types.js';

import type { ExposureResult, Finding, StoredExposureRun } from '../analysis/exposure-types.js';
import type { CatalogImportMeta, CatalogImportSummary, CatalogName, CatalogRow, ExposureSnapshot } from './exposure-store.js';
import type { MetricCounts } from './metric-queries.js';
export type RunKind = 'collect' | 'ingest';
export type DeviceOutcome = 'ok' | 'partial' | 'failed';
export type CollectorStatus = 'ok' | 'not-applicable' | 'error';
/** SPEC §2.5 */
export type DeviceStatus = 'ok' | 'partial' | 'failed' | 'stale' | 'never';

export interface RunStart {
  runId: string;
  kind: RunKind;
  startedAt: string; // ISO
  collectors: CollectorName[];
}

export interface RunSummary {
  finishedAt: string;
  durationMs: number;
  devices: { total: number; ok: number; partial: number; failed: number };
}

export interface CollectorResult {
  collector: CollectorName;
  status: CollectorStatus;
  durationMs: number;
  /** For status `error`. */
  error: { code: ErrorCode; message: string } | null;
  /** For status `not-applicable`. */
  reason: string | null;
  /**
   * The parsed records (status `ok`), typed by collector name: software-information →
   * SoftwareInformation, chassis-inventory → ChassisInventoryRecords, configuration →
   * ConfigurationRecord, alarms → AlarmRecord[], core-dumps → CoreDumpRecord[], route-engine →
   * RouteEngineRecords; the others are kept as their JSON (latest per device, with history).
   */
  records: unknown;
}

export interface DeviceCollection {
  runId: string;
  device: string;
  /** When the data was taken (ISO): the collection time, or for ingest the saved files' time. */
  collectedAt: string;
  source: RunKind;
  outcome: DeviceOutcome;
  durationMs: number;
  /** Device-level failure (could not connect, or software/inventory failed). */
  error: { code: ErrorCode; message: string } | null;
  collectors: CollectorResult[];
}

/** SPEC §2.5 `devices --json` row. */
export interface DeviceRow {
  name: string;
  site: string | null;
  hostname: string | null;
  model: string | null;
  os: string | null;
  version: string | null;
  serialNumber: string | null;
  lastCollected: string | null;
  status: DeviceStatus;
}

export interface StoredComponent extends InventoryComponent {
  firstSeen: string;
  lastSeen: string;
  removedAt: string | null;
}

export interface DeviceDetail {
  device: DeviceRow & { host: string; port: number; lastError: { code: string; message: string; at: string } | null };
  software: SoftwareInformation | null;
  components: StoredComponent[]; // current (not removed), in inventory order
  routeEngines: RouteEngineRecords | null;
  alarms: AlarmRecord[];
  coreDumps: CoreDumpRecord[];
  /** Latest outcome of every collector on this device. */
  outcomes: { collector: CollectorName; status: CollectorStatus; at: string; code: string | null; message: string | null }[];
  /** Latest records of the other collectors, by name. */
  latest: Partial<Record<CollectorName, unknown>>;
}

export interface ConfigSnapshot {
  id: number;
  device: string;
  firstSeen: string; // first collection that saw this content
  lastSeen: string;
  hash: string;
  commitTime: string | null;
  commitUser: string | null;
}

export interface ChangeSet {
  since: string;
  until: string;
  componentsAdded: { device: string; component: StoredComponent }[];
  componentsRemoved: { device: string; component: StoredComponent }[];
  /** The same serial seen at another device or path than before. */
  componentsMoved: { serialNumber: string; from: { device: string; path: string[] }; to: { device: string; path: string[] }; at: string }[];
  softwareChanged: { device: string; member: string | null; from: string | null; to: string | null; at: string }[];
  configsChanged: { device: string; from: ConfigSnapshot | null; to: ConfigSnapshot }[];
  devicesFailing: { device: string; status: DeviceStatus; code: string | null; message: string | null; since: string }[];
}

export interface SoftwareRow {
  device: string;
  site: string | null;
  model: string | null;
  os: string | null;
  member: string | null;
  version: string | null;
  collectedAt: string;
}

export interface Store {
  /** Upserts the inventory's sites and devices (devices no longer listed are kept, with their history). */
  syncInventory(inventory: Inventory): Promise<void>;
  beginRun(run: RunStart): Promise<void>;
  /** One device's results of a run, in one transaction, applying the history rules above. */
  recordDevice(result: DeviceCollection): Promise<void>;
  finishRun(runId: string, summary: RunSummary): Promise<void>;

  listDevices(): Promise<DeviceRow[]>;
  deviceDetail(name: string): Promise<DeviceDetail | null>;
  configSnapshots(device: string): Promise<ConfigSnapshot[]>;
  /** The scrubbed text (or set lines joined) of one snapshot. */
  configText(snapshotId: number): Promise<string | null>;
  software(): Promise<SoftwareRow[]>;
  /** Changes between `since` (ISO) and now; `since` null = since the start of the previous run. */
  changes(since: string | null): Promise<ChangeSet>;
  /**
   * Stores an installed-base file's records in ONE transaction (SPEC §4): replaces the records of
   * `contents.sites` (or every record with replace `all`), except serials in
   * `contents.rejectedSerials`, which keep their stored record; records the import.
   */
  importInstalledBase(contents: IbFileContents, options: { replace: IbReplaceMode; importedAt: string }): Promise<IbImportSummary>;
  /** The stored installed base, ordered by serial number. */
  installedBase(): Promise<IbRecord[]>;
  /** Every recorded import, oldest first. */
  installedBaseImports(): Promise<IbImportSummary[]>;
  /**
   * What the devices reported, as reconciliation input: every device of the inventory with
   * whether its latest attempt gave a current inventory, and the current components with a real
   * (non-placeholder) serial of those devices (all kinds; reconcile filters by kind).
   */
  reconcileSnapshot(): Promise<{ devices: ReconcileDevice[]; components: SeenComponent[] }>;
  /** Stores one reconciliation (summary, per site, every item); returns its id. */
  recordReconciliation(result: ReconcileResult, at: string): Promise<number>;
  /** Stored reconciliations (summary and per site), oldest first: the accuracy trend; `last: n` = only the newest n. */
  reconciliations(options?: { last?: number }): Promise<StoredReconciliation[]>;
  /** The items of one stored reconciliation, in stored order. */
  reconciliationItems(id: number): Promise<ReconcileItem[]>;
  /**
   * Stores catalog entries (advisories or lifecycle) in ONE transaction: entries with the same
   * key are replaced, others kept (`replaceAll` clears the catalog first); records the import.
   */
  importCatalog(catalog: CatalogName, rows: readonly CatalogRow[], meta: CatalogImportMeta): Promise<CatalogImportSummary>;
  /** The stored bodies of one catalog, in key order (as written by importCatalog). */
  catalog(catalog: CatalogName): Promise<unknown[]>;
  /** Every catalog import, oldest first. */
  catalogImports(): Promise<CatalogImportSummary[]>;
  /** What exposure reads: devices, current software and components, set lines, contracts of seen serials. */
  exposureSnapshot(): Promise<ExposureSnapshot>;
  /** Stores one exposure run and its findings, filling each finding's firstSeen; returns its id. */
  recordExposure(result: ExposureResult, at: string): Promise<number>;
  /** Stored exposure runs (counts overall and per site), oldest first; `last: n` = only the newest n. */
  exposureRuns(options?: { last?: number }): Promise<StoredExposureRun[]>;
  /** The findings of one stored exposure run. */
  exposureFindings(id: number): Promise<Finding[]>;
  /** What the metrics read beyond the above, counted in SQL (metric-queries.ts). */
  metricCounts(): Promise<MetricCounts>;
  /** Deletes history older than the cutoff, never the latest state; returns rows removed. */
  prune(retainDays: number, now?: Date): Promise<number>;
  close(): Promise<void>;
}
