/**
 * `report software` as a pure function: trains (X and F lines, Evolved as its own product),
 * device counts per version (a device counts once per version it runs), grouping per site /
 * model / train, the per-member list, unknown versions kept, and the view's tables.
 */
import { describe, expect, it } from 'vitest';
import { junosTrain, naturalCompare, productOf } from '../../src/reports/junos-train.js';
import { buildSoftwareReport, softwareReportView } from '../../src/reports/software-report.js';
import type { SoftwareRow } from '../../src/store/store-api.js';

const AT = '2025-03-01T10:00:00.000Z';
const row = (device: string, site: string | null, model: string | null, member: string | null, version: string | null, os: string | null = 'junos'): SoftwareRow => ({
  device,
  site,
  model,
  os,
  member,
  version,
  collectedAt: AT,
});

describe('junosTrain', () => {
  it.each([
    ['21.4R3-S5.4', '21.4'],
    ['22.4R3-S2.11', '22.4'],
    ['23.4R2-S3.9-EVO', '23.4-EVO'],
    ['15.1X49-D170.4', '15.1X49'],
    ['12.3X48-D10', '12.3X48'],
    ['15.1F6-S3', '15.1F6'],
    ['15.1F5.15-C1.12', '15.1F5'],
    ['16.1-20160720.0', '16.1'],
    ['18.3I20180716_1639', '18.3'],
    ['10.4R9.2', '10.4'],
    ['16.1X70-D10.5-jet-1', '16.1X70'],
    ['21.4', '21.4'],
  ])('%s → %s', (version, train) => {
    expect(junosTrain(version)).toBe(train);
  });

  it('is null for what is not a Junos version', () => {
    expect(junosTrain(null)).toBeNull();
    expect(junosTrain('unknown')).toBeNull();
    expect(junosTrain('21')).toBeNull();
    expect(junosTrain('21.4Q1')).toBeNull();
  });

  it('names Evolved as its own product', () => {
    expect(productOf('23.4R2-S3.9-EVO', 'junos')).toBe('junos-evolved');
    expect(productOf('21.4R3-S5.4', null)).toBe('junos');
    expect(productOf(null, null)).toBeNull();
  });

  it('orders for display with numbers as numbers', () => {
    const versions = ['21.4R3-S10.2', '21.4R3-S9.1', '21.4R3.15', '21.4R10', null, '21.4R2'];
    expect([...versions].sort(naturalCompare)).toEqual(['21.4R2', '21.4R3-S9.1', '21.4R3-S10.2', '21.4R3.15', '21.4R10', null]);
  });
});

describe('buildSoftwareReport', () => {
  const rows: SoftwareRow[] = [
    row('mx1', 'S1', 'mx480', 're0', '22.4R3-S2.11'),
    row('mx1', 'S1', 'mx480', 're1', '22.4R3-S1.5'), // mid-upgrade: two versions on one box
    row('mx2', 'S1', 'mx480', 're0', '22.4R3-S2.11'),
    row('mx2', 'S1', 'mx480', 're1', '22.4R3-S2.11'),
    row('ex-vc', 'S2', 'ex4300-48p', 'fpc0', '21.4R3-S5.4'),
    row('ex-vc', 'S2', 'ex4300-48p', 'fpc1', '21.4R3-S5.4'),
    row('srx', 'S2', 'srx345', 'node0', '15.1X49-D170.4'),
    row('ptx', 'S3', 'ptx10001-36mr', null, '23.4R2-S3.9-EVO', 'junos-evolved'),
    row('odd', null, null, null, null, null),
  ];
  const report = buildSoftwareReport(rows, { generatedAt: new Date(AT), siteNames: new Map([['S1', 'AMS-DC1'], ['S2', 'FRA-DC2']]) });

  it('totals devices, members, versions, trains, sites and unknown versions', () => {
    expect(report.report).toBe('software');
    expect(report.generatedAt).toBe(AT);
    expect(report.totals).toEqual({ devices: 6, members: 9, versions: 5, trains: 4, sites: 3, unknownVersion: 1 });
  });

  it('counts a device once per version it runs, and every member', () => {
    const v = (version: string | null) => report.byVersion.find((x) => x.version === version);
    expect(v('22.4R3-S2.11')).toEqual({ product: 'junos', train: '22.4', version: '22.4R3-S2.11', devices: 2, members: 3 });
    expect(v('22.4R3-S1.5')).toMatchObject({ devices: 1, members: 1 });
    expect(v('21.4R3-S5.4')).toMatchObject({ devices: 1, members: 2 });
    expect(v('23.4R2-S3.9-EVO')).toMatchObject({ product: 'junos-evolved', train: '23.4-EVO' });
    expect(v(null)).toMatchObject({ product: null, train: null, devices: 1 });
  });

  it('groups per train, X trains and Evolved apart', () => {
    expect(report.byTrain.map((t) => [t.product, t.train, t.versions, t.devices])).toEqual([
      ['junos', '15.1X49', 1, 1],
      ['junos', '21.4', 1, 1],
      ['junos', '22.4', 2, 2],
      ['junos-evolved', '23.4-EVO', 1, 1],
      [null, null, 0, 1],
    ]);
  });

  it('groups per site with the site names, and per model', () => {
    expect(report.bySite.map((s) => [s.site, s.siteName, s.devices])).toEqual([
      ['S1', 'AMS-DC1', 2],
      ['S2', 'FRA-DC2', 2],
      ['S3', null, 1],
      [null, null, 1],
    ]);
    expect(report.bySite[0]!.versions).toEqual([
      { train: '22.4', version: '22.4R3-S1.5', devices: 1 },
      { train: '22.4', version: '22.4R3-S2.11', devices: 2 },
    ]);
    const mx480 = report.byModel.find((m) => m.model === 'mx480')!;
    expect(mx480.devices).toBe(2);
    expect(mx480.versions.map((v) => v.version)).toEqual(['22.4R3-S1.5', '22.4R3-S2.11']);
  });

  it('lists every member with its train, sorted by site and device', () => {
    expect(report.devices).toHaveLength(9);
    expect(report.devices[0]).toEqual({
      device: 'mx1', site: 'S1', siteName: 'AMS-DC1', model: 'mx480', product: 'junos', member: 're0',
      version: '22.4R3-S2.11', train: '22.4', collectedAt: AT,
    });
    expect(report.devices.map((d) => d.device)).toEqual(['mx1', 'mx1', 'mx2', 'mx2', 'ex-vc', 'ex-vc', 'srx', 'ptx', 'odd']);
  });

  it('is empty but well-formed with no rows', () => {
    const empty = buildSoftwareReport([], { generatedAt: new Date(AT) });
    expect(empty.totals).toEqual({ devices: 0, members: 0, versions: 0, trains: 0, sites: 0, unknownVersion: 0 });
    expect(softwareReportView(empty).tables.every((t) => t.rows.length === 0)).toBe(true);
  });

  it('gives a view whose CSV table is the per-member list', () => {
    const view = softwareReportView(report);
    expect(view.kind).toBe('software');
    expect(view.tables.map((t) => t.id)).toEqual(['by-train', 'by-version', 'by-site', 'by-model', 'devices']);
    expect(view.csv.columns.map((c) => c.key)).toEqual(['device', 'site', 'siteName', 'model', 'member', 'product', 'train', 'version', 'collectedAt']);
    expect(view.csv.rows).toHaveLength(9);
    expect(view.totals.find((t) => t.label === 'Devices')!.value).toBe(6);
    for (const t of view.tables) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
  });
});
