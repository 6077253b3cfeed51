/**
 * recordDevice: one device's results of one run, in ONE transaction (store-api.ts history rules).
 * Outcomes (device_runs, collector_runs, latest_records status, device status) are always
 * written. Data is applied only from collectors with status `ok` of a device that did not fail,
 * and only when it is not older than what is stored for that collector (an ingest of old saved
 * replies never overwrites newer data). A collector `error` or a failed device therefore leaves
 * the known data as it was; the device becomes `stale` (see device-queries.ts).
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
import { applyInventory } from './component-history.js';
import { applyConfiguration } from './config-history.js';
import type { DevicesTable, LatestRecordsTable } from './database-schema.js';
import { applyAlarms, applyCoreDumps, applyReboots } from './health-history.js';
import { applySoftware } from './software-history.js';
import type { CollectorResult, DeviceCollection } from './store-api.js';
import { QueryTemplate } from './query-templates.js';
import { recordsTimes, upsertLatest, writeOutcomes } from './run-outcomes.js';
import { isoTime, type Db } from './store-transaction.js';

/** Collectors whose records live in their own tables only (not as latest JSON). */
const TABLE_ONLY: ReadonlySet<CollectorName> = new Set<CollectorName>(['chassis-inventory', 'configuration']);

export interface RecordContext {
  /** run_key → runs.id, filled by beginRun and on first use. */
  runIds: Map<string, number>;
  logger: Logger;
}

async function runIdOf(trx: Db, ctx: RecordContext, runKey: string): Promise<number> {
  const cached = ctx.runIds.get(runKey);
  if (cached !== undefined) return cached;
  const row = await trx.selectFrom('runs').select('id').where('run_key', '=', runKey).executeTakeFirst();
  if (row === undefined) throw new IbsightError('INTERNAL', `store: recordDevice for run ${runKey} before beginRun`, { context: { run: runKey } });
  ctx.runIds.set(runKey, row.id);
  return row.id;
}

const SELECT_DEVICE = new QueryTemplate<Selectable<DevicesTable>>(1, (db, s) => db.selectFrom('devices').selectAll().where('name', '=', s(0)));

async function deviceRow(trx: Db, name: string): Promise<Selectable<DevicesTable>> {
  const [row] = await SELECT_DEVICE.execute(trx, [name]);
  if (row !== undefined) return row;
  return trx.insertInto('devices').values({ name }).returningAll().executeTakeFirstOrThrow();
}

function firstError(result: DeviceCollection): { code: string; message: string } | null {
  if (result.error !== null) return result.error;
  for (const c of result.collectors) if (c.status === 'error' && c.error !== null) return c.error;
  return null;
}

export async function recordDeviceIn(trx: Db, ctx: RecordContext, result: DeviceCollection): Promise<void> {
  const at = isoTime(result.collectedAt, 'collectedAt');
  const runId = await runIdOf(trx, ctx, result.runId);
  const device = await deviceRow(trx, result.device);
  const deviceId = device.id;

  await writeOutcomes(trx, runId, deviceId, at, result);
  const recordsAt = await recordsTimes(trx, deviceId);
  const dataAllowed = result.outcome !== 'failed';
  const fresh = (c: CollectorResult): boolean => (recordsAt.get(c.collector) ?? '') <= at;
  const updates: Updateable<DevicesTable> = {};
  const latest: Insertable<LatestRecordsTable>[] = [];
  const scope = { deviceId, runId, at };
  let applied = false;

  for (const c of result.collectors) {
    let recordsJson: string | null = null;
    let dataAt: string | null = null;
    if (dataAllowed && c.status === 'ok' && c.records !== null && c.records !== undefined && fresh(c)) {
      await applyRecords(trx, c, scope, device, updates, ctx.logger, result.device);
      recordsJson = TABLE_ONLY.has(c.collector) ? null : JSON.stringify(c.records);
      dataAt = at;
      applied = true;
    } else if (dataAllowed && c.status === 'not-applicable' && fresh(c)) {
      dataAt = at;
    }
    latest.push({ device_id: deviceId, collector: c.collector, status: c.status, code: c.error?.code ?? null, message: c.error?.message ?? null,
      reason: c.reason, at, duration_ms: Math.round(c.durationMs), records_json: recordsJson, records_at: dataAt });
  }
  await upsertLatest(trx, latest);

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
  if (Object.keys(updates).length > 0) await trx.updateTable('devices').set(updates).where('id', '=', deviceId).execute();
}

async function applyRecords(
  trx: Db,
  c: CollectorResult,
  scope: { deviceId: number; runId: number; at: string },
  device: { inventory_at: string | null; inventory_hash: string | null; config_snapshot_id: number | null },
  updates: Updateable<DevicesTable>,
  logger: Logger,
  deviceName: string,
): Promise<void> {
  switch (c.collector) {
    case 'software-information': {
      const info = c.records as SoftwareInformation;
      await applySoftware(trx, scope, info);
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
      const r = await applyInventory(trx, { ...scope, deviceName, previousAt: device.inventory_at, previousHash: device.inventory_hash }, components);
      updates.inventory_at = scope.at;
      updates.inventory_hash = r.hash;
      updates.chassis_serial = r.chassisSerial;
      return;
    }
    case 'configuration':
      updates.config_snapshot_id = await applyConfiguration(trx, { ...scope, currentSnapshotId: device.config_snapshot_id }, c.records as ConfigurationRecord);
      return;
    case 'alarms':
      return applyAlarms(trx, scope, c.records as AlarmRecord[]);
    case 'core-dumps':
      return applyCoreDumps(trx, scope, c.records as CoreDumpRecord[]);
    case 'route-engine':
      return applyReboots(trx, scope, c.records as RouteEngineRecords);
    default:
      return;
  }
}
