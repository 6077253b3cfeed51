/**
 * The InfluxDB MetricSink (issue 7): the 1.x or 2.x/3.x writer chosen by the `influx` config (SPEC
 * §3), wrapped in the on-disk spool (point-spool.ts) so that nothing is lost while InfluxDB is down.
 *
 * Rules of `write(points)` (one at a time; calls queue):
 * - Points InfluxDB cannot store at all (influxPointProblem) are set aside in the spool's
 *   `rejected/` at once: SINK_REJECTED naming the first problem; the others go on.
 * - First what is spooled, oldest first, in batches (`batchPoints`, default 5000); then the new
 *   points. Order is kept: new points are never sent while older ones wait.
 * - Transient failure (connection refused/reset, timeout, HTTP 408/429/5xx): the rest is spooled,
 *   SINK_UNREACHABLE. Refused (401/403/404): the same, SINK_REJECTED with the server's message
 *   (every point would fail until the configuration is fixed). Bad data (400 and other 4xx): that
 *   batch goes to `rejected/`, SINK_REJECTED, and the rest goes on. None of these throws.
 * - Another process delivering from the same spool (its lock held): the points are spooled behind,
 *   errorCode null (that process, or the next write, delivers them).
 * - Throws only when the spool itself cannot be written (disk full, permissions): IbsightError
 *   INTERNAL naming the directory — the points of that call are then not kept.
 * - `write([])` just delivers what is spooled. `close()` waits for the queue; it does not drain.
 * The spool lives in `<spool>/<influx-v1|influx-v2>-<hash of the target>/` with a target.json
 * saying which server it is for (no secret).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InfluxConfig, SecretRef } from '../config/config-types.js';
import { resolveSecret } from '../config/secret-ref.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import { InfluxDeliveryFailure, influxPointProblem, type InfluxWriter } from './influx-delivery.js';
import { InfluxV1Writer } from './influx-v1-sink.js';
import { InfluxV2Writer } from './influx-v2-sink.js';
import type { MetricPoint } from './metric-point.js';
import type { MetricSink, SinkWriteResult } from './metric-sink.js';
import { PointSpool, type SpoolStats } from './point-spool.js';

export const DEFAULT_BATCH_POINTS = 5000;

export interface InfluxSinkOptions {
  /** The spool root (config `spool`); the sink uses one subdirectory of it. */
  spoolDir: string;
  /** Bound of the spool in bytes (default 512 MiB). */
  maxSpoolBytes?: number;
  batchPoints?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The config file, as named in messages about a secret. */
  source?: string;
  logger?: Logger;
}

