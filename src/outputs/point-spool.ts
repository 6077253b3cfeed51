/**
 * The on-disk spool of one InfluxDB target (issue 7): points that could not be delivered wait here,
 * in order, until the server is back — across process restarts.
 *
 * Layout: `<dir>/` (0700) holds segment files `<ms>-<seq>-<pid>-<rand>-<count>.jsonl` (0600), one
 * MetricPoint a line as JSON (point-json-line.ts: typed fields, ISO time with milliseconds). Names
 * sort in spool order; `count` is the number of points written. The directory is append-only: new
 * points make new segments, delivered segments are removed whole. `<dir>/rejected/` holds points InfluxDB refused for good (bad data),
 * each file with a `.reason` text beside it, for a human (move a file back into `<dir>` to retry).
 *
 * Rules:
 * - A segment is written once: to `<name>.tmp`, fsync'd, renamed, directory fsync'd — `append`
 *   resolves only then. Nothing appends to an existing file, so writers never interleave. A `.tmp`
 *   left by a dead process (crash mid-write) is taken into the spool; its torn last line (no
 *   newline) is skipped with a warning, a line that is not a valid point is skipped with an error,
 *   the rest is delivered.
 * - Oldest first: `nextBatch` returns whole consecutive segments from the oldest; `ack` removes
 *   them only after the server acknowledged their points. A crash between the two re-delivers
 *   them, which InfluxDB absorbs (same series and time = the same point, overwritten).
 * - Bounded: when an append would take pending + rejected files beyond `maxBytes` (default
 *   512 MiB), the OLDEST files are deleted — rejected ones first, then pending segments — each
 *   with an error log, counted in `droppedPoints`/`droppedSegments`. This is the one place where
 *   points are lost, and loudly.
 * - One deliverer at a time: `tryLock` takes `<dir>/.lock` (holding the pid; a lock of a dead
 *   process is taken over). Appending needs no lock.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log, type Logger } from '../log/logger.js';
import { fsyncDir, processAlive, removeIfPresent, writeFileSynced } from './durable-files.js';
import type { MetricPoint } from './metric-point.js';
import { pointFromJsonLine, pointToJsonLine } from './point-json-line.js';

export const DEFAULT_SPOOL_MAX_BYTES = 512 * 1024 * 1024;
const SEGMENT_MAX_POINTS = 5000;
const SEGMENT_MAX_BYTES = 8 * 1024 * 1024;
/** A file larger than this is not a segment we wrote: it is set aside, never read into memory. */
const SEGMENT_READ_LIMIT = 64 * 1024 * 1024;
const SEGMENT_NAME = /^(\d{15})-(\d{6})-(\d+)-([0-9a-f]{8})-(\d+)\.jsonl$/;
const TMP_NAME = /^(\d{15})-(\d{6})-(\d+)-([0-9a-f]{8})-(\d+)\.jsonl\.tmp$/;

/** Locks and `.tmp` files of this process (shared by every PointSpool instance in it). */
const heldLocks = new Set<string>();
const writingTmp = new Set<string>();

export interface PointSpoolOptions {
  dir: string;
  maxBytes?: number;
  logger?: Logger;
}

export interface SpoolBatch {
  segments: string[];
  points: MetricPoint[];
}

export interface SpoolStats {
  pendingPoints: number;
  pendingSegments: number;
  rejectedPoints: number;
  bytes: number;
  droppedPoints: number;
  droppedSegments: number;
}

interface SpoolFile {
  name: string;
  path: string;
  count: number;
}

export class PointSpool {
  readonly dir: string;
  readonly maxBytes: number;
  droppedPoints = 0;
  droppedSegments = 0;
  private readonly logger: Logger;
  private readonly lockPath: string;
  private ready = false;

  constructor(options: PointSpoolOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
    this.logger = (options.logger ?? log()).child({ spool: options.dir });
    this.lockPath = join(options.dir, '.lock');
  }

  private get rejectedDir(): string {
    return join(this.dir, 'rejected');
  }

