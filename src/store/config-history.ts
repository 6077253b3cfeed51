/**
 * Configuration snapshots, stored once per distinct (scrubbed) content per device — keyed by the
 * configuration collector's hash — inside recordDevice's transaction. Seeing a known content again
 * moves its last-seen; whenever the device's current content differs from the previous one a
 * config_changes row records from → to (so a revert to an older content is a change too).
 */
import type { Selectable } from 'kysely';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import type { ConfigSnapshotsTable } from './database-schema.js';
import type { ConfigSnapshot } from './store-api.js';
import { QueryTemplate } from './query-templates.js';
import type { Db } from './store-transaction.js';

export interface ConfigContext {
  deviceId: number;
  runId: number;
  at: string;
  currentSnapshotId: number | null;
}

/** Returns the id of the device's current snapshot after this record. */
const SELECT_BY_HASH = new QueryTemplate<{ id: number }>(2, (db, s) =>
  db.selectFrom('config_snapshots').select('id').where('device_id', '=', s(0)).where('hash', '=', s(1)),
);

const TOUCH_SNAPSHOT = new QueryTemplate(2, (db, s) => db.updateTable('config_snapshots').set({ last_seen: s(0) }).where('id', '=', s(1)));

const INSERT_SNAPSHOT = new QueryTemplate<{ id: number }>(9, (db, s) =>
  db
    .insertInto('config_snapshots')
    .values({ device_id: s(0), hash: s(1), format: s(2), text: s(3), set_lines: s(4), commit_time: s(5), commit_user: s(6), first_seen: s(7), last_seen: s(8) })
    .returning('id'),
);

const INSERT_CHANGE = new QueryTemplate(5, (db, s) =>
  db.insertInto('config_changes').values({ device_id: s(0), from_snapshot_id: s(1), to_snapshot_id: s(2), run_id: s(3), at: s(4) }),
);

/** Returns the id of the device's current snapshot after this record. */
export async function applyConfiguration(trx: Db, ctx: ConfigContext, record: ConfigurationRecord): Promise<number> {
  const [existing] = await SELECT_BY_HASH.execute(trx, [ctx.deviceId, record.hash]);
  let id: number;
  if (existing !== undefined) {
    id = existing.id;
    await TOUCH_SNAPSHOT.execute(trx, [ctx.at, id]);
  } else {
    const setLines = record.setLines === null ? null : JSON.stringify(record.setLines);
    const [inserted] = await INSERT_SNAPSHOT.execute(trx, [
      ctx.deviceId, record.hash, record.format, record.text, setLines, record.commitTime, record.commitUser, ctx.at, ctx.at,
    ]);
    id = inserted!.id;
  }
  if (id !== ctx.currentSnapshotId) await INSERT_CHANGE.execute(trx, [ctx.deviceId, ctx.currentSnapshotId, id, ctx.runId, ctx.at]);
  return id;
}

export function configSnapshot(row: Pick<Selectable<ConfigSnapshotsTable>, 'id' | 'first_seen' | 'last_seen' | 'hash' | 'commit_time' | 'commit_user'>, device: string): ConfigSnapshot {
  return {
    id: row.id,
    device,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    hash: row.hash,
    commitTime: row.commit_time,
    commitUser: row.commit_user,
  };
}

/** The stored text, else the set lines joined (XML-only snapshots have neither). */
export function snapshotText(row: Pick<Selectable<ConfigSnapshotsTable>, 'text' | 'set_lines'>): string | null {
  if (row.text !== null) return row.text;
  if (row.set_lines !== null) return (JSON.parse(row.set_lines) as string[]).join('\n');
  return null;
}
