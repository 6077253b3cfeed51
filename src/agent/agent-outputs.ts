/**
 * What the agent (and the demo) feed after a job besides their own /metrics (issue 7): the
 * InfluxDB sink of `config.influx` with its spool under `config.spool`, bounded by `spoolMaxMiB`
 * (no sink when `influx: null`),
 * the metric schema's points (src/outputs/metric-points.ts: the store's state after every job, plus
 * the run's own metrics after a collection — duration, devices ok/partial/failed, overruns, failures
 * by code), and report delivery (src/outputs/report-delivery.ts: dir, e-mail, webhook).
 */
import type { IbsightConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import { createInfluxSink } from '../outputs/influx-sink.js';
import type { MetricPoint } from '../outputs/metric-point.js';
import { buildStoreMetricPoints } from '../outputs/metric-points.js';
import type { MetricSink } from '../outputs/metric-sink.js';
import { deliverReports } from '../outputs/report-delivery.js';
import { runMetricPoints } from '../outputs/run-points.js';
import type { FinishedJob } from './agent-job.js';
import type { AgentOutputs } from './job-runner.js';

/** The InfluxDB sink of the configuration, or none when `influx` is null. */
export function influxSinks(config: IbsightConfig, logger: Logger): MetricSink[] {
  if (config.influx === null) return [];
  const source = config.file !== null ? { source: config.file } : {};
  return [createInfluxSink(config.influx, { spoolDir: config.spool, maxSpoolBytes: config.spoolMaxMiB * 1024 * 1024, logger, ...source })];
}

/** The points of the store's state after a job, and of the run itself after a collection. */
export async function pointsAfterJob(job: FinishedJob): Promise<MetricPoint[]> {
  const points = await buildStoreMetricPoints(job.store, job.finishedAt);
  if (job.result?.job === 'collect') points.push(...runMetricPoints(job.result.report, job.finishedAt, { overruns: job.overrunsDuringRun }));
  return points;
}

export function agentOutputs(config: IbsightConfig, logger: Logger): AgentOutputs {
  return {
    sinks: influxSinks(config, logger),
    pointsAfterJob,
    deliver: (files, summary) => deliverReports(config.delivery, { files, summary, logger }),
  };
}
