/**
 * `ibsight collect` killed with SIGKILL in the middle of a run: the store stays consistent
 * (integrity check, no half-recorded device) and the next run proceeds and records everything.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';

const DEVICES = 40;
let dir: string;
let sim: SimChild;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-killed-'));
  // slow replies stretch the run so the kill lands while devices are being recorded
  writeFileSync(join(dir, 'fleet.yaml'), `username: lab\npassword: kill-pw\ndevices:\n  - { generate: ${DEVICES}, profile: "builtin:mx960", namePrefix: k-, site: "s1", fault: slow, delayMs: 150 }\n`);
  writeFileSync(
    join(dir, 'ibsight.yaml'),
    `storage: { sqlite: ${join(dir, 'ibsight.db')} }\nssh: { knownHosts: ${join(dir, 'known_hosts')} }\ninventory: ${join(dir, 'inventory.yaml')}\ncollection: { concurrency: 8, retries: 0 }\n`,
  );
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(await findFreePortRange(DEVICES)), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
});

afterAll(async () => {
  await stopSimChild(sim);
  rmSync(dir, { recursive: true, force: true });
});

describe('a collect run killed with SIGKILL', () => {
  it('leaves a consistent store, and the next run records every device', async () => {
    const args = [compiledMain(), '--config', join(dir, 'ibsight.yaml'), 'collect', '--json'];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // kill once a few devices are recorded, well before the end
    const db = () => new Database(join(dir, 'ibsight.db'), { readonly: true, fileMustExist: true });
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const d = db();
        const n = (d.prepare('select count(*) as n from device_runs').get() as { n: number }).n;
        d.close();
        if (n >= 5) break;
      } catch {
        // the store is not created yet
      }
    }
    child.kill('SIGKILL');
    await exited;

    const d = db();
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    const recorded = (d.prepare('select count(*) as n from device_runs').get() as { n: number }).n;
    d.close();
    expect(recorded).toBeGreaterThanOrEqual(5);
    expect(recorded).toBeLessThan(DEVICES);

    const next = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(next.status, next.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(next.stdout).devices).toMatchObject({ total: DEVICES, ok: DEVICES });
    const devices = spawnSync(process.execPath, [compiledMain(), '--config', join(dir, 'ibsight.yaml'), 'devices', '--json'], { encoding: 'utf8' });
    const rows = (JSON.parse(devices.stdout) as { devices: { status: string }[] }).devices;
    expect(rows.filter((r) => r.status === 'ok')).toHaveLength(DEVICES);
  });
});
