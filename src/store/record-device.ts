/**
 * recordDevice: one device's results of one run, in ONE transaction (store-api.ts history rules).
 * Outcomes (device_runs, collector_runs, latest_records status, device status) are always
 * written. Data is applied only from collectors with status `ok` of a device that did not fail,
 * and only when it is not older than what is stored for that collector (an ingest of old saved
 * replies never overwrites newer data). A collector `error` or a failed device therefore leaves
 * the known data as it was; the device becomes `stale` (see device-queries.ts).
 * The statements are better-sqlite3's, prepared once per store (RecordStatements) and run
 * synchronously inside the store's raw transaction (store-transaction.ts `inRawTransaction`):
 * this is the per-device hot path of a run, where building queries cost more than running them.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Logger } from 'pino';
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import type { CollectorName } from '../../collectors/collector.js';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { applyInventory, ComponentStatements } from './component-history.js';
import { applyConfiguration, ConfigStatements } from './config-history.js';
import type { DevicesTable, LatestRecordsTable } from './database-schema.js';
import { applyAlarms, applyCoreDumps, applyReboots, HealthStatements } from './health-history.js';
import { applySoftware, SoftwareStatements } from './software-history.js';
import type { CollectorResult, DeviceCollection } from './store-api.js';
import { OutcomeStatements, recordsTimes, upsertLatest, writeOutcomes } from './run-outcomes.js';
import { isoTime, type RawDb } from './store-transaction.js';

/** Collectors whose records live in their own tables only (not as latest JSON). */
const TABLE_ONLY: ReadonlySet<CollectorName> = new Set<CollectorName>(['chassis-inventory', 'configuration']);

type DeviceRow = Selectable<DevicesTable>;
type DeviceUpdates = Updateable<DevicesTable>;

/** Every statement recordDevice runs, prepared once per store (better-sqlite3, synchronous). */
export class RecordStatements {
  readonly selectRun;
  readonly selectDevice;
  readonly insertDevice;
  readonly outcomes: OutcomeStatements;
  readonly components: ComponentStatements;
  readonly software: SoftwareStatements;
  readonly config: ConfigStatements;
  readonly health: HealthStatements;
  readonly #raw: RawDb;
  /** UPDATE devices statements by their SET column list (a handful of combinations). */
  readonly #deviceUpdates = new Map<string, { run(...values: unknown[]): unknown }>();

  constructor(raw: RawDb) {
    this.#raw = raw;
    this.selectRun = raw.prepare<[string], { id: number }>('SELECT id FROM runs WHERE run_key = ?');
    this.selectDevice = raw.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE name = ?');
    this.insertDevice = raw.prepare<[string], DeviceRow>('INSERT INTO devices (name) VALUES (?) RETURNING *');
    this.outcomes = new OutcomeStatements(raw);
    this.components = new ComponentStatements(raw);
    this.software = new SoftwareStatements(raw);
    this.config = new ConfigStatements(raw);
    this.health = new HealthStatements(raw);
  }

  /** Sets the given columns of one device. */
  updateDevice(id: number, updates: DeviceUpdates): void {
    const columns = Object.keys(updates) as (keyof DeviceUpdates & string)[];
    if (columns.length === 0) return;
    const key = columns.join(',');
    let statement = this.#deviceUpdates.get(key);
    if (statement === undefined) {
      // column names come from DevicesTable keys set in this file, never from input
      statement = this.#raw.prepare(`UPDATE devices SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
      this.#deviceUpdates.set(key, statement);
    }
    statement.run(...columns.map((c) => updates[c] ?? null), id);
  }
}

export interface RecordContext {
  /** run_key → runs.id, filled by beginRun and on first use. */
  runIds: Map<string, number>;
  logger: Logger;
}

function runIdOf(st: RecordStatements, ctx: RecordContext, runKey: string): number {
  const cached = ctx.runIds.get(runKey);
  if (cached !== undefined) return cached;
  const row = st.selectRun.get(runKey);
  if (row === undefined) throw new IbsightError('INTERNAL', `store: recordDevice for run ${runKey} before beginRun`, { context: { run: runKey } });
  ctx.runIds.set(runKey, row.id);
  return row.id;
}

function deviceRow(st: RecordStatements, name: string): DeviceRow {
  return st.selectDevice.get(name) ?? st.insertDevice.get(name)!;
}

