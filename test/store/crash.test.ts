/**
 * Crash consistency: a child process (crash-writer.mjs, the compiled store) writes runs of
 * devices and is killed with SIGKILL at moments chosen by a seeded generator (during the first
 * open and migrations, then after a drawn number of committed devices). After each kill the store
 * opens, `PRAGMA integrity_check` is ok, every device committed before the kill is there (WAL with
 * synchronous=NORMAL keeps committed transactions across a process crash), and every device is
 * either fully recorded for a run or not at all. Then another run proceeds to the end. A second
 * test has this process read and write the store while a writer process runs.
 */
import Database from 'better-sqlite3';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { profileData } from './collection-builder.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = fileURLToPath(new URL('./crash-writer.mjs', import.meta.url));
const DEVICES = 12;
const MEMBERS = 2; // mx960: re0, re1

/** Builds with tsc when dist/ lags src/store (tsc emits even when another file has type errors). */
function ensureBuilt(): void {
  const pairs = readdirSync(join(ROOT, 'src', 'store'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [join(ROOT, 'src', 'store', f), join(ROOT, 'dist', 'src', 'store', f.replace(/\.ts$/, '.js'))] as const);
  const fresh = (): boolean => pairs.every(([src, out]) => existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs);
  if (fresh()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // type errors elsewhere do not stop emission; freshness decides
  }
  if (!fresh()) throw new Error('dist/src/store is still older than src/store after tsc');
}

/** mulberry32: a small seeded generator, so the kill moments are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WriterResult {
  committed: string[];
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** Runs the writer; kills it with SIGKILL `delayMs` after `killWhen(line, committedSoFar)` first says so. */
function runWriter(
  db: string,
  profile: string,
  firstRun: number,
  runs: number,
  killWhen: (line: string, committed: number) => boolean,
  delayMs = 0,
): Promise<WriterResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WRITER, db, profile, String(firstRun), String(runs), String(DEVICES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result: WriterResult = { committed: [], lines: [], killed: false, code: null, stderr: '' };
    child.stderr.on('data', (d: Buffer) => (result.stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      result.lines.push(line);
      if (line.startsWith('committed ')) result.committed.push(line.slice('committed '.length));
      if (!result.killed && killWhen(line, result.committed.length)) {
        result.killed = true;
        if (delayMs === 0) child.kill('SIGKILL');
        else setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code) => {
      result.code = code;
      resolve(result);
    });
  });
}

type Row = Record<string, unknown>;

/** Checks the database file after a crash (see the header). */
function verify(file: string, committed: ReadonlySet<string>, componentsPerDevice: number): { recorded: number } {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const recorded = new Set(
      (db.prepare(`select r.run_key || ' ' || d.name as k from device_runs dr join runs r on r.id = dr.run_id join devices d on d.id = dr.device_id`).all() as { k: string }[]).map((x) => x.k),
    );
    for (const key of committed) expect(recorded.has(key), `committed before the kill: ${key}`).toBe(true);

    const countOf = db.prepare(`select
        (select count(*) from collector_runs where run_id = @run and device_id = @device) as collectorRuns,
        (select count(*) from components where device_id = @device and serial_number = @swap and first_run_id = @run) as swapped,
        (select count(*) from software where device_id = @device and version = @version and first_run_id = @run) as software,
        (select count(*) from config_changes where device_id = @device and run_id = @run) as configChanges,
        (select count(*) from config_snapshots where device_id = @device and hash = @hash) as snapshots`);
    const runs = db.prepare('select id, run_key from runs order by id').all() as { id: number; run_key: string }[];
    const deviceIds = new Map((db.prepare('select id, name from devices').all() as { id: number; name: string }[]).map((d) => [d.name, d.id]));
    const lastRun = new Map<string, number>();
    for (const run of runs) {
      const r = Number(run.run_key.slice('run-'.length));
      for (let d = 0; d < DEVICES; d++) {
        const name = `dev-${d}`;
        const counts = countOf.get({ run: run.id, device: deviceIds.get(name) ?? -1, swap: `SWAP-r${r}-d${d}`, version: `23.4R${r}`, hash: `cfg-${r}` }) as Row;
        if (recorded.has(`${run.run_key} ${name}`)) {
          expect(counts, `${run.run_key} ${name} fully recorded`).toEqual({ collectorRuns: 6, swapped: 1, software: MEMBERS, configChanges: 1, snapshots: 1 });
          lastRun.set(name, Math.max(lastRun.get(name) ?? 0, r));
        } else {
          expect(counts, `${run.run_key} ${name} not recorded at all`).toEqual({ collectorRuns: 0, swapped: 0, software: 0, configChanges: 0, snapshots: 0 });
        }
      }
    }
    // each device's current state is that of the last run that recorded it
    const current = db.prepare(`select d.name,
        (select count(*) from components c where c.device_id = d.id and c.removed_at is null) as components,
        (select serial_number from components c where c.device_id = d.id and c.removed_at is null and c.path = '["Chassis","FPC 1"]') as fpc1,
        (select group_concat(version) from software s where s.device_id = d.id and s.ended_at is null) as versions,
        (select hash from config_snapshots s where s.id = d.config_snapshot_id) as config,
        (select run_key from runs r where r.id = d.last_run_id) as lastRun,
        (select group_concat(distinct at) from latest_records l where l.device_id = d.id) as latestAt,
        (select count(*) from latest_records l where l.device_id = d.id) as latest
      from devices d`).all() as Row[];
    for (const row of current) {
      const r = lastRun.get(row.name as string)!;
      const d = Number((row.name as string).slice('dev-'.length));
      expect(row).toEqual({
        name: row.name, components: componentsPerDevice, fpc1: `SWAP-r${r}-d${d}`, versions: Array(MEMBERS).fill(`23.4R${r}`).join(','),
        config: `cfg-${r}`, lastRun: `run-${String(r).padStart(4, '0')}`,
        latestAt: new Date(Date.UTC(2025, 0, 1) + r * 3_600_000 + d * 1000).toISOString(), latest: 6,
      });
    }
    return { recorded: recorded.size };
  } finally {
    db.close();
  }
}

