/**
 * A small fleet recorded through the Store API for the metric tests: devices from the built-in
 * simulator profiles (records parsed by the real collectors, test/store/collection-builder.ts) at
 * two sites over two collection runs, an installed base, a reconciliation and an exposure run made
 * by the real jobs (example lifecycle catalog). What the second run changes:
 *  - AMS (0100012345): mx960-a ok, RE0 rebooted 2 h before the run; mx480-a partial (core-dumps
 *    collector failed), both REs rebooted 5 h before, RE1 upgraded to 22.4R3-S3.1; never-1 never
 *    collected; old-qfx collected in run 1 (with a Major alarm) then dropped from the inventory.
 *  - FRA (0200067890): srx-c ok with a system Minor alarm and node1 rebooted 30 h before (outside
 *    the 24 h window); ptx-a ok with an alarm of an unknown class; ex-vc failed (stale, its Major
 *    alarm from run 1 kept); dead-1 failed in both runs (failed: never had data).
 *  - Installed base: every real serial of mx960-a, srx-c and ex-vc, contracts cycling active /
 *    expiring / expired / none, plus GONE-1 at AMS (not seen).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { Inventory } from '../../src/config/config-types.js';
import { defaultConfig } from '../../src/config/load-config.js';
import type { IbRecord } from '../../src/installed-base/installed-base-types.js';
import { runExposureJob, type ExposureJobResult } from '../../src/jobs/exposure-job.js';
import { runLifecycleImportJob } from '../../src/jobs/lifecycle-import-job.js';
import { runReconcileJob, type ReconcileJobResult } from '../../src/jobs/reconcile-job.js';
import type { Store } from '../../src/store/store-api.js';
import {
  collection, collectorsOf, failedCollector, failedDevice, profileData, run, withSerialSuffix, type ProfileData,
} from '../store/collection-builder.js';

export const AMS = '0100012345';
export const FRA = '0200067890';
export const R1 = '2026-11-20T00:00:00.000Z';
export const R2 = '2026-11-21T00:00:00.000Z';
/** When run 2 finished: the time of the device-state points. */
export const R2_END = '2026-11-21T00:05:00.000Z';
export const RECONCILED_AT = new Date('2026-11-21T01:00:00.000Z');
export const EXPOSURE_AT = new Date('2026-11-21T02:00:00.000Z');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const hoursBefore = (iso: string, h: number): string => new Date(Date.parse(iso) - h * 3600_000).toISOString();

export function fleetInventory(names: readonly string[]): Inventory {
  const site: Record<string, string> = { 'mx960-a': AMS, 'mx480-a': AMS, 'never-1': AMS, 'old-qfx': AMS, 'srx-c': FRA, 'ptx-a': FRA, 'ex-vc': FRA, 'dead-1': FRA };
  return {
    file: 'inventory.yaml',
    sites: [{ id: AMS, name: 'AMS-DC1' }, { id: FRA, name: 'FRA-DC2' }],
    credentials: { ro: { username: 'ibsight', password: 'env:X', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false } },
    devices: names.map((name, i) => ({ name, site: site[name]!, host: `192.0.2.${i + 1}`, port: 830, credentials: 'ro' })),
  } as Inventory;
}

function alarm(source: AlarmRecord['source'], alarmClass: string, severity: AlarmRecord['severity'], description: string): AlarmRecord {
  return { source, member: null, class: alarmClass, severity, type: source === 'chassis' ? 'Chassis' : 'Configuration', description, shortDescription: description, time: R1 };
}

export interface Fleet {
  data: Record<string, ProfileData>;
  reconciliation: ReconcileJobResult;
  exposure: ExposureJobResult;
}

