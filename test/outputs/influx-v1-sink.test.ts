/**
 * The InfluxDB 1.x sink against a real influxd 1.6 started by the test (test/support/influxd.ts):
 * the database is created on first use; typed points written through createInfluxSink come back
 * through InfluxQL with their types (SHOW FIELD KEYS says integer/float/string/boolean, integer
 * values are integers), tags and millisecond times; measurement, tag and string escaping hold;
 * a field type conflict is SINK_REJECTED with the server's words, set aside in rejected/ without
 * blocking later points; points InfluxDB cannot store are set aside before sending; a password
 * reference that cannot be resolved is CONFIG_INVALID naming the key.
 * Needs `influxd` (Debian package influxdb): a failure under CI=true, a loud skip elsewhere.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/config-types.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { createInfluxSink, type InfluxSink } from '../../src/outputs/influx-sink.js';
import { InfluxV1Writer } from '../../src/outputs/influx-v1-sink.js';
import { bool, float, int, str, type MetricPoint } from '../../src/outputs/metric-point.js';
import { influxdAvailable, InfluxdServer } from '../support/influxd.js';

const haveInfluxd = influxdAvailable('InfluxDB 1.x sink against a real influxd');
const logger = pino({ level: 'silent' });
const spoolDir = mkdtempSync(join(tmpdir(), 'ibsight-influx-v1-'));
let server: InfluxdServer | undefined;

beforeAll(async () => {
  if (haveInfluxd) server = await InfluxdServer.start();
});
afterAll(async () => {
  await server?.destroy();
  rmSync(spoolDir, { recursive: true, force: true });
});

function sinkFor(database: string): InfluxSink {
  return createInfluxSink({ version: 1, url: server!.url, database, username: null, password: null }, { spoolDir, logger });
}

function reader(database: string): InfluxV1Writer {
  return new InfluxV1Writer({ url: server!.url, database, username: null, password: null, logger });
}

const T0 = Date.parse('2025-06-01T00:00:00.123Z');

describe.skipIf(!haveInfluxd)('InfluxDB 1.x sink (real influxd 1.6)', () => {
  it('creates the database on first use and stores typed fields, tags and ms times', async () => {
    const sink = sinkFor('typed');
    const points: MetricPoint[] = [
      {
        measurement: 'ibsight_device',
        tags: { device: 'mx1', site: 'AMS DC1', role: '' },
        fields: { uptime_seconds: int(86_400), cpu_ratio: float(0.25), version: str('22.4R2-S1 "q"'), reachable: bool(true) },
        time: new Date(T0),
      },
      {
        measurement: 'ibsight_device',
        tags: { device: 'mx2', site: 'AMS DC1' },
        fields: { uptime_seconds: int(3), cpu_ratio: float(2), version: str('a\nb'), reachable: bool(false) },
        time: new Date(T0 + 1),
      },
      { measurement: 'ibsight run,x', tags: { 'k=1': 'v,1' }, fields: { count: int(-5) }, time: new Date(T0) },
    ];
    const result = await sink.write(points);
    expect(result).toEqual({ delivered: 3, spooled: 0, errorCode: null, errorMessage: null });
    await sink.close();

    const influx = reader('typed').influx;
    expect(await influx.getDatabaseNames()).toContain('typed');
    const fieldKeys = await influx.query<{ fieldKey: string; fieldType: string }>('SHOW FIELD KEYS FROM "ibsight_device"', { database: 'typed' });
    expect(Object.fromEntries(fieldKeys.map((r) => [r.fieldKey, r.fieldType]))).toEqual({
      uptime_seconds: 'integer', cpu_ratio: 'float', version: 'string', reachable: 'boolean',
    });
    const rows = await influx.query<Record<string, unknown>>('SELECT * FROM "ibsight_device" ORDER BY time', { database: 'typed', precision: 'ms' });
    expect(rows).toHaveLength(2);
    const [first, second] = rows as Array<Record<string, unknown> & { time: Date }>;
    expect(first!.time.getTime()).toBe(T0);
    expect(second!.time.getTime()).toBe(T0 + 1);
    expect(first).toMatchObject({ device: 'mx1', site: 'AMS DC1', uptime_seconds: 86_400, cpu_ratio: 0.25, version: '22.4R2-S1 "q"', reachable: true });
    expect(second).toMatchObject({ device: 'mx2', uptime_seconds: 3, cpu_ratio: 2, version: 'a\nb', reachable: false });
    expect(Number.isInteger(first!.uptime_seconds)).toBe(true);
    expect(first!.role ?? null).toBeNull();
    const tagKeys = await influx.query<{ tagKey: string }>('SHOW TAG KEYS FROM "ibsight_device"', { database: 'typed' });
    expect(tagKeys.map((r) => r.tagKey).sort()).toEqual(['device', 'site']);
    const escaped = await influx.query<Record<string, unknown>>('SELECT * FROM "ibsight run,x"', { database: 'typed' });
    expect(escaped).toHaveLength(1);
    expect(escaped[0]).toMatchObject({ 'k=1': 'v,1', count: -5 });
  });

  it('reports a field type conflict as SINK_REJECTED, sets that batch aside and goes on', async () => {
    const sink = sinkFor('conflict');
    const base = { measurement: 'm', tags: { d: 'a' } };
    expect((await sink.write([{ ...base, fields: { v: int(1) }, time: new Date(T0) }])).delivered).toBe(1);
    const bad = await sink.write([{ ...base, fields: { v: str('text') }, time: new Date(T0 + 1) }]);
    expect(bad.errorCode).toBe('SINK_REJECTED');
    expect(bad.errorMessage).toMatch(/HTTP 400: .*field type conflict/);
    expect(bad).toMatchObject({ delivered: 0, spooled: 1 });
    const stats = await sink.pending();
    expect(stats).toMatchObject({ pendingPoints: 0, rejectedPoints: 1 });
    const rejectedDir = join(sink.spool.dir, 'rejected');
    const reason = readdirSync(rejectedDir).find((n) => n.endsWith('.reason'))!;
    expect(readFileSync(join(rejectedDir, reason), 'utf8')).toContain('field type conflict');
    // Not blocking: the next good point goes through.
    const good = await sink.write([{ ...base, fields: { v: int(2) }, time: new Date(T0 + 2) }]);
    expect(good).toEqual({ delivered: 1, spooled: 0, errorCode: null, errorMessage: null });
    await sink.close();
    const rows = await reader('conflict').influx.query<{ v: number }>('SELECT v FROM m', { database: 'conflict' });
    expect(rows.map((r) => r.v)).toEqual([1, 2]);
  });

  it('sends points whose kinds disagree for one field in separate requests, in order', async () => {
    const sink = sinkFor('kinds');
    const result = await sink.write([
      { measurement: 'a', tags: {}, fields: { v: int(1) }, time: new Date(T0) },
      { measurement: 'a', tags: {}, fields: { v: float(1.5) }, time: new Date(T0 + 1) },
      { measurement: 'b', tags: {}, fields: { v: float(1.5) }, time: new Date(T0) },
    ]);
    // The first run stores `a.v` as integer; the float then conflicts (server's verdict, batch set aside).
    expect(result.errorCode).toBe('SINK_REJECTED');
    expect(result.errorMessage).toContain('field type conflict');
    await sink.close();
    const fieldKeys = await reader('kinds').influx.query<{ fieldKey: string; fieldType: string }>('SHOW FIELD KEYS FROM "a"', { database: 'kinds' });
    expect(fieldKeys.map((r) => r.fieldType)).toEqual(['integer']);
  });

  it('sets aside points InfluxDB cannot store before sending, and delivers the others', async () => {
    const sink = sinkFor('invalid');
    const result = await sink.write([
      { measurement: 'm', tags: {}, fields: { v: float(Number.NaN) }, time: new Date(T0) },
      { measurement: 'm', tags: {}, fields: {}, time: new Date(T0 + 1) },
      { measurement: 'm', tags: { bad: 'x\ny' }, fields: { v: float(1) }, time: new Date(T0 + 2) },
      { measurement: 'm', tags: {}, fields: { v: float(2) }, time: new Date(T0 + 3) },
    ]);
    expect(result).toMatchObject({ delivered: 1, spooled: 3, errorCode: 'SINK_REJECTED' });
    expect(result.errorMessage).toContain('float NaN cannot be stored');
    expect((await sink.pending()).rejectedPoints).toBe(3);
    await sink.close();
    const rows = await reader('invalid').influx.query<{ v: number }>('SELECT v FROM m', { database: 'invalid' });
    expect(rows.map((r) => r.v)).toEqual([2]);
  });

  it('resolves the password by reference and names the key when it cannot', async () => {
    const config: InfluxConfig = { version: 1, url: server!.url, database: 'x', username: 'ibsight', password: 'env:IBSIGHT_TEST_NO_SUCH_VAR' };
    let caught: unknown;
    try {
      createInfluxSink(config, { spoolDir, logger, env: {} });
    } catch (err) {
      caught = err;
    }
    expect(isIbsightError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('influx.password');
    expect((caught as Error).message).toContain('IBSIGHT_TEST_NO_SUCH_VAR');
    const sink = createInfluxSink(config, { spoolDir, logger, env: { IBSIGHT_TEST_NO_SUCH_VAR: 's3cret' } });
    expect(sink.name).toBe('influx-v1');
    expect((await sink.write([{ measurement: 'm', tags: {}, fields: { v: int(1) }, time: new Date(T0) }])).delivered).toBe(1);
    await sink.close();
    const target = readFileSync(join(sink.spool.dir, 'target.json'), 'utf8');
    expect(JSON.parse(target)).toEqual({ sink: 'influx-v1', url: server!.url, database: 'x' });
    expect(target).not.toContain('s3cret');
  });
});
