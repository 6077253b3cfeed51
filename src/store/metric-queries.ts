/**
 * What the metrics read that the rest of the store API does not give (src/outputs/metric-points.ts,
 * docs/metrics.md): counts grouped in SQL, so a large fleet never loads its alarms, components or
 * millions of findings into memory. Read-only, in ONE read transaction (every count sees the same
 * committed state).
 *
 * Rules:
 *  - Device scope: the devices of the current inventory (`in_inventory = 1`), as reconcile and
 *    exposure use; a device dropped from the inventory leaves the metrics with its history kept.
 *  - `lastRunAt`: the latest collection or ingest run, its finish (else its start) — the time the
 *    device-state metrics describe.
 *  - Alarms: not cleared; core dumps: not removed (both as last collected, kept through failures).
 *  - Reboots: stored RE boots (health-history.ts) with a boot time in the 24 hours up to
 *    `lastRunAt`, bounds (since, until].
 *  - Lifecycle: the lifecycle findings of the latest exposure run (by time, then id), grouped by
 *    site, milestone (`ref`), status and item (`software` when the finding has no component).
 *  - Contracts: the items of the latest reconciliation grouped by the site they count at (seen,
 *    else recorded: reconcile-counts.ts `itemSite`) and `contract` (null: no installed-base record).
 */
import { sql, type RawBuilder } from 'kysely';
import { inReadSnapshot } from './read-snapshot.js';
import type { Db } from './store-transaction.js';

export const REBOOT_WINDOW_MS = 24 * 3600_000;

export interface LifecycleCountRow {
  site: string | null;
  milestone: string;
  status: string;
  item: 'hardware' | 'software';
  findings: number;
  devices: number;
}

export interface MetricCounts {
  /** ISO time of the latest collection or ingest run; null before the first. */
  lastRunAt: string | null;
  /** Names of the devices of the current inventory (the scope of the device metrics). */
  inventoryDevices: string[];
  hardware: { site: string | null; kind: string; components: number; serials: number }[];
  alarms: { site: string | null; source: string; severity: string | null; active: number; devices: number }[];
  coreDumps: { site: string | null; coreDumps: number; devices: number }[];
  /** Boots in (since, until]; empty with a null window before the first run. */
  reboots: { site: string | null; reboots: number; devices: number }[];
  rebootWindow: { since: string; until: string } | null;
  /** The latest exposure run's lifecycle counts and the sites it covered; null before the first run. */
  lifecycle: { exposureRunId: number; at: string; sites: string[]; rows: LifecycleCountRow[] } | null;
  /** The latest reconciliation's contract states and its sites; null before the first. */
  contracts: { reconciliationId: number; at: string; sites: string[]; rows: { site: string; state: string | null; serials: number }[] } | null;
}

async function rows<R>(conn: Db, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(conn)).rows;
}