  private async prepare(): Promise<void> {
    if (this.ready) return;
    await mkdir(this.rejectedDir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await chmod(this.rejectedDir, 0o700);
    this.ready = true;
  }

  /** Takes the deliverer's lock; false when another live deliverer (process or instance) holds it. */
  async tryLock(): Promise<boolean> {
    await this.prepare();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await writeFileSynced(this.lockPath, String(process.pid));
        heldLocks.add(this.lockPath);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = Number((await readFile(this.lockPath, 'utf8').catch(() => '')).trim());
      const stale = !Number.isInteger(pid) || pid <= 0 || (pid === process.pid ? !heldLocks.has(this.lockPath) : !processAlive(pid));
      if (!stale) return false;
      this.logger.warn({ pid }, 'spool lock of a process that is gone: taken over');
      await removeIfPresent(this.lockPath);
    }
    return false;
  }

  async unlock(): Promise<void> {
    if (!heldLocks.delete(this.lockPath)) return;
    await removeIfPresent(this.lockPath);
  }

  private async list(dir: string): Promise<SpoolFile[]> {
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names
      .filter((name) => SEGMENT_NAME.test(name))
      .sort()
      .map((name) => ({ name, path: join(dir, name), count: Number(SEGMENT_NAME.exec(name)![5]) }));
  }

  private async newName(count: number): Promise<string> {
    const last = (await this.list(this.dir)).at(-1)?.name;
    const lastMs = last ? Number(last.slice(0, 15)) : 0;
    const lastSeq = last ? Number(last.slice(16, 22)) : -1;
    const now = Date.now();
    const [ms, seq] = now > lastMs ? [now, 0] : [lastMs, Math.min(lastSeq + 1, 999_999)];
    const rand = randomBytes(4).toString('hex');
    return `${String(ms).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${process.pid}-${rand}-${count}.jsonl`;
  }

  private async writeSegment(dir: string, lines: string[]): Promise<string> {
    const name = await this.newName(lines.length);
    const tmp = join(dir, `${name}.tmp`);
    writingTmp.add(tmp);
    try {
      await writeFileSynced(tmp, lines.join(''));
      await rename(tmp, join(dir, name));
    } finally {
      writingTmp.delete(tmp);
    }
    await fsyncDir(dir);
    return name;
  }

  /** Cuts lines into segments of at most SEGMENT_MAX_POINTS points and SEGMENT_MAX_BYTES bytes. */
  private static chunks(lines: string[]): string[][] {
    const out: string[][] = [];
    let current: string[] = [];
    let bytes = 0;
    for (const line of lines) {
      const size = Buffer.byteLength(line);
      if (current.length > 0 && (current.length >= SEGMENT_MAX_POINTS || bytes + size > SEGMENT_MAX_BYTES)) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(line);
      bytes += size;
    }
    if (current.length > 0) out.push(current);
    return out;
  }

  /** Keeps points behind every point spooled before; resolves once they are on disk. */
  async append(points: readonly MetricPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.prepare();
    let lines = points.map(pointToJsonLine);
    lines = await this.makeRoom(lines);
    for (const chunk of PointSpool.chunks(lines)) await this.writeSegment(this.dir, chunk);
  }

  /** Sets points aside in `rejected/` with the reason InfluxDB (or the sink) gave. */
  async reject(points: readonly MetricPoint[], reason: string): Promise<void> {
    if (points.length === 0) return;
    await this.prepare();
    const lines = await this.makeRoom(points.map(pointToJsonLine));
    for (const chunk of PointSpool.chunks(lines)) {
      const name = await this.writeSegment(this.rejectedDir, chunk);
      await writeFile(join(this.rejectedDir, `${name}.reason`), `${new Date().toISOString()} ${reason}\n`, { mode: 0o600 });
    }
  }

