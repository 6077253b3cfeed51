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
import type { RawDb } from './store-transaction.js';

export interface ConfigContext {
  deviceId: number;
  runId: number;
  at: string;
  currentSnapshotId: number | null;
}

/** The statements of this file, prepared once per store. */
export class ConfigStatements {
  readonly selectByHash;
  readonly touch;
  readonly insertSnapshot;
  readonly insertChange;

  constructor(raw: RawDb) {
    this.selectByHash = raw.prepare<[number, string], { id: number }>('SELECT id FROM config_snapshots WHERE device_id = ? AND hash = ?');
    this.touch = raw.prepare<[string, number]>('UPDATE config_snapshots SET last_seen = ? WHERE id = ?');
    this.insertSnapshot = raw.prepare<[number, string, string, string | null, string | null, string | null, string | null, string, string]>(
      `INSERT INTO config_snapshots (device_id, hash, format, text, set_lines, commit_time, commit_user, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertChange = raw.prepare<[number, number | null, number, number, string]>(
      'INSERT INTO config_changes (device_id, from_snapshot_id, to_snapshot_id, run_id, at) VALUES (?, ?, ?, ?, ?)',
    );
  }
}

/** Returns the id of the device's current snapshot after this record. */
export function applyConfiguration(st: ConfigStatements, ctx: ConfigContext, record: ConfigurationRecord): number {
  const existing = st.selectByHash.get(ctx.deviceId, record.hash);
  let id: number;
  if (existing !== undefined) {
    id = existing.id;
    st.touch.run(ctx.at, id);
  } else {
    const setLines = record.setLines ? JSON.stringify(record.setLines) : null;
    const inserted = st.insertSnapshot.run(
      ctx.deviceId, record.hash, record.format, record.text ?? null, setLines, record.commitTime ?? null, record.commitUser ?? null, ctx.at, ctx.at,
    );
    id = Number(inserted.lastInsertRowid);
  }
  if (id !== ctx.currentSnapshotId) st.insertChange.run(ctx.deviceId, ctx.currentSnapshotId, id, ctx.runId, ctx.at);
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
