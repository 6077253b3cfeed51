/**
 * Transport benchmark: starts `ibsight sim` as a child process with N generated devices
 * (default 1000, mixing the built-in profiles present, else the test profile
 * test/fixtures/sim/tiny-mx), then a bare ssh2 NETCONF client (src/sim/probe-client.ts)
 * connects to every device with bounded concurrency (default 100) and does hello +
 * get-software-information + get-chassis-inventory + get-route-engine-information + close.
 * Prints ONE JSON line on stdout:
 *   {"bench":"transport","devices","concurrency","simStartMs","durationMs","devicesPerSec","rpcsPerSec","failures","profiles"}
 * Usage: node dist/bench/transport.js [--devices N] [--concurrency C] [--profiles builtin:mx480,...]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listBuiltinProfiles, packageRoot } from '../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../src/sim/port-range.js';
import { parseKnownHosts, ProbeSession } from '../src/sim/probe-client.js';
import { startSimChild } from '../src/sim/sim-child.js';

const PREFERRED = ['mx480', 'qfx5120', 'ex4300-vc', 'srx345-cluster', 'mx960', 'ptx10001'];
const RPCS = ['<get-software-information/>', '<get-chassis-inventory/>', '<get-route-engine-information/>'];
const USERNAME = 'bench';
const PASSWORD = 'bench-password';

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function positiveInt(name: string, fallback: number): number {
  const raw = argValue(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

function chooseProfiles(): string[] {
  const given = argValue('--profiles');
  if (given) return given.split(',').map((p) => p.trim()).filter(Boolean);
  const present = listBuiltinProfiles();
  const builtin = PREFERRED.filter((p) => present.includes(p)).slice(0, 3);
  if (builtin.length > 0) return builtin.map((p) => `builtin:${p}`);
  return [join(packageRoot(), 'test', 'fixtures', 'sim', 'tiny-mx')];
}

function fleetYaml(devices: number, profiles: string[]): string {
  const lines = [`username: ${USERNAME}`, `password: ${PASSWORD}`, 'devices:'];
  profiles.forEach((profile, i) => {
    const count = Math.floor(devices / profiles.length) + (i < devices % profiles.length ? 1 : 0);
    if (count > 0) lines.push(`  - { generate: ${count}, profile: ${JSON.stringify(profile)}, namePrefix: bench${i}-, site: "0100000001" }`);
  });
  return lines.join('\n') + '\n';
}

interface ReadyDevice {
  name: string;
  port: number;
}

async function exercise(device: ReadyDevice, hostKey: Buffer): Promise<number> {
  const session = await ProbeSession.open({ port: device.port, username: USERNAME, password: PASSWORD, hostKey });
  let rpcs = 0;
  try {
    for (const rpc of RPCS) {
      const reply = await session.rpc(rpc);
      if (!reply.includes('<rpc-reply') || reply.includes('<rpc-error>')) throw new Error(`${device.name}: bad reply to ${rpc}`);
      rpcs++;
    }
    await session.close();
  } finally {
    session.end();
  }
  return rpcs;
}

async function main(): Promise<void> {
  const devices = positiveInt('--devices', 1000);
  const concurrency = positiveInt('--concurrency', 100);
  const profiles = chooseProfiles();
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-transport-'));
  const fleet = join(dir, 'fleet.yaml');
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(fleet, fleetYaml(devices, profiles));
  const basePort = argValue('--base-port') !== undefined ? positiveInt('--base-port', 20000) : await findFreePortRange(devices, 20000, devices > 5000 ? 60999 : 32767);
  const sim = await startSimChild(
    ['--fleet', fleet, '--base-port', String(basePort), '--write-known-hosts', knownHostsFile],
    { ...process.env, IBSIGHT_LOG_LEVEL: 'warn' },
  );
  try {
    const keys = parseKnownHosts(readFileSync(knownHostsFile, 'utf8'));
    let next = 0;
    let failures = 0;
    let rpcs = 0;
    const errors: string[] = [];
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < sim.ready.devices.length) {
        const device: ReadyDevice = sim.ready.devices[next++]!;
        try {
          const done = await exercise(device, keys.get(`[127.0.0.1]:${device.port}`) ?? Buffer.alloc(0));
          rpcs += done; // not `rpcs += await ...`: that reads rpcs before the await and loses updates
        } catch (err) {
          failures++;
          if (errors.length < 5) errors.push(`${device.name}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, devices) }, worker));
    const durationMs = Math.round(performance.now() - started);
    for (const e of errors) process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'device failed', detail: e })}\n`);
    const ok = sim.ready.devices.length - failures;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'transport',
        devices,
        concurrency,
        simStartMs: sim.startMs,
        durationMs,
        devicesPerSec: Math.round((ok / durationMs) * 1000 * 10) / 10,
        rpcsPerSec: Math.round((rpcs / durationMs) * 1000 * 10) / 10,
        failures,
        profiles,
      })}\n`,
    );
    if (failures > 0) process.exitCode = 3;
  } finally {
    sim.child.kill('SIGTERM');
    await sim.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: String((err as Error)?.stack ?? err) })}\n`);
  process.exitCode = 1;
});
