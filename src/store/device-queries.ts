/**
 * Read queries about devices (SPEC §2.5): the device list with its status, one device's detail,
 * software per member, configuration snapshots and their text.
 * Status: `never` (no collection recorded), `ok` / `partial` (the last collection's outcome),
 * `failed` (the last collection failed and nothing was ever stored), `stale` (the last collection
 * failed; the older data is kept and shown).
 */
import type { Selectable } from 'kysely';
import type { CollectorName } from '../../collectors/collector.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { storedComponent } from './component-history.js';
import { configSnapshot, snapshotText } from './config-history.js';
import type { DevicesTable } from './database-schema.js';
import { alarmRecord, coreDumpRecord } from './health-history.js';
import type { CollectorStatus, ConfigSnapshot, DeviceDetail, DeviceRow, DeviceStatus, SoftwareRow } from './store-api.js';
import type { Db } from './store-transaction.js';

/** Collectors shown in their own DeviceDetail fields (not under `latest`). */
const TYPED: ReadonlySet<string> = new Set(['software-information', 'chassis-inventory', 'configuration', 'alarms', 'core-dumps', 'route-engine']);

type DeviceStatusColumns = Pick<Selectable<DevicesTable>, 'last_status' | 'last_collected'>;

export function deviceStatus(row: DeviceStatusColumns): DeviceStatus {
  switch (row.last_status) {
    case null:
      return 'never';
    case 'failed':
      return row.last_collected === null ? 'failed' : 'stale';
    case 'partial':
      return 'partial';
    default:
      return 'ok';
  }
}

function deviceRowOf(row: Selectable<DevicesTable>): DeviceRow {
  return {
    name: row.name,
    site: row.site_id,
    hostname: row.hostname,
    model: row.model,
    os: row.os,
    version: row.version,
    serialNumber: row.chassis_serial,
    lastCollected: row.last_collected,
    status: deviceStatus(row),
  };
}

export async function listDevices(db: Db): Promise<DeviceRow[]> {
  const rows = await db.selectFrom('devices').selectAll().orderBy('name').execute();
  return rows.map(deviceRowOf);
}

function parsed<T>(json: string | null | undefined): T | null {
  return json === null || json === undefined ? null : (JSON.parse(json) as T);
}

export async function deviceDetail(db: Db, name: string): Promise<DeviceDetail | null> {
  const device = await db.selectFrom('devices').selectAll().where('name', '=', name).executeTakeFirst();
  if (device === undefined) return null;
  const [latest, components, alarms, coreDumps] = await Promise.all([
    db.selectFrom('latest_records').selectAll().where('device_id', '=', device.id).orderBy('collector').execute(),
    db.selectFrom('components').selectAll().where('device_id', '=', device.id).where('removed_at', 'is', null).orderBy('position').orderBy('id').execute(),
    db.selectFrom('alarms').selectAll().where('device_id', '=', device.id).where('cleared_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('core_dumps').selectAll().where('device_id', '=', device.id).where('removed_at', 'is', null).orderBy('id').execute(),
  ]);
  const byCollector = new Map(latest.map((l) => [l.collector, l]));
  const others: Partial<Record<CollectorName, unknown>> = {};
  for (const l of latest) if (!TYPED.has(l.collector) && l.records_json !== null) others[l.collector as CollectorName] = JSON.parse(l.records_json);
  return {
    device: {
      ...deviceRowOf(device),
      host: device.host,
      port: device.port,
      lastError:
        device.last_error_code === null
          ? null
          : { code: device.last_error_code, message: device.last_error_message ?? '', at: device.last_error_at ?? '' },
    },
    software: parsed<SoftwareInformation>(byCollector.get('software-information')?.records_json),
    components: components.map((c) => storedComponent(c, device.inventory_at)),
    routeEngines: parsed<RouteEngineRecords>(byCollector.get('route-engine')?.records_json),
    alarms: alarms.map(alarmRecord),
    coreDumps: coreDumps.map(coreDumpRecord),
    outcomes: latest.map((l) => ({
      collector: l.collector as CollectorName,
      status: l.status as CollectorStatus,
      at: l.at,
      code: l.code,
      message: l.message,
    })),
    latest: others,
  };
}

/** Current software of every member of every device. */
export async function software(db: Db): Promise<SoftwareRow[]> {
  const rows = await db
    .selectFrom('software')
    .innerJoin('devices', 'devices.id', 'software.device_id')
    .select(['devices.name', 'devices.site_id', 'devices.model as device_model', 'software.model', 'software.os', 'software.member', 'software.version', 'software.last_seen'])
    .where('software.ended_at', 'is', null)
    .orderBy('devices.name')
    .orderBy('software.member')
    .execute();
  return rows.map((r) => ({
    device: r.name,
    site: r.site_id,
    model: r.model ?? r.device_model,
    os: r.os,
    member: r.member,
    version: r.version,
    collectedAt: r.last_seen,
  }));
}

/** A device's snapshots, oldest last-seen first: the last one is the current configuration. */
export async function configSnapshots(db: Db, device: string): Promise<ConfigSnapshot[]> {
  const rows = await db
    .selectFrom('config_snapshots')
    .innerJoin('devices', 'devices.id', 'config_snapshots.device_id')
    .select(['config_snapshots.id', 'config_snapshots.first_seen', 'config_snapshots.last_seen', 'config_snapshots.hash', 'config_snapshots.commit_time', 'config_snapshots.commit_user'])
    .where('devices.name', '=', device)
    .orderBy('config_snapshots.last_seen')
    .orderBy('config_snapshots.id')
    .execute();
  return rows.map((r) => configSnapshot(r, device));
}

export async function configText(db: Db, snapshotId: number): Promise<string | null> {
  const row = await db.selectFrom('config_snapshots').select(['text', 'set_lines']).where('id', '=', snapshotId).executeTakeFirst();
  return row === undefined ? null : snapshotText(row);
}
