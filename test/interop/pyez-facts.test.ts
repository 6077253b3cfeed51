/**
 * Interop: Juniper's PyEZ gathers facts from every built-in simulator profile, served by the
 * real `ibsight sim` CLI (a child process), and must read the right hostname, model, version,
 * serial number and multi-RE facts (dual RE, virtual chassis, SRX cluster). Expected values
 * are derived without PyEZ: hostname from the device name, model and version from the profile
 * files, serial and RE / VC / cluster data fetched from the same device by our own client
 * (strict host keys from the written known_hosts, password from the written inventory).
 * Needs /usr/bin/python3 with jnpr.junos: fails in CI when missing, is skipped loudly elsewhere.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';
import { childText, findAll, findFirst } from '../../src/xml/element.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'pyez-facts.py');
const PARALLEL = 4;

function pyezMissing(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import jnpr.junos'], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `PyEZ is not importable with ${PYTHON} (${(err as Error).message.split('\n')[0]}); apt-get install -y python3-junos-eznc`;
  }
}

const missing = pyezMissing();
if (missing && process.env.CI === 'true') throw new Error(missing);
if (missing) console.warn(`SKIPPED test/interop/pyez-facts.test.ts: ${missing}`);

interface Case {
  device: string;
  profile: string;
  /** The RE / member / node the simulated session stands for (the master one). */
  connectedRe: string;
  generated: boolean;
}

const NAMED: Case[] = [
  { device: 'mx480-a', profile: 'mx480', connectedRe: 're0', generated: false },
  { device: 'mx960-a', profile: 'mx960', connectedRe: 're0', generated: false },
  { device: 'ex-vc-a', profile: 'ex4300-vc', connectedRe: 'fpc0', generated: false },
  { device: 'srx-a', profile: 'srx345-cluster', connectedRe: 'node0', generated: false },
  { device: 'qfx-a', profile: 'qfx5120', connectedRe: 'fpc0', generated: false },
  { device: 'ptx-a', profile: 'ptx10001', connectedRe: 're0', generated: false },
];
const GENERATED: Case[] = [
  { device: 'gen-mx480-1', profile: 'mx480', connectedRe: 're0', generated: true },
  { device: 'gen-srx-1', profile: 'srx345-cluster', connectedRe: 'node0', generated: true },
];
const CASES = [...NAMED, ...GENERATED];

/** What the profile files say, read without PyEZ. */
interface ProfileFacts {
  release: string;
  hostnameToken: string;
  /** re-name → { host-name, product-model } from the show-version reply PyEZ asks for first. */
  res: Map<string, { hostName: string | null; model: string | null }>;
  domain: string | null;
}

function readProfile(profile: string): ProfileFacts {
  const dir = builtinProfileDir(profile);
  const meta = parseYaml(readFileSync(join(dir, 'profile.yaml'), 'utf8')) as { release: string; hostname: string };
  const version = parseXml(readFileSync(join(dir, 'command+show-version-invoke-on-all-routing-engines.xml'), 'utf8'));
  const res = new Map<string, { hostName: string | null; model: string | null }>();
  const items = findAll(version, 'multi-routing-engine-item');
  for (const item of items.length > 0 ? items : [version]) {
    const sw = findFirst(item, 'software-information');
    res.set(childText(item, 're-name') ?? 're0', { hostName: childText(sw, 'host-name'), model: childText(sw, 'product-model') });
  }
  const config = parseXml(readFileSync(join(dir, 'get-configuration.xml'), 'utf8'));
  return { release: meta.release, hostnameToken: meta.hostname, res, domain: findFirst(config, 'domain-name')?.text.trim() ?? null };
}

/** What our own client reads from the simulated device. */
interface DeviceFacts {
  chassisSerial: string | null;
  /** Route engines as [re-name of the enclosing item or 'default', slot, mastership, model]. */
  routeEngines: { node: string; slot: string; mastership: string | null; model: string | null }[];
  vcMaster: string | null;
  vcMode: string | null;
  clusterId: string | null;
}

async function optionalRpc(session: NetconfSession, body: string): Promise<XmlElement | null> {
  try {
    return (await session.rpc(body)).root;
  } catch (err) {
    if (isIbsightError(err, 'RPC_ERROR')) return null; // not a VC / not a cluster
    throw err;
  }
}

function routeEnginesOf(root: XmlElement): DeviceFacts['routeEngines'] {
  const items = findAll(root, 'multi-routing-engine-item');
  const groups = items.length > 0 ? items.map((i) => ({ node: childText(i, 're-name') ?? 'default', el: i })) : [{ node: 'default', el: root }];
  return groups.flatMap(({ node, el }) =>
    findAll(el, 'route-engine').map((re) => ({
      node,
      slot: childText(re, 'slot') ?? '0',
      mastership: childText(re, 'mastership-state'),
      model: childText(re, 'model'),
    })),
  );
}

