/**
 * Metric points of the latest exposure run (docs/metrics.md): `ibsight_exposure` (findings by
 * site, kind and severity), `ibsight_exposure_site` (devices judged, with findings, KEV, past End
 * of Engineering) and `ibsight_lifecycle` (lifecycle findings by site, item, milestone and status).
 * Pure: from a StoredExposureRun and the store's lifecycle counts, at the run's own time (writing
 * the same run again rewrites the same points).
 *
 * Rules: every kind × severity is written for every site of the run (zeros included); for
 * lifecycle, every milestone that can apply to the item (hardware: eolAnnounced ... endOfSupport;
 * software: endOfEngineering, endOfSupport) × status, for every site of the run, plus whatever the
 * counts hold beyond that (checked against the schema like every point).
 */
import type { StoredExposureRun } from '../analysis/exposure-types.js';
import { HARDWARE_MILESTONES, SOFTWARE_MILESTONES } from '../lifecycle/lifecycle-types.js';
import type { MetricCounts } from '../store/metric-queries.js';
import type { MetricPoint } from './metric-point.js';
import { EXPOSURE, EXPOSURE_SITE, LIFECYCLE } from './metric-schema.js';
import { byCodeUnit, sortedKeys } from './point-order.js';
import { schemaPoint, tagValue, type TagsOf } from './schema-point.js';

export function exposurePoints(run: StoredExposureRun): MetricPoint[] {
  const time = new Date(run.at);
  const points: MetricPoint[] = [];
  for (const s of run.perSite) {
    const site = tagValue(s.site);
    for (const kind of EXPOSURE.tagValues.kind) {
      for (const severity of EXPOSURE.tagValues.severity) {
        points.push(schemaPoint(EXPOSURE, { site, kind, severity }, { findings: s.byKind[kind][severity] }, time));
      }
    }
  }
  for (const s of run.perSite) {
    points.push(schemaPoint(EXPOSURE_SITE, { site: tagValue(s.site) }, {
      devices: s.devices,
      devices_with_findings: s.devicesWithFindings,
      kev_findings: s.kev,
      devices_past_end_of_engineering: s.pastEndOfEngineering,
    }, time));
  }
  return points;
}

type LifecycleTags = TagsOf<typeof LIFECYCLE>;

/** The (item, milestone) pairs a finding can have. */
const ITEM_MILESTONES: readonly [LifecycleTags['item'], LifecycleTags['milestone']][] = [
  ...HARDWARE_MILESTONES.map((m) => ['hardware', m] as [LifecycleTags['item'], LifecycleTags['milestone']]),
  ...SOFTWARE_MILESTONES.filter((m) => m !== 'frs').map((m) => ['software', m] as [LifecycleTags['item'], LifecycleTags['milestone']]),
];

export function lifecyclePoints(lifecycle: NonNullable<MetricCounts['lifecycle']>): MetricPoint[] {
  const time = new Date(lifecycle.at);
  const series = new Map<string, { tags: LifecycleTags; findings: number; devices: number }>();
  const add = (tags: LifecycleTags, findings: number, devices: number): void => {
    const key = JSON.stringify([tags.site, tags.item, tags.milestone, tags.status]);
    const s = series.get(key);
    if (s === undefined) series.set(key, { tags, findings, devices });
    else {
      s.findings += findings;
      s.devices += devices;
    }
  };
  for (const site of lifecycle.sites.map(tagValue).sort(byCodeUnit)) {
    for (const [item, milestone] of ITEM_MILESTONES) {
      for (const status of LIFECYCLE.tagValues.status) add({ site, item, milestone, status }, 0, 0);
    }
  }
  // values outside the vocabulary are refused by schemaPoint (a bug, not data to drop quietly)
  for (const r of lifecycle.rows) add({ site: tagValue(r.site), item: r.item, milestone: r.milestone, status: r.status } as LifecycleTags, r.findings, r.devices);
  return sortedKeys(series).map((key) => {
    const s = series.get(key)!;
    return schemaPoint(LIFECYCLE, s.tags, { findings: s.findings, devices: s.devices }, time);
  });
}
