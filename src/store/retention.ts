/**
 * Retention (`storage.retainDays`): deletes history older than the cutoff, in one transaction,
 * and never the latest state of a device — its device row, latest records and outcomes, its
 * latest run and that run's outcomes, current components / software / alarms / core dumps, its
 * current configuration snapshot and the last known boot of each routing engine.
 * Reconciliations and the installed base (pruneReconciliations): a reconciliation older than the
 * cutoff goes with its per-site counts and items, except the latest one (the current accuracy),
 * however old; the installed base itself is the current one and is never pruned; an import older
 * than the cutoff goes unless it is the latest import or still wrote a stored record.
 * Exposure runs (pruneExposure): a run older than the cutoff goes with its findings, except the
 * latest; a finding key's first-seen day goes when the key was not seen since the cutoff.
 * Catalogs (advisories, lifecycle) are current data and never pruned.
 * Returns the number of rows deleted.
 */
import { sql } from 'kysely';
import type { Db } from './store-transaction.js';

const DAY_MS = 86_400_000;

export async function pruneHistory(trx: Db, retainDays: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retainDays * DAY_MS).toISOString();
  let removed = 0;
  const count = (result: { numDeletedRows: bigint }[] | { numDeletedRows: bigint }): void => {
    for (const r of Array.isArray(result) ? result : [result]) removed += Number(r.numDeletedRows);
  };
  const oldRuns = trx.selectFrom('runs').select('id').where('started_at', '<', cutoff);
  const notLatestRun = (table: 'collector_runs' | 'device_runs') =>
    sql<boolean>`not exists (select 1 from devices d where d.id = ${sql.ref(`${table}.device_id`)} and d.last_run_id = ${sql.ref(`${table}.run_id`)})`;

  count(await trx.deleteFrom('collector_runs').where('run_id', 'in', oldRuns).where(notLatestRun('collector_runs')).execute());
  count(await trx.deleteFrom('device_runs').where('run_id', 'in', oldRuns).where(notLatestRun('device_runs')).execute());
  count(
    await trx
      .deleteFrom('runs')
      .where('started_at', '<', cutoff)
      .where(sql<boolean>`not exists (select 1 from device_runs dr where dr.run_id = runs.id)`)
      .where(sql<boolean>`not exists (select 1 from devices d where d.last_run_id = runs.id)`)
      .execute(),
  );
  count(await trx.deleteFrom('component_moves').where('at', '<', cutoff).execute());
  count(await trx.deleteFrom('components').where('removed_at', '<', cutoff).execute());
  count(await trx.deleteFrom('software').where('ended_at', '<', cutoff).execute());
  count(await trx.deleteFrom('config_changes').where('at', '<', cutoff).execute());
  count(
    await trx
      .deleteFrom('config_snapshots')
      .where('last_seen', '<', cutoff)
      .where(sql<boolean>`not exists (select 1 from devices d where d.config_snapshot_id = config_snapshots.id)`)
      .execute(),
  );
  count(await trx.deleteFrom('alarms').where('cleared_at', '<', cutoff).execute());
  count(await trx.deleteFrom('core_dumps').where('removed_at', '<', cutoff).execute());
  count(
    await trx
      .deleteFrom('reboots')
      .where('detected_at', '<', cutoff)
      .where(sql<boolean>`exists (select 1 from reboots r2 where r2.device_id = reboots.device_id and r2.ident = reboots.ident and r2.boot_time > reboots.boot_time)`)
      .execute(),
  );
  removed += await pruneReconciliations(trx, cutoff);
  removed += await pruneExposure(trx, cutoff);
  return removed;
}

/** Old reconciliations (items, per-site counts, summary) and old installed-base imports; see the header. */
async function pruneReconciliations(trx: Db, cutoff: string): Promise<number> {
  const latest = trx.selectFrom('reconciliations').select('id').orderBy('at', 'desc').orderBy('id', 'desc').limit(1);
  const old = trx.selectFrom('reconciliations').select('id').where('at', '<', cutoff).where('id', 'not in', latest);
  let removed = 0;
  // children first, explicitly: rows deleted by ON DELETE CASCADE would not be counted
  removed += Number((await trx.deleteFrom('reconciliation_items').where('reconciliation_id', 'in', old).executeTakeFirst()).numDeletedRows);
  removed += Number((await trx.deleteFrom('reconciliation_sites').where('reconciliation_id', 'in', old).executeTakeFirst()).numDeletedRows);
  removed += Number((await trx.deleteFrom('reconciliations').where('id', 'in', old).executeTakeFirst()).numDeletedRows);
  const latestImport = trx.selectFrom('ib_imports').select('id').orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(1);
  const imports = await trx
    .deleteFrom('ib_imports')
    .where('imported_at', '<', cutoff)
    .where('id', 'not in', latestImport)
    // one pass over the records (no index on import_id: migration 0007)
    .where('id', 'not in', (eb) => eb.selectFrom('ib_records').select('import_id'))
    .executeTakeFirst();
  return removed + Number(imports.numDeletedRows);
}

/** Old exposure runs with their findings, and first-seen days of keys not seen since; see the header. */
async function pruneExposure(trx: Db, cutoff: string): Promise<number> {
  const latest = trx.selectFrom('exposure_runs').select('id').orderBy('at', 'desc').orderBy('id', 'desc').limit(1);
  const old = trx.selectFrom('exposure_runs').select('id').where('at', '<', cutoff).where('id', 'not in', latest);
  let removed = 0;
  removed += Number((await trx.deleteFrom('exposure_findings').where('exposure_run_id', 'in', old).executeTakeFirst()).numDeletedRows);
  removed += Number((await trx.deleteFrom('exposure_runs').where('id', 'in', old).executeTakeFirst()).numDeletedRows);
  const keys = await trx
    .deleteFrom('finding_first_seen')
    .where('last_seen', '<', cutoff)
    // keys of the kept latest run were touched at its time, however old it is
    .where(sql<boolean>`last_seen < coalesce((select max(at) from exposure_runs), '')`)
    .executeTakeFirst();
  return removed + Number(keys.numDeletedRows);
}