async function readDevice(c: Case): Promise<DeviceFacts> {
  const session = await NetconfSession.connect({
    host: target(c).host,
    port: target(c).port,
    username: login.username,
    password: login.password,
    knownHostsFile: knownHosts,
    hostKeyPolicy: 'strict',
    device: c.device,
    logger: silentLogger(),
  });
  try {
    const inventory = (await session.rpc('<get-chassis-inventory/>')).root;
    const routeEngines = routeEnginesOf((await session.rpc('<get-route-engine-information/>')).root);
    const vc = await optionalRpc(session, '<get-virtual-chassis-information/>');
    const members = findAll(vc, 'member');
    const master = members.find((m) => (childText(m, 'member-role') ?? '').startsWith('Master'));
    const cluster = await optionalRpc(session, '<get-chassis-cluster-status/>');
    return {
      chassisSerial: childText(findFirst(inventory, 'chassis'), 'serial-number'),
      routeEngines,
      vcMaster: master ? childText(master, 'member-id') : null,
      vcMode: findFirst(vc, 'virtual-chassis-mode')?.text.trim() ?? null,
      clusterId: childText(findFirst(cluster, 'chassis-cluster-status'), 'cluster-id'),
    };
  } finally {
    await session.close();
  }
}

type PyezFacts = Record<string, unknown>;

function runPyez(c: Case): Promise<PyezFacts> {
  const { host, port } = target(c);
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, host, String(port), login.username, login.password], { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pyez-facts.py for ${c.device}: ${err.message}\n${stderr.slice(-3000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as PyezFacts);
    });
  });
}

/** Runs fn over items, at most `limit` at a time. */
async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

let dir: string;
let sim: SimChild | undefined;
let knownHosts: string;
let login: { username: string; password: string };
let targets: Map<string, { host: string; port: number }>;
const results = new Map<string, { pyez: PyezFacts; ours: DeviceFacts; profile: ProfileFacts }>();

function target(c: Case): { host: string; port: number } {
  const t = targets.get(c.device);
  if (!t) throw new Error(`device ${c.device} is not in the written inventory`);
  return t;
}

function fleetYaml(password: string): string {
  const lines = NAMED.map((c) => `  - { name: ${c.device}, profile: "builtin:${c.profile}", site: "0100012345" }`);
  for (const c of GENERATED) {
    lines.push(`  - { generate: 1, namePrefix: ${c.device.slice(0, -1)}, profile: "builtin:${c.profile}", site: "0100012346" }`);
  }
  return `username: pyez\npassword: ${password}\ndevices:\n${lines.join('\n')}\n`;
}

/** The inventory's credentials, with the password read from its `file:` reference. */
function readInventory(file: string): void {
  const inv = parseYaml(readFileSync(file, 'utf8')) as {
    credentials: Record<string, { username: string; password: string }>;
    devices: { name: string; host: string; port: number; credentials: string }[];
  };
  targets = new Map(inv.devices.map((d) => [d.name, { host: d.host, port: d.port }]));
  const cred = inv.credentials[inv.devices[0]!.credentials]!;
  expect(cred.password.startsWith('file:')).toBe(true);
  login = { username: cred.username, password: readFileSync(cred.password.slice('file:'.length), 'utf8') };
}

