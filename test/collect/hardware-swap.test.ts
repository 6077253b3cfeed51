/**
 * A swapped FPC over real SSH, end to end through the CLI: `ibsight sim` serves a copy of the
 * mx960 profile; a first `collect` stores it; the FPC 0 serial is changed in the copy (an RMA), the
 * simulator restarted on the same port (same host key), and a second `collect` must show the old
 * FPC removed and the new one added with a first-seen of the second run — in `show` and in
 * `report changes`. A third run with the device unreachable leaves it `stale` with its inventory kept.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';

const OLD_SERIAL = 'CAGB3092';
const NEW_SERIAL = 'CAGB7731';
let dir: string;
let basePort: number;
let sim: SimChild | undefined;

const ibsight = (...args: string[]) =>
  spawnSync(process.execPath, [compiledMain(), '--config', join(dir, 'ibsight.yaml'), ...args], { encoding: 'utf8', timeout: 120_000 });

async function startSim(): Promise<void> {
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(basePort), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
}

async function stopSim(): Promise<void> {
  await stopSimChild(sim);
  sim = undefined;
}

interface StoredComponent {
  path: string[];
  serialNumber: string | null;
  firstSeen: string;
}

function components(): StoredComponent[] {
  const r = ibsight('show', 'mx1', '--json');
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { components: StoredComponent[] }).components;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-swap-'));
  cpSync(builtinProfileDir('mx960'), join(dir, 'mx960-lab'), { recursive: true });
  writeFileSync(join(dir, 'fleet.yaml'), 'username: lab\npassword: swap-pw\ndevices:\n  - { name: mx1, profile: ./mx960-lab, site: "0100012345" }\n');
  writeFileSync(
    join(dir, 'ibsight.yaml'),
    `storage: { sqlite: ${join(dir, 'ibsight.db')} }\nssh: { knownHosts: ${join(dir, 'known_hosts')} }\ninventory: ${join(dir, 'inventory.yaml')}\ncollection: { connectTimeoutMs: 5000, retries: 0 }\n`,
  );
  basePort = await findFreePortRange(1);
  await startSim();
});

afterAll(async () => {
  await stopSim();
  rmSync(dir, { recursive: true, force: true });
});

describe('a swapped FPC', () => {
  let firstRunFpc: StoredComponent;

  it('first run stores the original FPC 0', () => {
    const r = ibsight('collect', '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    firstRunFpc = components().find((c) => c.path.join('/') === 'Chassis/FPC 0')!;
    expect(firstRunFpc.serialNumber).toBe(OLD_SERIAL);
  });

  it('second run after the swap: old FPC removed, new one added with its own first-seen', async () => {
    await stopSim();
    const file = join(dir, 'mx960-lab', 'get-chassis-inventory.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(OLD_SERIAL, NEW_SERIAL));
    await startSim();
    const r = ibsight('collect', '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);

    const now = components();
    const fpc = now.find((c) => c.path.join('/') === 'Chassis/FPC 0')!;
    expect(fpc.serialNumber).toBe(NEW_SERIAL);
    expect(fpc.firstSeen > firstRunFpc.firstSeen).toBe(true);
    expect(now.some((c) => c.serialNumber === OLD_SERIAL)).toBe(false);
    // the FPC's unchanged neighbours keep their first-seen
    const fpc1 = now.find((c) => c.path.join('/') === 'Chassis/FPC 1');
    if (fpc1) expect(fpc1.firstSeen <= firstRunFpc.firstSeen).toBe(true);

    const out = join(dir, 'reports');
    const report = ibsight('report', 'changes', '--format', 'json', '--out', out);
    expect(report.status, report.stderr).toBe(0);
    const changes = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8')) as {
      componentsAdded: { device: string; serialNumber: string | null; path: string[] }[];
      componentsRemoved: { device: string; serialNumber: string | null; removedAt: string | null }[];
    };
    expect(changes.componentsAdded.map((c) => [c.device, c.serialNumber, c.path.join('/')])).toContainEqual(['mx1', NEW_SERIAL, 'Chassis/FPC 0']);
    const removed = changes.componentsRemoved.find((c) => c.serialNumber === OLD_SERIAL);
    expect(removed?.device).toBe('mx1');
    expect(removed?.removedAt).not.toBeNull();
  });

  it('a failed run keeps what was known and marks the device stale', async () => {
    const before = components().length;
    await stopSim();
    const r = ibsight('collect', '--json');
    expect(r.status).toBe(4);
    const devices = JSON.parse(ibsight('devices', '--json').stdout) as { devices: { name: string; status: string; serialNumber: string | null }[] };
    expect(devices.devices.find((d) => d.name === 'mx1')).toMatchObject({ status: 'stale' });
    expect(components().length).toBe(before);
  });
});
