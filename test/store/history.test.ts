/**
 * The store's history rules one by one, on real SQLite files, with records parsed by the real
 * collectors from the built-in mx960 / srx345-cluster profiles.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryComponent } from '../../collectors/chassis-inventory.js';
import type { Store } from '../../src/store/store-api.js';
import { collection, collectorsOf, ok, profileData, run, tempStore, withSerialSuffix, type ProfileData } from './collection-builder.js';

const T = (day: number, hour = 0): string => new Date(Date.UTC(2025, 5, day, hour)).toISOString();

let open: Store[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function storeWithFile(): Promise<{ store: Store; file: string }> {
  const t = await tempStore();
  open.push(t.store);
  return { store: t.store, file: t.file };
}

function byPath(data: ProfileData, ...path: string[]): InventoryComponent {
  const c = data.inventory.components.find((x) => JSON.stringify(x.path) === JSON.stringify(path));
  if (!c) throw new Error(`no component ${path.join('/')}`);
  return c;
}

/** Records one run of one device with the given data (all collectors ok). */
async function record(store: Store, n: number, data: ProfileData, device = 'mx1'): Promise<void> {
  await run(store, `run-${n}-${device}`, T(n));
  await store.recordDevice(collection(`run-${n}-${device}`, device, T(n, 1), collectorsOf(data)));
}