  /** Moves a batch's segments to `rejected/` (bad data: it will never pass). */
  async rejectBatch(batch: SpoolBatch, reason: string): Promise<void> {
    for (const name of batch.segments) {
      await rename(join(this.dir, name), join(this.rejectedDir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await writeFile(join(this.rejectedDir, `${name}.reason`), `${new Date().toISOString()} ${reason}\n`, { mode: 0o600 });
    }
    await fsyncDir(this.dir);
    await fsyncDir(this.rejectedDir);
  }

  /** Drops the oldest files until `lines` fit under maxBytes; returns the lines that fit. */
  private async makeRoom(lines: string[]): Promise<string[]> {
    let incoming = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    let kept = lines;
    if (incoming > this.maxBytes) {
      let cut = 0;
      while (cut < kept.length && incoming > this.maxBytes) incoming -= Buffer.byteLength(kept[cut++]!);
      this.droppedPoints += cut;
      this.logger.error({ droppedPoints: cut, maxBytes: this.maxBytes }, 'spool full: the oldest points of this write were dropped (larger than the spool bound)');
      kept = kept.slice(cut);
    }
    const files = [...(await this.list(this.rejectedDir)), ...(await this.list(this.dir))];
    const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size, () => 0)));
    let total = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < files.length && total + incoming > this.maxBytes; i += 1) {
      const file = files[i]!;
      await removeIfPresent(file.path);
      await removeIfPresent(`${file.path}.reason`);
      total -= sizes[i]!;
      this.droppedPoints += file.count;
      this.droppedSegments += 1;
      this.logger.error(
        { file: file.path, droppedPoints: file.count, totalDroppedPoints: this.droppedPoints, maxBytes: this.maxBytes },
        'spool full: the oldest spooled points were dropped',
      );
    }
    return kept;
  }

  /** `.tmp` files of dead writers become segments (their torn last line is skipped on reading). */
  private async recoverTmp(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const match = TMP_NAME.exec(name);
      if (!match) continue;
      const path = join(this.dir, name);
      const pid = Number(match[3]);
      if (writingTmp.has(path) || (pid !== process.pid && processAlive(pid))) continue;
      this.logger.warn({ file: path }, 'spool: a segment left half-written by a process that stopped is taken in');
      await rename(path, path.slice(0, -'.tmp'.length));
    }
  }

  private async readSegment(file: SpoolFile): Promise<MetricPoint[] | null> {
    const size = await stat(file.path).then((s) => s.size, () => -1);
    if (size < 0) return [];
    if (size > SEGMENT_READ_LIMIT) {
      this.logger.error({ file: file.path, bytes: size }, 'spool: a file too large to be a segment is set aside in rejected/');
      await this.rejectBatch({ segments: [file.name], points: [] }, `larger than ${SEGMENT_READ_LIMIT} bytes: not read`);
      return null;
    }
    const text = await readFile(file.path, 'utf8');
    const lines = text.split('\n');
    const torn = lines.pop()!;
    if (torn !== '') this.logger.warn({ file: file.path, line: lines.length + 1, bytes: Buffer.byteLength(torn) }, 'spool: torn last line (write cut short) skipped');
    const points: MetricPoint[] = [];
    lines.forEach((line, index) => {
      const point = pointFromJsonLine(line);
      if (point) points.push(point);
      else this.logger.error({ file: file.path, line: index + 1, text: line.slice(0, 200) }, 'spool: a line that is not a point skipped');
    });
    return points;
  }

  /**
   * The oldest spooled points: whole consecutive segments, at most `maxPoints` points (but always
   * the oldest segment). Null when nothing is pending. Call with the lock held.
   */
  async nextBatch(maxPoints: number): Promise<SpoolBatch | null> {
    await this.prepare();
    await this.recoverTmp();
    for (;;) {
      const files = await this.list(this.dir);
      if (files.length === 0) return null;
      const batch: SpoolBatch = { segments: [], points: [] };
      let planned = 0;
      for (const file of files) {
        if (batch.segments.length > 0 && planned + file.count > maxPoints) break;
        const points = await this.readSegment(file);
        if (points === null) break;
        batch.segments.push(file.name);
        batch.points.push(...points);
        planned += file.count;
      }
      if (batch.points.length > 0) return batch;
      await this.ack(batch);
    }
  }

  /** Removes a delivered batch's segments. */
  async ack(batch: SpoolBatch): Promise<void> {
    for (const name of batch.segments) await removeIfPresent(join(this.dir, name));
    if (batch.segments.length > 0) await fsyncDir(this.dir);
  }

  async stats(): Promise<SpoolStats> {
    const pending = await this.list(this.dir);
    const rejected = await this.list(this.rejectedDir);
    const sizes = await Promise.all([...pending, ...rejected].map((f) => stat(f.path).then((s) => s.size, () => 0)));
    return {
      pendingPoints: pending.reduce((sum, f) => sum + f.count, 0),
      pendingSegments: pending.length,
      rejectedPoints: rejected.reduce((sum, f) => sum + f.count, 0),
      bytes: sizes.reduce((a, b) => a + b, 0),
      droppedPoints: this.droppedPoints,
      droppedSegments: this.droppedSegments,
    };
  }
}