/** Records the fleet described in the header into an empty store. */
export async function recordFleet(store: Store): Promise<Fleet> {
  const all = ['mx960-a', 'mx480-a', 'never-1', 'old-qfx', 'srx-c', 'ptx-a', 'ex-vc', 'dead-1'];
  await store.syncInventory(fleetInventory(all));
  const data: Record<string, ProfileData> = {
    'mx960-a': withSerialSuffix(profileData('mx960'), 'a'),
    'mx480-a': withSerialSuffix(profileData('mx480'), 'a'),
    'old-qfx': withSerialSuffix(profileData('qfx5120'), 'a'),
    'srx-c': withSerialSuffix(profileData('srx345-cluster'), 'a'),
    'ptx-a': withSerialSuffix(profileData('ptx10001'), 'a'),
    'ex-vc': withSerialSuffix(profileData('ex4300-vc'), 'a'),
  };
  data['old-qfx']!.alarms.push(alarm('chassis', 'Major', 'major', 'FPC 0 Major Errors'));
  data['srx-c']!.alarms.push(alarm('system', 'Minor', 'minor', 'Rescue configuration is not set'));
  data['ptx-a']!.alarms.push(alarm('chassis', 'Blue', null, 'Something of an unknown class'));

  await run(store, 'r1', R1);
  for (const [name, d] of Object.entries(data)) await store.recordDevice(collection('r1', name, R1, collectorsOf(d)));
  await store.recordDevice(failedDevice('r1', 'dead-1', R1, 'CONNECT_REFUSED'));
  await store.finishRun('r1', { finishedAt: hoursBefore(R2, 23), durationMs: 3_600_000, devices: { total: 7, ok: 6, partial: 0, failed: 1 } });

  await store.syncInventory(fleetInventory(all.filter((n) => n !== 'old-qfx')));
  await run(store, 'r2', R2);
  const mx960 = data['mx960-a']!;
  mx960.routeEngines.routeEngines[0]!.startTime = hoursBefore(R2, 2);
  await store.recordDevice(collection('r2', 'mx960-a', R2, collectorsOf(mx960)));
  const mx480 = data['mx480-a']!;
  for (const re of mx480.routeEngines.routeEngines) re.startTime = hoursBefore(R2, 5);
  mx480.software.members[1]!.version = '22.4R3-S3.1';
  const mx480Results = collectorsOf(mx480).map((c) => (c.collector === 'core-dumps' ? failedCollector('core-dumps', 'RPC_TIMEOUT') : c));
  await store.recordDevice(collection('r2', 'mx480-a', R2, mx480Results));
  const srx = data['srx-c']!;
  srx.routeEngines.routeEngines[1]!.startTime = hoursBefore(R2, 30);
  await store.recordDevice(collection('r2', 'srx-c', R2, collectorsOf(srx)));
  await store.recordDevice(collection('r2', 'ptx-a', R2, collectorsOf(data['ptx-a']!)));
  await store.recordDevice(failedDevice('r2', 'ex-vc', R2, 'CONNECT_TIMEOUT'));
  await store.recordDevice(failedDevice('r2', 'dead-1', R2, 'AUTH_FAILED'));
  await store.finishRun('r2', { finishedAt: R2_END, durationMs: 300_000, devices: { total: 6, ok: 3, partial: 1, failed: 2 } });

  const ends = ['2028-01-01', '2026-12-15', '2026-01-01', null];
  const records: IbRecord[] = [];
  for (const [name, site] of [['mx960-a', AMS], ['srx-c', FRA], ['ex-vc', FRA]] as const) {
    for (const c of data[name]!.inventory.components) {
      if (c.serialNumber === null || c.serialPlaceholder || records.some((r) => r.serialNumber === c.serialNumber)) continue;
      const end = ends[records.length % ends.length]!;
      records.push({
        serialNumber: c.serialNumber, sku: c.modelNumber ?? c.partNumber, description: c.description, siteId: site, siteName: null, shipDate: null,
        warrantyEnd: null, parentSerial: null, contracts: end === null ? [] : [{ contractId: 'C1', serviceLevel: 'NDCE', start: null, end }], lines: [records.length + 2],
      });
    }
  }
  records.push({ serialNumber: 'GONE-1', sku: 'NO-SUCH-SKU', description: null, siteId: AMS, siteName: null, shipDate: null, warrantyEnd: null, parentSerial: null, contracts: [], lines: [1] });
  await store.importInstalledBase(
    { file: 'ib.csv', rowsRead: records.length, records, rejected: [], sites: [AMS, FRA], rejectedSerials: [] },
    { replace: 'all', importedAt: R2_END },
  );

  const config = defaultConfig(ROOT);
  const inventory = fleetInventory(all.filter((n) => n !== 'old-qfx'));
  const reconciliation = await runReconcileJob({ config, inventory, store, now: RECONCILED_AT });
  await runLifecycleImportJob({ store, paths: [join(ROOT, 'config', 'lifecycle.example.yaml')], now: RECONCILED_AT });
  const exposure = await runExposureJob({ config, store, now: EXPOSURE_AT });
  return { data, reconciliation, exposure };
}