describe.skipIf(missing !== null)('PyEZ facts from every built-in profile (ibsight sim CLI)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ibsight-pyez-facts-'));
    const fleet = join(dir, 'fleet.yaml');
    writeFileSync(fleet, fleetYaml(`pw-${randomBytes(6).toString('hex')}`));
    knownHosts = join(dir, 'known_hosts');
    const inventory = join(dir, 'inventory.yaml');
    for (let attempt = 1; !sim; attempt++) {
      const base = await findFreePortRange(CASES.length);
      try {
        sim = await startSimChild(['--fleet', fleet, '--base-port', String(base), '--write-known-hosts', knownHosts, '--write-inventory', inventory]);
      } catch (err) {
        if (attempt >= 3) throw err; // a port taken between the probe and the listen: try another range
      }
    }
    readInventory(inventory);
    expect(sim.ready.devices.map((d) => d.name).sort()).toEqual(CASES.map((c) => c.device).sort());
    for (const d of sim.ready.devices) expect(targets.get(d.name)?.port).toBe(d.port);

    await inPool(CASES, PARALLEL, async (c) => {
      const [pyez, ours] = await Promise.all([runPyez(c), readDevice(c)]);
      results.set(c.device, { pyez, ours, profile: readProfile(c.profile) });
    });
  }, 180_000);

  afterAll(async () => {
    await stopSimChild(sim);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES)('$device ($profile): hostname, model, version, serial number, per-RE versions', (c) => {
    const { pyez, ours, profile } = results.get(c.device)!;
    const re = profile.res.get(c.connectedRe);
    expect(re, `profile ${c.profile} has no ${c.connectedRe} in its show-version reply`).toBeDefined();
    const hostname = re!.hostName!.replace(profile.hostnameToken, c.device);
    if (c.profile === 'srx345-cluster') expect(hostname).toBe(`${c.device}-node0`);
    else expect(hostname).toBe(c.device);
    expect(pyez.hostname).toBe(hostname);
    expect(pyez.model).toBe(re!.model!.toUpperCase());
    expect(pyez.version).toBe(profile.release);
    expect(ours.chassisSerial).toMatch(/^[A-Z0-9]{6,}$/);
    expect(pyez.serialnumber).toBe(ours.chassisSerial);
    const junosInfo = pyez.junos_info as Record<string, { text: string }>;
    expect(Object.keys(junosInfo).sort()).toEqual([...profile.res.keys()].sort());
    for (const info of Object.values(junosInfo)) expect(info.text).toBe(profile.release);
    expect(pyez.current_re).toEqual(expect.arrayContaining([c.connectedRe]));
    if (profile.domain) expect(pyez.fqdn).toBe(`${hostname}.${profile.domain}`);
  });

  it.each(CASES.filter((c) => c.profile === 'mx480' || c.profile === 'mx960'))('$device ($profile): two routing engines, re0 master', (c) => {
    const { pyez, ours } = results.get(c.device)!;
    const slot = (s: string) => ours.routeEngines.find((r) => r.slot === s)!;
    expect(ours.routeEngines.map((r) => r.slot).sort()).toEqual(['0', '1']);
    expect(pyez['2RE']).toBe(true);
    expect(pyez.RE0).toMatchObject({ mastership_state: slot('0').mastership, model: slot('0').model });
    expect(pyez.RE1).toMatchObject({ mastership_state: slot('1').mastership, model: slot('1').model });
    expect(slot('0').mastership).toBe('master');
    expect(pyez.master).toBe('RE0');
    expect(pyez.current_re).toEqual(expect.arrayContaining(['re0', 'master']));
    expect(pyez.vc_master).toBeNull();
    expect(pyez.srx_cluster).toBeFalsy();
  });

  it('ex-vc-a: virtual chassis master and mode, the master member as the current RE', () => {
    const { pyez, ours } = results.get('ex-vc-a')!;
    expect(ours.vcMaster).toBe('0');
    expect(ours.vcMode).not.toBeNull();
    expect(pyez.vc_capable).toBe(true);
    expect(pyez.vc_master).toBe(ours.vcMaster);
    expect(pyez.vc_mode).toBe(ours.vcMode);
    expect(pyez.current_re).toEqual(expect.arrayContaining(['fpc0', 'master']));
    expect(pyez.srx_cluster).toBeFalsy();
  });

  it.each(CASES.filter((c) => c.profile === 'srx345-cluster'))('$device: SRX cluster, cluster id, node0 primary', (c) => {
    const { pyez, ours } = results.get(c.device)!;
    expect(ours.clusterId).toMatch(/^\d+$/);
    expect(pyez.srx_cluster).toBe(true);
    expect(pyez.srx_cluster_id).toBe(ours.clusterId);
    expect(pyez.current_re).toEqual(expect.arrayContaining(['node0', 'primary']));
    const node0 = ours.routeEngines.find((r) => r.node === 'node0');
    expect(pyez.RE0).toMatchObject({ model: node0?.model });
  });

  it.each(CASES.filter((c) => c.profile === 'qfx5120' || c.profile === 'ptx10001'))('$device ($profile): a single routing engine', (c) => {
    const { pyez, ours } = results.get(c.device)!;
    expect(ours.routeEngines).toHaveLength(1);
    expect(pyez['2RE']).toBe(false);
    expect(pyez.RE1).toBeNull();
    expect(pyez.RE0).toMatchObject({ model: ours.routeEngines[0]!.model });
    expect(pyez.srx_cluster).toBeFalsy();
  });

  it('generated devices get their own hostname and serial number, consistent across RPCs', () => {
    const serials = CASES.map((c) => results.get(c.device)!.pyez.serialnumber);
    expect(new Set(serials).size).toBe(CASES.length);
    for (const g of GENERATED) {
      const named = NAMED.find((c) => c.profile === g.profile)!;
      expect(results.get(g.device)!.pyez.serialnumber).not.toBe(results.get(named.device)!.pyez.serialnumber);
      expect(String(results.get(g.device)!.pyez.hostname).startsWith(g.device)).toBe(true);
    }
  });
});
