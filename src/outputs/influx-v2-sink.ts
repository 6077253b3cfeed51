/**
 * InfluxDB 2.x/3.x writer (issue 7), on @influxdata/influxdb-client: `/api/v2/write` with org,
 * bucket and an API token (SPEC §3: the token comes by reference, resolved by the caller). The
 * spool around it (influx-sink.ts) makes it a MetricSink; alone it delivers one batch or throws an
 * InfluxDeliveryFailure (influx-delivery.ts says which kinds).
 *
 * Rules:
 * - Each point is built with the client's typed `Point` (intField, floatField, stringField,
 *   booleanField; time in ms); empty tag values are left out.
 * - One WriteApi per batch, flushed at once and disposed: the client's own retries, retry buffer
 *   and flush timer are all off (`maxRetries: 0`, `flushInterval: 0`, a batch size above the
 *   batch) — the spool retries, in order. The client's failure callback takes over its error
 *   handling, so it logs nothing to the console (stdout is for data).
 * - Each request times out after `timeoutMs` (default 10 s).
 * - InfluxDB 1.x before 1.8 has no `/api/v2/write`: such a target answers 404 (refused).
 */
import { HttpError, InfluxDB, Point } from '@influxdata/influxdb-client';
import {
  displayUrl, failureForNetworkError, failureForStatus, InfluxDeliveryFailure, nonEmptyTags, serverMessage, type InfluxWriter,
} from './influx-delivery.js';
import { DEFAULT_INFLUX_TIMEOUT_MS } from './influx-v1-sink.js';
import type { MetricPoint } from './metric-point.js';

export interface InfluxV2WriterOptions {
  url: string;
  org: string;
  bucket: string;
  /** The resolved token (never a reference). */
  token: string;
  timeoutMs?: number;
}

export function toV2Point(point: MetricPoint): Point {
  const built = new Point(point.measurement).timestamp(point.time);
  for (const [key, value] of Object.entries(nonEmptyTags(point.tags))) built.tag(key, value);
  for (const [key, field] of Object.entries(point.fields)) {
    if (field.kind === 'int') built.intField(key, field.value);
    else if (field.kind === 'float') built.floatField(key, field.value);
    else if (field.kind === 'string') built.stringField(key, field.value);
    else built.booleanField(key, field.value);
  }
  return built;
}

function classify(err: unknown): InfluxDeliveryFailure {
  if (err instanceof InfluxDeliveryFailure) return err;
  if (err instanceof HttpError) {
    const message = err.body !== undefined && err.body !== '' ? serverMessage(err.body) : err.message;
    return failureForStatus(err.statusCode, message, err);
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'RequestTimedOutError' || name === 'AbortError') {
    return new InfluxDeliveryFailure('transient', (err as Error).message, null, err);
  }
  const network = failureForNetworkError(err);
  if (network) return network;
  throw err;
}

export class InfluxV2Writer implements InfluxWriter {
  readonly name = 'influx-v2';
  readonly target: Readonly<Record<string, string>>;
  private readonly client: InfluxDB;
  private readonly org: string;
  private readonly bucket: string;

  constructor(options: InfluxV2WriterOptions) {
    this.org = options.org;
    this.bucket = options.bucket;
    this.target = { url: displayUrl(options.url), org: options.org, bucket: options.bucket };
    // Without any user:password@ part: the token is the only credential.
    this.client = new InfluxDB({ url: this.target.url!, token: options.token, timeout: options.timeoutMs ?? DEFAULT_INFLUX_TIMEOUT_MS });
  }

  async deliver(points: readonly MetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    const built = points.map(toV2Point);
    const api = this.client.getWriteApi(this.org, this.bucket, 'ms', {
      maxRetries: 0,
      flushInterval: 0,
      batchSize: points.length + 1,
      maxBatchBytes: 1024 * 1024 * 1024,
      maxBufferLines: points.length + 1,
      writeFailed: (error: Error) => Promise.reject(error),
    });
    try {
      api.writePoints(built);
      await api.flush();
    } catch (err) {
      throw classify(err);
    } finally {
      api.dispose();
    }
  }

  async close(): Promise<void> {
    // Nothing held between batches: each WriteApi is disposed after its flush.
  }
}
