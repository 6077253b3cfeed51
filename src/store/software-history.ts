/**
 * Software per member over time, from a successful software-information (inside recordDevice's
 * transaction). One current row per (device, member): the same version keeps the row (last-seen
 * moves on; hostname/model/os updated in place), another version ends it and starts a new row.
 * A member that answered with an error keeps its row untouched; a member absent from a reply that
 * answered for at least one member has ended (e.g. an RE removed, or the member naming changed).
 */
import type { Selectable } from 'kysely';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import type { SoftwareTable } from './database-schema.js';
import type { RawDb } from './store-transaction.js';

export type SoftwareRowRecord = Selectable<SoftwareTable>;

export interface SoftwareContext {
  deviceId: number;
  runId: number;
  at: string;
}

/** The statements of this file, prepared once per store. */
export class SoftwareStatements {
  readonly selectCurrent;
  readonly updateAttributes;
  readonly end;
  readonly touch;
  readonly touchCurrent;
  readonly insert;

  constructor(raw: RawDb) {
    this.selectCurrent = raw.prepare<[number], SoftwareRowRecord>('SELECT * FROM software WHERE device_id = ? AND ended_at IS NULL');
    this.updateAttributes = raw.prepare<[string | null, string | null, string, number]>('UPDATE software SET hostname = ?, model = ?, os = ? WHERE id = ?');
    this.end = raw.prepare<[string, number]>('UPDATE software SET ended_at = ? WHERE id = ?');
    this.touch = raw.prepare<[string, number]>('UPDATE software SET last_seen = ? WHERE id = ?');
    this.touchCurrent = raw.prepare<[string, number]>('UPDATE software SET last_seen = ? WHERE device_id = ? AND ended_at IS NULL');
    this.insert = raw.prepare<[number, string | null, string | null, string | null, string | null, string, string, number, string]>(
      `INSERT INTO software (device_id, member, hostname, model, version, os, first_seen, first_run_id, last_seen, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
  }
}

export function applySoftware(st: SoftwareStatements, ctx: SoftwareContext, info: SoftwareInformation): void {
  const answered = info.members.filter((m) => m.error === null);
  if (answered.length === 0) return;
  const current = st.selectCurrent.all(ctx.deviceId);
  const byMember = new Map<string | null, SoftwareRowRecord>();
  for (const row of current) byMember.set(row.member, row);
  const withError = new Set(info.members.filter((m) => m.error !== null).map((m) => m.member));

  const ended: number[] = [];
  const kept: number[] = [];
  const inserts: (typeof answered)[number][] = [];
  const seen = new Set<string | null>();
  for (const m of answered) {
    if (seen.has(m.member)) continue;
    seen.add(m.member);
    const row = byMember.get(m.member);
    if (row !== undefined && row.version === m.version) {
      if (row.hostname !== m.hostname || row.model !== m.model || row.os !== info.os) st.updateAttributes.run(m.hostname, m.model, info.os, row.id);
      kept.push(row.id);
      continue;
    }
    if (row !== undefined) ended.push(row.id);
    inserts.push(m);
  }
  for (const row of current) {
    if (!seen.has(row.member) && !withError.has(row.member)) ended.push(row.id);
  }
  for (const id of ended) st.end.run(ctx.at, id);
  // last-seen of every kept row, in one statement (before the inserts: the rows still current now are the kept ones)
  if (kept.length === current.length - ended.length) {
    if (kept.length > 0) st.touchCurrent.run(ctx.at, ctx.deviceId);
  } else {
    for (const id of kept) st.touch.run(ctx.at, id);
  }
  for (const m of inserts) st.insert.run(ctx.deviceId, m.member, m.hostname, m.model, m.version, info.os, ctx.at, ctx.runId, ctx.at);
}
