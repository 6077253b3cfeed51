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
import type { Selectable } from 'kysely';
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { AlarmsTable, CoreDumpsTable } from './database-schema.js';
import type { RawDb } from './store-transaction.js';

export interface HealthContext {
  deviceId: number;
  runId: number;
  at: string;
}

const REBOOT_TOLERANCE_MS = 120_000;

type Value = string | number | null;

function alarmIdent(a: AlarmRecord): string {
  return JSON.stringify([a.source, a.member, a.class, a.type, a.description, a.time]);
}

function coreDumpIdent(c: CoreDumpRecord): string {
  return JSON.stringify([c.member, c.file, c.time]);
}

/** The statements of one identified table (alarms, core dumps). */
interface IdentifiedTable {
  /** Values [deviceId]. */
  selectCurrent: { all(deviceId: number): { id: number; ident: string }[] };
  /** Marks one row gone: values [at, runId, id]. */
  markGone: { run(at: string, runId: number, id: number): unknown };
  /** last_seen of every still-current row: values [at, deviceId]. */
  touchCurrent: { run(at: string, deviceId: number): unknown };
  /** Values [deviceId, ident, ...the table's own columns, first_seen, first_run_id, last_seen]. */
  insert: { run(...values: Value[]): unknown };
}

function identifiedTable(raw: RawDb, table: string, goneAt: string, goneRun: string, columns: readonly string[]): IdentifiedTable {
  const all = ['device_id', 'ident', ...columns, 'first_seen', 'first_run_id', 'last_seen'];
  return {
    selectCurrent: raw.prepare<[number], { id: number; ident: string }>(`SELECT id, ident FROM ${table} WHERE device_id = ? AND ${goneAt} IS NULL`),
    markGone: raw.prepare<[string, number, number]>(`UPDATE ${table} SET ${goneAt} = ?, ${goneRun} = ? WHERE id = ?`),
    touchCurrent: raw.prepare<[string, number]>(`UPDATE ${table} SET last_seen = ? WHERE device_id = ? AND ${goneAt} IS NULL`),
    insert: raw.prepare<Value[]>(`INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`),
  };
}

/** The statements of this file, prepared once per store. */
export class HealthStatements {
  readonly alarms: IdentifiedTable;
  readonly coreDumps: IdentifiedTable;
  readonly lastBoots;
  readonly insertReboot;

  constructor(raw: RawDb) {
    this.alarms = identifiedTable(raw, 'alarms', 'cleared_at', 'cleared_run_id', ['source', 'member', 'class', 'severity', 'type', 'description', 'short_description', 'time']);
    this.coreDumps = identifiedTable(raw, 'core_dumps', 'removed_at', 'removed_run_id', ['member', 'file', 'process', 'size_bytes', 'time']);
    this.lastBoots = raw.prepare<[number], { ident: string; last_boot: string }>(
      'SELECT ident, max(boot_time) AS last_boot FROM reboots WHERE device_id = ? GROUP BY ident',
    );
    this.insertReboot = raw.prepare<[number, string, string | null, number | null, string, string | null, string, number]>(
      `INSERT INTO reboots (device_id, ident, member, slot, boot_time, reason, detected_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
  }
}

/** Diffs current rows (by ident) against new records: marks the gone, refreshes last-seen, inserts the new. */
function applyIdentified<R>(table: IdentifiedTable, ctx: HealthContext, records: readonly R[], ident: (r: R) => string, values: (r: R) => Value[]): void {
  const current = table.selectCurrent.all(ctx.deviceId);
  const currentIdents = new Set(current.map((r) => r.ident));
  const inserts: { key: string; record: R }[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const key = ident(record);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!currentIdents.has(key)) inserts.push({ key, record });
  }
  let gone = 0;
  for (const row of current) {
    if (seen.has(row.ident)) continue;
    table.markGone.run(ctx.at, ctx.runId, row.id);
    gone++;
  }
  if (current.length > gone) table.touchCurrent.run(ctx.at, ctx.deviceId);
  for (const { key, record } of inserts) table.insert.run(ctx.deviceId, key, ...values(record).map((v) => v ?? null), ctx.at, ctx.runId, ctx.at);
}

export function applyAlarms(st: HealthStatements, ctx: HealthContext, alarms: readonly AlarmRecord[]): void {
  applyIdentified(st.alarms, ctx, alarms, alarmIdent, (a) => [a.source, a.member, a.class, a.severity, a.type, a.description, a.shortDescription, a.time]);
}

export function applyCoreDumps(st: HealthStatements, ctx: HealthContext, dumps: readonly CoreDumpRecord[]): void {
  applyIdentified(st.coreDumps, ctx, dumps, coreDumpIdent, (c) => [c.member, c.file, c.process, c.sizeBytes, c.time]);
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

/** Records reboots seen in route-engine records (see the header). */
export function applyReboots(st: HealthStatements, ctx: HealthContext, records: RouteEngineRecords): void {
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
  const known = st.lastBoots.all(ctx.deviceId);
  const lastBoot = new Map(known.map((k) => [k.ident, Date.parse(k.last_boot)]));
  for (const b of boots) {
    const last = lastBoot.get(b.ident);
    if (last !== undefined && b.bootMs <= last + REBOOT_TOLERANCE_MS) continue;
    lastBoot.set(b.ident, b.bootMs);
    st.insertReboot.run(ctx.deviceId, b.ident, b.member, b.slot, new Date(b.bootMs).toISOString(), b.reason, ctx.at, ctx.runId);
  }
}
