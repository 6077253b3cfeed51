/**
 * The on-disk spool on real files in a temp dir: points come back oldest first with their types
 * and times, segments leave only when acknowledged, a new instance (a restarted process) finds
 * what an earlier one spooled, a torn last line is skipped with a warning and the rest kept, a
 * half-written segment of a dead process is taken in, the bound drops the OLDEST segments loudly,
 * one deliverer holds the lock, and files are 0600 in a 0700 directory.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { bool, float, int, str, type MetricPoint } from '../../src/outputs/metric-point.js';
import { pointFromJsonLine, pointToJsonLine } from '../../src/outputs/point-json-line.js';
import { PointSpool } from '../../src/outputs/point-spool.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-spool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => join(root, `target-${++dirs}`);

function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; [k: string]: unknown }) };
}

const T0 = Date.parse('2025-05-01T10:00:00.000Z');
function points(from: number, count: number): MetricPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    measurement: 'ibsight_test',
    tags: { device: `mx${(from + i) % 3}`, site: 'AMS' },
    fields: { seq: int(from + i), ratio: float((from + i) / 4), label: str(`p${from + i}`), up: bool((from + i) % 2 === 0) },
    time: new Date(T0 + (from + i) * 1000),
  }));
}

async function drain(spool: PointSpool, maxPoints: number): Promise<{ points: MetricPoint[]; batches: number[] }> {
  const out: MetricPoint[] = [];
  const batches: number[] = [];
  for (;;) {
    const batch = await spool.nextBatch(maxPoints);
    if (batch === null) return { points: out, batches };
    out.push(...batch.points);
    batches.push(batch.points.length);
    await spool.ack(batch);
  }
}

describe('PointSpool', () => {
  it('keeps typed fields, tags and millisecond times through a JSON line (NaN included)', () => {
    const point: MetricPoint = {
      measurement: 'm', tags: { a: 'x y' }, fields: { i: int(-7), f: float(Number.NaN), s: str('a "q"\nb'), b: bool(false) },
      time: new Date('2025-01-02T03:04:05.678Z'),
    };
    const line = pointToJsonLine(point);
    expect(line.endsWith('\n')).toBe(true);
    const back = pointFromJsonLine(line.trimEnd())!;
    expect(back.time.toISOString()).toBe('2025-01-02T03:04:05.678Z');
    expect(back.fields.i).toEqual({ kind: 'int', value: -7 });
    expect(back.fields.f!.kind).toBe('float');
    expect(Number.isNaN(back.fields.f!.value)).toBe(true);
    expect(back.fields.s).toEqual({ kind: 'string', value: 'a "q"\nb' });
    expect(back.fields.b).toEqual({ kind: 'bool', value: false });
    expect(back.tags).toEqual({ a: 'x y' });
    expect(pointFromJsonLine('{"measurement":"m","tags":{},"fields":{"x":{"kind":"int","value":"1"}},"time":"2025-01-01T00:00:00Z"}')).toBeNull();
    expect(pointFromJsonLine('{"measurement":"m","tags":{},"fields":{}')).toBeNull();
  });

  it('gives points back oldest first, in whole segments, and removes a segment only when acknowledged', async () => {
    const spool = new PointSpool({ dir: newDir() });
    await spool.append(points(0, 3));
    await spool.append(points(3, 4));
    await spool.append(points(7, 2));
    expect((await spool.stats()).pendingPoints).toBe(9);

    const first = (await spool.nextBatch(7))!;
    expect(first.points.map((p) => p.fields.seq!.value)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(first.segments).toHaveLength(2);
    // Not acknowledged: the same batch again.
    const again = (await spool.nextBatch(7))!;
    expect(again.segments).toEqual(first.segments);
    await spool.ack(first);
    const rest = await drain(spool, 7);
    expect(rest.points.map((p) => p.fields.seq!.value)).toEqual([7, 8]);
    expect(await spool.nextBatch(7)).toBeNull();
    expect((await spool.stats()).pendingPoints).toBe(0);
  });

  it('splits a large append into segments of at most 5000 points and keeps their order', async () => {
    const spool = new PointSpool({ dir: newDir() });
    await spool.append(points(0, 12_001));
    expect((await spool.stats()).pendingSegments).toBe(3);
    const out = await drain(spool, 5000);
    expect(out.batches).toEqual([5000, 5000, 2001]);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual(Array.from({ length: 12_001 }, (_, i) => i));
  });

  it('hands what one instance spooled to a later one (a restarted process)', async () => {
    const dir = newDir();
    const before = new PointSpool({ dir });
    await before.append(points(0, 5));
    await before.append(points(5, 5));
    const after = new PointSpool({ dir });
    const out = await drain(after, 100);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.points[9]!.time.getTime()).toBe(T0 + 9000);
    expect(out.points[9]!.fields.label).toEqual({ kind: 'string', value: 'p9' });
  });

  it('skips a torn last line with a warning and delivers the rest', async () => {
    const dir = newDir();
    const log = captured();
    const spool = new PointSpool({ dir, logger: log.logger });
    await spool.append(points(0, 4));
    const segment = readdirSync(dir).find((n) => n.endsWith('.jsonl'))!;
    appendFileSync(join(dir, segment), pointToJsonLine(points(4, 1)[0]!).slice(0, 40));
    await spool.append(points(5, 1));
    const out = await drain(spool, 100);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual([0, 1, 2, 3, 5]);
    const warning = log.entries().find((e) => /torn last line/.test(e.msg));
    expect(warning?.level).toBe(40);
    expect(warning?.line).toBe(5);
  });

  it('takes in a segment a dead process left half-written (.tmp), torn line skipped', async () => {
    const dir = newDir();
    const spool = new PointSpool({ dir, logger: captured().logger });
    await spool.append(points(0, 2));
    const name = readdirSync(dir).find((n) => n.endsWith('.jsonl'))!;
    // A later segment of a process that no longer exists (pid 2^22+1 is above Linux's pid_max default).
    const [ms, seq] = name.split('-');
    const dead = `${ms}-${String(Number(seq) + 1).padStart(6, '0')}-4194305-0badc0de-3.jsonl.tmp`;
    const text = points(2, 3).map(pointToJsonLine).join('');
    writeFileSync(join(dir, dead), text.slice(0, text.length - 10), { mode: 0o600 });
    const out = await drain(spool, 100);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual([0, 1, 2, 3]);
    expect(readdirSync(dir).filter((n) => n.includes('.jsonl'))).toEqual([]);
  });

  it('skips a line that is not a point (logged as an error) and keeps the others', async () => {
    const dir = newDir();
    const log = captured();
    const spool = new PointSpool({ dir, logger: log.logger });
    await spool.append(points(0, 3));
    const name = readdirSync(dir).find((n) => n.endsWith('.jsonl'))!;
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines[1] = '{"measurement":42}';
    writeFileSync(join(dir, name), lines.join('\n'));
    const out = await drain(spool, 100);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual([0, 2]);
    expect(log.entries().some((e) => e.level === 50 && e.line === 2)).toBe(true);
  });

  it('drops the OLDEST segments when the bound is reached, with an error and a counter', async () => {
    const dir = newDir();
    const log = captured();
    const segmentBytes = points(0, 10).map(pointToJsonLine).join('').length;
    const spool = new PointSpool({ dir, maxBytes: Math.floor(segmentBytes * 3.5), logger: log.logger });
    for (let batch = 0; batch < 6; batch += 1) await spool.append(points(batch * 10, 10));
    const stats = await spool.stats();
    expect(stats.pendingSegments).toBe(3);
    expect(stats.droppedSegments).toBe(3);
    expect(stats.droppedPoints).toBe(30);
    expect(stats.bytes).toBeLessThanOrEqual(spool.maxBytes);
    const errors = log.entries().filter((e) => e.level === 50 && /spool full/.test(e.msg));
    expect(errors).toHaveLength(3);
    const out = await drain(spool, 1000);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual(Array.from({ length: 30 }, (_, i) => 30 + i));
  });

  it('keeps only the newest points of a single append larger than the bound', async () => {
    const dir = newDir();
    const newestFour = points(0, 10).slice(6).map(pointToJsonLine).join('').length;
    const spool = new PointSpool({ dir, maxBytes: newestFour, logger: captured().logger });
    await spool.append(points(0, 10));
    const out = await drain(spool, 100);
    expect(out.points.map((p) => p.fields.seq!.value)).toEqual([6, 7, 8, 9]);
    expect((await spool.stats()).droppedPoints).toBe(6);
  });

  it('sets rejected points aside with their reason, outside the delivery queue', async () => {
    const dir = newDir();
    const spool = new PointSpool({ dir });
    await spool.append(points(0, 2));
    const batch = (await spool.nextBatch(10))!;
    await spool.rejectBatch(batch, 'HTTP 400: field type conflict');
    await spool.reject(points(2, 1), 'not storable');
    expect(await spool.nextBatch(10)).toBeNull();
    const stats = await spool.stats();
    expect(stats.rejectedPoints).toBe(3);
    const reasons = readdirSync(join(dir, 'rejected')).filter((n) => n.endsWith('.reason'));
    expect(reasons).toHaveLength(2);
    const texts = reasons.map((n) => readFileSync(join(dir, 'rejected', n), 'utf8')).join('');
    expect(texts).toContain('HTTP 400: field type conflict');
    // A human moves a rejected file back: it is delivered again.
    renameSync(join(dir, 'rejected', batch.segments[0]!), join(dir, batch.segments[0]!));
    expect((await drain(spool, 10)).points).toHaveLength(2);
  });

  it('lets one deliverer hold the lock and takes over the lock of a dead process', async () => {
    const dir = newDir();
    const a = new PointSpool({ dir, logger: captured().logger });
    const b = new PointSpool({ dir, logger: captured().logger });
    expect(await a.tryLock()).toBe(true);
    expect(await b.tryLock()).toBe(false);
    await a.unlock();
    expect(await b.tryLock()).toBe(true);
    await b.unlock();
    writeFileSync(join(dir, '.lock'), '4194305');
    expect(await a.tryLock()).toBe(true);
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(String(process.pid));
    await a.unlock();
  });

  it('writes files 0600 in a 0700 directory', async () => {
    const dir = newDir();
    const spool = new PointSpool({ dir });
    await spool.append(points(0, 1));
    await spool.reject(points(1, 1), 'x');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'rejected')).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    for (const name of readdirSync(join(dir, 'rejected'))) expect(statSync(join(dir, 'rejected', name)).mode & 0o777).toBe(0o600);
  });
});
