/**
 * Reconciliation in the store (SPEC §5), on real SQLite files with devices recorded from the
 * built-in simulator profiles: the snapshot reconcile reads (which devices have a current
 * inventory, which components count), stored reconciliations round trip, and retention of
 * reconciliations and installed-base imports.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileCounts, ReconcileItem, ReconcileResult } from '../../src/analysis/reconcile-types.js';
import type { Inventory } from '../../src/config/config-types.js';
import type { IbRecord } from '../../src/installed-base/installed-base-types.js';
import type { Store } from '../../src/store/store-api.js';
import { collection, collectorsOf, failedCollector, failedDevice, ok, profileData, run, tempStore, withSerialSuffix, type ProfileData } from './collection-builder.js';

const AMS = '0100012345';
const FRA = '0100067890';
const DAY = 86_400_000;
const NOW = new Date('2025-09-01T00:00:00.000Z');
const daysAgo = (n: number, hour = 0): string => new Date(NOW.getTime() - n * DAY + hour * 3_600_000).toISOString();

let open: Store[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function fresh(): Promise<{ store: Store; file: string }> {
  const t = await tempStore('ibsight-reconcile-store-');
  open.push(t.store);
  return { store: t.store, file: t.file };
}

function inventory(devices: { name: string; site: string | null }[]): Inventory {
  return {
    file: 'inventory.yaml',
    sites: [{ id: AMS, name: 'AMS-DC1' }, { id: FRA, name: 'FRA-DC2' }],
    credentials: { ro: { username: 'ibsight', password: 'env:X', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false } },
    devices: devices.map((d, i) => ({ ...d, host: `192.0.2.${i + 1}`, port: 830, credentials: 'ro' })),
  } as Inventory;
}

/** The components a snapshot should list for this data: real serials, in inventory order. */
function realSerials(data: ProfileData): string[] {
  return data.inventory.components.filter((c) => c.serialNumber !== null && !c.serialPlaceholder).map((c) => c.serialNumber!);
}

async function collect(store: Store, runId: string, at: string, device: string, data: ProfileData): Promise<void> {
  await run(store, runId, at);
  await store.recordDevice(collection(runId, device, at, collectorsOf(data)));
}

const counts = (inScope: number, matched: number, more: Partial<ReconcileCounts> = {}): ReconcileCounts => ({
  inScope, matched, unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0,
  accuracyPct: inScope === 0 ? 100 : (100 * matched) / inScope, ...more,
});

function item(serialNumber: string, more: Partial<ReconcileItem> = {}): ReconcileItem {
  return {
    status: 'matched', serialNumber, device: 'mx1', site: AMS, ibSite: AMS, kind: 'fpc', partNumber: '750-045372', modelNumber: 'MPC7E-10G',
    sku: 'MPC7E-10G', contract: 'active', pairedWith: null, detail: `${serialNumber} seen on mx1 at ${AMS}, recorded there`, ...more,
  };
}

function result(items: ReconcileItem[]): ReconcileResult {
  return {
    summary: counts(items.length, items.filter((i) => i.status === 'matched').length),
    perSite: [{ site: FRA, ...counts(1, 0, { missing: 1 }) }, { site: AMS, ...counts(2, 2) }],
    items,
  };
}

