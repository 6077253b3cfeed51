/**
 * Alarms, core dumps and reboots of one device (inside recordDevice's transaction).
 *  - alarms: identity (source, member, class, type, description, time); one that a successful
 *    alarms collection no longer shows is cleared (cleared-at = this collection).
 *  - core dumps: identity (member, file, time); one no longer listed is removed.
 *  - reboots: from route-engine records — the boot time is the RE's start time (else collection
 *    time minus uptime); a boot later than the last one known for that RE (member, slot) by more
 *    than two minutes (uptime-derived times jitter) is a new reboot row, with the RE's last
 *    reboot reason. The first observation of an RE records its current boot.
 */
import type { Insertable, Selectable } from 'kysely';
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { AlarmsTable, CoreDumpsTable, RebootsTable } from './database-schema.js';
import { QueryTemplate, RowsTemplate } from './query-templates.js';
import { idBatches, type Db } from './store-transaction.js';

export interface HealthContext {
  deviceId: number;
  runId: number;
  at: string;
}

const REBOOT_TOLERANCE_MS = 120_000;

function alarmIdent(a: AlarmRecord): string {
  return JSON.stringify([a.source, a.member, a.class, a.type, a.description, a.time]);
}

function coreDumpIdent(c: CoreDumpRecord): string {
  return JSON.stringify([c.member, c.file, c.time]);
}

/** The statements of one identified table (alarms, core dumps), compiled once. */
interface IdentifiedTable {
  selectCurrent: QueryTemplate<{ id: number; ident: string }>;
  /** Marks rows gone: values [at, runId, ...ids] — built per call (the id list varies). */
  markGone: (trx: Db, ids: number[], ctx: HealthContext) => Promise<unknown>;
  /** last_seen of every still-current row: values [at, deviceId]. */
  touchCurrent: QueryTemplate;
  insert: RowsTemplate<Record<string, unknown>>;
}

const ALARMS: IdentifiedTable = {
  selectCurrent: new QueryTemplate(1, (db, s) => db.selectFrom('alarms').select(['id', 'ident']).where('device_id', '=', s(0)).where('cleared_at', 'is', null)),
  markGone: (trx, ids, ctx) => trx.updateTable('alarms').set({ cleared_at: ctx.at, cleared_run_id: ctx.runId }).where('id', 'in', ids).execute(),
  touchCurrent: new QueryTemplate(2, (db, s) => db.updateTable('alarms').set({ last_seen: s(0) }).where('device_id', '=', s(1)).where('cleared_at', 'is', null)),
  insert: new RowsTemplate<Record<string, unknown>>(
    ['device_id', 'ident', 'source', 'member', 'class', 'severity', 'type', 'description', 'short_description', 'time', 'first_seen', 'first_run_id', 'last_seen'],
    (db, rows) => db.insertInto('alarms').values(rows as Insertable<AlarmsTable>[]),
  ),
};

const CORE_DUMPS: IdentifiedTable = {
  selectCurrent: new QueryTemplate(1, (db, s) => db.selectFrom('core_dumps').select(['id', 'ident']).where('device_id', '=', s(0)).where('removed_at', 'is', null)),
  markGone: (trx, ids, ctx) => trx.updateTable('core_dumps').set({ removed_at: ctx.at, removed_run_id: ctx.runId }).where('id', 'in', ids).execute(),
  touchCurrent: new QueryTemplate(2, (db, s) => db.updateTable('core_dumps').set({ last_seen: s(0) }).where('device_id', '=', s(1)).where('removed_at', 'is', null)),
  insert: new RowsTemplate<Record<string, unknown>>(
    ['device_id', 'ident', 'member', 'file', 'process', 'size_bytes', 'time', 'first_seen', 'first_run_id', 'last_seen'],
    (db, rows) => db.insertInto('core_dumps').values(rows as Insertable<CoreDumpsTable>[]),
  ),
};

