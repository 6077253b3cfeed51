/**
 * InfluxDB line protocol (src/outputs/line-protocol.ts): escaping of measurement names, tag keys
 * and values, field keys and string fields; integer, float and boolean fields; timestamps in every
 * precision; and what line protocol cannot carry refused instead of written half. The escaping is
 * also read back through a real InfluxDB 1.6 (test/support/influxd.ts: `influxd` missing fails
 * under CI=true and skips loudly elsewhere): names, tag values, types and times as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLines, encodePoint } from '../../src/outputs/line-protocol.js';
import { bool, float, int, str, type MetricPoint } from '../../src/outputs/metric-point.js';
import { influxdAvailable, InfluxdServer } from '../support/influxd.js';

const T = new Date('2026-05-01T12:00:00.123Z');

function point(over: Partial<MetricPoint> = {}): MetricPoint {
  return { measurement: 'm', tags: {}, fields: { v: int(1) }, time: T, ...over };
}

describe('line protocol', () => {
  it('writes measurement, sorted tags, fields in order and a nanosecond timestamp', () => {
    const p = point({ measurement: 'ibsight_inventory', tags: { site: 'S1', model: 'mx960', os: 'junos' }, fields: { devices: int(3), pct: float(97.5) } });
    expect(encodePoint(p)).toBe('ibsight_inventory,model=mx960,os=junos,site=S1 devices=3i,pct=97.5 1777636800123000000');
  });

  it('escapes spaces, commas and equals signs in tag keys and values, and commas and spaces in the measurement', () => {
    const p = point({ measurement: 'my meas,x=1', tags: { 'site name': 'AMS DC1,hall=2', 'a=b': 'c' }, fields: { 'field key,x': int(1) } });
    expect(encodePoint(p)).toBe('my\\ meas\\,x=1,a\\=b=c,site\\ name=AMS\\ DC1\\,hall\\=2 field\\ key\\,x=1i 1777636800123000000');
  });

  it('quotes string fields, escaping double quotes and backslashes (and nothing else)', () => {
    const p = point({ fields: { s: str('say "hi" C:\\dir\\ a,b=c d') } });
    expect(encodePoint(p)).toBe('m s="say \\"hi\\" C:\\\\dir\\\\ a,b=c d" 1777636800123000000');
  });

  it('marks integers with i, writes floats as numbers and booleans as true/false', () => {
    const p = point({ fields: { i: int(-42), z: int(0), f: float(100), g: float(0.1), h: float(-2.5e-7), t: bool(true), n: bool(false) } });
    expect(encodePoint(p)).toBe('m i=-42i,z=0i,f=100,g=0.1,h=-2.5e-7,t=true,n=false 1777636800123000000');
  });

  it('writes the timestamp in the precision asked', () => {
    expect(encodePoint(point(), 'ms')).toBe('m v=1i 1777636800123');
    expect(encodePoint(point(), 'us')).toBe('m v=1i 1777636800123000');
    expect(encodePoint(point(), 's')).toBe('m v=1i 1777636800');
  });

  it('joins points one per line, each ending with a line break', () => {
    expect(encodeLines([point(), point({ measurement: 'n' })], 's')).toBe('m v=1i 1777636800\nn v=1i 1777636800\n');
    expect(encodeLines([])).toBe('');
  });

  it('refuses what line protocol cannot carry, naming the part (INTERNAL)', () => {
    const refused = (p: MetricPoint, part: string) => {
      try {
        encodePoint(p);
      } catch (err) {
        expect(err).toMatchObject({ code: 'INTERNAL', context: { part } });
        return;
      }
      throw new Error(`not refused: ${part}`);
    };
    refused(point({ tags: { site: 'a\nb' } }), 'tag site value');
    refused(point({ tags: { site: 'a\\' } }), 'tag site value');
    refused(point({ tags: { site: '' } }), 'tag site value');
    refused(point({ tags: { 'bad\rkey': 'x' } }), 'tag key');
    refused(point({ measurement: '' }), 'measurement');
    refused(point({ measurement: '#comment' }), 'measurement');
    refused(point({ fields: {} }), 'a point without fields');
    refused(point({ fields: { s: str('two\nlines') } }), 'string field s');
    refused(point({ fields: { f: float(Number.NaN) } }), 'float field f');
    refused(point({ fields: { f: float(Number.POSITIVE_INFINITY) } }), 'float field f');
    refused(point({ fields: { i: { kind: 'int', value: 2 ** 60 } } }), 'integer field i');
    refused(point({ time: new Date(Number.NaN) }), 'time');
  });
});

const haveInfluxd = influxdAvailable('line protocol read back through a real influxd');
let server: InfluxdServer | undefined;
beforeAll(async () => {
  if (haveInfluxd) server = await InfluxdServer.start();
});
afterAll(async () => {
  await server?.destroy();
});

interface Series {
  name: string;
  columns: string[];
  values: unknown[][];
}

async function influxql(q: string, db?: string): Promise<Series[]> {
  const params = new URLSearchParams({ q, epoch: 'ns' });
  if (db !== undefined) params.set('db', db);
  const res = await fetch(`${server!.url}/query`, { method: 'POST', body: params });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { results: { series?: Series[]; error?: string }[] };
  expect(body.results[0]?.error).toBeUndefined();
  return body.results[0]?.series ?? [];
}

describe.skipIf(!haveInfluxd)('line protocol read back through InfluxDB 1.6', () => {
  it('stores names, tag values, string fields and types exactly as the points say', async () => {
    await influxql('CREATE DATABASE lp');
    const points: MetricPoint[] = [
      {
        measurement: 'my meas,x=1',
        tags: { 'site name': 'AMS DC1,hall=2', 'a=b': 'c "q"' },
        fields: { 'field key,x': int(7), s: str('say "hi" C:\\dir\\ end\\'), f: float(97.5), whole: float(100), b: bool(true) },
        time: T,
      },
      { measurement: 'ibsight_inventory', tags: { site: 'S 1', os: 'junos' }, fields: { devices: int(-3) }, time: new Date(T.getTime() + 1) },
    ];
    const res = await fetch(`${server!.url}/write?db=lp&precision=ns`, { method: 'POST', body: encodeLines(points) });
    expect(res.status, await res.text()).toBe(204);

    const [first] = await influxql('SELECT * FROM "my meas,x=1"', 'lp');
    expect(first!.name).toBe('my meas,x=1');
    const row = Object.fromEntries(first!.columns.map((c, i) => [c, first!.values[0]![i]]));
    expect(row).toEqual({
      time: T.getTime() * 1_000_000, 'site name': 'AMS DC1,hall=2', 'a=b': 'c "q"',
      'field key,x': 7, s: 'say "hi" C:\\dir\\ end\\', f: 97.5, whole: 100, b: true,
    });
    const [types] = await influxql('SHOW FIELD KEYS FROM "my meas,x=1"', 'lp');
    expect(Object.fromEntries(types!.values.map(([k, t]) => [k, t]))).toEqual({ 'field key,x': 'integer', s: 'string', f: 'float', whole: 'float', b: 'boolean' });
    const [second] = await influxql('SELECT devices, os, site FROM ibsight_inventory', 'lp');
    expect(second!.values).toEqual([[T.getTime() * 1_000_000 + 1_000_000, -3, 'junos', 'S 1']]);
  });
});
