/**
 * Metric points of what the devices are (docs/metrics.md): `ibsight_inventory` (devices by site,
 * model, OS and status), `ibsight_hardware` (current components by site and kind) and
 * `ibsight_software` (members and devices by site, OS, train and version). Pure: from the store's
 * rows (DeviceRow, SoftwareRow, MetricCounts.hardware) to points at the given time.
 *
 * Rules: tag values through `tagValue` (null → `unknown`); an OS outside the schema's list is
 * `unknown`. Zeros are written where the vocabulary is fixed: every status of each (site, model,
 * OS) present, every component kind of each site given. Trains and products are those of the
 * software report (src/reports/junos-train.ts). Points come out in a stable order (sites, then
 * the other tags, by code unit).
 */
import type { MetricCounts } from '../store/metric-queries.js';
import type { DeviceRow, SoftwareRow } from '../store/store-api.js';
import { junosTrain, productOf } from '../reports/junos-train.js';
import type { MetricPoint } from './metric-point.js';
import { DEVICE_STATUSES, HARDWARE, INVENTORY, OS_VALUES, SOFTWARE, UNKNOWN } from './metric-schema.js';
import { byCodeUnit, sortedKeys } from './point-order.js';
import { schemaPoint, tagValue } from './schema-point.js';

export type OsTag = (typeof OS_VALUES)[number];

export function osTag(os: string | null): OsTag {
  return (OS_VALUES as readonly string[]).includes(os ?? '') ? (os as OsTag) : UNKNOWN;
}

export function inventoryPoints(devices: readonly DeviceRow[], time: Date): MetricPoint[] {
  const groups = new Map<string, { site: string; model: string; os: OsTag; byStatus: Map<string, number> }>();
  for (const d of devices) {
    const site = tagValue(d.site);
    const model = tagValue(d.model);
    const os = osTag(d.os);
    const key = JSON.stringify([site, model, os]);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { site, model, os, byStatus: new Map() }));
    g.byStatus.set(d.status, (g.byStatus.get(d.status) ?? 0) + 1);
  }
  const points: MetricPoint[] = [];
  for (const key of sortedKeys(groups)) {
    const g = groups.get(key)!;
    for (const status of DEVICE_STATUSES) {
      points.push(schemaPoint(INVENTORY, { site: g.site, model: g.model, os: g.os, status }, { devices: g.byStatus.get(status) ?? 0 }, time));
    }
  }
  return points;
}

/** `sites`: the site tag values to write every kind for (the sites of the inventory's devices). */
export function hardwarePoints(rows: MetricCounts['hardware'], sites: readonly string[], time: Date): MetricPoint[] {
  const counts = new Map<string, { components: number; serials: number }>();
  const allSites = new Set(sites);
  for (const r of rows) {
    const site = tagValue(r.site);
    allSites.add(site);
    const key = JSON.stringify([site, r.kind]);
    const c = counts.get(key) ?? { components: 0, serials: 0 };
    c.components += r.components;
    c.serials += r.serials;
    counts.set(key, c);
  }
  const points: MetricPoint[] = [];
  for (const site of [...allSites].sort(byCodeUnit)) {
    for (const kind of HARDWARE.tagValues.kind) {
      const c = counts.get(JSON.stringify([site, kind])) ?? { components: 0, serials: 0 };
      points.push(schemaPoint(HARDWARE, { site, kind }, c, time));
    }
  }
  return points;
}

export function softwarePoints(rows: readonly SoftwareRow[], time: Date): MetricPoint[] {
  const groups = new Map<string, { tags: { site: string; os: OsTag; train: string; version: string }; devices: Set<string>; members: number }>();
  for (const r of rows) {
    const version = r.version === null ? null : r.version.trim();
    const tags = { site: tagValue(r.site), os: osTag(productOf(version, r.os)), train: tagValue(junosTrain(version)), version: tagValue(version) };
    const key = JSON.stringify([tags.site, tags.os, tags.train, tags.version]);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { tags, devices: new Set(), members: 0 }));
    g.devices.add(r.device);
    g.members += 1;
  }
  return sortedKeys(groups).map((key) => {
    const g = groups.get(key)!;
    return schemaPoint(SOFTWARE, g.tags, { devices: g.devices.size, members: g.members }, time);
  });
}