/** Diffs current rows (by ident) against new records: marks the gone, refreshes last-seen, inserts the new. */
async function applyIdentified<R>(
  trx: Db,
  table: IdentifiedTable,
  ctx: HealthContext,
  records: readonly R[],
  ident: (r: R) => string,
  toRow: (r: R) => Record<string, unknown>,
): Promise<void> {
  const current = await table.selectCurrent.execute(trx, [ctx.deviceId]);
  const currentIdents = new Set(current.map((r) => r.ident));
  const inserts: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const key = ident(record);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!currentIdents.has(key)) {
      inserts.push({ device_id: ctx.deviceId, ident: key, ...toRow(record), first_seen: ctx.at, first_run_id: ctx.runId, last_seen: ctx.at });
    }
  }
  const gone = current.filter((r) => !seen.has(r.ident)).map((r) => r.id);
  for (const ids of idBatches(gone)) await table.markGone(trx, ids, ctx);
  if (current.length > gone.length) await table.touchCurrent.execute(trx, [ctx.at, ctx.deviceId]);
  await table.insert.execute(trx, inserts);
}

export function applyAlarms(trx: Db, ctx: HealthContext, alarms: readonly AlarmRecord[]): Promise<void> {
  return applyIdentified(trx, ALARMS, ctx, alarms, alarmIdent, (a) => ({
    source: a.source,
    member: a.member,
    class: a.class,
    severity: a.severity,
    type: a.type,
    description: a.description,
    short_description: a.shortDescription,
    time: a.time,
  }));
}

export function applyCoreDumps(trx: Db, ctx: HealthContext, dumps: readonly CoreDumpRecord[]): Promise<void> {
  return applyIdentified(trx, CORE_DUMPS, ctx, dumps, coreDumpIdent, (c) => ({
    member: c.member,
    file: c.file,
    process: c.process,
    size_bytes: c.sizeBytes,
    time: c.time,
  }));
}

export function alarmRecord(row: Selectable<AlarmsTable>): AlarmRecord {
  return {
    source: row.source as AlarmRecord['source'],
    member: row.member,
    class: row.class,
    severity: row.severity as AlarmRecord['severity'],
    type: row.type,
    description: row.description,
    shortDescription: row.short_description,
    time: row.time,
  };
}

export function coreDumpRecord(row: Selectable<CoreDumpsTable>): CoreDumpRecord {
  return { member: row.member, file: row.file, process: row.process, sizeBytes: row.size_bytes, time: row.time };
}

const LAST_BOOTS = new QueryTemplate<{ ident: string; last_boot: string }>(1, (db, s) =>
  db.selectFrom('reboots').select(['ident', (eb) => eb.fn.max('boot_time').as('last_boot')]).where('device_id', '=', s(0)).groupBy('ident'),
);

const INSERT_REBOOTS = new RowsTemplate<Insertable<RebootsTable>>(
  ['device_id', 'ident', 'member', 'slot', 'boot_time', 'reason', 'detected_at', 'run_id'],
  (db, rows) => db.insertInto('reboots').values(rows).onConflict((oc) => oc.doNothing()),
);

/** Records reboots seen in route-engine records (see the header). */
export async function applyReboots(trx: Db, ctx: HealthContext, records: RouteEngineRecords): Promise<void> {
  const atMs = Date.parse(ctx.at);
  const boots: { ident: string; member: string | null; slot: number | null; bootMs: number; reason: string | null }[] = [];
  for (const re of records.routeEngines) {
    if (re.error !== null) continue;
    let bootMs = re.startTime === null ? Number.NaN : Date.parse(re.startTime);
    if (Number.isNaN(bootMs) && re.uptimeSeconds !== null) bootMs = atMs - re.uptimeSeconds * 1000;
    if (Number.isNaN(bootMs)) continue;
    boots.push({ ident: JSON.stringify([re.member, re.slot]), member: re.member, slot: re.slot, bootMs, reason: re.lastRebootReason });
  }
  if (boots.length === 0) return;
  const known = await LAST_BOOTS.execute(trx, [ctx.deviceId]);
  const lastBoot = new Map(known.map((k) => [k.ident, Date.parse(k.last_boot)]));
  const inserts: Insertable<RebootsTable>[] = [];
  for (const b of boots) {
    const last = lastBoot.get(b.ident);
    if (last !== undefined && b.bootMs <= last + REBOOT_TOLERANCE_MS) continue;
    lastBoot.set(b.ident, b.bootMs);
    inserts.push({
      device_id: ctx.deviceId,
      ident: b.ident,
      member: b.member,
      slot: b.slot,
      boot_time: new Date(b.bootMs).toISOString(),
      reason: b.reason,
      detected_at: ctx.at,
      run_id: ctx.runId,
    });
  }
  await INSERT_REBOOTS.execute(trx, inserts);
}
