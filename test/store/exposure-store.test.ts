/**
 * Exposure in the store (issue 6), on real SQLite files with devices recorded from the built-in
 * simulator profiles: catalog imports (replace by key, replace all, recorded), the snapshot that
 * exposure reads (software per member, every current component, set lines, contracts of seen
 * serials only), first-seen days carried across runs, and retention of exposure runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyExposureCounts, type ExposureResult, type Finding } from '../../src/analysis/exposure-types.js';
import type { Inventory } from '../../src/config/config-types.js';
import type { IbRecord } from '../../src/installed-base/installed-base-types.js';
import type { Store } from '../../src/store/store-api.js';
import { collection, collectorsOf, failedDevice, profileData, run, tempStore } from './collection-builder.js';

const AMS = '0100012345';
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * DAY).toISOString();

let open: Store[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function fresh(): Promise<Store> {
  const t = await tempStore('ibsight-exposure-store-');
  open.push(t.store);
  return t.store;
}

function inventory(names: string[]): Inventory {
  return {
    file: 'inventory.yaml',
    sites: [{ id: AMS, name: 'AMS-DC1' }],
    credentials: { ro: { username: 'ibsight', password: 'env:X', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false } },
    devices: names.map((name, i) => ({ name, site: AMS, host: `192.0.2.${i + 1}`, port: 830, credentials: 'ro' })),
  } as Inventory;
}

function finding(key: string, device = 'mx1'): Finding {
  return {
    key, kind: 'advisory', device, site: AMS, model: 'mx960', member: 're0', version: '21.4R3-S5.4', component: null, ref: key,
    title: `advisory ${key}`, severity: 'high', status: 'affected', kev: false, cvss: null, date: null, detail: 'in range', firstSeen: '',
  };
}

function result(findings: Finding[]): ExposureResult {
  const summary = emptyExposureCounts();
  summary.findings = findings.length;
  return { summary, perSite: [{ ...emptyExposureCounts(), site: AMS }], findings, notes: ['a note'] };
}

describe('catalog imports', () => {
  it('replaces entries by key, keeps the others, clears all with replaceAll, and records every import', async () => {
    const store = await fresh();
    const meta = (at: number, replaceAll = false) => ({ files: ['a.json'], importedAt: daysAgo(at), replaceAll, warnings: ['w1'] });
    const first = await store.importCatalog('advisories', [
      { key: 'CVE-1', group: 'cve', detail: 'a.json', body: { id: 'CVE-1', title: 'one' } },
      { key: 'CVE-2', group: 'cve', detail: 'a.json', body: { id: 'CVE-2', title: 'two' } },
    ], meta(3));
    expect(first).toMatchObject({ catalog: 'advisories', entries: 2, total: 2, warnings: 1, replacedAll: false });
    await store.importCatalog('advisories', [{ key: 'CVE-2', group: 'cve', detail: 'b.json', body: { id: 'CVE-2', title: 'two, revised' } }], meta(2));
    expect(await store.catalog('advisories')).toEqual([{ id: 'CVE-1', title: 'one' }, { id: 'CVE-2', title: 'two, revised' }]);
    await store.importCatalog('lifecycle', [
      { key: 'MX960', group: 'hardware', detail: 'model', body: { model: 'MX960' } },
      { key: '21.4', group: 'software', detail: 'train', body: { train: '21.4' } },
    ], meta(2));
    // the lifecycle catalog is separate: advisories untouched
    expect(await store.catalog('advisories')).toHaveLength(2);
    const last = await store.importCatalog('advisories', [{ key: 'CVE-3', group: 'catalog', detail: 'c.yaml', body: { id: 'CVE-3' } }], meta(1, true));
    expect(last.total).toBe(1);
    expect(await store.catalog('advisories')).toEqual([{ id: 'CVE-3' }]);
    expect(await store.catalog('lifecycle')).toEqual([{ model: 'MX960' }, { train: '21.4' }]);
    expect((await store.catalogImports()).map((i) => [i.catalog, i.entries, i.replacedAll])).toEqual([
      ['advisories', 2, false], ['advisories', 1, false], ['lifecycle', 2, false], ['advisories', 1, true],
    ]);
  });
});

describe('exposure snapshot', () => {
  it('lists devices with set lines, software per member, every current component and the contracts of seen serials only', async () => {
    const store = await fresh();
    await store.syncInventory(inventory(['mx1', 'ex1', 'never1']));
    const mx = profileData('mx960');
    mx.configuration.setLines = ['set system services web-management https interface ge-0/0/0.0', 'set version 21.4R3-S5.4'];
    const ex = profileData('ex4300-vc');
    await run(store, 'r1', daysAgo(1));
    await store.recordDevice(collection('r1', 'mx1', daysAgo(1), collectorsOf(mx)));
    await store.recordDevice(collection('r1', 'ex1', daysAgo(1), collectorsOf(ex).filter((c) => c.collector !== 'configuration')));
    const seen = mx.inventory.components.find((c) => c.serialNumber !== null && !c.serialPlaceholder && c.kind === 'fpc')!.serialNumber!;
    const ib = (serial: string, end: string | null): IbRecord => ({
      serialNumber: serial, sku: 'X', description: null, siteId: AMS, siteName: null, shipDate: null, warrantyEnd: null, parentSerial: null,
      contracts: end === null ? [] : [{ contractId: 'C1', serviceLevel: 'NDCE', start: null, end }], lines: [2],
    });
    await store.importInstalledBase(
      { file: 'ib.csv', rowsRead: 2, records: [ib(seen, '2026-07-01'), ib('NOT-SEEN-1', '2030-01-01')], rejected: [], sites: [AMS], rejectedSerials: [] },
      { replace: 'sites', importedAt: daysAgo(1) },
    );

    const snap = await store.exposureSnapshot();
    expect(snap.devices.map((d) => [d.name, d.model, d.lastStatus])).toEqual([['ex1', ex.software.model, 'ok'], ['mx1', 'mx960', 'ok'], ['never1', null, null]]);
    expect(snap.devices.find((d) => d.name === 'mx1')!.setLines).toEqual(mx.configuration.setLines);
    expect(snap.devices.find((d) => d.name === 'ex1')!.setLines).toBeNull();
    expect(snap.software.filter((s) => s.device === 'ex1').map((s) => s.member)).toEqual(ex.software.members.map((m) => m.member).sort());
    // every current component, placeholders included, in inventory order
    const mxComponents = snap.components.filter((c) => c.device === 'mx1');
    expect(mxComponents.map((c) => c.path)).toEqual(mx.inventory.components.map((c) => c.path));
    expect(mxComponents.some((c) => c.serialPlaceholder)).toBe(true);
    expect([...snap.contracts.keys()]).toEqual([seen]);
    expect(snap.contracts.get(seen)!.contracts).toEqual([{ contractId: 'C1', serviceLevel: 'NDCE', start: null, end: '2026-07-01' }]);

    // a failed attempt keeps what was known
    await run(store, 'r2', daysAgo(0));
    await store.recordDevice(failedDevice('r2', 'mx1', daysAgo(0), 'AUTH_FAILED'));
    const after = await store.exposureSnapshot();
    expect(after.devices.find((d) => d.name === 'mx1')).toMatchObject({ lastStatus: 'failed', model: 'mx960', setLines: mx.configuration.setLines });
    expect(after.components.filter((c) => c.device === 'mx1')).toHaveLength(mx.inventory.components.length);
  });
});

describe('exposure runs', () => {
  it('carries first-seen days across runs by key and reads runs and findings back', async () => {
    const store = await fresh();
    const r1 = result([finding('A'), finding('B')]);
    const id1 = await store.recordExposure(r1, daysAgo(10));
    expect(r1.findings.map((f) => f.firstSeen)).toEqual([daysAgo(10), daysAgo(10)]);
    const id2 = await store.recordExposure(result([finding('B'), finding('C')]), daysAgo(5));
    const f2 = await store.exposureFindings(id2);
    expect(f2.map((f) => [f.key, f.firstSeen])).toEqual([['B', daysAgo(10)], ['C', daysAgo(5)]]);
    expect((await store.exposureFindings(id1)).map((f) => f.key)).toEqual(['A', 'B']);
    expect(await store.exposureFindings(999)).toEqual([]);
    // a third run: the findings of the oldest go (its counts stay for the trend), first-seen days stay
    const r3 = result([finding('A')]);
    await store.recordExposure(r3, daysAgo(1));
    expect(await store.exposureFindings(id1)).toEqual([]);
    expect((await store.exposureFindings(id2)).map((f) => f.key)).toEqual(['B', 'C']);
    expect(r3.findings[0]!.firstSeen).toBe(daysAgo(10));
    expect((await store.exposureRuns()).map((r) => r.id)[0]).toBe(id1);
    const runs = await store.exposureRuns();
    expect(await store.exposureRuns({ last: 2 })).toEqual(runs.slice(-2));
    expect((await store.exposureRuns({ last: 1 })).map((r) => r.at)).toEqual([daysAgo(1)]);
    expect(runs.slice(0, 2).map((r) => [r.id, r.at, r.summary.findings, r.perSite[0]!.site, r.notes])).toEqual([[id1, daysAgo(10), 2, AMS, ['a note']], [id2, daysAgo(5), 2, AMS, ['a note']]]);
  });

  it('prunes old runs with their findings but never the latest, and forgets keys not seen since the cutoff', async () => {
    const store = await fresh();
    await store.recordExposure(result([finding('OLD'), finding('KEPT')]), daysAgo(400));
    const latest = await store.recordExposure(result([finding('KEPT')]), daysAgo(300));
    const removed = await store.prune(200, NOW);
    expect(removed).toBeGreaterThanOrEqual(3); // the old run, its two findings (OLD's key too)
    expect((await store.exposureRuns()).map((r) => r.id)).toEqual([latest]);
    // KEPT is in the kept latest run: its first-seen day survives although older than the cutoff
    const next = result([finding('KEPT'), finding('OLD')]);
    await store.recordExposure(next, daysAgo(0));
    expect(next.findings.map((f) => [f.key, f.firstSeen])).toEqual([['KEPT', daysAgo(400)], ['OLD', daysAgo(0)]]);
  });
});
