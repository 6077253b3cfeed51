/**
 * What the agent's `/metrics` serves: a prom-client Registry holding (1) the metric points of the
 * jobs (this class is a MetricSink, fed the same MetricPoint[] as the InfluxDB sinks), (2) the
 * agent's own metrics, (3) prom-client's default process metrics (process_*, nodejs_*).
 *
 * Points become gauges: one per numeric or boolean field, named `<measurement>_<field>` (characters
 * Prometheus does not allow become `_`), the point's tags as labels (every series of a gauge
 * carries the union of its measurement's tag keys, "" where a point lacks one), booleans as 1/0.
 * String fields are not exported (Prometheus values are numbers; a string as a label would make a
 * new series at every change): they stay InfluxDB's. Of several points of one series in a write,
 * the latest by time wins. Each write REPLACES every gauge of each measurement it carries, at once
 * (built aside, swapped in synchronously, so a scrape sees the old set or the new one, never a
 * mix): a device or site that disappears from a measurement disappears from /metrics. A name
 * already taken by another measurement or by an agent metric is skipped with a warning.
 *
 * Tags named `job` or `instance` are exported as they are; Prometheus stores them as
 * `exported_job` / `exported_instance` (its target labels win).
 *
 * Agent metrics (docs/agent.md), labelled `job_name` (not `job`, which is Prometheus's target
 * label): ibsight_agent_uptime_seconds, ibsight_agent_job_runs_total{job_name,outcome},
 * ibsight_agent_job_overruns_total{job_name}, ibsight_agent_job_running{job_name},
 * ibsight_agent_job_last_success_timestamp_seconds{job_name} (0 before the first),
 * ibsight_agent_job_last_duration_seconds{job_name}, ibsight_agent_sink_failures_total{sink},
 * ibsight_agent_store_up. They are read from the runner at each scrape (no second bookkeeping).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import type { FieldValue, MetricPoint } from '../outputs/metric-point.js';
import type { MetricSink, SinkWriteResult } from '../outputs/metric-sink.js';
import { AGENT_JOBS, JOB_OUTCOMES, type AgentJobName, type JobStatus } from './agent-job.js';

/** Where the agent metrics are read from at each scrape (the job runner and the agent). */
export interface AgentMetricsSource {
  uptimeSeconds(): number;
  jobs(): Record<AgentJobName, JobStatus>;
  sinkFailures(): ReadonlyMap<string, number>;
  storeUp(): boolean;
}

