/**
 * changes(since): what the runs started at or after `since` found, compared to what was known
 * before them. `since` null = the start of the most recent run (what the last run changed
 * compared to the run before it). Changes are attributed to the run that recorded them, so an
 * ingest of older saved replies shows up under the ingest run.
 *  - componentsAdded / componentsRemoved: rows first seen / removed by those runs, except the two
 *    ends of a move.
 *  - componentsMoved: a real serial recorded at a new device or path by those runs, whose old row
 *    is no longer current (a serial still current at its old place too is a duplicate, not a move).
 *  - softwareChanged: new software rows of those runs, `from` = the member's previous version
 *    (null for a member seen for the first time).
 *  - configsChanged: the device's current configuration content changed (`from` null = first one).
 *  - devicesFailing: every device whose latest outcome is failed or partial (now, whatever the window).
 */
import { sql } from 'kysely';
import { storedComponent } from './component-history.js';
import { configSnapshot } from './config-history.js';
import { deviceStatus } from './device-queries.js';
import type { ChangeSet } from './store-api.js';
import { isoTime, type Db } from './store-transaction.js';

function emptyChanges(since: string, until: string): ChangeSet {
  return { since, until, componentsAdded: [], componentsRemoved: [], componentsMoved: [], softwareChanged: [], configsChanged: [], devicesFailing: [] };
}

export async function changes(db: Db, sinceArg: string | null, now: Date = new Date()): Promise<ChangeSet> {
  const until = now.toISOString();
  let since: string;
  if (sinceArg === null) {
    const last = await db.selectFrom('runs').select('started_at').orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last === undefined) return emptyChanges(until, until);
    since = last.started_at;
  } else {
    since = isoTime(sinceArg, 'since');
  }
  const windowRuns = db.selectFrom('runs').select('id').where('started_at', '>=', since);

  const moves = await db
    .selectFrom('component_moves as m')
    .leftJoin('components as f', 'f.id', 'm.from_component_id')
    .select(['m.serial_number', 'm.from_component_id', 'm.to_component_id', 'm.from_device', 'm.from_path', 'm.to_device', 'm.to_path', 'm.at'])
    .where('m.run_id', 'in', windowRuns)
    .where((eb) => eb.or([eb('f.id', 'is', null), eb('f.removed_at', 'is not', null)]))
    .orderBy('m.id')
    .execute();
  const moveTargets = new Set(moves.map((m) => m.to_component_id));
  const moveSources = new Set(moves.map((m) => m.from_component_id));

  const added = await db
    .selectFrom('components')
    .innerJoin('devices', 'devices.id', 'components.device_id')
    .selectAll('components')
    .select(['devices.name as device_name', 'devices.inventory_at'])
    .where('components.first_run_id', 'in', windowRuns)
    .orderBy('devices.name')
    .orderBy('components.position')
    .orderBy('components.id')
    .execute();
  const removed = await db
    .selectFrom('components')
    .innerJoin('devices', 'devices.id', 'components.device_id')
    .selectAll('components')
    .select(['devices.name as device_name', 'devices.inventory_at'])
    .where('components.removed_run_id', 'in', windowRuns)
    .orderBy('devices.name')
    .orderBy('components.position')
    .orderBy('components.id')
    .execute();

  const softwareRows = await db
    .selectFrom('software as s')
    .innerJoin('devices', 'devices.id', 's.device_id')
    .select([
      'devices.name as device_name',
      's.member',
      's.version',
      's.first_seen',
      sql<string | null>`(select p.version from software p where p.device_id = s.device_id and p.member is s.member and p.id < s.id order by p.id desc limit 1)`.as('from_version'),
      sql<number>`exists (select 1 from software p where p.device_id = s.device_id and p.member is s.member and p.id < s.id)`.as('has_previous'),
    ])
    .where('s.first_run_id', 'in', windowRuns)
    .orderBy('devices.name')
    .orderBy('s.id')
    .execute();

  const configRows = await db
    .selectFrom('config_changes as cc')
    .innerJoin('devices', 'devices.id', 'cc.device_id')
    .innerJoin('config_snapshots as t', 't.id', 'cc.to_snapshot_id')
    .leftJoin('config_snapshots as f', 'f.id', 'cc.from_snapshot_id')
    .select([
      'devices.name as device_name',
      't.id as t_id', 't.first_seen as t_first_seen', 't.last_seen as t_last_seen', 't.hash as t_hash', 't.commit_time as t_commit_time', 't.commit_user as t_commit_user',
      'f.id as f_id', 'f.first_seen as f_first_seen', 'f.last_seen as f_last_seen', 'f.hash as f_hash', 'f.commit_time as f_commit_time', 'f.commit_user as f_commit_user',
    ])
    .where('cc.run_id', 'in', windowRuns)
    .orderBy('devices.name')
    .orderBy('cc.id')
    .execute();

  const failing = await db
    .selectFrom('devices')
    .select(['name', 'last_status', 'last_collected', 'last_error_code', 'last_error_message', 'failing_since', 'last_attempt'])
    .where('last_status', 'in', ['failed', 'partial'])
    .orderBy('name')
    .execute();

  return {
    since,
    until,
    componentsAdded: added.filter((c) => !moveTargets.has(c.id)).map((c) => ({ device: c.device_name, component: storedComponent(c, c.inventory_at) })),
    componentsRemoved: removed.filter((c) => !moveSources.has(c.id)).map((c) => ({ device: c.device_name, component: storedComponent(c, c.inventory_at) })),
    componentsMoved: moves.map((m) => ({
      serialNumber: m.serial_number,
      from: { device: m.from_device, path: JSON.parse(m.from_path) as string[] },
      to: { device: m.to_device, path: JSON.parse(m.to_path) as string[] },
      at: m.at,
    })),
    softwareChanged: softwareRows
      .filter((s) => s.from_version !== s.version || !s.has_previous)
      .map((s) => ({ device: s.device_name, member: s.member, from: s.has_previous ? s.from_version : null, to: s.version, at: s.first_seen })),
    configsChanged: configRows.map((r) => ({
      device: r.device_name,
      from:
        r.f_id === null
          ? null
          : configSnapshot({ id: r.f_id, first_seen: r.f_first_seen!, last_seen: r.f_last_seen!, hash: r.f_hash!, commit_time: r.f_commit_time, commit_user: r.f_commit_user }, r.device_name),
      to: configSnapshot({ id: r.t_id, first_seen: r.t_first_seen, last_seen: r.t_last_seen, hash: r.t_hash, commit_time: r.t_commit_time, commit_user: r.t_commit_user }, r.device_name),
    })),
    devicesFailing: failing.map((d) => ({
      device: d.name,
      status: deviceStatus(d),
      code: d.last_error_code,
      message: d.last_error_message,
      since: d.failing_since ?? d.last_attempt ?? until,
    })),
  };
}
