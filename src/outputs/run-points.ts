/**
 * Metric points of one collection run, the collector reporting on itself (docs/metrics.md):
 * `ibsight_run` (duration, device outcomes, schedule overruns) and `ibsight_run_failures` (devices
 * failed by collector and error code). Pure: from the run's RunReport (SPEC §2.4) at the time
 * given (the run's end), with the overruns the agent counted.
 *
 * Rules: a failure without a collector (the device itself: could not connect...) is collector
 * `none`; one device counts once per (collector, code) even if reported twice; only combinations
 * that occurred are written (a run without failures writes none: absent means zero).
 */
import type { RunReport } from '../collect/run-summary.js';
import { IbsightError } from '../errors/ibsight-error.js';
import type { RunKind } from '../store/store-api.js';
import type { MetricPoint } from './metric-point.js';
import { RUN, RUN_FAILURES } from './metric-schema.js';
import { sortedKeys } from './point-order.js';
import { schemaPoint, tagValue } from './schema-point.js';

export interface RunMetricOptions {
  /** Scheduled runs of this job skipped since the previous run because a run was still going. */
  overruns: number;
  /** Default `collect`. */
  kind?: RunKind;
}

export function runMetricPoints(report: RunReport, time: Date, options: RunMetricOptions): MetricPoint[] {
  const kind = options.kind ?? 'collect';
  if (!Number.isSafeInteger(options.overruns) || options.overruns < 0) {
    throw new IbsightError('INTERNAL', `run metrics: overruns must be a count, got ${options.overruns}`, { context: { measurement: RUN.measurement } });
  }
  const points: MetricPoint[] = [
    schemaPoint(RUN, { kind }, {
      duration_seconds: report.durationMs / 1000,
      devices_total: report.devices.total,
      devices_ok: report.devices.ok,
      devices_partial: report.devices.partial,
      devices_failed: report.devices.failed,
      overruns: options.overruns,
    }, time),
  ];
  const failed = new Map<string, { collector: string; code: string; devices: Set<string> }>();
  for (const f of report.failures) {
    const collector = f.collector === null ? 'none' : tagValue(f.collector);
    const code = tagValue(f.code);
    const key = JSON.stringify([collector, code]);
    let entry = failed.get(key);
    if (entry === undefined) failed.set(key, (entry = { collector, code, devices: new Set() }));
    entry.devices.add(f.device);
  }
  for (const key of sortedKeys(failed)) {
    const f = failed.get(key)!;
    points.push(schemaPoint(RUN_FAILURES, { kind, collector: f.collector, code: f.code }, { devices: f.devices.size }, time));
  }
  return points;
}
