/**
 * Collection benchmark (issue 4, "Numbers"): one `ibsight sim` child serving N generated devices
 * (default 1000, mixing builtin:mx480, mx960, qfx5120, ex4300-vc), collected twice in one run:
 *  (a) bare: a bare ssh2 NETCONF client (src/sim/probe-client.ts) doing hello +
 *      get-software-information + get-chassis-inventory + get-route-engine-information + close per
 *      device, no parsing or storage. It runs in a CHILD process (this file with --bare-child), so
 *      its CPU and memory never mix with ibsight's; the child measures itself and reports back.
 *  (b) ibsight: what `ibsight collect` does (src/cli/collect.ts) with the collectors
 *      software-information, chassis-inventory, route-engine — loadConfig, loadInventory (the
 *      inventory, password file and known_hosts written by the simulator; strict host keys), the
 *      scrub key, openStore on a fresh temp SQLite file, collectIntoStore (syncInventory, beginRun,
 *      runCollection into store.recordDevice, finishRun, prune), close — IN THIS PROCESS, which does
 *      nothing else meanwhile: process.cpuUsage() over the phase is ibsight's CPU; RSS sampled / 50 ms.
 * An untimed bare pass over the first --warmup devices warms the simulator up first.
 * Both phases use the same concurrency (default 200) and retries 0 (a failure counts, as for the
 * bare client). Durations span the phase's work, not process start-up. The simulator's own CPU per
 * phase is read from /proc/<pid>/stat (it shares the machine's cores with the client being timed).
 * Prints ONE JSON line on stdout:
 *   {"bench":"collect","devices","concurrency","order","profiles","collectors","simStartMs",
 *    "results":{"bare":{...},"ibsight":{...}},"ratios":{"ibsightTimeOverBare","ibsightCpuOverBare"},"targets":{...}}
 * Usage: node dist/bench/collect.js [--devices N] [--concurrency C] [--profiles builtin:mx480,...]
 *        [--order bare-first|ibsight-first] [--warmup DEVICES (default 2×concurrency)] [--base-port P]
 * Node flags go to the bare child too: `node --cpu-prof dist/bench/collect.js` profiles both clients.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectIntoStore } from '../src/collect/collect-into-store.js';
import { selectCollectors } from '../src/collect/run-selection.js';
import { loadConfig } from '../src/config/load-config.js';
import { loadInventory } from '../src/config/load-inventory.js';
import { loadScrubKey } from '../src/config/scrub-key.js';
import { createLogger } from '../src/log/logger.js';
import { findFreePortRange } from '../src/sim/port-range.js';
import { parseKnownHosts, ProbeSession } from '../src/sim/probe-client.js';
import { startSimChild, type SimChild } from '../src/sim/sim-child.js';
import { openStore } from '../src/store/open-store.js';

const PROFILES = ['builtin:mx480', 'builtin:mx960', 'builtin:qfx5120', 'builtin:ex4300-vc'];
const COLLECTORS = ['software-information', 'chassis-inventory', 'route-engine'];
const BARE_RPCS = ['<get-software-information/>', '<get-chassis-inventory/>', '<get-route-engine-information/>'];
const USERNAME = 'bench';
const PASSWORD = 'bench-collect-password';
const MIB = 1024 * 1024;
const USER_HZ = 100; // clock ticks per second in /proc/<pid>/stat (100 on Linux builds in use)

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function positiveInt(name: string, fallback: number, min = 1): number {
  const raw = argValue(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}`);
  return n;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

/** utime + stime of a process in seconds (Linux), null where /proc is not readable. */
function procCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

function fleetYaml(devices: number, profiles: string[]): string {
  const lines = [`username: ${USERNAME}`, `password: ${PASSWORD}`, 'sites: [{ id: "0100000001", name: BENCH-DC1 }]', 'devices:'];
  profiles.forEach((profile, i) => {
    const count = Math.floor(devices / profiles.length) + (i < devices % profiles.length ? 1 : 0);
    if (count > 0) lines.push(`  - { generate: ${count}, profile: ${JSON.stringify(profile)}, namePrefix: bench${i}-, site: "0100000001" }`);
  });
  return lines.join('\n') + '\n';
}

