/**
 * Metric points of device health (docs/metrics.md): `ibsight_alarms` (active alarms by site,
 * source and severity) and `ibsight_health` (core dumps present, RE boots in the last 24 hours, by
 * site). Pure: from the store's counts (MetricCounts: alarms, coreDumps, reboots) to points at the
 * given time.
 *
 * Rules: an alarm whose class is neither Major/Red nor Minor/Yellow (severity null) counts as
 * `other`; every source and severity is written for each site given (zeros included), and one
 * health point per site given; a site that only the counts name is written too.
 */
import type { MetricCounts } from '../store/metric-queries.js';
import type { MetricPoint } from './metric-point.js';
import { ALARM_SEVERITIES, ALARM_SOURCES, ALARMS, HEALTH } from './metric-schema.js';
import { byCodeUnit } from './point-order.js';
import { schemaPoint, tagValue } from './schema-point.js';

type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

function alarmSeverity(severity: string | null): AlarmSeverity {
  return severity === 'major' || severity === 'minor' ? severity : 'other';
}

export function alarmPoints(rows: MetricCounts['alarms'], sites: readonly string[], time: Date): MetricPoint[] {
  const counts = new Map<string, { active: number; devices: number }>();
  const allSites = new Set(sites);
  for (const r of rows) {
    const site = tagValue(r.site);
    allSites.add(site);
    const key = JSON.stringify([site, r.source, alarmSeverity(r.severity)]);
    const c = counts.get(key) ?? { active: 0, devices: 0 };
    c.active += r.active;
    c.devices += r.devices;
    counts.set(key, c);
  }
  const points: MetricPoint[] = [];
  for (const site of [...allSites].sort(byCodeUnit)) {
    for (const source of ALARM_SOURCES) {
      for (const severity of ALARM_SEVERITIES) {
        const c = counts.get(JSON.stringify([site, source, severity])) ?? { active: 0, devices: 0 };
        points.push(schemaPoint(ALARMS, { site, source, severity }, c, time));
      }
    }
  }
  return points;
}

export function healthPoints(counts: Pick<MetricCounts, 'coreDumps' | 'reboots'>, sites: readonly string[], time: Date): MetricPoint[] {
  const bySite = new Map<string, { core_dumps: number; devices_with_core_dumps: number; reboots_24h: number; devices_rebooted_24h: number }>();
  const at = (site: string) => {
    let s = bySite.get(site);
    if (s === undefined) bySite.set(site, (s = { core_dumps: 0, devices_with_core_dumps: 0, reboots_24h: 0, devices_rebooted_24h: 0 }));
    return s;
  };
  for (const site of sites) at(site);
  for (const c of counts.coreDumps) {
    const s = at(tagValue(c.site));
    s.core_dumps += c.coreDumps;
    s.devices_with_core_dumps += c.devices;
  }
  for (const r of counts.reboots) {
    const s = at(tagValue(r.site));
    s.reboots_24h += r.reboots;
    s.devices_rebooted_24h += r.devices;
  }
  return [...bySite.keys()].sort(byCodeUnit).map((site) => schemaPoint(HEALTH, { site }, bySite.get(site)!, time));
}