async function latestLifecycle(conn: Db): Promise<MetricCounts['lifecycle']> {
  const [run] = await rows<{ id: number; at: string; per_site: string }>(conn, sql`
    SELECT id, at, per_site FROM exposure_runs ORDER BY at DESC, id DESC LIMIT 1`);
  if (run === undefined) return null;
  const counts = await rows<{ site: string | null; milestone: string; status: string; software: number; findings: number; devices: number }>(conn, sql`
    SELECT site, json_extract(body, '$.ref') AS milestone, status, json_extract(body, '$.component') IS NULL AS software,
           count(*) AS findings, count(DISTINCT device) AS devices
      FROM exposure_findings
     WHERE exposure_run_id = ${run.id} AND kind = 'lifecycle'
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  const sites = (JSON.parse(run.per_site) as { site: string }[]).map((s) => s.site);
  return {
    exposureRunId: run.id,
    at: run.at,
    sites,
    rows: counts.map((c) => ({ site: c.site, milestone: c.milestone, status: c.status, item: c.software === 1 ? 'software' : 'hardware', findings: c.findings, devices: c.devices })),
  };
}

async function latestContracts(conn: Db): Promise<MetricCounts['contracts']> {
  const [rec] = await rows<{ id: number; at: string }>(conn, sql`SELECT id, at FROM reconciliations ORDER BY at DESC, id DESC LIMIT 1`);
  if (rec === undefined) return null;
  const sites = await rows<{ site: string }>(conn, sql`SELECT site FROM reconciliation_sites WHERE reconciliation_id = ${rec.id} ORDER BY position`);
  const counts = await rows<{ site: string; state: string | null; serials: number }>(conn, sql`
    SELECT coalesce(site, ib_site, '') AS site, contract AS state, count(*) AS serials
      FROM reconciliation_items WHERE reconciliation_id = ${rec.id}
     GROUP BY 1, 2 ORDER BY 1, 2`);
  return { reconciliationId: rec.id, at: rec.at, sites: sites.map((s) => s.site), rows: counts };
}

export function metricCounts(db: Db): Promise<MetricCounts> {
  return inReadSnapshot(db, async (conn) => {
    const [last] = await rows<{ at: string | null }>(conn, sql`SELECT max(coalesce(finished_at, started_at)) AS at FROM runs`);
    const lastRunAt = last?.at ?? null;
    const inventoryDevices = (await rows<{ name: string }>(conn, sql`SELECT name FROM devices WHERE in_inventory = 1 ORDER BY name`)).map((d) => d.name);
    const hardware = await rows<{ site: string | null; kind: string; components: number; serials: number }>(conn, sql`
      SELECT d.site_id AS site, c.kind, count(*) AS components,
             sum(CASE WHEN c.serial_placeholder = 0 AND c.serial_number IS NOT NULL THEN 1 ELSE 0 END) AS serials
        FROM components c JOIN devices d ON d.id = c.device_id
       WHERE d.in_inventory = 1 AND c.removed_at IS NULL
       GROUP BY 1, 2 ORDER BY 1, 2`);
    const alarms = await rows<{ site: string | null; source: string; severity: string | null; active: number; devices: number }>(conn, sql`
      SELECT d.site_id AS site, a.source, a.severity, count(*) AS active, count(DISTINCT a.device_id) AS devices
        FROM alarms a JOIN devices d ON d.id = a.device_id
       WHERE d.in_inventory = 1 AND a.cleared_at IS NULL
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    const coreDumps = await rows<{ site: string | null; coreDumps: number; devices: number }>(conn, sql`
      SELECT d.site_id AS site, count(*) AS "coreDumps", count(DISTINCT c.device_id) AS devices
        FROM core_dumps c JOIN devices d ON d.id = c.device_id
       WHERE d.in_inventory = 1 AND c.removed_at IS NULL
       GROUP BY 1 ORDER BY 1`);
    let reboots: MetricCounts['reboots'] = [];
    let rebootWindow: MetricCounts['rebootWindow'] = null;
    if (lastRunAt !== null) {
      rebootWindow = { since: new Date(Date.parse(lastRunAt) - REBOOT_WINDOW_MS).toISOString(), until: lastRunAt };
      reboots = await rows<{ site: string | null; reboots: number; devices: number }>(conn, sql`
        SELECT d.site_id AS site, count(*) AS reboots, count(DISTINCT r.device_id) AS devices
          FROM reboots r JOIN devices d ON d.id = r.device_id
         WHERE d.in_inventory = 1 AND r.boot_time > ${rebootWindow.since} AND r.boot_time <= ${rebootWindow.until}
         GROUP BY 1 ORDER BY 1`);
    }
    return {
      lastRunAt,
      inventoryDevices,
      hardware,
      alarms,
      coreDumps,
      reboots,
      rebootWindow,
      lifecycle: await latestLifecycle(conn),
      contracts: await latestContracts(conn),
    };
  });
}
