/**
 * `ibsight report software`: which Junos versions run where. A pure function from the store's
 * software rows (one per device member: RE, VC member, cluster node) to a document:
 *  - byVersion: devices and members per version (a device counts once per version it runs; a
 *    dual-RE box with two versions counts under both), with its train and product
 *    (`junos` / `junos-evolved`: Evolved is a separate product);
 *  - byTrain, bySite, byModel: the same counts grouped; devices: the per-member list.
 * A member whose version is unknown (not sent, or not a Junos version) is listed with a null
 * train and counted under `unknownVersion`, never dropped.
 */
import type { SoftwareRow } from '../store/store-api.js';
import { junosTrain, naturalCompare, productOf } from './junos-train.js';
import type { ReportTable, ReportView } from './report-view.js';

export interface VersionCount {
  train: string | null;
  version: string | null;
  devices: number;
}

export interface SoftwareReport {
  report: 'software';
  generatedAt: string;
  totals: { devices: number; members: number; versions: number; trains: number; sites: number; unknownVersion: number };
  byTrain: { product: string | null; train: string | null; versions: number; devices: number; members: number }[];
  byVersion: { product: string | null; train: string | null; version: string | null; devices: number; members: number }[];
  bySite: { site: string | null; siteName: string | null; devices: number; versions: VersionCount[] }[];
  byModel: { model: string | null; devices: number; versions: VersionCount[] }[];
  devices: {
    device: string;
    site: string | null;
    siteName: string | null;
    model: string | null;
    product: string | null;
    member: string | null;
    version: string | null;
    train: string | null;
    collectedAt: string;
  }[];
}

export interface SoftwareReportOptions {
  generatedAt: Date;
  /** Site id → name (from the inventory), when known. */
  siteNames?: ReadonlyMap<string, string | null>;
}

interface Group {
  devices: Set<string>;
  members: number;
}

function bump<K>(map: Map<K, Group>, key: K, device: string): void {
  let g = map.get(key);
  if (!g) map.set(key, (g = { devices: new Set(), members: 0 }));
  g.devices.add(device);
  g.members++;
}

const SEP = '\u0000';
const keyOf = (...parts: (string | null)[]): string => parts.map((p) => (p === null ? '\u0001' : p)).join(SEP);
const partsOf = (key: string): (string | null)[] => key.split(SEP).map((p) => (p === '\u0001' ? null : p));

function versionCounts(map: Map<string, Group>, owner: string | null): VersionCount[] {
  const out: VersionCount[] = [];
  for (const [key, g] of map) {
    const [o, train, version] = partsOf(key);
    if (o === owner) out.push({ train: train ?? null, version: version ?? null, devices: g.devices.size });
  }
  return out.sort((a, b) => naturalCompare(a.train, b.train) || naturalCompare(a.version, b.version));
}

export function buildSoftwareReport(rows: readonly SoftwareRow[], options: SoftwareReportOptions): SoftwareReport {
  const siteName = (site: string | null): string | null => (site === null ? null : (options.siteNames?.get(site) ?? null));
  const devices = rows
    .map((r) => {
      const version = r.version?.trim() || null;
      return {
        device: r.device,
        site: r.site,
        siteName: siteName(r.site),
        model: r.model,
        product: productOf(version, r.os),
        member: r.member,
        version,
        train: junosTrain(version),
        collectedAt: r.collectedAt,
      };
    })
    .sort((a, b) => naturalCompare(a.site, b.site) || naturalCompare(a.device, b.device) || naturalCompare(a.member, b.member));

  const byVersion = new Map<string, Group>();
  const byTrain = new Map<string, Group & { versions: Set<string | null> }>();
  const bySiteVersion = new Map<string, Group>();
  const byModelVersion = new Map<string, Group>();
  const siteDevices = new Map<string | null, Set<string>>();
  const modelDevices = new Map<string | null, Set<string>>();
  for (const d of devices) {
    bump(byVersion, keyOf(d.product, d.train, d.version), d.device);
    const tk = keyOf(d.product, d.train);
    let t = byTrain.get(tk);
    if (!t) byTrain.set(tk, (t = { devices: new Set(), members: 0, versions: new Set() }));
    t.devices.add(d.device);
    t.members++;
    t.versions.add(d.version);
    bump(bySiteVersion, keyOf(d.site, d.train, d.version), d.device);
    bump(byModelVersion, keyOf(d.model, d.train, d.version), d.device);
    if (!siteDevices.has(d.site)) siteDevices.set(d.site, new Set());
    siteDevices.get(d.site)!.add(d.device);
    if (!modelDevices.has(d.model)) modelDevices.set(d.model, new Set());
    modelDevices.get(d.model)!.add(d.device);
  }

  const versionRows = [...byVersion].map(([key, g]) => {
    const [product, train, version] = partsOf(key);
    return { product: product ?? null, train: train ?? null, version: version ?? null, devices: g.devices.size, members: g.members };
  });
  versionRows.sort((a, b) => naturalCompare(a.product, b.product) || naturalCompare(a.train, b.train) || naturalCompare(a.version, b.version));
  const trainRows = [...byTrain].map(([key, g]) => {
    const [product, train] = partsOf(key);
    return { product: product ?? null, train: train ?? null, versions: [...g.versions].filter((v) => v !== null).length, devices: g.devices.size, members: g.members };
  });
  trainRows.sort((a, b) => naturalCompare(a.product, b.product) || naturalCompare(a.train, b.train));

  const distinct = <T>(values: T[]): number => new Set(values.filter((v) => v !== null)).size;
  return {
    report: 'software',
    generatedAt: options.generatedAt.toISOString(),
    totals: {
      devices: new Set(devices.map((d) => d.device)).size,
      members: devices.length,
      versions: distinct(devices.map((d) => d.version)),
      trains: distinct(devices.map((d) => d.train)),
      sites: distinct(devices.map((d) => d.site)),
      unknownVersion: devices.filter((d) => d.train === null).length,
    },
    byTrain: trainRows,
    byVersion: versionRows,
    bySite: [...siteDevices.keys()]
      .sort(naturalCompare)
      .map((site) => ({ site, siteName: siteName(site), devices: siteDevices.get(site)!.size, versions: versionCounts(bySiteVersion, site) })),
    byModel: [...modelDevices.keys()]
      .sort(naturalCompare)
      .map((model) => ({ model, devices: modelDevices.get(model)!.size, versions: versionCounts(byModelVersion, model) })),
    devices,
  };
}

