/**
 * The metric schema (src/outputs/metric-schema.ts) as a contract: names valid for InfluxDB and
 * Prometheus and never colliding, tag keys from the fixed allow-list, the whole schema pinned here
 * (a rename fails this test: it is a breaking change), docs/metrics.md naming every measurement,
 * Prometheus name and type; `schemaPoint` refusing at run time (INTERNAL) what its types refuse at
 * compile time (each `@ts-expect-error` below is also a compile-time check); and every pure
 * builder's points — hostile store values included — keeping to the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredExposureRun } from '../../src/analysis/exposure-types.js';
import { emptyExposureCounts } from '../../src/analysis/exposure-types.js';
import type { StoredReconciliation } from '../../src/analysis/reconcile-types.js';
import { exposurePoints, lifecyclePoints } from '../../src/outputs/exposure-points.js';
import { alarmPoints, healthPoints } from '../../src/outputs/health-points.js';
import { hardwarePoints, inventoryPoints, softwarePoints } from '../../src/outputs/inventory-points.js';
import type { MetricPoint } from '../../src/outputs/metric-point.js';
import * as schema from '../../src/outputs/metric-schema.js';
import { ACCURACY_FLEET, INVENTORY, MEASUREMENTS, promName, RUN, TAG_KEYS } from '../../src/outputs/metric-schema.js';
import { contractPoints, reconcilePoints } from '../../src/outputs/reconcile-points.js';
import { runMetricPoints } from '../../src/outputs/run-points.js';
import { checkPoint, schemaPoint, tagValue } from '../../src/outputs/schema-point.js';

const T = new Date('2026-05-01T00:00:00.000Z');
const NAME = /^[a-z][a-z0-9_]*$/;

/** The contract: measurement → tags → field:type. Change it only with a CHANGELOG note (breaking). */
const CONTRACT = {
  ibsight_inventory: ['site,model,os,status', 'devices:int'],
  ibsight_hardware: ['site,kind', 'components:int,serials:int'],
  ibsight_software: ['site,os,train,version', 'devices:int,members:int'],
  ibsight_reconcile: ['site,status', 'serials:int'],
  ibsight_accuracy: ['site', 'pct:float,in_scope:int,matched:int,not_verified:int'],
  ibsight_accuracy_fleet: ['', 'pct:float,in_scope:int,matched:int,not_verified:int'],
  ibsight_contracts: ['site,state', 'serials:int'],
  ibsight_exposure: ['site,kind,severity', 'findings:int'],
  ibsight_exposure_site: ['site', 'devices:int,devices_with_findings:int,kev_findings:int,devices_past_end_of_engineering:int'],
  ibsight_lifecycle: ['site,item,milestone,status', 'findings:int,devices:int'],
  ibsight_alarms: ['site,source,severity', 'active:int,devices:int'],
  ibsight_health: ['site', 'core_dumps:int,devices_with_core_dumps:int,reboots_24h:int,devices_rebooted_24h:int'],
  ibsight_run: ['kind', 'duration_seconds:float,devices_total:int,devices_ok:int,devices_partial:int,devices_failed:int,overruns:int'],
  ibsight_run_failures: ['kind,collector,code', 'devices:int'],
};

const TAG_VOCABULARIES = {
  ibsight_inventory: { os: 'junos,junos-evolved,unknown', status: 'ok,partial,failed,stale,never' },
  ibsight_hardware: { kind: 'chassis,midplane,routing-engine,control-board,fpc,mic,pic,transceiver,power,fan,other' },
  ibsight_software: { os: 'junos,junos-evolved,unknown' },
  ibsight_reconcile: { status: 'matched,unregistered,missing,site-mismatch,product-mismatch,rma-suspected,not-verified' },
  ibsight_contracts: { state: 'active,expiring,expired,none,no-record' },
  ibsight_exposure: { kind: 'advisory,lifecycle,contract', severity: 'critical,high,medium,low,none,unknown' },
  ibsight_lifecycle: {
    item: 'hardware,software', status: 'passed,upcoming',
    milestone: 'eolAnnounced,lastOrder,lastWarrantyConversion,endOfSoftwareEngineering,endOfEngineering,endOfSupport',
  },
  ibsight_alarms: { source: 'chassis,system', severity: 'major,minor,other' },
  ibsight_run: { kind: 'collect,ingest' },
  ibsight_run_failures: { kind: 'collect,ingest' },
};