// ---- (a) the bare client, run in a child process -------------------------------------------

interface BareSpec {
  knownHosts: string;
  devices: { name: string; port: number }[];
  concurrency: number;
}

interface BareResult {
  durationMs: number;
  failures: number;
  errors: string[];
  cpuSec: number;
  maxRssMiB: number;
}

async function bareDevice(device: { name: string; port: number }, hostKey: Buffer): Promise<void> {
  const session = await ProbeSession.open({ port: device.port, username: USERNAME, password: PASSWORD, hostKey });
  try {
    for (const rpc of BARE_RPCS) {
      const reply = await session.rpc(rpc);
      if (!reply.includes('<rpc-reply')) throw new Error(`no rpc-reply to ${rpc}`);
    }
    await session.close();
  } finally {
    session.end();
  }
}

async function bareChild(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as BareSpec;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const keys = parseKnownHosts(readFileSync(spec.knownHosts, 'utf8'));
  let next = 0;
  let failures = 0;
  const errors: string[] = [];
  const worker = async (): Promise<void> => {
    while (next < spec.devices.length) {
      const device = spec.devices[next++]!;
      try {
        await bareDevice(device, keys.get(`[127.0.0.1]:${device.port}`) ?? Buffer.alloc(0));
      } catch (err) {
        failures++;
        if (errors.length < 5) errors.push(`${device.name}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.devices.length) }, worker));
  const result: BareResult = {
    durationMs: performance.now() - started,
    failures,
    errors,
    cpuSec: cpuSeconds(process.cpuUsage(cpu0)),
    maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runBareChild(dir: string, spec: BareSpec): Promise<BareResult> {
  const specFile = join(dir, 'bare-spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--bare-child', specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(out) as BareResult);
      } catch {
        reject(new Error(`bare client child exited with ${code} without a result: ${out.slice(0, 500)}`));
      }
    });
  });
}

// ---- (b) ibsight's collection, in this process ---------------------------------------------

async function ibsightPhase(dir: string, concurrency: number) {
  const configFile = join(dir, 'ibsight.yaml');
  const yaml = [`storage: { sqlite: ${join(dir, 'data', 'ibsight.db')} }`, `ssh: { knownHosts: ${join(dir, 'known_hosts')}, hostKeyPolicy: strict }`];
  yaml.push(`inventory: ${join(dir, 'inventory.yaml')}`, `collection: { concurrency: ${concurrency}, retries: 0 }`);
  writeFileSync(configFile, yaml.join('\n') + '\n');
  const logger = createLogger({ level: process.env.IBSIGHT_LOG_LEVEL ?? 'warn' });
  let peakRss = process.memoryUsage.rss(); // .rss() alone: memoryUsage() walks the heap and would cost ibsight CPU
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const config = loadConfig({ file: configFile });
  const inventory = loadInventory(config.inventory);
  const collectors = selectCollectors(COLLECTORS);
  const scrubKey = loadScrubKey(config, { logger });
  const store = await openStore({ sqlite: config.storage.sqlite, logger });
  let report;
  try {
    report = await collectIntoStore({ config, inventory, devices: inventory.devices, collectors, concurrency, scrubKey, store, logger });
  } finally {
    await store.close();
  }
  const durationMs = performance.now() - started;
  const cpuSec = cpuSeconds(process.cpuUsage(cpu0));
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const codes: Record<string, number> = {};
  for (const f of report.failures) codes[f.code] = (codes[f.code] ?? 0) + 1;
  return {
    durationMs,
    collectMs: report.durationMs,
    devices: report.devices,
    failureCodes: codes,
    cpuSec,
    peakRssMiB: peakRss / MIB,
    maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    dbMiB: statSync(config.storage.sqlite).size / MIB,
  };
}

// ---- the run ---------------------------------------------------------------------------------

async function startSim(dir: string, devices: number): Promise<SimChild> {
  const args = ['--fleet', join(dir, 'fleet.yaml'), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')];
  const env = { ...process.env, IBSIGHT_LOG_LEVEL: 'warn' };
  for (let attempt = 1; ; attempt++) {
    const base = argValue('--base-port') ?? String(await findFreePortRange(devices, 20000, devices > 5000 ? 60999 : 32767));
    try {
      return await startSimChild([...args, '--base-port', base], env);
    } catch (err) {
      if (attempt >= 3 || argValue('--base-port') !== undefined) throw err; // a port taken since it was probed: try another range
    }
  }
}

async function main(): Promise<void> {
  const bareSpec = argValue('--bare-child');
  if (bareSpec !== undefined) return bareChild(bareSpec);
  const devices = positiveInt('--devices', 1000);
  const concurrency = positiveInt('--concurrency', 200);
  const order = argValue('--order') ?? 'bare-first';
  if (order !== 'bare-first' && order !== 'ibsight-first') throw new Error('--order must be bare-first or ibsight-first');
  const profiles = argValue('--profiles')?.split(',').map((p) => p.trim()).filter(Boolean) ?? PROFILES;
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-collect-'));
  writeFileSync(join(dir, 'fleet.yaml'), fleetYaml(devices, profiles));
  const sim = await startSim(dir, devices);
  try {
    const withSimCpu = async <T>(phase: () => Promise<T>): Promise<T & { simCpuSec: number | null }> => {
      const before = procCpuSeconds(sim.child.pid);
      const r = await phase();
      const after = procCpuSeconds(sim.child.pid);
      return { ...r, simCpuSec: before === null || after === null ? null : round(after - before, 2) };
    };
    const bare = () => withSimCpu(() => runBareChild(dir, { knownHosts: join(dir, 'known_hosts'), devices: sim.ready.devices, concurrency }));
    const ibsight = () => withSimCpu(() => ibsightPhase(dir, concurrency));
    // untimed warm-up of the simulator (its JIT, caches), else whichever phase runs first pays for it
    const warmup = Math.min(sim.ready.devices.length, positiveInt('--warmup', 2 * concurrency, 0));
    if (warmup > 0) await runBareChild(dir, { knownHosts: join(dir, 'known_hosts'), devices: sim.ready.devices.slice(0, warmup), concurrency });
    const first = order === 'bare-first' ? await bare() : undefined;
    const b = await ibsight();
    const a = first ?? (await bare());
    for (const e of a.errors) process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'bare client: device failed', detail: e })}\n`);
    const total = sim.ready.devices.length;
    const ratio = b.durationMs / a.durationMs;
    const perDevice = (cpuSec: number) => ({ cpuSec: round(cpuSec, 2), cpuSecPerDevice: round(cpuSec / total, 5) });
    const bareResult = {
      durationMs: Math.round(a.durationMs),
      devicesPerSec: round(((total - a.failures) / a.durationMs) * 1000),
      failures: a.failures,
      ...perDevice(a.cpuSec),
      simCpuSec: a.simCpuSec,
      maxRssMiB: round(a.maxRssMiB),
    };
    const ibsightResult = {
      durationMs: Math.round(b.durationMs),
      collectMs: b.collectMs,
      devicesPerSec: round(((b.devices.ok + b.devices.partial) / b.durationMs) * 1000),
      failures: b.devices.failed,
      partial: b.devices.partial,
      failureCodes: b.failureCodes,
      ...perDevice(b.cpuSec),
      simCpuSec: b.simCpuSec,
      peakRssMiB: round(b.peakRssMiB),
      maxRssMiB: round(b.maxRssMiB),
      dbMiB: round(b.dbMiB),
    };
    const line = {
      bench: 'collect',
      devices: total,
      concurrency,
      order,
      profiles,
      collectors: COLLECTORS,
      simStartMs: sim.startMs,
      warmupDevices: warmup,
      results: { bare: bareResult, ibsight: ibsightResult },
      ratios: { ibsightTimeOverBare: round(ratio, 2), ibsightCpuOverBare: round(b.cpuSec / a.cpuSec, 2) },
      targets: { timeRatioAtMost: 2, peakRssMiBAtMost: 1024, timeRatioMet: ratio <= 2, peakRssMet: Math.max(b.peakRssMiB, b.maxRssMiB) <= 1024 },
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (a.failures > 0 || b.devices.failed > 0 || b.devices.partial > 0) process.exitCode = 3;
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