const devicesTable = (r: SoftwareReport): ReportTable => ({
  id: 'devices',
  title: 'Devices and members',
  columns: [
    { key: 'device', label: 'Device' },
    { key: 'site', label: 'Site' },
    { key: 'siteName', label: 'Site name' },
    { key: 'model', label: 'Model' },
    { key: 'member', label: 'Member' },
    { key: 'product', label: 'Product' },
    { key: 'train', label: 'Train' },
    { key: 'version', label: 'Version' },
    { key: 'collectedAt', label: 'Collected at', nowrap: true },
  ],
  rows: r.devices.map((d) => [d.device, d.site, d.siteName, d.model, d.member, d.product, d.train, d.version, d.collectedAt]),
  emptyText: 'No software collected yet.',
});

export function softwareReportView(r: SoftwareReport): ReportView {
  const perVersion = (label: string, key: string) => [
    { key, label },
    { key: 'train', label: 'Train' },
    { key: 'version', label: 'Version' },
    { key: 'devices', label: 'Devices', numeric: true },
  ];
  return {
    kind: 'software',
    title: 'Software versions',
    generatedAt: r.generatedAt,
    notes: ['Devices count once per version they run; a member is a routing engine, VC member or cluster node.'],
    totals: [
      { label: 'Devices', value: r.totals.devices },
      { label: 'Members', value: r.totals.members },
      { label: 'Versions', value: r.totals.versions },
      { label: 'Trains', value: r.totals.trains },
      { label: 'Sites', value: r.totals.sites },
      { label: 'Unknown version', value: r.totals.unknownVersion },
    ],
    tables: [
      {
        id: 'by-train',
        title: 'Per train',
        columns: [
          { key: 'product', label: 'Product' },
          { key: 'train', label: 'Train' },
          { key: 'versions', label: 'Versions', numeric: true },
          { key: 'devices', label: 'Devices', numeric: true },
          { key: 'members', label: 'Members', numeric: true },
        ],
        rows: r.byTrain.map((t) => [t.product, t.train, t.versions, t.devices, t.members]),
        emptyText: 'No software collected yet.',
      },
      {
        id: 'by-version',
        title: 'Per version',
        columns: [
          { key: 'product', label: 'Product' },
          { key: 'train', label: 'Train' },
          { key: 'version', label: 'Version' },
          { key: 'devices', label: 'Devices', numeric: true },
          { key: 'members', label: 'Members', numeric: true },
        ],
        rows: r.byVersion.map((v) => [v.product, v.train, v.version, v.devices, v.members]),
        emptyText: 'No software collected yet.',
      },
      {
        id: 'by-site',
        title: 'Per site',
        columns: [{ key: 'siteName', label: 'Site name' }, ...perVersion('Site', 'site')],
        rows: r.bySite.flatMap((s) => s.versions.map((v) => [s.siteName, s.site, v.train, v.version, v.devices])),
        emptyText: 'No software collected yet.',
      },
      {
        id: 'by-model',
        title: 'Per model',
        columns: perVersion('Model', 'model'),
        rows: r.byModel.flatMap((m) => m.versions.map((v) => [m.model, v.train, v.version, v.devices])),
        emptyText: 'No software collected yet.',
      },
      devicesTable(r),
    ],
    csv: devicesTable(r),
  };
}
