/**
 * The metric points of the store's current state (docs/metrics.md): what the agent writes after
 * its jobs and what `ibsight metrics` prints. Reads the store (devices, software, the latest
 * reconciliation and exposure run, and the SQL counts of metric-queries.ts) and hands each part to
 * its pure builder (inventory-, health-, reconcile-, exposure-points.ts). Run metrics are not
 * here: they come from a run's own report (run-points.ts).
 *
 * Rules kept:
 *  - Scope: the devices of the current inventory (a device dropped from it leaves the metrics).
 *  - Time of a point: when its state was observed — device state (inventory, hardware, software,
 *    alarms, health) at the latest collection run, reconciliation points at the reconciliation's
 *    time, exposure points at the exposure run's time; `now` only when nothing was ever run. So
 *    writing twice without a new observation rewrites the same points (InfluxDB keeps one point
 *    per series and time) instead of drawing a flat line of copies.
 *  - Nothing reconciled (or no exposure run) yet: those measurements are absent, not zero.
 */
import type { MetricPoint } from './metric-point.js';
import type { Store } from '../store/store-api.js';
import { exposurePoints, lifecyclePoints } from './exposure-points.js';
import { alarmPoints, healthPoints } from './health-points.js';
import { hardwarePoints, inventoryPoints, softwarePoints } from './inventory-points.js';
import { byCodeUnit } from './point-order.js';
import { contractPoints, reconcilePoints } from './reconcile-points.js';
import { tagValue } from './schema-point.js';

export async function buildStoreMetricPoints(store: Store, now: Date): Promise<MetricPoint[]> {
  const counts = await store.metricCounts();
  const inScope = new Set(counts.inventoryDevices);
  const devices = (await store.listDevices()).filter((d) => inScope.has(d.name));
  const software = (await store.software()).filter((s) => inScope.has(s.device));
  const reconciliation = (await store.reconciliations({ last: 1 })).at(-1);
  const exposureRun = (await store.exposureRuns({ last: 1 })).at(-1);

  const observed = counts.lastRunAt === null ? now : new Date(counts.lastRunAt);
  const sites = [...new Set(devices.map((d) => tagValue(d.site)))].sort(byCodeUnit);
  const points: MetricPoint[] = [
    ...inventoryPoints(devices, observed),
    ...hardwarePoints(counts.hardware, sites, observed),
    ...softwarePoints(software, observed),
    ...alarmPoints(counts.alarms, sites, observed),
    ...healthPoints(counts, sites, observed),
  ];
  if (reconciliation !== undefined) points.push(...reconcilePoints(reconciliation));
  if (counts.contracts !== null) points.push(...contractPoints(counts.contracts));
  if (exposureRun !== undefined) points.push(...exposurePoints(exposureRun));
  if (counts.lifecycle !== null) points.push(...lifecyclePoints(counts.lifecycle));
  return points;
}
