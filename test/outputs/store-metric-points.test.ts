/**
 * buildStoreMetricPoints (src/outputs/metric-points.ts) over a real SQLite store filled through the
 * Store API (test/outputs/metric-fleet.ts: built-in simulator profiles at two sites, two runs, a
 * reconciliation and an exposure run by the real jobs): exact counts per site for every
 * measurement, the devices dropped from the inventory left out, the times of the points (latest
 * run, reconciliation, exposure run), and every point keeping to the schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../src/outputs/metric-point.js';
import { buildStoreMetricPoints } from '../../src/outputs/metric-points.js';
import { checkPoint } from '../../src/outputs/schema-point.js';
import type { Store } from '../../src/store/store-api.js';
import { tempStore } from '../store/collection-builder.js';
import { AMS, EXPOSURE_AT, FRA, R2_END, RECONCILED_AT, recordFleet, type Fleet } from './metric-fleet.js';

const NOW = new Date('2027-01-01T00:00:00.000Z');
let store: Store;
let fleet: Fleet;
let points: MetricPoint[];

beforeAll(async () => {
  store = (await tempStore('ibsight-metrics-')).store;
  fleet = await recordFleet(store);
  points = await buildStoreMetricPoints(store, NOW);
});
afterAll(async () => {
  await store.close();
});

/** The points of one measurement as [tags..., fields...] rows in point order. */
function rows(measurement: string): Record<string, unknown>[] {
  return points.filter((p) => p.measurement === measurement).map((p) => ({ ...p.tags, ...Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k, v.value])) }));
}

const nonZero = (list: Record<string, unknown>[], field: string) => list.filter((r) => r[field] !== 0);

