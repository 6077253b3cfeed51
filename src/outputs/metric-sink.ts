/**
 * The contract of a metric sink (issue 7): InfluxDB 1.x, InfluxDB 2.x/3.x, and the Prometheus
 * registry the agent serves all take the same MetricPoint[] (src/outputs/metric-point.ts).
 *
 * Rules: `write` never loses points — a sink that cannot deliver now (unreachable, a transient
 * rejection) keeps them (the InfluxDB sinks in the on-disk spool) and delivers them, in order,
 * later; it resolves with what happened instead of throwing for those. A permanent rejection (bad
 * data, auth) is reported with an IbsightError code and the points are kept in the spool for a
 * human to look at, never silently dropped. `close` flushes what can be flushed and releases
 * resources.
 */
import type { MetricPoint } from './metric-point.js';

export interface SinkWriteResult {
  /** Points delivered now (including spooled points delivered on the way). */
  delivered: number;
  /** Points kept in the spool for later. */
  spooled: number;
  /** Set when the sink could not deliver: the error code (SINK_UNREACHABLE, SINK_REJECTED...). */
  errorCode: string | null;
  errorMessage: string | null;
}

export interface MetricSink {
  readonly name: string;
  write(points: readonly MetricPoint[]): Promise<SinkWriteResult>;
  close(): Promise<void>;
}