/** The spool subdirectory name of a target: kind plus a hash of URL and database (or org/bucket). */
export function spoolDirName(writer: Pick<InfluxWriter, 'name' | 'target'>): string {
  const key = Object.entries(writer.target).map(([k, v]) => `${k}=${v}`).join('\n');
  return `${writer.name}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** The writer of an `influx` config, its secret resolved (CONFIG_INVALID naming the key when it cannot be). */
export function influxWriterFor(config: InfluxConfig, options: InfluxSinkOptions, logger: Logger): InfluxWriter {
  const secret = (ref: SecretRef, key: string) =>
    resolveSecret(ref, { keyPath: `influx.${key}`, logger, ...(options.env ? { env: options.env } : {}), ...(options.source ? { source: options.source } : {}) });
  const timeout = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  if (config.version === 2) {
    return new InfluxV2Writer({ url: config.url, org: config.org, bucket: config.bucket, token: secret(config.token, 'token'), ...timeout });
  }
  const password = config.password === null ? null : secret(config.password, 'password');
  return new InfluxV1Writer({ url: config.url, database: config.database, username: config.username, password, logger, ...timeout });
}

export function createInfluxSink(config: InfluxConfig, options: InfluxSinkOptions): InfluxSink {
  const logger = options.logger ?? log();
  return new InfluxSink(influxWriterFor(config, options, logger), options);
}

type Failure = { code: 'SINK_UNREACHABLE' | 'SINK_REJECTED'; message: string };

export class InfluxSink implements MetricSink {
  readonly name: string;
  readonly spool: PointSpool;
  private readonly writer: InfluxWriter;
  private readonly batchPoints: number;
  private readonly logger: Logger;
  private queue: Promise<unknown> = Promise.resolve();
  private targetNoted = false;
  private closed = false;

  constructor(writer: InfluxWriter, options: InfluxSinkOptions) {
    this.writer = writer;
    this.name = writer.name;
    this.batchPoints = Math.max(1, options.batchPoints ?? DEFAULT_BATCH_POINTS);
    this.logger = (options.logger ?? log()).child({ sink: writer.name, ...writer.target });
    const dir = join(options.spoolDir, spoolDirName(writer));
    this.spool = new PointSpool({ dir, logger: this.logger, ...(options.maxSpoolBytes !== undefined ? { maxBytes: options.maxSpoolBytes } : {}) });
  }

  write(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
    if (this.closed) return Promise.reject(new IbsightError('INTERNAL', `${this.name}: write after close`));
    const run = this.queue.then(() => this.writeNow(points));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** What waits in the spool (and what was rejected or dropped). */
  pending(): Promise<SpoolStats> {
    return this.spool.stats();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.writer.close();
  }

  private async noteTarget(): Promise<void> {
    if (this.targetNoted) return;
    await mkdir(this.spool.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.spool.dir, 'target.json'), `${JSON.stringify({ sink: this.name, ...this.writer.target }, null, 2)}\n`, { mode: 0o600 });
    this.targetNoted = true;
  }

  /** One delivery attempt; null when delivered. Unexpected errors count as transient, logged with their stack. */
  private async deliver(points: readonly MetricPoint[]): Promise<InfluxDeliveryFailure | null> {
    try {
      await this.writer.deliver(points);
      return null;
    } catch (err) {
      if (err instanceof InfluxDeliveryFailure) return err;
      this.logger.error({ err }, 'InfluxDB: unexpected delivery error (kept in the spool, retried later)');
      return new InfluxDeliveryFailure('transient', err instanceof Error ? err.message : String(err), null, err);
    }
  }

  private async writeNow(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
    try {
      return await this.writeSpooled(points);
    } catch (err) {
      if (err instanceof IbsightError) throw err;
      throw new IbsightError('INTERNAL', `${this.name}: the spool ${this.spool.dir} cannot be written: ${(err as Error).message}`, {
        cause: err,
        context: { file: this.spool.dir },
      });
    }
  }

  private async writeSpooled(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
    await this.noteTarget();
    const result: SinkWriteResult = { delivered: 0, spooled: 0, errorCode: null, errorMessage: null };
    let rejected: Failure | null = null;
    const valid: MetricPoint[] = [];
    const invalid: MetricPoint[] = [];
    let firstProblem: string | null = null;
    for (const point of points) {
      const problem = influxPointProblem(point);
      if (problem === null) valid.push(point);
      else {
        invalid.push(point);
        firstProblem ??= problem;
      }
    }
    if (invalid.length > 0) {
      await this.spool.reject(invalid, `not storable in InfluxDB: ${firstProblem}`);
      result.spooled += invalid.length;
      rejected = { code: 'SINK_REJECTED', message: `${invalid.length} point(s) cannot be stored in InfluxDB (first: ${firstProblem}); kept in ${this.spool.dir}/rejected` };
      this.logger.error({ points: invalid.length, problem: firstProblem }, 'InfluxDB: points that cannot be stored were set aside');
    }

    if (!(await this.spool.tryLock())) {
      await this.spool.append(valid);
      result.spooled += valid.length;
      this.logger.info({ points: valid.length }, 'InfluxDB: another process is delivering from this spool; points spooled behind');
      return finish(result, null, rejected);
    }
    try {
      let blocked: InfluxDeliveryFailure | null = null;
      for (;;) {
        const batch = await this.spool.nextBatch(this.batchPoints);
        if (batch === null) break;
        const failure = await this.deliver(batch.points);
        if (failure === null) {
          await this.spool.ack(batch);
          result.delivered += batch.points.length;
        } else if (failure.kind === 'bad-data') {
          await this.spool.rejectBatch(batch, failure.message);
          rejected = { code: 'SINK_REJECTED', message: failure.message };
          this.logger.error({ points: batch.points.length, err: failure.message }, 'InfluxDB refused spooled points for good: set aside in rejected/');
        } else {
          blocked = failure;
          break;
        }
      }
      let sent = 0;
      while (blocked === null && sent < valid.length) {
        const chunk = valid.slice(sent, sent + this.batchPoints);
        const failure = await this.deliver(chunk);
        if (failure === null) result.delivered += chunk.length;
        else if (failure.kind === 'bad-data') {
          await this.spool.reject(chunk, failure.message);
          result.spooled += chunk.length;
          rejected = { code: 'SINK_REJECTED', message: failure.message };
          this.logger.error({ points: chunk.length, err: failure.message }, 'InfluxDB refused points for good: set aside in rejected/');
        } else {
          blocked = failure;
          break;
        }
        sent += chunk.length;
      }
      if (sent < valid.length) {
        await this.spool.append(valid.slice(sent));
        result.spooled += valid.length - sent;
      }
      if (blocked !== null) {
        const code = blocked.kind === 'transient' ? 'SINK_UNREACHABLE' : 'SINK_REJECTED';
        const stats = await this.spool.stats();
        this.logger.warn({ code, err: blocked.message, pendingPoints: stats.pendingPoints }, 'InfluxDB: not delivered now; points kept in the spool');
        return finish(result, { code, message: blocked.message }, rejected);
      }
      return finish(result, null, rejected);
    } finally {
      await this.spool.unlock();
    }
  }
}

function finish(result: SinkWriteResult, blocked: Failure | null, rejected: Failure | null): SinkWriteResult {
  const failure = blocked ?? rejected;
  if (failure !== null) {
    result.errorCode = failure.code;
    result.errorMessage = failure.message;
  }
  return result;
}