let dir: string;
let profile: string;
let componentsPerDevice: number;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ibsight-crash-'));
  profile = join(dir, 'mx960.json');
  const data = profileData('mx960');
  componentsPerDevice = data.inventory.components.length;
  writeFileSync(profile, JSON.stringify(data));
});

describe('store crash consistency', () => {
  it('survives SIGKILL at random moments: consistent, committed devices kept, the next run proceeds', async () => {
    const file = join(dir, 'crash', 'ibsight.db');
    const random = seeded(20_250_601);
    const kills: string[] = [];
    let firstRun = 1;
    let previous = 0;
    for (let i = 0; i < 6; i++) {
      // the first kill lands while the first open creates the schema (a few ms after it starts);
      // the others a few ms after a drawn number of committed devices: inside a later transaction
      const target = i === 0 ? -1 : Math.floor(random() * 5 * DEVICES);
      const delayMs = i === 0 ? 5 + Math.floor(random() * 35) : Math.floor(random() * 4);
      const trigger = (line: string, committed: number): boolean => (target < 0 ? line === 'opening' : target === 0 ? line === 'opened' : committed >= target);
      const result = await runWriter(file, profile, firstRun, 8, trigger, delayMs);
      expect(result.killed && result.code === null, `writer ${i} was killed (exit ${result.code}): ${result.stderr}`).toBe(true);
      kills.push(`${target}+${delayMs}ms:${result.committed.length}`);

      // the store opens after the crash (recovery, migrations) and is consistent
      const store = await openStore({ sqlite: file, logger: silentLogger() });
      await store.close();
      const { recorded } = verify(file, new Set(result.committed), componentsPerDevice);
      expect(recorded).toBeGreaterThanOrEqual(previous + result.committed.length);
      previous = recorded;
      firstRun += 8;
    }
    expect(kills.length).toBe(6);

    // another run proceeds to the end over what the crashes left
    const last = await runWriter(file, profile, firstRun, 2, () => false);
    expect(last.code, last.stderr).toBe(0);
    expect(last.lines.at(-1)).toBe('done');
    verify(file, new Set(last.committed), componentsPerDevice);
    const store = await openStore({ sqlite: file, logger: silentLogger() });
    const devices = await store.listDevices();
    expect(devices).toHaveLength(DEVICES);
    expect(new Set(devices.map((d) => `${d.status} ${d.version}`))).toEqual(new Set([`ok 23.4R${firstRun + 1}`]));
    await store.close();
  });

  it('another process reads and writes the store while a run writes it', async () => {
    const file = join(dir, 'shared', 'ibsight.db');
    const store = await openStore({ sqlite: file, logger: silentLogger() });
    const writer = runWriter(file, profile, 1, 3, () => false);
    let done = false;
    void writer.then(() => (done = true));
    let rounds = 0;
    while (!done) {
      await store.syncInventory({
        file: 'inventory.yaml',
        sites: [{ id: 'site-1', name: `round ${rounds}` }],
        credentials: {},
        devices: Array.from({ length: DEVICES }, (_, d) => ({ name: `dev-${d}`, host: '127.0.0.1', port: 20_000 + d, site: 'site-1', credentials: 'ro' })),
      });
      await store.listDevices();
      await store.changes(null);
      rounds++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await writer;
    expect(result.code, result.stderr).toBe(0);
    expect(rounds).toBeGreaterThan(0);
    const devices = await store.listDevices();
    expect(devices.map((d) => [d.site, d.status, d.version])).toEqual(Array(DEVICES).fill(['site-1', 'ok', '23.4R3']));
    await store.close();
    verify(file, new Set(result.committed), componentsPerDevice);
  });
});