describe('metric points of the store', () => {
  it('keeps every point to the schema', () => {
    expect(points.length).toBeGreaterThan(100);
    for (const p of points) checkPoint(p);
    const serials = new Set(Object.values(fleet.data).flatMap((d) => d.inventory.components.map((c) => c.serialNumber).filter((s) => s !== null)));
    for (const p of points) for (const v of Object.values(p.tags)) expect(serials.has(v), `tag value ${v} is a serial`).toBe(false);
  });

  it('counts the inventory\'s devices by site, model, OS and status, every status written, dropped devices left out', () => {
    const inv = rows('ibsight_inventory');
    expect(inv).toHaveLength(7 * 5);
    expect(nonZero(inv, 'devices')).toEqual([
      { site: AMS, model: 'mx480', os: 'junos', status: 'partial', devices: 1 },
      { site: AMS, model: 'mx960', os: 'junos', status: 'ok', devices: 1 },
      { site: AMS, model: 'unknown', os: 'unknown', status: 'never', devices: 1 },
      { site: FRA, model: 'ex4300-48p', os: 'junos', status: 'stale', devices: 1 },
      { site: FRA, model: 'ptx10001-36mr', os: 'junos-evolved', status: 'ok', devices: 1 },
      { site: FRA, model: 'srx345', os: 'junos', status: 'ok', devices: 1 },
      { site: FRA, model: 'unknown', os: 'unknown', status: 'failed', devices: 1 },
    ]);
    expect(inv.some((r) => r.model === 'qfx5120-48y-8c')).toBe(false);
  });

  it('counts software members and devices by site, OS, train and version (a stale device keeps its versions)', () => {
    expect(rows('ibsight_software')).toEqual([
      { site: AMS, os: 'junos', train: '22.4', version: '22.4R3-S2.11', devices: 1, members: 1 },
      { site: AMS, os: 'junos', train: '22.4', version: '22.4R3-S3.1', devices: 1, members: 1 },
      { site: AMS, os: 'junos', train: '23.4', version: '23.4R2-S3.9', devices: 1, members: 2 },
      { site: FRA, os: 'junos', train: '21.4', version: '21.4R3-S5.4', devices: 1, members: 2 },
      { site: FRA, os: 'junos', train: '21.4', version: '21.4R3-S7.5', devices: 1, members: 2 },
      { site: FRA, os: 'junos-evolved', train: '23.4-EVO', version: '23.4R2-S3.9-EVO', devices: 1, members: 1 },
    ]);
  });

  it('counts current components and real serials by site and kind, every kind written', () => {
    const expected = new Map<string, { components: number; serials: number }>();
    for (const [name, site] of [['mx960-a', AMS], ['mx480-a', AMS], ['srx-c', FRA], ['ptx-a', FRA], ['ex-vc', FRA]] as const) {
      for (const c of fleet.data[name]!.inventory.components) {
        const key = `${site}/${c.kind}`;
        const e = expected.get(key) ?? { components: 0, serials: 0 };
        e.components += 1;
        if (c.serialNumber !== null && !c.serialPlaceholder) e.serials += 1;
        expected.set(key, e);
      }
    }
    const hw = rows('ibsight_hardware');
    expect(hw).toHaveLength(2 * 11);
    for (const r of hw) expect({ components: r.components, serials: r.serials }, `${r.site}/${r.kind}`).toEqual(expected.get(`${r.site}/${r.kind}`) ?? { components: 0, serials: 0 });
    const total = (site: string, f: 'components' | 'serials') => hw.filter((r) => r.site === site).reduce((n, r) => n + (r[f] as number), 0);
    expect([total(AMS, 'components'), total(AMS, 'serials'), total(FRA, 'components'), total(FRA, 'serials')]).toEqual([57 + 27, 44 + 22, 20 + 24 + 29, 10 + 13 + 21]);
  });

  it('counts active alarms by site, source and severity (unknown class: other), and core dumps and reboots in 24 h per site', () => {
    const alarms = rows('ibsight_alarms');
    expect(alarms).toHaveLength(2 * 2 * 3);
    expect(nonZero(alarms, 'active')).toEqual([
      { site: AMS, source: 'chassis', severity: 'major', active: 1, devices: 1 },
      { site: FRA, source: 'chassis', severity: 'major', active: 1, devices: 1 },
      { site: FRA, source: 'chassis', severity: 'other', active: 1, devices: 1 },
      { site: FRA, source: 'system', severity: 'minor', active: 1, devices: 1 },
    ]);
    expect(rows('ibsight_health')).toEqual([
      { site: AMS, core_dumps: 2, devices_with_core_dumps: 1, reboots_24h: 3, devices_rebooted_24h: 2 },
      { site: FRA, core_dumps: 2, devices_with_core_dumps: 1, reboots_24h: 0, devices_rebooted_24h: 0 },
    ]);
  });

  it('writes device-state points at the latest run, reconciliation points at its time, exposure points at the run\'s', () => {
    const times = new Map<string, Set<string>>();
    for (const p of points) times.set(p.measurement, (times.get(p.measurement) ?? new Set()).add(p.time.toISOString()));
    const at = (m: string) => [...(times.get(m) ?? [])];
    for (const m of ['ibsight_inventory', 'ibsight_hardware', 'ibsight_software', 'ibsight_alarms', 'ibsight_health']) expect(at(m), m).toEqual([R2_END]);
    for (const m of ['ibsight_reconcile', 'ibsight_accuracy', 'ibsight_accuracy_fleet', 'ibsight_contracts']) expect(at(m), m).toEqual([RECONCILED_AT.toISOString()]);
    for (const m of ['ibsight_exposure', 'ibsight_exposure_site', 'ibsight_lifecycle']) expect(at(m), m).toEqual([EXPOSURE_AT.toISOString()]);
    expect(times.has('ibsight_run')).toBe(false);
  });

  it('gives the reconciliation\'s counts per site and status, its accuracy per site and over the fleet', () => {
    const { result } = fleet.reconciliation;
    const key = { matched: 'matched', unregistered: 'unregistered', missing: 'missing', 'site-mismatch': 'siteMismatch', 'product-mismatch': 'productMismatch', 'rma-suspected': 'rmaSuspected', 'not-verified': 'notVerified' } as const;
    const rec = rows('ibsight_reconcile');
    expect(rec).toHaveLength(2 * 7);
    for (const r of rec) {
      const site = result.perSite.find((s) => s.site === r.site)!;
      expect(r.serials, `${r.site}/${r.status}`).toBe(site[key[r.status as keyof typeof key]]);
    }
    // what the fleet makes: mx960-a registered (matched), mx480-a unregistered, GONE-1 missing at AMS; srx-c registered,
    // ptx-a unregistered, ex-vc stale (its registered serials not verified) at FRA
    expect(nonZero(rec, 'serials')).toEqual([
      { site: AMS, status: 'matched', serials: 44 },
      { site: AMS, status: 'unregistered', serials: 11 },
      { site: AMS, status: 'missing', serials: 1 },
      { site: FRA, status: 'matched', serials: 8 },
      { site: FRA, status: 'unregistered', serials: 5 },
      { site: FRA, status: 'not-verified', serials: 16 },
    ]);
    expect(rows('ibsight_accuracy_fleet')).toEqual([{ pct: 75.4, in_scope: 85, matched: 52, not_verified: 16 }]);
    expect(rows('ibsight_accuracy')).toEqual(result.perSite.map((s) => ({ site: s.site, pct: s.accuracyPct, in_scope: s.inScope, matched: s.matched, not_verified: s.notVerified })));
    expect(rows('ibsight_accuracy_fleet')).toEqual([
      { pct: result.summary.accuracyPct, in_scope: result.summary.inScope, matched: result.summary.matched, not_verified: result.summary.notVerified },
    ]);
    const accuracy = points.find((p) => p.measurement === 'ibsight_accuracy_fleet')!;
    expect(accuracy.fields.pct!.kind).toBe('float');
  });

  it('counts the contract state of the in-scope serials per site (no installed-base record: no-record)', () => {
    const expected = new Map<string, number>();
    for (const item of fleet.reconciliation.result.items) {
      const k = `${item.site ?? item.ibSite}/${item.contract ?? 'no-record'}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const contracts = rows('ibsight_contracts');
    expect(contracts).toHaveLength(2 * 5);
    for (const r of contracts) expect(r.serials, `${r.site}/${r.state}`).toBe(expected.get(`${r.site}/${r.state}`) ?? 0);
    // matched serials cycle through active / expiring / expired / none; GONE-1 has none; the unregistered have no record
    expect(contracts.map((r) => [r.site, r.state, r.serials])).toEqual([
      [AMS, 'active', 11], [AMS, 'expiring', 11], [AMS, 'expired', 11], [AMS, 'none', 12], [AMS, 'no-record', 11],
      [FRA, 'active', 6], [FRA, 'expiring', 6], [FRA, 'expired', 6], [FRA, 'none', 6], [FRA, 'no-record', 5],
    ]);
  });

  it('gives the exposure run\'s findings by site, kind and severity, and its per-site device counts', () => {
    const { result } = fleet.exposure;
    const exp = rows('ibsight_exposure');
    expect(exp).toHaveLength(result.perSite.length * 3 * 6);
    for (const r of exp) {
      const site = result.perSite.find((s) => s.site === r.site)!;
      expect(r.findings, `${r.site}/${r.kind}/${r.severity}`).toBe(site.byKind[r.kind as 'advisory'][r.severity as 'high']);
    }
    expect(rows('ibsight_exposure_site')).toEqual(result.perSite.map((s) => ({
      site: s.site, devices: s.devices, devices_with_findings: s.devicesWithFindings, kev_findings: s.kev, devices_past_end_of_engineering: s.pastEndOfEngineering,
    })));
    expect(result.perSite.map((s) => s.site).sort()).toEqual([AMS, FRA]);
  });

  it('counts lifecycle findings and devices by site, item, milestone and status (computed in SQL, checked against the run\'s findings)', () => {
    const expected = new Map<string, { findings: number; devices: Set<string> }>();
    for (const f of fleet.exposure.result.findings) {
      if (f.kind !== 'lifecycle') continue;
      const k = `${f.site}/${f.component === null ? 'software' : 'hardware'}/${f.ref}/${f.status}`;
      const e = expected.get(k) ?? { findings: 0, devices: new Set<string>() };
      e.findings += 1;
      e.devices.add(f.device);
      expected.set(k, e);
    }
    expect(expected.size).toBeGreaterThan(3);
    const life = rows('ibsight_lifecycle');
    // every (item, milestone) pair that can apply (5 hardware + 2 software) x 2 statuses, per site
    expect(life).toHaveLength(2 * 7 * 2);
    for (const r of life) {
      const e = expected.get(`${r.site}/${r.item}/${r.milestone}/${r.status}`);
      expect({ findings: r.findings, devices: r.devices }, `${r.site}/${r.item}/${r.milestone}/${r.status}`).toEqual({ findings: e?.findings ?? 0, devices: e?.devices.size ?? 0 });
    }
    const written = new Set(life.map((r) => `${r.site}/${r.item}/${r.milestone}/${r.status}`));
    for (const k of expected.keys()) expect(written.has(k), k).toBe(true);
  });

  it('is the same when built again (same observation, same points)', async () => {
    expect(await buildStoreMetricPoints(store, new Date('2030-01-01T00:00:00.000Z'))).toEqual(points);
  });
});

describe('metric points of an empty store', () => {
  it('writes nothing before anything was collected, reconciled or judged', async () => {
    const empty = await tempStore('ibsight-metrics-empty-');
    try {
      expect(await buildStoreMetricPoints(empty.store, NOW)).toEqual([]);
    } finally {
      await empty.store.close();
    }
  });
});