function firstError(result: DeviceCollection): { code: string; message: string } | null {
  if (result.error !== null) return result.error;
  for (const c of result.collectors) if (c.status === 'error' && c.error !== null) return c.error;
  return null;
}

/** The device's writes; runs inside one transaction (SqliteStore.recordDevice). */
export function recordDeviceIn(st: RecordStatements, ctx: RecordContext, result: DeviceCollection): void {
  const at = isoTime(result.collectedAt, 'collectedAt');
  const runId = runIdOf(st, ctx, result.runId);
  const device = deviceRow(st, result.device);
  const deviceId = device.id;

  writeOutcomes(st.outcomes, runId, deviceId, at, result);
  const recordsAt = recordsTimes(st.outcomes, deviceId);
  const dataAllowed = result.outcome !== 'failed';
  const fresh = (c: CollectorResult): boolean => (recordsAt.get(c.collector) ?? '') <= at;
  const updates: DeviceUpdates = {};
  const latest: Insertable<LatestRecordsTable>[] = [];
  const scope = { deviceId, runId, at };
  let applied = false;

  for (const c of result.collectors) {
    let recordsJson: string | null = null;
    let dataAt: string | null = null;
    if (dataAllowed && c.status === 'ok' && c.records !== null && c.records !== undefined && fresh(c)) {
      applyRecords(st, c, scope, device, updates, ctx.logger, result.device);
      recordsJson = TABLE_ONLY.has(c.collector) ? null : JSON.stringify(c.records);
      dataAt = at;
      applied = true;
    } else if (dataAllowed && c.status === 'not-applicable' && fresh(c)) {
      dataAt = at;
    }
    latest.push({ device_id: deviceId, collector: c.collector, status: c.status, code: c.error?.code ?? null, message: c.error?.message ?? null,
      reason: c.reason, at, duration_ms: Math.round(c.durationMs), records_json: recordsJson, records_at: dataAt });
  }
  upsertLatest(st.outcomes, latest);

  if (device.last_attempt === null || at >= device.last_attempt) {
    updates.last_status = result.outcome;
    updates.last_attempt = at;
    updates.last_run_id = runId;
    updates.failing_since = result.outcome === 'ok' ? null : (device.failing_since ?? at);
    const error = result.outcome === 'ok' ? null : firstError(result);
    if (error !== null) {
      updates.last_error_code = error.code;
      updates.last_error_message = error.message;
      updates.last_error_at = at;
    }
  }
  if (applied && (device.last_collected === null || at > device.last_collected)) updates.last_collected = at;
  st.updateDevice(deviceId, updates);
}

function applyRecords(
  st: RecordStatements,
  c: CollectorResult,
  scope: { deviceId: number; runId: number; at: string },
  device: { inventory_at: string | null; inventory_hash: string | null; config_snapshot_id: number | null },
  updates: DeviceUpdates,
  logger: Logger,
  deviceName: string,
): void {
  switch (c.collector) {
    case 'software-information': {
      const info = c.records as SoftwareInformation;
      applySoftware(st.software, scope, info);
      updates.hostname = info.hostname;
      updates.model = info.model;
      updates.os = info.os;
      updates.version = info.version;
      return;
    }
    case 'chassis-inventory': {
      const { components } = c.records as ChassisInventoryRecords;
      if (components.length === 0) {
        logger.warn({ device: deviceName, collector: c.collector }, 'empty chassis inventory: known components kept');
        return;
      }
      const r = applyInventory(st.components, { ...scope, deviceName, previousAt: device.inventory_at, previousHash: device.inventory_hash }, components);
      updates.inventory_at = scope.at;
      updates.inventory_hash = r.hash;
      updates.chassis_serial = r.chassisSerial;
      return;
    }
    case 'configuration':
      updates.config_snapshot_id = applyConfiguration(st.config, { ...scope, currentSnapshotId: device.config_snapshot_id }, c.records as ConfigurationRecord);
      return;
    case 'alarms':
      return applyAlarms(st.health, scope, c.records as AlarmRecord[]);
    case 'core-dumps':
      return applyCoreDumps(st.health, scope, c.records as CoreDumpRecord[]);
    case 'route-engine':
      return applyReboots(st.health, scope, c.records as RouteEngineRecords);
    default:
      return;
  }
}