export function prometheusMetricName(measurement: string, field: string): string {
  const name = `${measurement}_${field}`.replace(/[^A-Za-z0-9_:]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function prometheusLabelName(tag: string): string {
  const name = tag.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) return `_${name}`;
  return name.startsWith('__') ? `tag${name}` : name;
}

function numeric(value: FieldValue): number | null {
  if (value.kind === 'int' || value.kind === 'float') return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  return null;
}

export class PrometheusRegistry implements MetricSink {
  readonly name = 'prometheus';
  readonly registry = new Registry();
  /** measurement → the gauge names it holds now. */
  private readonly held = new Map<string, string[]>();

  constructor(private readonly logger: Logger, source: AgentMetricsSource | null, options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    if (source !== null) this.registerAgentMetrics(source);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of everything held. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  async write(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
    const byMeasurement = new Map<string, MetricPoint[]>();
    for (const point of points) {
      const list = byMeasurement.get(point.measurement);
      if (list) list.push(point);
      else byMeasurement.set(point.measurement, [point]);
    }
    for (const [measurement, list] of byMeasurement) this.replaceMeasurement(measurement, list);
    return { delivered: points.length, spooled: 0, errorCode: null, errorMessage: null };
  }

  async close(): Promise<void> {
    // nothing buffered: the registry lives as long as the HTTP server that serves it
  }

  private replaceMeasurement(measurement: string, points: MetricPoint[]): void {
    const labelKeys = new Map<string, string>(); // tag → label name
    for (const p of points) for (const tag of Object.keys(p.tags)) labelKeys.set(tag, prometheusLabelName(tag));
    const labelNames = [...new Set(labelKeys.values())].sort();
    const ordered = [...points].sort((a, b) => a.time.getTime() - b.time.getTime());
    const gauges = new Map<string, Gauge>();
    const skipped = new Set<string>();
    for (const point of ordered) {
      const labels: Record<string, string> = Object.fromEntries(labelNames.map((l) => [l, '']));
      for (const [tag, value] of Object.entries(point.tags)) labels[labelKeys.get(tag)!] = value;
      for (const [field, value] of Object.entries(point.fields)) {
        const v = numeric(value);
        if (v === null) continue;
        const name = prometheusMetricName(measurement, field);
        if (skipped.has(name)) continue;
        let gauge = gauges.get(name);
        if (!gauge) {
          if (this.takenByOther(name, measurement)) {
            skipped.add(name);
            this.logger.warn({ measurement, field, metric: name }, `metric ${name} is already served for something else: ${measurement}.${field} is not exported to Prometheus`);
            continue;
          }
          gauge = new Gauge({ name, help: `ibsight ${measurement}.${field} (docs/metrics.md)`, labelNames, registers: [] });
          gauges.set(name, gauge);
        }
        gauge.set(labels, v);
      }
    }
    // the swap: synchronous, so no scrape sees half of it
    for (const old of this.held.get(measurement) ?? []) this.registry.removeSingleMetric(old);
    for (const gauge of gauges.values()) this.registry.registerMetric(gauge);
    this.held.set(measurement, [...gauges.keys()]);
  }

  private takenByOther(name: string, measurement: string): boolean {
    if (this.registry.getSingleMetric(name) === undefined) return false;
    return !(this.held.get(measurement) ?? []).includes(name);
  }

  private registerAgentMetrics(source: AgentMetricsSource): void {
    const registers = [this.registry];
    new Gauge({
      name: 'ibsight_agent_uptime_seconds',
      help: 'Seconds since the agent started',
      registers,
      collect() {
        this.set(Math.round(source.uptimeSeconds()));
      },
    });
    new Gauge({
      name: 'ibsight_agent_store_up',
      help: '1 when the store is open and its last use succeeded, else 0',
      registers,
      collect() {
        this.set(source.storeUp() ? 1 : 0);
      },
    });
    const perJob = (name: string, help: string, type: 'counter' | 'gauge', value: (s: JobStatus) => number | null): void => {
      const collect = function (this: Counter | Gauge): void {
        this.reset();
        const jobs = source.jobs();
        for (const job of AGENT_JOBS) {
          const v = value(jobs[job]);
          if (v !== null) (this as Gauge).inc({ job_name: job }, v);
        }
      };
      if (type === 'counter') new Counter({ name, help, labelNames: ['job_name'], registers, collect });
      else new Gauge({ name, help, labelNames: ['job_name'], registers, collect });
    };
    perJob('ibsight_agent_job_overruns_total', 'Scheduled runs skipped because the previous run of the job was still going', 'counter', (s) => s.overruns);
    perJob('ibsight_agent_job_running', '1 while the job runs', 'gauge', (s) => (s.running ? 1 : 0));
    perJob('ibsight_agent_job_last_success_timestamp_seconds', 'When the job last ended ok or partial (Unix time; 0 before the first)', 'gauge', (s) =>
      s.lastSuccess === null ? 0 : Date.parse(s.lastSuccess) / 1000,
    );
    perJob('ibsight_agent_job_last_duration_seconds', 'Duration of the last run of the job', 'gauge', (s) => (s.lastDurationMs === null ? null : s.lastDurationMs / 1000));
    new Counter({
      name: 'ibsight_agent_job_runs_total',
      help: 'Runs of each job by outcome (ok, partial, failed)',
      labelNames: ['job_name', 'outcome'],
      registers,
      collect() {
        this.reset();
        const jobs = source.jobs();
        for (const job of AGENT_JOBS) for (const outcome of JOB_OUTCOMES) this.inc({ job_name: job, outcome }, jobs[job].runs[outcome]);
      },
    });
    new Counter({
      name: 'ibsight_agent_sink_failures_total',
      help: 'Metric sink writes that failed or were rejected, by sink',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, n] of source.sinkFailures()) this.inc({ sink }, n);
      },
    });
  }
}
