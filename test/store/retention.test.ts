/**
 * Retention: prune deletes history older than the cutoff and never the latest state of a device,
 * however old that state is.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { collection, collectorsOf, failedDevice, profileData, run, tempStore } from './collection-builder.js';

const DAY = 86_400_000;
const NOW = new Date('2025-09-01T00:00:00.000Z');
const daysAgo = (n: number, hour = 0): string => new Date(NOW.getTime() - n * DAY + hour * 3_600_000).toISOString();

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('store retention', () => {
  it('prunes old history, never the latest state', async () => {
    const { store, file } = await tempStore();
    // mx1: collected 400 and 300 days ago (a swapped FPC, a new version, another config, a cleared alarm), then today
    const first = profileData('mx960');
    await run(store, 'r-400', daysAgo(400));
    await store.recordDevice(collection('r-400', 'mx1', daysAgo(400, 1), collectorsOf(first)));
    // old: collected once, 400 days ago, never again — its state must survive any retention
    await store.recordDevice(collection('r-400', 'old', daysAgo(400, 2), collectorsOf(profileData('mx480'))));

    const second = profileData('mx960');
    second.inventory.components.find((c) => c.path.join('/') === 'Chassis/FPC 1')!.serialNumber = 'CAXX0001';
    second.software.members.forEach((m) => (m.version = '24.2R1.17'));
    second.configuration = { ...second.configuration, text: 'version 24.2R1.17;', hash: 'b'.repeat(64) };
    second.alarms = [];
    await run(store, 'r-300', daysAgo(300));
    await store.recordDevice(collection('r-300', 'mx1', daysAgo(300, 1), collectorsOf(second)));
    await run(store, 'r-0', daysAgo(0));
    await store.recordDevice(collection('r-0', 'mx1', daysAgo(0, 1), collectorsOf(second)));
    await store.recordDevice(failedDevice('r-0', 'gone', daysAgo(0, 1), 'CONNECT_REFUSED'));

    const before = { mx1: await store.deviceDetail('mx1'), old: await store.deviceDetail('old'), list: await store.listDevices(), software: await store.software() };
    // nothing is older than 730 days: nothing goes
    expect(await store.prune(730, NOW)).toBe(0);

    const removed = await store.prune(200, NOW);
    expect(removed).toBeGreaterThan(0);
    // history older than 200 days is gone: the removed FPC, the old version, the old config, the cleared alarm, mx1's outcomes of runs r-400 and r-300
    expect(count(file, `select count(*) as n from components where serial_number = 'CAFN6104'`)).toBe(0);
    expect(count(file, `select count(*) as n from software where version = '23.4R2-S3.9' and device_id = (select id from devices where name = 'mx1')`)).toBe(0);
    expect(count(file, `select count(*) as n from config_snapshots where device_id = (select id from devices where name = 'mx1')`)).toBe(1);
    expect(count(file, `select count(*) as n from alarms where device_id = (select id from devices where name = 'mx1')`)).toBe(0);
    expect(count(file, `select count(*) as n from device_runs where device_id = (select id from devices where name = 'mx1')`)).toBe(1);
    // run r-400 stays: it is the latest run of `old`
    expect(count(file, `select count(*) as n from runs where run_key = 'r-400'`)).toBe(1);
    expect(count(file, `select count(*) as n from device_runs where device_id = (select id from devices where name = 'old')`)).toBe(1);
    // the last known boot of each RE stays
    expect(count(file, `select count(*) as n from reboots where device_id = (select id from devices where name = 'mx1')`)).toBe(2);

    // the latest state is untouched, for the device collected today and the one collected long ago
    expect(await store.listDevices()).toEqual(before.list);
    expect(await store.software()).toEqual(before.software);
    expect(await store.deviceDetail('mx1')).toEqual(before.mx1);
    expect(await store.deviceDetail('old')).toEqual(before.old);
    expect((await store.configSnapshots('mx1')).map((s) => s.hash)).toEqual(['b'.repeat(64)]);

    // even a retention of zero days keeps the latest state
    await store.prune(0, new Date(NOW.getTime() + DAY));
    expect(await store.listDevices()).toEqual(before.list);
    expect(await store.deviceDetail('old')).toEqual(before.old);
    expect(await store.deviceDetail('mx1')).toEqual(before.mx1);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    db.close();
    await store.close();
  });
});