describe('metric schema', () => {
  it('is the pinned contract: measurements, tags, fields and types, and the tag vocabularies', () => {
    const actual = Object.fromEntries(MEASUREMENTS.map((m) => [m.measurement, [m.tags.join(','), Object.entries(m.fields).map(([f, s]) => `${f}:${s.type}`).join(',')]]));
    expect(actual).toEqual(CONTRACT);
    const vocabularies = Object.fromEntries(
      MEASUREMENTS.filter((m) => Object.keys(m.tagValues).length > 0).map((m) => [m.measurement, Object.fromEntries(Object.entries(m.tagValues).map(([k, v]) => [k, v!.join(',')]))]),
    );
    expect(vocabularies).toEqual(TAG_VOCABULARIES);
  });

  it('lists every exported measurement once, with snake_case names valid for InfluxDB and Prometheus', () => {
    const exported = Object.values(schema as Record<string, unknown>).filter((v): v is schema.MeasurementSpec => typeof v === 'object' && v !== null && 'measurement' in v);
    expect(new Set(exported)).toEqual(new Set(MEASUREMENTS));
    expect(new Set(MEASUREMENTS.map((m) => m.measurement)).size).toBe(MEASUREMENTS.length);
    for (const m of MEASUREMENTS) {
      expect(m.measurement).toMatch(/^ibsight_[a-z0-9_]+$/);
      for (const name of [...m.tags, ...Object.keys(m.fields)]) {
        expect(name, m.measurement).toMatch(NAME);
        expect(['time', 'le', 'quantile', 'job', 'instance'], `${m.measurement}.${name} is reserved`).not.toContain(name);
      }
      // InfluxDB refuses a field and a tag of the same name in one measurement
      for (const f of Object.keys(m.fields)) expect(m.tags as readonly string[], `${m.measurement}.${f}`).not.toContain(f);
      expect(Object.keys(m.fields).length).toBeGreaterThan(0);
      expect(m.description.length * m.written.length * m.time.length).toBeGreaterThan(0);
      for (const f of Object.values(m.fields)) expect(f.description).not.toBe('');
    }
  });

  it('takes tag keys only from the allow-list (no serial, device, timestamp or other unbounded key)', () => {
    expect(Object.keys(TAG_KEYS).sort()).toEqual(['code', 'collector', 'item', 'kind', 'milestone', 'model', 'os', 'severity', 'site', 'source', 'state', 'status', 'train', 'version']);
    for (const m of MEASUREMENTS) for (const t of m.tags) expect(Object.keys(TAG_KEYS), m.measurement).toContain(t);
  });

  it('gives every field a Prometheus name <measurement>_<field>, none colliding', () => {
    const names = MEASUREMENTS.flatMap((m) => Object.keys(m.fields).map((f) => `${m.measurement}_${f}`));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    expect(promName(RUN, 'duration_seconds')).toBe('ibsight_run_duration_seconds');
    expect(promName(INVENTORY, 'devices')).toBe('ibsight_inventory_devices');
  });

  it('is documented in docs/metrics.md: every measurement, tag, Prometheus name and type', () => {
    const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    expect(doc).toMatch(/renaming .* is a breaking change/i);
    for (const m of MEASUREMENTS) {
      const at = doc.indexOf(`### \`${m.measurement}\``);
      expect(at, `section of ${m.measurement}`).toBeGreaterThan(-1);
      const section = doc.slice(at, doc.indexOf('\n### ', at + 1) === -1 ? undefined : doc.indexOf('\n### ', at + 1));
      for (const t of m.tags) expect(section, `${m.measurement} tag ${t}`).toContain(`\`${t}\``);
      for (const [f, spec] of Object.entries(m.fields)) {
        expect(section, `${m.measurement} field ${f}`).toMatch(new RegExp(`\\| \`${f}\` \\| ${spec.type} \\| ${spec.unit} \\|`));
        expect(section, `${m.measurement} prometheus ${f}`).toContain(`\`${m.measurement}_${f}\``);
      }
      for (const values of Object.values(m.tagValues)) for (const v of values!) expect(section, `${m.measurement} tag value ${v}`).toContain(`\`${v}\``);
    }
  });
});

