/**
 * Software per member over time, from a successful software-information (inside recordDevice's
 * transaction). One current row per (device, member): the same version keeps the row (last-seen
 * moves on; hostname/model/os updated in place), another version ends it and starts a new row.
 * A member that answered with an error keeps its row untouched; a member absent from a reply that
 * answered for at least one member has ended (e.g. an RE removed, or the member naming changed).
 */
import type { Insertable, Selectable } from 'kysely';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import type { SoftwareTable } from './database-schema.js';
import { QueryTemplate, RowsTemplate } from './query-templates.js';
import type { Db } from './store-transaction.js';

export type SoftwareRowRecord = Selectable<SoftwareTable>;

export interface SoftwareContext {
  deviceId: number;
  runId: number;
  at: string;
}

const SELECT_CURRENT = new QueryTemplate<SoftwareRowRecord>(1, (db, s) =>
  db.selectFrom('software').selectAll().where('device_id', '=', s(0)).where('ended_at', 'is', null),
);

const TOUCH_CURRENT = new QueryTemplate(2, (db, s) =>
  db.updateTable('software').set({ last_seen: s(0) }).where('device_id', '=', s(1)).where('ended_at', 'is', null),
);

const INSERT_SOFTWARE = new RowsTemplate<Insertable<SoftwareTable>>(
  ['device_id', 'member', 'hostname', 'model', 'version', 'os', 'first_seen', 'first_run_id', 'last_seen', 'ended_at'],
  (db, rows) => db.insertInto('software').values(rows),
);

export async function applySoftware(trx: Db, ctx: SoftwareContext, info: SoftwareInformation): Promise<void> {
  const answered = info.members.filter((m) => m.error === null);
  if (answered.length === 0) return;
  const current = await SELECT_CURRENT.execute(trx, [ctx.deviceId]);
  const byMember = new Map<string | null, SoftwareRowRecord>();
  for (const row of current) byMember.set(row.member, row);
  const withError = new Set(info.members.filter((m) => m.error !== null).map((m) => m.member));

  const ended: number[] = [];
  const kept: number[] = [];
  const inserts: Insertable<SoftwareTable>[] = [];
  const seen = new Set<string | null>();
  for (const m of answered) {
    if (seen.has(m.member)) continue;
    seen.add(m.member);
    const row = byMember.get(m.member);
    if (row !== undefined && row.version === m.version) {
      if (row.hostname !== m.hostname || row.model !== m.model || row.os !== info.os) {
        await trx.updateTable('software').set({ hostname: m.hostname, model: m.model, os: info.os }).where('id', '=', row.id).execute();
      }
      kept.push(row.id);
      continue;
    }
    if (row !== undefined) ended.push(row.id);
    inserts.push({
      device_id: ctx.deviceId,
      member: m.member,
      hostname: m.hostname,
      model: m.model,
      version: m.version,
      os: info.os,
      first_seen: ctx.at,
      first_run_id: ctx.runId,
      last_seen: ctx.at,
      ended_at: null,
    });
  }
  for (const row of current) {
    if (!seen.has(row.member) && !withError.has(row.member)) ended.push(row.id);
  }
  if (ended.length > 0) await trx.updateTable('software').set({ ended_at: ctx.at }).where('id', 'in', ended).execute();
  // last-seen of every kept row, in one statement (before the inserts: the rows still current now are the kept ones)
  if (kept.length === current.length - ended.length) {
    if (kept.length > 0) await TOUCH_CURRENT.execute(trx, [ctx.at, ctx.deviceId]);
  } else if (kept.length > 0) {
    await trx.updateTable('software').set({ last_seen: ctx.at }).where('id', 'in', kept).execute();
  }
  await INSERT_SOFTWARE.execute(trx, inserts);
}
