/**
 * InfluxDB 1.x writer (issue 7), on npm `influx` 5 — tested against a real influxd 1.6. The spool
 * around it (influx-sink.ts) makes it a MetricSink; alone it delivers one batch or throws an
 * InfluxDeliveryFailure (influx-delivery.ts says which kinds).
 *
 * Rules:
 * - The database is created on first use (`CREATE DATABASE` is idempotent in 1.x); a user without
 *   the right to create it gets a warning and the write goes on (the database may exist). A write
 *   answered 404 "database not found" creates it again and is retried once.
 * - Typed fields: `influx` writes a number as a float unless the measurement has a schema saying
 *   INTEGER, so each write registers, per measurement, the field types and tag names of its
 *   points (from their `kind`s). Points whose kinds disagree for one field are sent in separate
 *   requests, in order, and the server decides (it refuses a type conflict: bad data).
 * - Precision ms; the measurement name is escaped here (`influx` does not); empty tag values are
 *   left out (1.x refuses `tag=`).
 * - No retries, no host back-off inside `influx` (the spool retries); each request times out after
 *   `timeoutMs` (default 10 s) without a byte from the server.
 */
import influx, { type IPoint, type ISchemaOptions } from 'influx';
import influxPool from 'influx/lib/src/pool.js';
import type { Logger } from '../log/logger.js';
import {
  displayUrl, failureForNetworkError, failureForStatus, InfluxDeliveryFailure, nonEmptyTags, serverMessage, type InfluxWriter,
} from './influx-delivery.js';
import type { FieldValue, MetricPoint } from './metric-point.js';

const { InfluxDB, FieldType, escape } = influx;
const { RequestError, ServiceNotAvailableError } = influxPool;

export const DEFAULT_INFLUX_TIMEOUT_MS = 10_000;

export interface InfluxV1WriterOptions {
  url: string;
  database: string;
  username: string | null;
  /** The resolved password (never a reference). */
  password: string | null;
  timeoutMs?: number;
  logger: Logger;
}

/** A back-off that never takes the one host out of the pool: the spool decides when to retry. */
const NO_BACKOFF = {
  getDelay: () => 0,
  next() {
    return NO_BACKOFF;
  },
  reset() {
    return NO_BACKOFF;
  },
};

const FIELD_TYPE: Record<FieldValue['kind'], number> = {
  int: FieldType.INTEGER,
  float: FieldType.FLOAT,
  string: FieldType.STRING,
  bool: FieldType.BOOLEAN,
};

interface SchemaRun {
  points: MetricPoint[];
  /** measurement → field → kind, and tag names. */
  schemas: Map<string, { fields: Map<string, FieldValue['kind']>; tags: Set<string> }>;
}

/** Consecutive runs of points whose field kinds agree per measurement and field. */
export function schemaRuns(points: readonly MetricPoint[]): SchemaRun[] {
  const runs: SchemaRun[] = [];
  let run: SchemaRun = { points: [], schemas: new Map() };
  for (const point of points) {
    const conflicts = (r: SchemaRun) => {
      const known = r.schemas.get(point.measurement);
      return known !== undefined && Object.entries(point.fields).some(([k, f]) => (known.fields.get(k) ?? f.kind) !== f.kind);
    };
    if (conflicts(run)) {
      runs.push(run);
      run = { points: [], schemas: new Map() };
    }
    const schema = run.schemas.get(point.measurement) ?? { fields: new Map(), tags: new Set<string>() };
    for (const [key, field] of Object.entries(point.fields)) schema.fields.set(key, field.kind);
    for (const key of Object.keys(point.tags)) schema.tags.add(key);
    run.schemas.set(point.measurement, schema);
    run.points.push(point);
  }
  if (run.points.length > 0) runs.push(run);
  return runs;
}

function toIPoint(point: MetricPoint): IPoint {
  const fields: Record<string, number | string | boolean> = {};
  for (const [key, field] of Object.entries(point.fields)) fields[key] = field.value;
  return { measurement: escape.measurement(point.measurement), tags: nonEmptyTags(point.tags), fields, timestamp: point.time };
}

function classify(err: unknown): InfluxDeliveryFailure {
  if (err instanceof InfluxDeliveryFailure) return err;
  if (err instanceof RequestError) {
    const header = err.res.headers['x-influxdb-error'];
    const body = /error occurred: ([\s\S]*)$/.exec(err.message)?.[1];
    const message = typeof header === 'string' && header !== '' ? header : serverMessage(body);
    return failureForStatus(err.res.statusCode ?? 0, message, err);
  }
  if (err instanceof ServiceNotAvailableError) return new InfluxDeliveryFailure('transient', `InfluxDB not available: ${err.message}`, null, err);
  const network = failureForNetworkError(err);
  if (network) return network;
  throw err;
}

export class InfluxV1Writer implements InfluxWriter {
  readonly name = 'influx-v1';
  readonly target: Readonly<Record<string, string>>;
  private readonly client: InstanceType<typeof InfluxDB>;
  private readonly database: string;
  private readonly logger: Logger;
  private databaseReady = false;

  constructor(options: InfluxV1WriterOptions) {
    const url = new URL(options.url);
    this.database = options.database;
    this.logger = options.logger;
    this.target = { url: displayUrl(options.url), database: options.database };
    this.client = new InfluxDB({
      host: url.hostname,
      port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      path: url.pathname.replace(/\/+$/, ''),
      database: options.database,
      // null, not undefined: `influx` would otherwise send root:root.
      username: (options.username ?? null) as unknown as string,
      password: (options.password ?? null) as unknown as string,
      pool: { maxRetries: 0, requestTimeout: options.timeoutMs ?? DEFAULT_INFLUX_TIMEOUT_MS, backoff: NO_BACKOFF },
    });
  }

  /** The client, for InfluxQL queries (tests, checks). */
  get influx(): InstanceType<typeof InfluxDB> {
    return this.client;
  }

  private async ensureDatabase(): Promise<void> {
    if (this.databaseReady) return;
    try {
      await this.client.createDatabase(this.database);
    } catch (err) {
      const failure = err instanceof RequestError || err instanceof ServiceNotAvailableError ? classify(err) : failureForNetworkError(err);
      if (failure?.kind === 'transient') throw failure;
      this.logger.warn({ database: this.database, err: failure?.message ?? String(err) }, 'InfluxDB: cannot create the database; writing anyway');
    }
    this.databaseReady = true;
  }

  private async writeRun(run: SchemaRun): Promise<void> {
    for (const [measurement, schema] of run.schemas) {
      const options: ISchemaOptions = {
        measurement: escape.measurement(measurement),
        database: this.database,
        fields: Object.fromEntries([...schema.fields].map(([key, kind]) => [key, FIELD_TYPE[kind]])),
        tags: [...schema.tags],
      };
      this.client.addSchema(options);
    }
    await this.client.writePoints(run.points.map(toIPoint), { database: this.database, precision: 'ms' });
  }

  async deliver(points: readonly MetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.ensureDatabase();
    for (const run of schemaRuns(points)) {
      try {
        await this.writeRun(run);
      } catch (err) {
        const failure = classify(err);
        if (failure.status !== 404 || !/database not found/i.test(failure.message)) throw failure;
        this.logger.warn({ database: this.database }, 'InfluxDB: database not found; creating it again');
        this.databaseReady = false;
        await this.ensureDatabase();
        await this.writeRun(run).catch((again: unknown) => {
          throw classify(again);
        });
      }
    }
  }

  async close(): Promise<void> {
    // `influx` keeps no connection or timer of its own once requests are done.
  }
}