describe('schemaPoint', () => {
  const tags = { site: 'S1', model: 'mx960', os: 'junos', status: 'ok' } as const;

  it('builds a typed point of the schema', () => {
    expect(schemaPoint(INVENTORY, tags, { devices: 3 }, T)).toEqual({ measurement: 'ibsight_inventory', tags, fields: { devices: { kind: 'int', value: 3 } }, time: T });
    const fleet = schemaPoint(ACCURACY_FLEET, {}, { pct: 97.5, in_scope: 40, matched: 39, not_verified: 0 }, T);
    expect(fleet.fields.pct).toEqual({ kind: 'float', value: 97.5 });
    expect(fleet.tags).toEqual({});
  });

  it('refuses at run time what the types refuse at compile time (INTERNAL, naming the key)', () => {
    const refused = (build: () => unknown, context: Record<string, string>) => {
      expect(build).toThrowError(expect.objectContaining({ code: 'INTERNAL', context: expect.objectContaining(context) }));
    };
    // @ts-expect-error a tag the measurement does not have (a serial number)
    refused(() => schemaPoint(INVENTORY, { ...tags, serial: 'JN11F0D3AAFA' }, { devices: 1 }, T), { tag: 'serial' });
    // @ts-expect-error a missing tag
    refused(() => schemaPoint(INVENTORY, { site: 'S1', model: 'mx960', os: 'junos' }, { devices: 1 }, T), { tag: 'status' });
    // @ts-expect-error a value outside the tag's vocabulary
    refused(() => schemaPoint(INVENTORY, { ...tags, status: 'broken' }, { devices: 1 }, T), { tag: 'status' });
    // @ts-expect-error a tag on a measurement without tags
    refused(() => schemaPoint(ACCURACY_FLEET, { site: 'S1' }, { pct: 1, in_scope: 1, matched: 1, not_verified: 0 }, T), { tag: 'site' });
    // @ts-expect-error a field the measurement does not have
    refused(() => schemaPoint(INVENTORY, tags, { devices: 1, uptime: 3 }, T), { field: 'uptime' });
    // @ts-expect-error a missing field
    refused(() => schemaPoint(RUN, { kind: 'collect' }, { duration_seconds: 1 }, T), { field: 'devices_total' });
    // @ts-expect-error a string where the schema says int
    refused(() => schemaPoint(INVENTORY, tags, { devices: '1' }, T), { field: 'devices' });
    refused(() => schemaPoint(INVENTORY, tags, { devices: 1.5 }, T), { field: 'devices' });
    refused(() => schemaPoint(ACCURACY_FLEET, {}, { pct: Number.NaN, in_scope: 1, matched: 1, not_verified: 0 }, T), { field: 'pct' });
    refused(() => schemaPoint(INVENTORY, { ...tags, site: '' }, { devices: 1 }, T), { tag: 'site' });
    refused(() => schemaPoint(INVENTORY, { ...tags, site: 'a\nb' }, { devices: 1 }, T), { tag: 'site' });
    refused(() => schemaPoint(INVENTORY, { ...tags, model: 'a\\b' }, { devices: 1 }, T), { tag: 'model' });
    refused(() => schemaPoint(INVENTORY, { ...tags, model: 'x'.repeat(129) }, { devices: 1 }, T), { tag: 'model' });
    refused(() => schemaPoint(INVENTORY, tags, { devices: 1 }, new Date(Number.NaN)), { measurement: 'ibsight_inventory' });
  });

  it('checkPoint refuses a point of no measurement, a field of the wrong kind, a missing field', () => {
    const good = schemaPoint(INVENTORY, tags, { devices: 3 }, T);
    expect(() => checkPoint(good)).not.toThrow();
    expect(() => checkPoint({ ...good, measurement: 'ibsight_nope' })).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => checkPoint({ ...good, fields: { devices: { kind: 'float', value: 3 } } })).toThrowError(/is float, the schema says int/);
    expect(() => checkPoint({ ...good, fields: {} })).toThrowError(/devices is missing/);
  });

  it('tagValue turns store values into tag values', () => {
    expect(tagValue(null)).toBe('unknown');
    expect(tagValue('   ')).toBe('unknown');
    expect(tagValue(' AMS DC1 ')).toBe('AMS DC1');
    expect(tagValue('a\nb\tc')).toBe('a b c');
    expect(tagValue('dom\\site')).toBe('dom/site');
    expect(tagValue('y'.repeat(300))).toHaveLength(128);
  });
});

/** Every point keeps to the schema; no tag value looks like a serial number or a timestamp. */
function conform(points: readonly MetricPoint[]): void {
  for (const p of points) {
    checkPoint(p);
    for (const [k, v] of Object.entries(p.tags)) {
      expect(Object.keys(TAG_KEYS)).toContain(k);
      expect(v, `${p.measurement}.${k}`).not.toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(v, `${p.measurement}.${k}`).not.toMatch(/^(JN|CA|AB|DB)[0-9A-Z]{8,}$/);
    }
  }
}

