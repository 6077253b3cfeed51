/**
 * The outcome rows of one device in one run (SPEC §2.4) — device_runs, collector_runs — and the
 * per-collector latest state (latest_records), as compiled-once statements (query-templates.ts).
 * latest_records keeps the latest outcome of each collector and, separately, its latest good
 * records: an upsert whose collection is older than the stored outcome leaves the outcome alone,
 * and one without records (an error) leaves the records alone.
 */
import { sql, type Insertable } from 'kysely';
import type { CollectorRunsTable, LatestRecordsTable } from './database-schema.js';
import { QueryTemplate, RowsTemplate } from './query-templates.js';
import type { DeviceCollection } from './store-api.js';
import type { Db } from './store-transaction.js';

const UPSERT_DEVICE_RUN = new QueryTemplate(8, (db, s) =>
  db
    .insertInto('device_runs')
    .values({ run_id: s(0), device_id: s(1), collected_at: s(2), source: s(3), outcome: s(4), duration_ms: s(5), error_code: s(6), error_message: s(7) })
    .onConflict((oc) =>
      oc.columns(['run_id', 'device_id']).doUpdateSet((eb) => ({
        collected_at: eb.ref('excluded.collected_at'),
        source: eb.ref('excluded.source'),
        outcome: eb.ref('excluded.outcome'),
        duration_ms: eb.ref('excluded.duration_ms'),
        error_code: eb.ref('excluded.error_code'),
        error_message: eb.ref('excluded.error_message'),
      })),
    ),
);

const DELETE_COLLECTOR_RUNS = new QueryTemplate(2, (db, s) => db.deleteFrom('collector_runs').where('run_id', '=', s(0)).where('device_id', '=', s(1)));

const INSERT_COLLECTOR_RUNS = new RowsTemplate<Insertable<CollectorRunsTable>>(
  ['run_id', 'device_id', 'collector', 'status', 'code', 'message', 'reason', 'duration_ms'],
  (db, rows) => db.insertInto('collector_runs').values(rows),
);

/** The incoming value of a column when its collection is not older than the stored one. */
function newer(column: string) {
  return sql<never>`iif(excluded.at >= latest_records.at, ${sql.ref(`excluded.${column}`)}, ${sql.ref(`latest_records.${column}`)})`;
}

const UPSERT_LATEST = new RowsTemplate<Insertable<LatestRecordsTable>>(
  ['device_id', 'collector', 'status', 'code', 'message', 'reason', 'at', 'duration_ms', 'records_json', 'records_at'],
  (db, rows) =>
    db
      .insertInto('latest_records')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['device_id', 'collector']).doUpdateSet({
          status: newer('status'),
          code: newer('code'),
          message: newer('message'),
          reason: newer('reason'),
          duration_ms: newer('duration_ms'),
          at: sql<string>`max(excluded.at, latest_records.at)`,
          records_json: sql<string | null>`iif(excluded.records_at is null, latest_records.records_json, excluded.records_json)`,
          records_at: sql<string | null>`coalesce(excluded.records_at, latest_records.records_at)`,
        }),
      ),
);

const SELECT_RECORDS_AT = new QueryTemplate<{ collector: string; records_at: string | null }>(1, (db, s) =>
  db.selectFrom('latest_records').select(['collector', 'records_at']).where('device_id', '=', s(0)),
);

/** Writes (or rewrites, for a repeated recordDevice) the device's and its collectors' outcomes of this run. */
export async function writeOutcomes(trx: Db, runId: number, deviceId: number, at: string, result: DeviceCollection): Promise<void> {
  await UPSERT_DEVICE_RUN.execute(trx, [
    runId, deviceId, at, result.source, result.outcome, Math.round(result.durationMs), result.error?.code ?? null, result.error?.message ?? null,
  ]);
  await DELETE_COLLECTOR_RUNS.execute(trx, [runId, deviceId]);
  await INSERT_COLLECTOR_RUNS.execute(
    trx,
    result.collectors.map((c) => ({
      run_id: runId,
      device_id: deviceId,
      collector: c.collector,
      status: c.status,
      code: c.error?.code ?? null,
      message: c.error?.message ?? null,
      reason: c.reason,
      duration_ms: Math.round(c.durationMs),
    })),
  );
}

/** When each collector's stored records were collected. */
export async function recordsTimes(trx: Db, deviceId: number): Promise<Map<string, string | null>> {
  const rows = await SELECT_RECORDS_AT.execute(trx, [deviceId]);
  return new Map(rows.map((r) => [r.collector, r.records_at]));
}

export function upsertLatest(trx: Db, rows: readonly Insertable<LatestRecordsTable>[]): Promise<unknown[]> {
  return UPSERT_LATEST.execute(trx, rows);
}
