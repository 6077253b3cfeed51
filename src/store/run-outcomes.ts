/**
 * The outcome rows of one device in one run (SPEC §2.4) — device_runs, collector_runs — and the
 * per-collector latest state (latest_records), as better-sqlite3 statements prepared once per
 * store and run inside recordDevice's transaction (store-transaction.ts `inRawTransaction`).
 * latest_records keeps the latest outcome of each collector and, separately, its latest good
 * records: an upsert whose collection is older than the stored outcome leaves the outcome alone,
 * and one without records (an error) leaves the records alone.
 */
import type { Insertable } from 'kysely';
import type { LatestRecordsTable } from './database-schema.js';
import type { DeviceCollection } from './store-api.js';
import type { RawDb } from './store-transaction.js';

/** The incoming value of a column when its collection is not older than the stored one. */
const newer = (column: string): string => `${column} = iif(excluded.at >= latest_records.at, excluded.${column}, latest_records.${column})`;

export class OutcomeStatements {
  readonly upsertDeviceRun;
  readonly deleteCollectorRuns;
  readonly insertCollectorRun;
  readonly upsertLatest;
  readonly selectRecordsAt;

  constructor(raw: RawDb) {
    this.upsertDeviceRun = raw.prepare<[number, number, string, string, string, number, string | null, string | null]>(
      `INSERT INTO device_runs (run_id, device_id, collected_at, source, outcome, duration_ms, error_code, error_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, device_id) DO UPDATE SET collected_at = excluded.collected_at, source = excluded.source,
         outcome = excluded.outcome, duration_ms = excluded.duration_ms, error_code = excluded.error_code, error_message = excluded.error_message`,
    );
    this.deleteCollectorRuns = raw.prepare<[number, number]>('DELETE FROM collector_runs WHERE run_id = ? AND device_id = ?');
    this.insertCollectorRun = raw.prepare<[number, number, string, string, string | null, string | null, string | null, number]>(
      `INSERT INTO collector_runs (run_id, device_id, collector, status, code, message, reason, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertLatest = raw.prepare<[number, string, string, string | null, string | null, string | null, string, number, string | null, string | null]>(
      `INSERT INTO latest_records (device_id, collector, status, code, message, reason, at, duration_ms, records_json, records_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, collector) DO UPDATE SET
         ${['status', 'code', 'message', 'reason', 'duration_ms'].map(newer).join(', ')},
         at = max(excluded.at, latest_records.at),
         records_json = iif(excluded.records_at IS NULL, latest_records.records_json, excluded.records_json),
         records_at = coalesce(excluded.records_at, latest_records.records_at)`,
    );
    this.selectRecordsAt = raw.prepare<[number], { collector: string; records_at: string | null }>(
      'SELECT collector, records_at FROM latest_records WHERE device_id = ?',
    );
  }
}

/** Writes (or rewrites, for a repeated recordDevice) the device's and its collectors' outcomes of this run. */
export function writeOutcomes(st: OutcomeStatements, runId: number, deviceId: number, at: string, result: DeviceCollection): void {
  st.upsertDeviceRun.run(runId, deviceId, at, result.source, result.outcome, Math.round(result.durationMs), result.error?.code ?? null, result.error?.message ?? null);
  st.deleteCollectorRuns.run(runId, deviceId);
  for (const c of result.collectors) {
    st.insertCollectorRun.run(runId, deviceId, c.collector, c.status, c.error?.code ?? null, c.error?.message ?? null, c.reason ?? null, Math.round(c.durationMs));
  }
}

/** When each collector's stored records were collected. */
export function recordsTimes(st: OutcomeStatements, deviceId: number): Map<string, string | null> {
  const times = new Map<string, string | null>();
  for (const r of st.selectRecordsAt.all(deviceId)) times.set(r.collector, r.records_at);
  return times;
}

export function upsertLatest(st: OutcomeStatements, rows: readonly Insertable<LatestRecordsTable>[]): void {
  for (const r of rows) {
    st.upsertLatest.run(r.device_id, r.collector, r.status, r.code ?? null, r.message ?? null, r.reason ?? null, r.at, r.duration_ms, r.records_json ?? null, r.records_at ?? null);
  }
}