describe('builders', () => {
  it('keep to the schema with hostile store values (null, blank, line breaks, backslashes, unknown OS and severity)', () => {
    const hostile = ['AMS\nDC1', 'site\\1', '', null, 'S'.repeat(200)];
    const devices = hostile.map((site, i) => ({
      name: `d${i}`, site, hostname: null, model: i === 0 ? null : 'mx960', os: i === 1 ? 'windows' : null, version: null,
      serialNumber: `JN11F0D3${i}AFA`, lastCollected: null, status: 'never' as const,
    }));
    conform(inventoryPoints(devices, T));
    conform(softwarePoints(hostile.map((site, i) => ({ device: `d${i}`, site, model: null, os: i === 0 ? 'weird' : 'junos', member: null, version: i === 2 ? ' ' : 'not a version\\', collectedAt: '' })), T));
    conform(hardwarePoints([{ site: null, kind: 'fpc', components: 2, serials: 1 }], hostile.map(tagValue), T));
    conform(alarmPoints([{ site: 'a\rb', source: 'chassis', severity: null, active: 1, devices: 1 }], [], T));
    conform(healthPoints({ coreDumps: [{ site: null, coreDumps: 1, devices: 1 }], reboots: [{ site: 'x\\', reboots: 1, devices: 1 }] }, [], T));
    const rec: StoredReconciliation = {
      id: 1, at: T.toISOString(),
      summary: { inScope: 2, matched: 1, unregistered: 1, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 50 },
      perSite: [{ site: '', inScope: 2, matched: 1, unregistered: 1, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 50 }],
    };
    conform(reconcilePoints(rec));
    conform(contractPoints({ reconciliationId: 1, at: T.toISOString(), sites: [''], rows: [{ site: '', state: null, serials: 2 }] }));
    const run: StoredExposureRun = { id: 1, at: T.toISOString(), summary: emptyExposureCounts(), perSite: [{ ...emptyExposureCounts(), site: 'S\n1' }], notes: [] };
    conform(exposurePoints(run));
    conform(lifecyclePoints({ exposureRunId: 1, at: T.toISOString(), sites: ['S\n1'], rows: [{ site: null, item: 'software', milestone: 'endOfSupport', status: 'passed', findings: 1, devices: 1 }] }));
  });

  it('refuse a lifecycle count outside the vocabulary instead of dropping it', () => {
    expect(() => lifecyclePoints({ exposureRunId: 1, at: T.toISOString(), sites: [], rows: [{ site: 'S', item: 'hardware', milestone: 'frs', status: 'passed', findings: 1, devices: 1 }] }))
      .toThrowError(expect.objectContaining({ code: 'INTERNAL', context: expect.objectContaining({ tag: 'milestone' }) }));
  });

  it('run points: duration in seconds, outcomes, overruns, failures by collector and code (device-level: none)', () => {
    const report = {
      runId: 'r', durationMs: 61_500, devices: { total: 5, ok: 2, partial: 1, failed: 2 },
      failures: [
        { device: 'a', collector: null, code: 'CONNECT_TIMEOUT', message: 'x' },
        { device: 'b', collector: null, code: 'CONNECT_TIMEOUT', message: 'x' },
        { device: 'c', collector: 'alarms', code: 'RPC_ERROR', message: 'x' },
        { device: 'c', collector: 'alarms', code: 'RPC_ERROR', message: 'again' },
        { device: 'd', collector: null, code: 'AUTH_FAILED', message: 'x' },
      ],
    };
    const points = runMetricPoints(report, T, { overruns: 2 });
    conform(points);
    expect(points.map((p) => [p.measurement, p.tags, Object.fromEntries(Object.entries(p.fields).map(([k, v]) => [k, `${v.kind}:${v.value}`]))])).toEqual([
      ['ibsight_run', { kind: 'collect' }, {
        duration_seconds: 'float:61.5', devices_total: 'int:5', devices_ok: 'int:2', devices_partial: 'int:1', devices_failed: 'int:2', overruns: 'int:2',
      }],
      ['ibsight_run_failures', { kind: 'collect', collector: 'alarms', code: 'RPC_ERROR' }, { devices: 'int:1' }],
      ['ibsight_run_failures', { kind: 'collect', collector: 'none', code: 'AUTH_FAILED' }, { devices: 'int:1' }],
      ['ibsight_run_failures', { kind: 'collect', collector: 'none', code: 'CONNECT_TIMEOUT' }, { devices: 'int:2' }],
    ]);
    expect(points.every((p) => p.time === T)).toBe(true);
    expect(runMetricPoints({ ...report, failures: [] }, T, { overruns: 0, kind: 'ingest' }).map((p) => p.tags)).toEqual([{ kind: 'ingest' }]);
    expect(() => runMetricPoints(report, T, { overruns: -1 })).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