function rawCount(path: string, query: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(query).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('reconcile snapshot', () => {
  it('tells current, stale and never-collected devices apart and lists only current real serials of inventory devices', async () => {
    const { store } = await fresh();
    await store.syncInventory(inventory([{ name: 'mx1', site: AMS }, { name: 'mx2', site: AMS }, { name: 'never', site: FRA }, { name: 'gone', site: FRA }]));
    const mx1 = withSerialSuffix(profileData('mx960'), 'mx1');
    const mx2 = withSerialSuffix(profileData('mx480'), 'mx2');
    const gone = withSerialSuffix(profileData('mx480'), 'gone');
    await collect(store, 'r1', daysAgo(2), 'mx1', mx1);
    await store.recordDevice(collection('r1', 'mx2', daysAgo(2), collectorsOf(mx2)));
    await store.recordDevice(collection('r1', 'gone', daysAgo(2), collectorsOf(gone)));
    // run 2: mx1 lost one transceiver; mx2 cannot be reached (stale: its components are kept)
    const removed = realSerials(mx1).at(-1)!;
    mx1.inventory.components = mx1.inventory.components.filter((c) => c.serialNumber !== removed);
    await collect(store, 'r2', daysAgo(1), 'mx1', mx1);
    await store.recordDevice(failedDevice('r2', 'mx2', daysAgo(1), 'CONNECT_TIMEOUT'));
    // `gone` leaves the inventory: it and its components are no longer in scope
    await store.syncInventory(inventory([{ name: 'mx1', site: AMS }, { name: 'mx2', site: AMS }, { name: 'never', site: FRA }]));

    const snapshot = await store.reconcileSnapshot();
    expect(snapshot.devices).toEqual([
      { name: 'mx1', site: AMS, inventoryCurrent: true, lastCollected: daysAgo(1) },
      { name: 'mx2', site: AMS, inventoryCurrent: false, lastCollected: daysAgo(2) },
      { name: 'never', site: FRA, inventoryCurrent: false, lastCollected: null },
    ]);
    // placeholders (BUILTIN and the like) and the removed transceiver are not there; mx2's kept components are
    expect(mx1.inventory.components.some((c) => c.serialPlaceholder)).toBe(true);
    expect(snapshot.components.map((c) => c.serialNumber)).toEqual([...realSerials(mx1), ...realSerials(mx2)]);
    expect(snapshot.components.map((c) => c.serialNumber)).not.toContain(removed);
    const chassis = mx1.inventory.components[0]!;
    expect(snapshot.components[0]).toEqual({
      device: 'mx1', serialNumber: chassis.serialNumber, kind: chassis.kind, path: chassis.path,
      partNumber: chassis.partNumber, modelNumber: chassis.modelNumber, description: chassis.description,
    });
  });

  it('is current only when the latest attempt stored a successful chassis inventory', async () => {
    const { store } = await fresh();
    const names = ['partial-ok', 'partial-inv-error', 'empty-inv', 'no-inv-asked', 'recovered'];
    await store.syncInventory(inventory(names.map((name) => ({ name, site: AMS }))));
    await run(store, 'r1', daysAgo(3));
    for (const name of names) await store.recordDevice(collection('r1', name, daysAgo(3), collectorsOf(withSerialSuffix(profileData('mx960'), name))));
    await run(store, 'r2', daysAgo(2));
    await store.recordDevice(failedDevice('r2', 'recovered', daysAgo(2), 'AUTH_FAILED'));
    await run(store, 'r3', daysAgo(1));
    const data = profileData('mx960');
    // another collector failed, chassis-inventory ok: partial, inventory current
    await store.recordDevice(collection('r3', 'partial-ok', daysAgo(1), [ok('software-information', data.software), ok('chassis-inventory', withSerialSuffix(profileData('mx960'), 'partial-ok').inventory), failedCollector('alarms', 'RPC_TIMEOUT')]));
    // chassis-inventory itself failed: the components are from an earlier run
    await store.recordDevice(collection('r3', 'partial-inv-error', daysAgo(1), [ok('software-information', data.software), failedCollector('chassis-inventory', 'RPC_ERROR')]));
    // an empty inventory reply keeps the older components: not current either
    await store.recordDevice(collection('r3', 'empty-inv', daysAgo(1), [ok('software-information', data.software), ok('chassis-inventory', { components: [] })]));
    // a run that did not ask for chassis-inventory on a reachable device: the stored inventory stays current
    await store.recordDevice(collection('r3', 'no-inv-asked', daysAgo(1), [ok('software-information', data.software)]));
    // a device that failed, then answered again
    await store.recordDevice(collection('r3', 'recovered', daysAgo(1), collectorsOf(withSerialSuffix(profileData('mx960'), 'recovered'))));

    const devices = new Map((await store.reconcileSnapshot()).devices.map((d) => [d.name, d]));
    expect(Object.fromEntries([...devices].map(([n, d]) => [n, [d.inventoryCurrent, d.lastCollected]]))).toEqual({
      'partial-ok': [true, daysAgo(1)],
      'partial-inv-error': [false, daysAgo(3)],
      'empty-inv': [false, daysAgo(3)],
      'no-inv-asked': [true, daysAgo(3)],
      recovered: [true, daysAgo(1)],
    });
  });
});

describe('stored reconciliations', () => {
  it('round-trip summary, per-site counts in recorded order and every item, oldest first', async () => {
    const { store } = await fresh();
    const items = [
      item('CAFN6104'),
      item('AA1712404L2', { status: 'rma-suspected', device: 'mx1', sku: null, contract: null, ibSite: null, pairedWith: 'CAXX0001', detail: 'unregistered, paired with CAXX0001' }),
      item('CAXX0001', { status: 'rma-suspected', device: null, site: null, kind: null, partNumber: null, modelNumber: null, contract: 'expiring', pairedWith: 'AA1712404L2', detail: 'missing' }),
      item('JN12B9E35AFA', { status: 'not-verified', kind: 'chassis', contract: 'none' }),
    ];
    const later = result(items);
    const earlier = result([item('ONLY1', { status: 'missing', device: null, site: null, contract: 'expired' })]);
    // recorded out of time order: reconciliations() still lists the older first
    const laterId = await store.recordReconciliation(later, daysAgo(1));
    const earlierId = await store.recordReconciliation(earlier, daysAgo(5, 3));
    expect(await store.reconciliations()).toEqual([
      { id: earlierId, at: daysAgo(5, 3), summary: earlier.summary, perSite: earlier.perSite },
      { id: laterId, at: daysAgo(1), summary: later.summary, perSite: later.perSite },
    ]);
    // the newest only (by time, not by id): what metrics and the serials report read
    expect(await store.reconciliations({ last: 1 })).toEqual([{ id: laterId, at: daysAgo(1), summary: later.summary, perSite: later.perSite }]);
    expect(await store.reconciliations({ last: 5 })).toEqual(await store.reconciliations());
    expect(await store.reconciliationItems(laterId)).toEqual(items);
    expect(await store.reconciliationItems(earlierId)).toEqual(earlier.items);
    expect(await store.reconciliationItems(9999)).toEqual([]);
    const empty = await store.recordReconciliation({ summary: counts(0, 0), perSite: [], items: [] }, daysAgo(0));
    expect((await store.reconciliations()).at(-1)).toEqual({ id: empty, at: daysAgo(0), summary: counts(0, 0), perSite: [] });
    await expect(store.recordReconciliation(later, 'not a time')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('reads back the items of a reconciliation of several read pages, in stored order', async () => {
    const { store } = await fresh();
    // 45,001 items (the store reads 20,000 per page), interleaved with another reconciliation's
    const many = Array.from({ length: 45_001 }, (_, i) => item(`S${String(45_001 - i).padStart(6, '0')}`, i % 2 === 0 ? {} : { status: 'missing', device: null, site: null }));
    const other = await store.recordReconciliation(result([item('X1')]), daysAgo(2));
    const id = await store.recordReconciliation(result(many), daysAgo(1));
    await store.recordReconciliation(result([item('X2')]), daysAgo(0));
    expect(await store.reconciliationItems(id)).toEqual(many);
    expect(await store.reconciliationItems(other)).toEqual([item('X1')]);
  });
});

describe('retention of reconciliations and imports', () => {
  const ib = (serial: string, site: string): IbRecord => ({
    serialNumber: serial, sku: 'MPC7E-10G', description: null, siteId: site, siteName: null, shipDate: null, warrantyEnd: null, parentSerial: null,
    contracts: [{ contractId: 'C1', serviceLevel: null, start: null, end: '2027-01-01' }], lines: [2],
  });
  const ibFile = (records: IbRecord[]) => ({ file: 'ib.csv', rowsRead: records.length, records, rejected: [], sites: [...new Set(records.map((r) => r.siteId))], rejectedSerials: [] });

  it('prunes old reconciliations with their items, never the latest one, and old imports that no stored record comes from', async () => {
    const { store, file } = await fresh();
    const old1 = await store.recordReconciliation(result([item('S1'), item('S2')]), daysAgo(400));
    const old2 = await store.recordReconciliation(result([item('S3')]), daysAgo(300));
    const recent = await store.recordReconciliation(result([item('S4'), item('S5')]), daysAgo(10));
    // imports: 400 days ago (all of it replaced since), 300 days ago (wrote AMS, still stored), 250 days ago (FRA, replaced by today's)
    await store.importInstalledBase(ibFile([ib('A1', AMS), ib('F1', FRA)]), { replace: 'sites', importedAt: daysAgo(400) });
    await store.importInstalledBase(ibFile([ib('A1', AMS), ib('A2', AMS)]), { replace: 'sites', importedAt: daysAgo(300) });
    await store.importInstalledBase(ibFile([ib('F1', FRA)]), { replace: 'sites', importedAt: daysAgo(250) });
    await store.importInstalledBase(ibFile([ib('F2', FRA)]), { replace: 'sites', importedAt: daysAgo(1) });
    const installedBase = await store.installedBase();

    const removed = await store.prune(200, NOW);
    // 2 old reconciliations: 3 items + 2×2 per-site rows + 2 summaries; imports of 400 and 250 days ago
    expect(removed).toBe(3 + 4 + 2 + 2);
    expect((await store.reconciliations()).map((r) => r.id)).toEqual([recent]);
    expect(await store.reconciliationItems(old1)).toEqual([]);
    expect(await store.reconciliationItems(old2)).toEqual([]);
    expect((await store.reconciliationItems(recent)).map((i) => i.serialNumber)).toEqual(['S4', 'S5']);
    expect((await store.installedBaseImports()).map((i) => i.importedAt)).toEqual([daysAgo(300), daysAgo(1)]);
    expect(await store.installedBase()).toEqual(installedBase);

    // a retention of zero days keeps the latest reconciliation, the current installed base and the imports it comes from
    await store.prune(0, new Date(NOW.getTime() + DAY));
    expect((await store.reconciliations()).map((r) => r.id)).toEqual([recent]);
    expect(await store.reconciliationItems(recent)).toHaveLength(2);
    expect(await store.installedBase()).toEqual(installedBase);
    expect((await store.installedBaseImports()).map((i) => i.importedAt)).toEqual([daysAgo(300), daysAgo(1)]);
    expect(rawCount(file, `select count(*) as n from reconciliation_sites`)).toBe(2);
  });

  it('prunes device history under stored items without breaking them: items name devices and serials by value', async () => {
    const { store, file } = await fresh();
    await store.syncInventory(inventory([{ name: 'mx1', site: AMS }]));
    const first = profileData('mx960');
    await collect(store, 'r-400', daysAgo(400), 'mx1', first);
    const swapped = profileData('mx960');
    const fpc = swapped.inventory.components.find((c) => c.path.join('/') === 'Chassis/FPC 1')!;
    const oldSerial = fpc.serialNumber!;
    fpc.serialNumber = 'CAXX0001';
    await collect(store, 'r-300', daysAgo(300), 'mx1', swapped);
    const items = [item(oldSerial, { status: 'missing', device: null, site: null }), item('CAXX0001', { status: 'unregistered', ibSite: null, sku: null, contract: null })];
    const id = await store.recordReconciliation(result(items), daysAgo(300));
    expect(rawCount(file, `select count(*) as n from components where serial_number = '${oldSerial}'`)).toBe(1);

    await store.prune(200, NOW);
    // the removed FPC's history is gone; the (latest) reconciliation naming it is intact
    expect(rawCount(file, `select count(*) as n from components where serial_number = '${oldSerial}'`)).toBe(0);
    expect(await store.reconciliationItems(id)).toEqual(items);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('pragma foreign_key_check').all()).toEqual([]);
    db.close();
  });
});
