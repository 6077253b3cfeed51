/**
 * Outcomes and status (SPEC §2.4, §2.5): a failed device keeps its data and becomes stale, a
 * collector error keeps that collector's data, the inventory's devices start as `never`.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/config/config-types.js';
import type { Store } from '../../src/store/store-api.js';
import { collection, collectorsOf, failedCollector, failedDevice, notApplicable, ok, profileData, run, tempStore } from './collection-builder.js';

const T = (day: number, hour = 0): string => new Date(Date.UTC(2025, 6, day, hour)).toISOString();

function inventory(devices: string[], site = '0100012345'): Inventory {
  return {
    file: '/tmp/inventory.yaml',
    sites: [{ id: site, name: 'AMS-DC1' }],
    credentials: { ro: { username: 'ibsight', password: 'env:X', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false } },
    devices: devices.map((name, i) => ({ name, host: `192.0.2.${i + 10}`, port: 830, site, credentials: 'ro' })),
  };
}

let store: Store;
let file: string;
afterEach(async () => {
  await store.close();
});

async function fresh(): Promise<void> {
  const t = await tempStore();
  store = t.store;
  file = t.file;
}

describe('store outcomes and status', () => {
  it('lists inventory devices as never collected, keeps devices no longer listed', async () => {
    await fresh();
    await store.syncInventory(inventory(['mx1', 'mx2']));
    expect(await store.listDevices()).toEqual([
      { name: 'mx1', site: '0100012345', hostname: null, model: null, os: null, version: null, serialNumber: null, lastCollected: null, status: 'never' },
      { name: 'mx2', site: '0100012345', hostname: null, model: null, os: null, version: null, serialNumber: null, lastCollected: null, status: 'never' },
    ]);
    const detail = (await store.deviceDetail('mx2'))!;
    expect(detail.device).toMatchObject({ host: '192.0.2.11', port: 830, lastError: null, status: 'never' });
    await store.syncInventory({ ...inventory(['mx2']), sites: [] });
    expect((await store.listDevices()).map((d) => [d.name, d.site])).toEqual([['mx1', '0100012345'], ['mx2', '0100012345']]);
  });

  it('a device that fails after a success keeps its data and becomes stale; one that never succeeded is failed', async () => {
    await fresh();
    await store.syncInventory(inventory(['mx1', 'mx2']));
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), collectorsOf(profileData('mx960'))));
    await store.recordDevice(failedDevice('r1', 'mx2', T(1, 1), 'AUTH_FAILED', 'authentication failed'));
    await run(store, 'r2', T(2));
    await store.recordDevice(failedDevice('r2', 'mx1', T(2, 1), 'CONNECT_TIMEOUT', 'no answer in 15000 ms'));
    await store.recordDevice(failedDevice('r2', 'mx2', T(2, 1), 'AUTH_FAILED', 'authentication failed'));

    const rows = await store.listDevices();
    expect(rows[0]).toMatchObject({ name: 'mx1', status: 'stale', serialNumber: 'JN12B9E35AFA', version: '23.4R2-S3.9', lastCollected: T(1, 1) });
    expect(rows[1]).toMatchObject({ name: 'mx2', status: 'failed', serialNumber: null, lastCollected: null });
    const detail = (await store.deviceDetail('mx1'))!;
    expect(detail.components).toHaveLength(57);
    expect(detail.components.every((c) => c.lastSeen === T(1, 1))).toBe(true);
    expect(detail.alarms).toHaveLength(1);
    expect(detail.device.lastError).toEqual({ code: 'CONNECT_TIMEOUT', message: 'no answer in 15000 ms', at: T(2, 1) });

    const changes = await store.changes(null);
    expect(changes.componentsRemoved).toEqual([]);
    expect(changes.devicesFailing).toEqual([
      { device: 'mx1', status: 'stale', code: 'CONNECT_TIMEOUT', message: 'no answer in 15000 ms', since: T(2, 1) },
      { device: 'mx2', status: 'failed', code: 'AUTH_FAILED', message: 'authentication failed', since: T(1, 1) },
    ]);

    // back to normal: ok again, nothing was lost, the failing streak ends
    await run(store, 'r3', T(3));
    await store.recordDevice(collection('r3', 'mx1', T(3, 1), collectorsOf(profileData('mx960'))));
    const again = (await store.listDevices())[0]!;
    expect(again).toMatchObject({ status: 'ok', lastCollected: T(3, 1) });
    const firstSeen = new Set((await store.deviceDetail('mx1'))!.components.map((c) => c.firstSeen));
    expect(firstSeen).toEqual(new Set([T(1, 1)]));
    expect((await store.changes(null)).devicesFailing.map((d) => d.device)).toEqual(['mx2']);
  });

  it('a failed device changes no data, even from collectors that answered', async () => {
    await fresh();
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), collectorsOf(profileData('mx960'))));
    const next = profileData('mx960');
    next.software.version = '24.2R1.17';
    next.software.members.forEach((m) => (m.version = '24.2R1.17'));
    await run(store, 'r2', T(2));
    await store.recordDevice({
      ...collection('r2', 'mx1', T(2, 1), [ok('software-information', next.software), failedCollector('chassis-inventory', 'RPC_TIMEOUT')]),
      outcome: 'failed',
      error: { code: 'RPC_TIMEOUT', message: 'chassis-inventory timed out' },
    });
    const row = (await store.listDevices())[0]!;
    expect(row).toMatchObject({ status: 'stale', version: '23.4R2-S3.9' });
    expect((await store.software()).map((s) => s.version)).toEqual(['23.4R2-S3.9', '23.4R2-S3.9']);
    const outcomes = (await store.deviceDetail('mx1'))!.outcomes;
    expect(outcomes.find((o) => o.collector === 'chassis-inventory')).toEqual({ collector: 'chassis-inventory', status: 'error', at: T(2, 1), code: 'RPC_TIMEOUT', message: 'chassis-inventory failed' });
    expect(outcomes.find((o) => o.collector === 'software-information')).toMatchObject({ status: 'ok', at: T(2, 1) });
  });

  it('a collector error keeps that collector data while the others are updated; the device is partial', async () => {
    await fresh();
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), collectorsOf(profileData('mx960'))));
    const next = profileData('mx960');
    next.coreDumps = [];
    await run(store, 'r2', T(2));
    const collectors = collectorsOf(next).map((c) => (c.collector === 'alarms' ? failedCollector('alarms', 'RPC_ERROR', 'permission denied') : c));
    await store.recordDevice(collection('r2', 'mx1', T(2, 1), collectors));

    const detail = (await store.deviceDetail('mx1'))!;
    expect(detail.device).toMatchObject({ status: 'partial', lastCollected: T(2, 1), lastError: { code: 'RPC_ERROR', message: 'permission denied', at: T(2, 1) } });
    expect(detail.alarms).toEqual(profileData('mx960').alarms); // kept
    expect(detail.coreDumps).toEqual([]); // updated by its own successful collector
    expect(detail.outcomes.find((o) => o.collector === 'alarms')).toMatchObject({ status: 'error', code: 'RPC_ERROR' });
    expect((await store.changes(null)).devicesFailing).toEqual([{ device: 'mx1', status: 'partial', code: 'RPC_ERROR', message: 'permission denied', since: T(2, 1) }]);
  });

  it('not-applicable clears the latest records of that collector', async () => {
    await fresh();
    await run(store, 'r1', T(1));
    const status = { clusterId: 1, nodes: [] };
    await store.recordDevice(collection('r1', 'srx1', T(1, 1), [...collectorsOf(profileData('srx345-cluster')), ok('cluster-status', status)]));
    expect((await store.deviceDetail('srx1'))!.latest).toEqual({ 'cluster-status': status });
    await run(store, 'r2', T(2));
    await store.recordDevice(collection('r2', 'srx1', T(2, 1), [...collectorsOf(profileData('srx345-cluster')), notApplicable('cluster-status', 'not a cluster')]));
    const detail = (await store.deviceDetail('srx1'))!;
    expect(detail.latest).toEqual({});
    expect(detail.device.status).toBe('ok');
  });

  it('records runs with per-device and per-collector outcomes and durations', async () => {
    await fresh();
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), collectorsOf(profileData('mx960'))));
    await store.recordDevice(failedDevice('r1', 'mx2', T(1, 1), 'HOST_KEY_UNKNOWN'));
    // a repeated recordDevice of the same device in the same run replaces its outcome rows
    await store.recordDevice(failedDevice('r1', 'mx2', T(1, 2), 'HOST_KEY_UNKNOWN'));
    await store.finishRun('r1', { finishedAt: T(1, 3), durationMs: 3 * 3_600_000, devices: { total: 2, ok: 1, partial: 0, failed: 1 } });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('select run_key, kind, started_at, finished_at, duration_ms, total, ok, partial, failed, collectors from runs').get()).toEqual({
      run_key: 'r1', kind: 'collect', started_at: T(1), finished_at: T(1, 3), duration_ms: 10_800_000, total: 2, ok: 1, partial: 0, failed: 1,
      collectors: '["software-information","chassis-inventory"]',
    });
    expect(db.prepare('select d.name, r.outcome, r.error_code, r.collected_at from device_runs r join devices d on d.id = r.device_id order by d.name').all()).toEqual([
      { name: 'mx1', outcome: 'ok', error_code: null, collected_at: T(1, 1) },
      { name: 'mx2', outcome: 'failed', error_code: 'HOST_KEY_UNKNOWN', collected_at: T(1, 2) },
    ]);
    expect(db.prepare('select collector, status, duration_ms from collector_runs order by collector').all()).toHaveLength(6);
    db.close();
    await expect(store.recordDevice(failedDevice('no-such-run', 'mx1', T(1), 'AUTH_FAILED'))).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(store.recordDevice(failedDevice('r1', 'mx1', 'yesterday', 'AUTH_FAILED'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('changes(null) covers the most recent run; an explicit since covers every run from then', async () => {
    await fresh();
    await run(store, 'r1', T(1));
    await store.recordDevice(collection('r1', 'mx1', T(1, 1), collectorsOf(profileData('mx960'))));
    const since = await store.changes(null);
    expect(since.since).toBe(T(1));
    expect(since.componentsAdded).toHaveLength(57);
    await run(store, 'r2', T(2));
    await store.recordDevice(collection('r2', 'mx1', T(2, 1), collectorsOf(profileData('mx960'))));
    expect((await store.changes(null)).componentsAdded).toHaveLength(0);
    expect((await store.changes(T(1))).componentsAdded).toHaveLength(57);
    await expect(store.changes('not a time')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