describe('store history', () => {
  it('stores a clean collection and reads it back in inventory order', async () => {
    const { store } = await storeWithFile();
    const data = profileData('mx960');
    await record(store, 1, data);
    const [row] = await store.listDevices();
    expect(row).toEqual({
      name: 'mx1', site: null, hostname: 'lab-mx960-a', model: 'mx960', os: 'junos', version: '23.4R2-S3.9',
      serialNumber: 'JN12B9E35AFA', lastCollected: T(1, 1), status: 'ok',
    });
    const detail = (await store.deviceDetail('mx1'))!;
    expect(detail.components.map((c) => c.path)).toEqual(data.inventory.components.map((c) => c.path));
    expect(detail.components[0]).toMatchObject({ ...data.inventory.components[0], firstSeen: T(1, 1), lastSeen: T(1, 1), removedAt: null });
    expect(detail.software).toEqual(data.software);
    expect(detail.routeEngines).toEqual(data.routeEngines);
    expect(detail.alarms).toEqual(data.alarms);
    expect(detail.coreDumps).toEqual(data.coreDumps);
    expect(detail.outcomes.map((o) => [o.collector, o.status])).toContainEqual(['chassis-inventory', 'ok']);
    expect(await store.deviceDetail('nope')).toBeNull();
  });

  it('keeps first-seen and moves last-seen of unchanged components', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    await record(store, 2, profileData('mx960'));
    const detail = (await store.deviceDetail('mx1'))!;
    expect(new Set(detail.components.map((c) => `${c.firstSeen} ${c.lastSeen}`))).toEqual(new Set([`${T(1, 1)} ${T(2, 1)}`]));
    const changes = await store.changes(null);
    expect(changes.componentsAdded).toEqual([]);
    expect(changes.componentsRemoved).toEqual([]);
  });

  it('removes a component no longer shown, and a re-added one gets a new row with a new first-seen', async () => {
    const { store, file } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    const without = profileData('mx960');
    without.inventory.components = without.inventory.components.filter((c) => c.serialNumber !== 'AA1712404L2');
    await record(store, 2, without);
    let changes = await store.changes(null);
    expect(changes.componentsRemoved).toHaveLength(1);
    expect(changes.componentsRemoved[0]).toMatchObject({
      device: 'mx1',
      component: { serialNumber: 'AA1712404L2', path: ['Chassis', 'FPC 1', 'PIC 0', 'Xcvr 1'], firstSeen: T(1, 1), lastSeen: T(1, 1), removedAt: T(2, 1) },
    });
    expect((await store.deviceDetail('mx1'))!.components.some((c) => c.serialNumber === 'AA1712404L2')).toBe(false);

    await record(store, 3, profileData('mx960'));
    changes = await store.changes(null);
    expect(changes.componentsAdded.map((a) => [a.component.serialNumber, a.component.firstSeen])).toEqual([['AA1712404L2', T(3, 1)]]);
    const current = (await store.deviceDetail('mx1'))!.components.find((c) => c.serialNumber === 'AA1712404L2')!;
    expect(current).toMatchObject({ firstSeen: T(3, 1), lastSeen: T(3, 1), removedAt: null });
    // both rows are kept: the removed one and the new one
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`select count(*) as n from components where serial_number = 'AA1712404L2'`).get()).toEqual({ n: 2 });
    db.close();
  });

  it('a swapped FPC is the old one removed and the new one added, with correct first-seen', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    await record(store, 2, profileData('mx960'));
    const swapped = profileData('mx960');
    byPath(swapped, 'Chassis', 'FPC 1').serialNumber = 'CAXX0001';
    await record(store, 3, swapped);

    const changes = await store.changes(null);
    expect(changes.componentsRemoved.map((r) => r.component)).toEqual([
      expect.objectContaining({ path: ['Chassis', 'FPC 1'], serialNumber: 'CAFN6104', firstSeen: T(1, 1), lastSeen: T(2, 1), removedAt: T(3, 1) }),
    ]);
    expect(changes.componentsAdded.map((r) => r.component)).toEqual([
      expect.objectContaining({ path: ['Chassis', 'FPC 1'], serialNumber: 'CAXX0001', firstSeen: T(3, 1), lastSeen: T(3, 1), removedAt: null }),
    ]);
    expect(changes.componentsMoved).toEqual([]);
    const detail = (await store.deviceDetail('mx1'))!;
    const fpc1 = detail.components.filter((c) => c.path.join('/') === 'Chassis/FPC 1');
    expect(fpc1.map((c) => c.serialNumber)).toEqual(['CAXX0001']);
    // the rest of the box keeps its first-seen
    expect(detail.components.find((c) => c.serialNumber === 'CAFK4187')).toMatchObject({ firstSeen: T(1, 1), lastSeen: T(3, 1) });
    // the position follows the inventory order
    expect(detail.components.map((c) => c.path)).toEqual(swapped.inventory.components.map((c) => c.path));
  });

  it('updates attributes in place when the same part reports another revision', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    const changed = profileData('mx960');
    byPath(changed, 'Chassis', 'FPC 3').version = 'REV 99';
    await record(store, 2, changed);
    const fpc3 = (await store.deviceDetail('mx1'))!.components.find((c) => c.path.join('/') === 'Chassis/FPC 3')!;
    expect(fpc3).toMatchObject({ version: 'REV 99', firstSeen: T(1, 1), lastSeen: T(2, 1) });
    expect((await store.changes(null)).componentsAdded).toEqual([]);
  });

  it('records a serial moved to another slot of the device', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    const moved = profileData('mx960');
    byPath(moved, 'Chassis', 'FPC 5', 'PIC 0', 'Xcvr 4').path = ['Chassis', 'FPC 5', 'PIC 0', 'Xcvr 7'];
    await record(store, 2, moved);
    const changes = await store.changes(null);
    expect(changes.componentsMoved).toEqual([
      { serialNumber: '1W2CZBA52G4R1', from: { device: 'mx1', path: ['Chassis', 'FPC 5', 'PIC 0', 'Xcvr 4'] }, to: { device: 'mx1', path: ['Chassis', 'FPC 5', 'PIC 0', 'Xcvr 7'] }, at: T(2, 1) },
    ]);
    // a move is reported as a move, not as an addition and a removal
    expect(changes.componentsAdded).toEqual([]);
    expect(changes.componentsRemoved).toEqual([]);
  });

  it('records a serial moved to another device once its old device no longer shows it', async () => {
    const { store } = await storeWithFile();
    const a = withSerialSuffix(profileData('mx960'), 'a');
    const b = withSerialSuffix(profileData('mx960'), 'b');
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx-a', T(1, 1), collectorsOf(a)));
    await store.recordDevice(collection('r1', 'mx-b', T(1, 2), collectorsOf(b)));

    // the optic goes from mx-a FPC 0 to an empty port of mx-b; mx-b is collected first in run 2
    const optic = byPath(a, 'Chassis', 'FPC 0', 'PIC 0', 'Xcvr 1');
    a.inventory.components = a.inventory.components.filter((c) => c !== optic);
    b.inventory.components.push({ ...optic, path: ['Chassis', 'FPC 5', 'PIC 0', 'Xcvr 9'], name: 'Xcvr 9' });
    await run(store, 'r2', T(2));
    await store.recordDevice(collection('r2', 'mx-b', T(2, 1), collectorsOf(b)));
    // while mx-a still shows it, the same serial in two places is not (yet) a move
    let changes = await store.changes(null);
    expect(changes.componentsMoved).toEqual([]);
    expect(changes.componentsAdded.map((x) => x.component.serialNumber)).toEqual(['1ECQ1710391-a']);

    await store.recordDevice(collection('r2', 'mx-a', T(2, 2), collectorsOf(a)));
    changes = await store.changes(null);
    expect(changes.componentsMoved).toEqual([
      { serialNumber: '1ECQ1710391-a', from: { device: 'mx-a', path: ['Chassis', 'FPC 0', 'PIC 0', 'Xcvr 1'] }, to: { device: 'mx-b', path: ['Chassis', 'FPC 5', 'PIC 0', 'Xcvr 9'] }, at: T(2, 1) },
    ]);
    expect(changes.componentsAdded).toEqual([]);
    expect(changes.componentsRemoved).toEqual([]);
  });

  it('adds a software row when a member changes version, and keeps one row while it does not', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    await record(store, 2, profileData('mx960'));
    const upgraded = profileData('mx960');
    upgraded.software.members[1]!.version = '24.2R1.17';
    await record(store, 3, upgraded);
    expect(await store.software()).toEqual([
      { device: 'mx1', site: null, model: 'mx960', os: 'junos', member: 're0', version: '23.4R2-S3.9', collectedAt: T(3, 1) },
      { device: 'mx1', site: null, model: 'mx960', os: 'junos', member: 're1', version: '24.2R1.17', collectedAt: T(3, 1) },
    ]);
    expect((await store.changes(null)).softwareChanged).toEqual([{ device: 'mx1', member: 're1', from: '23.4R2-S3.9', to: '24.2R1.17', at: T(3, 1) }]);
    // the first run saw every member for the first time
    expect((await store.changes(T(1))).softwareChanged).toHaveLength(3);
  });

  it('stores a configuration once per content and records every change, a revert included', async () => {
    const { store } = await storeWithFile();
    const first = profileData('mx960');
    await record(store, 1, first);
    await record(store, 2, profileData('mx960'));
    let snapshots = await store.configSnapshots('mx1');
    expect(snapshots).toEqual([expect.objectContaining({ device: 'mx1', firstSeen: T(1, 1), lastSeen: T(2, 1), hash: first.configuration.hash })]);
    expect(await store.configText(snapshots[0]!.id)).toBe(first.configuration.text);

    const edited = profileData('mx960');
    edited.configuration = { ...edited.configuration, text: `${edited.configuration.text}\n/* edited */`, hash: 'e'.repeat(64) };
    await record(store, 3, edited);
    let changes = await store.changes(null);
    expect(changes.configsChanged).toHaveLength(1);
    expect(changes.configsChanged[0]!.from?.hash).toBe(first.configuration.hash);
    expect(changes.configsChanged[0]!.to.hash).toBe('e'.repeat(64));

    await record(store, 4, profileData('mx960'));
    snapshots = await store.configSnapshots('mx1');
    expect(snapshots.map((s) => s.hash)).toEqual(['e'.repeat(64), first.configuration.hash]); // the current one last
    changes = await store.changes(null);
    expect(changes.configsChanged.map((c) => [c.from?.hash, c.to.hash])).toEqual([['e'.repeat(64), first.configuration.hash]]);
    expect(await store.configText(999_999)).toBeNull();
  });

  it('clears alarms and removes core dumps a successful collection no longer shows, and records reboots', async () => {
    const { store, file } = await storeWithFile();
    await record(store, 1, profileData('mx960'));
    const healthy = profileData('mx960');
    healthy.alarms = [];
    healthy.coreDumps = healthy.coreDumps.slice(1);
    const re0 = healthy.routeEngines.routeEngines.find((re) => re.slot === 0)!;
    re0.startTime = T(1, 12);
    re0.lastRebootReason = 'Router rebooted after a normal shutdown.';
    await record(store, 2, healthy);
    const detail = (await store.deviceDetail('mx1'))!;
    expect(detail.alarms).toEqual([]);
    expect(detail.coreDumps).toEqual(healthy.coreDumps);

    const db = new Database(file, { readonly: true });
    expect(db.prepare('select description, first_seen, last_seen, cleared_at from alarms').all()).toEqual([
      { description: 'PEM 2 Not OK', first_seen: T(1, 1), last_seen: T(1, 1), cleared_at: T(2, 1) },
    ]);
    expect(db.prepare('select file, removed_at from core_dumps order by id').all()).toEqual([
      { file: '/var/crash/rpd.core.0.gz', removed_at: T(2, 1) },
      { file: '/var/tmp/snmpd.core', removed_at: null },
    ]);
    expect(db.prepare('select slot, boot_time, reason from reboots order by slot, boot_time').all()).toEqual([
      { slot: 0, boot_time: '2025-01-19T22:41:05.000Z', reason: '0x4000:VJUNOS reboot' },
      { slot: 0, boot_time: T(1, 12), reason: 'Router rebooted after a normal shutdown.' },
      { slot: 1, boot_time: '2025-01-19T22:45:37.000Z', reason: expect.any(String) },
    ]);
    db.close();
  });

  it('keeps the components of a cluster node that did not answer', async () => {
    const { store } = await storeWithFile();
    await record(store, 1, profileData('srx345-cluster'), 'srx1');
    const before = (await store.deviceDetail('srx1'))!.components;
    expect(new Set(before.map((c) => c.member))).toEqual(new Set(['node0', 'node1']));
    const node0Only = profileData('srx345-cluster');
    node0Only.inventory.components = node0Only.inventory.components.filter((c) => c.member === 'node0');
    await record(store, 2, node0Only, 'srx1');
    const after = (await store.deviceDetail('srx1'))!.components;
    expect(after.map((c) => c.serialNumber)).toEqual(before.map((c) => c.serialNumber));
    const node1 = after.find((c) => c.member === 'node1')!;
    expect(node1).toMatchObject({ lastSeen: T(1, 1), removedAt: null });
    expect(after.find((c) => c.member === 'node0')).toMatchObject({ lastSeen: T(2, 1) });
    expect((await store.listDevices())[0]!.serialNumber).toBe(before.find((c) => c.member === 'node0' && c.kind === 'chassis')!.serialNumber);
  });

  it('an empty inventory changes nothing, and replies older than the stored data do not overwrite it', async () => {
    const { store } = await storeWithFile();
    await record(store, 5, profileData('mx960'));
    const empty = profileData('mx960');
    empty.inventory.components = [];
    await record(store, 6, empty);
    expect((await store.deviceDetail('mx1'))!.components).toHaveLength(57);

    // an ingest of saved replies from before: recorded as a run, the newer data stays
    const old = profileData('mx960');
    old.software.version = '21.4R3.15';
    old.software.members.forEach((m) => (m.version = '21.4R3.15'));
    old.inventory.components = old.inventory.components.slice(0, 10);
    await store.beginRun({ runId: 'ingest-1', kind: 'ingest', startedAt: T(7), collectors: ['software-information', 'chassis-inventory'] });
    await store.recordDevice({ ...collection('ingest-1', 'mx1', T(1), collectorsOf(old)), source: 'ingest' });
    const detail = (await store.deviceDetail('mx1'))!;
    expect(detail.components).toHaveLength(57);
    expect(detail.device).toMatchObject({ version: '23.4R2-S3.9', lastCollected: T(6, 1), status: 'ok' });
    expect(detail.outcomes.every((o) => o.at === T(6, 1))).toBe(true);
  });

  it('keeps the latest records of the other collectors', async () => {
    const { store } = await storeWithFile();
    await run(store, 'r1', T(1));
    const uptime = { uptimes: [{ member: null, bootTime: T(1) }] };
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), [...collectorsOf(profileData('mx960')), ok('system-uptime', uptime)]));
    expect((await store.deviceDetail('mx1'))!.latest).toEqual({ 'system-uptime': uptime });
  });

  it('serialises concurrent recordDevice calls with the Kysely writers and readers of the same store', async () => {
    const { store, file } = await storeWithFile();
    await run(store, 'r1', T(1));
    const names = Array.from({ length: 24 }, (_, i) => `dev-${i}`);
    const inventory = {
      file: 'inventory.yaml',
      sites: [{ id: 'site-1', name: 'Site 1' }],
      credentials: {},
      devices: names.map((name, i) => ({ name, host: `192.0.2.${i + 1}`, port: 830, site: 'site-1', credentials: 'lab' })),
    };
    // nothing awaited in between: raw transactions (recordDevice), Kysely transactions
    // (syncInventory, prune: several awaited statements each) and reads all contend for the connection
    const work: Promise<unknown>[] = [];
    names.forEach((name, i) => {
      work.push(store.recordDevice(collection('r1', name, T(1, 1), collectorsOf(withSerialSuffix(profileData('mx960'), name)))));
      if (i % 6 === 0) work.push(store.syncInventory(inventory), store.prune(3650, new Date(T(2))));
      if (i % 4 === 0) work.push(store.listDevices(), store.deviceDetail(name), store.changes(null));
    });
    const settled = await Promise.allSettled(work);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);

    const devices = await store.listDevices();
    expect(devices.map((d) => [d.name, d.site, d.status])).toEqual([...names].sort().map((n) => [n, 'site-1', 'ok']));
    const db = new Database(file, { readonly: true });
    try {
      const perDevice = db.prepare('SELECT count(*) AS n FROM components GROUP BY device_id').all() as { n: number }[];
      expect(perDevice).toEqual(names.map(() => ({ n: profileData('mx960').inventory.components.length })));
      expect(db.prepare('SELECT count(*) AS n FROM device_runs').get()).toEqual({ n: names.length });
    } finally {
      db.close();
    }
  });
});
