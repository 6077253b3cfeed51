/**
 * `ibsight collect` and `ibsight ingest` end to end, as processes: the real `ibsight sim` (child
 * process, `--write-inventory` + `--write-known-hosts`), a configuration file in a temp dir, and
 * the embedded store. Exit codes (SPEC §2.4): 0 all ok, 3 some failed, 4 none ok, 4 when the store
 * cannot be opened, 2 for unknown devices/collectors; the JSON summary's shape; what landed in the
 * store; strict host keys with the accept flow; no progress bar when stderr is not a terminal (JSON
 * logs only), a bar when it is (through `script`, which gives the command a pseudo-terminal).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';
import { openStore } from '../../src/store/open-store.js';
import { silentLogger } from '../../src/log/logger.js';

let dir: string;
let sim: SimChild | undefined;
let config: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ibsight(args: string[], configFile = config): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [compiledMain(), '--config', configFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeConfig(file: string, sqlite: string, knownHosts = join(dir, 'known_hosts')): string {
  writeFileSync(
    file,
    [
      `storage: { sqlite: ${sqlite} }`,
      `ssh: { knownHosts: ${knownHosts} }`,
      `inventory: ${join(dir, 'inventory.yaml')}`,
      'collection: { connectTimeoutMs: 15000, rpcTimeoutMs: 30000, retries: 0 }',
      '',
    ].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-cli-collect-'));
  writeFileSync(
    join(dir, 'fleet.yaml'),
    [
      'username: lab',
      'password: cli-test-pw',
      'sites: [{ id: "0100012345", name: AMS-DC1 }]',
      'devices:',
      '  - { name: mx1, profile: "builtin:mx960", site: "0100012345" }',
      '  - { name: ex1, profile: "builtin:ex4300-vc", site: "0100012345" }',
      '  - { name: bad1, profile: "builtin:qfx5120", site: "0100012345", fault: auth-fail }',
      '  - { name: new1, profile: "builtin:qfx5120", site: "0100012345" }',
      '',
    ].join('\n'),
  );
  for (let attempt = 1; !sim; attempt++) {
    try {
      const base = await findFreePortRange(4);
      sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(base), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  // new1's key is not known yet (strict host key checking refuses it until accepted)
  const port = sim.ready.devices.find((d) => d.name === 'new1')!.port;
  const lines = readFileSync(join(dir, 'known_hosts'), 'utf8').split('\n');
  writeFileSync(join(dir, 'known_hosts'), lines.filter((l) => !l.startsWith(`[127.0.0.1]:${port} `)).join('\n'));
  config = writeConfig(join(dir, 'ibsight.yaml'), join(dir, 'data', 'ibsight.db'));
}, 60_000);

afterAll(async () => {
  await stopSimChild(sim);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function storedStatus(): Promise<Record<string, { status: string; lastCollected: string | null }>> {
  const store = await openStore({ sqlite: join(dir, 'data', 'ibsight.db'), logger: silentLogger() });
  try {
    return Object.fromEntries((await store.listDevices()).map((d) => [d.name, { status: d.status, lastCollected: d.lastCollected }]));
  } finally {
    await store.close();
  }
}

describe('ibsight collect', () => {
  it('exit 0 when every selected device is ok; JSON summary on stdout, JSON logs only on stderr', async () => {
    const r = await ibsight(['collect', '--json', '--devices', 'mx1,ex1']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(Object.keys(summary).sort()).toEqual(['devices', 'durationMs', 'failures', 'runId']);
    expect(summary).toMatchObject({ runId: expect.any(String), durationMs: expect.any(Number), devices: { total: 2, ok: 2, partial: 0, failed: 0 }, failures: [] });
    const stderrLines = r.stderr.trim().split('\n');
    for (const line of stderrLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stderrLines.some((l) => JSON.parse(l).msg === 'collection run finished')).toBe(true);
    const stored = await storedStatus();
    expect(stored.mx1!.status).toBe('ok');
    expect(stored.ex1!.status).toBe('ok');
    expect(stored.bad1!.status).toBe('never');
  });

  it('exit 3 when some devices fail: each failure with its code, the unknown host key with fingerprint and advice', async () => {
    const r = await ibsight(['collect', '--json']);
    expect(r.code).toBe(3);
    const summary = JSON.parse(r.stdout);
    expect(summary.devices).toEqual({ total: 4, ok: 2, partial: 0, failed: 2 });
    expect(summary.failures).toContainEqual({ device: 'bad1', collector: null, code: 'AUTH_FAILED', message: expect.any(String) });
    const hostKey = summary.failures.find((f: { device: string }) => f.device === 'new1');
    expect(hostKey).toMatchObject({ collector: null, code: 'HOST_KEY_UNKNOWN' });
    expect(hostKey.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(hostKey.message).toContain('ibsight collect --devices new1 --accept-new-host-keys');
    expect((await storedStatus()).bad1!.status).toBe('failed');
  });

  it('exit 4 when no device is ok; the human summary names each failure', async () => {
    const r = await ibsight(['collect', '--devices', 'bad1,new1']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/2 device\(s\) in [\d.]+ s: 0 ok, 0 partial, 2 failed/);
    expect(r.stdout).toMatch(/bad1\s+-\s+AUTH_FAILED/);
    expect(r.stdout).toMatch(/new1\s+-\s+HOST_KEY_UNKNOWN\s+.*out of band/);
  });

  it('accepting a host key once, then strict checking passes', async () => {
    const accepted = await ibsight(['collect', '--json', '--devices', 'new1', '--accept-new-host-keys']);
    expect(accepted.code).toBe(0);
    const strict = await ibsight(['collect', '--json', '--devices', 'new1', '--collectors', 'software-information,chassis-inventory']);
    expect(strict.code).toBe(0);
    expect((await storedStatus()).new1!.status).toBe('ok');
  });

  it.each([
    [['--devices', 'mx1,nope'], /unknown device\(s\) "nope"/],
    [['--collectors', 'software-information,bogus'], /unknown collector\(s\) "bogus"/],
    [['--concurrency', '0'], /--concurrency must be an integer/],
  ])('exit 2 for %j', async (args, message) => {
    const r = await ibsight(['collect', '--json', ...args]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(message);
  });

  it('exit 4 when the store cannot be opened', async () => {
    const broken = join(dir, 'broken');
    rmSync(broken, { recursive: true, force: true });
    cpSync(join(dir, 'data'), broken, { recursive: true });
    for (const f of readdirSync(broken)) if (f.startsWith('ibsight.db')) rmSync(join(broken, f));
    writeFileSync(join(broken, 'ibsight.db'), 'this is not a SQLite database, but it is long enough to have a header '.repeat(20));
    const r = await ibsight(['collect', '--json', '--devices', 'mx1'], writeConfig(join(dir, 'broken.yaml'), join(broken, 'ibsight.db')));
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).error.code).toEqual(expect.any(String));
  });

  it('draws a progress bar on a terminal', () => {
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      if (process.env.CI === 'true') throw new Error('`script` (util-linux) is required for the terminal test');
      console.warn('skipping the progress bar test: `script` (util-linux) is not installed');
      return;
    }
    const command = [process.execPath, compiledMain(), '--config', config, 'collect', '--devices', 'mx1', '--collectors', 'software-information', '2>&1', '>/dev/null']
      .map((a) => (a.startsWith('2>') || a.startsWith('>') ? a : `'${a}'`))
      .join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/collect \[[█░]+\] 1\/1 devices \| 0 failed/);
  });
});

describe('ibsight ingest', () => {
  it('loads saved replies of inventory devices with their file time; skips others', async () => {
    // bad1 was never collected (auth-fail): its saved replies are all the store knows of it
    const saved = join(dir, 'saved');
    const at = new Date('2025-04-01T08:00:00.000Z');
    for (const [device, profile] of [['bad1', 'qfx5120'], ['stranger', 'mx480']] as const) {
      cpSync(builtinProfileDir(profile), join(saved, device), { recursive: true });
      for (const f of readdirSync(join(saved, device))) utimesSync(join(saved, device, f), at, at);
    }
    const r = await ibsight(['ingest', saved, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ devices: { total: 1, ok: 1, partial: 0, failed: 0 }, failures: [], skipped: [{ entry: 'stranger', reason: 'no such device in the inventory' }] });
    expect(r.stderr).toContain('no such device in the inventory');
    // the data is stored with the files' time (the store then judges it against the later failed attempt)
    const bad1 = (await storedStatus()).bad1!;
    expect(bad1.lastCollected).toBe(at.toISOString());
    expect(['ok', 'stale']).toContain(bad1.status);
  });

  it('exit 2 for a directory that does not exist', async () => {
    const r = await ibsight(['ingest', join(dir, 'nowhere'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('INPUT_INVALID');
  });
});
