/**
 * `ibsight agent` as a process (the compiled CLI; `npm run build` first) against the real
 * simulator (`ibsight sim` child, slow replies so a collection takes a while):
 *  - `agent --once collect`: /healthz answers while it collects; SIGTERM mid-run stops it
 *    gracefully — exit 0, the devices in flight finished and recorded, the rest not started, the
 *    run finished in the store with the count of what was collected, the store intact;
 *  - a second signal exits at once with code 1;
 *  - `agent` (the schedules): /healthz 200 with each job's next run, SIGTERM → exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';

const DEVICES = 24;
let dir: string;
let sim: SimChild;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-agent-sigterm-'));
  writeFileSync(join(dir, 'fleet.yaml'), `username: lab\npassword: sigterm-pw\ndevices:\n  - { generate: ${DEVICES}, profile: "builtin:mx960", namePrefix: t-, site: "s1", fault: slow, delayMs: 150 }\n`);
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(await findFreePortRange(DEVICES)), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
});

afterAll(async () => {
  await stopSimChild(sim);
  rmSync(dir, { recursive: true, force: true });
});

interface AgentProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

async function startAgent(name: string, args: string[]): Promise<AgentProcess> {
  const port = await findFreePortRange(1);
  const config = join(dir, `${name}.yaml`);
  writeFileSync(
    config,
    [
      `storage: { sqlite: ${join(dir, `${name}.db`)} }`,
      `ssh: { knownHosts: ${join(dir, 'known_hosts')} }`,
      `inventory: ${join(dir, 'inventory.yaml')}`,
      'collection: { concurrency: 4, retries: 0 }',
      `agent: { listen: "127.0.0.1:${port}", shutdownGraceMs: 60000 }`,
      `delivery: { dir: ${join(dir, `${name}-reports`)} }`,
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [compiledMain(), '--config', config, 'agent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, exited, stdout: () => stdout, stderr: () => stderr };
}

async function healthz(url: string): Promise<{ code: number; doc: { status: string; jobs: Record<string, { running: boolean; nextRun: string | null }> } }> {
  const res = await fetch(`${url}/healthz`);
  return { code: res.status, doc: (await res.json()) as never };
}

function recordedDevices(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('select count(*) as n from device_runs').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // not created yet, or the schema not there yet
  }
}

describe('ibsight agent --once collect, stopped by SIGTERM', () => {
  it('finishes the devices in flight, starts no more, records the run and exits 0', { timeout: 120_000 }, async () => {
    const agent = await startAgent('once', ['--once', 'collect', '--json']);
    const db = join(dir, 'once.db');
    // /healthz while it collects
    await vi.waitFor(
      async () => {
        const { code, doc } = await healthz(agent.url);
        expect(code).toBe(200);
        expect(doc.jobs.collect!.running).toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );
    await vi.waitFor(() => expect(recordedDevices(db)).toBeGreaterThanOrEqual(4), { timeout: 60_000, interval: 100 });
    agent.child.kill('SIGTERM');
    expect(await agent.exited, agent.stderr().slice(-3000)).toBe(0);

    const printed = JSON.parse(agent.stdout()) as { job: string; outcome: string; result: { runId: string; devices: { total: number; ok: number }; notStarted: number } };
    expect(printed).toMatchObject({ job: 'collect', outcome: 'ok' });
    const { total, ok } = printed.result.devices;
    expect(ok).toBe(total);
    expect(printed.result.notStarted).toBe(DEVICES - total);
    expect(printed.result.notStarted).toBeGreaterThan(0);

    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
      const runs = d.prepare("select run_key, finished_at, total, ok from runs where kind = 'collect'").all() as { run_key: string; finished_at: string | null; total: number; ok: number }[];
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ run_key: printed.result.runId, total, ok });
      expect(runs[0]!.finished_at).not.toBeNull();
      expect((d.prepare('select count(*) as n from device_runs').get() as { n: number }).n).toBe(total);
    } finally {
      d.close();
    }
    expect(agent.stderr()).toContain('collection run stopped early');
    expect(agent.stderr()).toContain('"signal":"SIGTERM"');
  });

  it('a second signal exits at once with code 1', { timeout: 120_000 }, async () => {
    const agent = await startAgent('twice', ['--once', 'collect']);
    await vi.waitFor(async () => expect((await healthz(agent.url)).doc.jobs.collect!.running).toBe(true), { timeout: 30_000, interval: 100 });
    agent.child.kill('SIGTERM');
    await vi.waitFor(() => expect(agent.stderr()).toContain('stopping gracefully'), { timeout: 10_000, interval: 20 });
    agent.child.kill('SIGINT');
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toContain('second signal: exiting now');
  });
});

describe('ibsight agent (the schedules)', () => {
  it('serves /healthz with each job next run, and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    const agent = await startAgent('daemon', []);
    const { code, doc } = await vi.waitFor(
      async () => {
        const reply = await healthz(agent.url);
        expect(reply.code).toBe(200);
        return reply;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(code).toBe(200);
    expect(doc.status).toBe('ok');
    for (const job of ['collect', 'reconcile', 'exposure', 'reports']) expect(Date.parse(doc.jobs[job]!.nextRun ?? '')).toBeGreaterThan(Date.now() - 1000);
    agent.child.kill('SIGTERM');
    expect(await agent.exited, agent.stderr().slice(-3000)).toBe(0);
    expect(agent.stdout()).toBe('');
    expect(agent.stderr()).toContain('agent stopped');
  });
});
