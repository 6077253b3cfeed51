/**
 * Interop: ncclient (device_params junos, as PyEZ and Ansible use it) runs
 * get-software-information against the real `ibsight sim` CLI, over both framings — a base:1.1
 * device (chunked) and a base:1.0-only device (end-of-message) — with host keys verified against
 * the simulator's known_hosts, and refuses a device whose key does not match.
 * Needs /usr/bin/python3 with ncclient: fails in CI when missing, is skipped loudly elsewhere.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';
import { childText, findFirst } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'ncclient-rpc.py');
const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';

function ncclientMissing(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import ncclient'], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `ncclient is not importable with ${PYTHON} (${(err as Error).message.split('\n')[0]}); apt-get install -y python3-ncclient`;
  }
}

const missing = ncclientMissing();
if (missing && process.env.CI === 'true') throw new Error(missing);
if (missing) console.warn(`SKIPPED test/interop/ncclient.test.ts: ${missing}`);

/** qfx5120 offers base:1.1; mx480 offers base:1.0 only (profile.yaml `base11: false`). */
const DEVICES = [
  { name: 'nc-qfx', profile: 'qfx5120', framing: 'chunked' },
  { name: 'nc-mx', profile: 'mx480', framing: 'eom' },
] as const;

interface ScriptOutput {
  status: number;
  out: Record<string, unknown>;
  stderr: string;
}

let dir: string;
let sim: SimChild | undefined;
let knownHosts: string;
let login: { username: string; password: string };
const ports = new Map<string, number>();

function runNcclient(device: string, knownHostsFile: string, password = login.password): Promise<ScriptOutput> {
  return new Promise((resolve, reject) => {
    const args = [SCRIPT, '127.0.0.1', String(ports.get(device)), login.username, password, knownHostsFile];
    execFile(PYTHON, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ status: err ? Number(err.code ?? -1) : 0, out: JSON.parse(last) as Record<string, unknown>, stderr });
      } catch {
        reject(new Error(`ncclient-rpc.py for ${device} printed no JSON (${err?.message ?? 'exit 0'}):\n${stdout}\n${stderr.slice(-3000)}`));
      }
    });
  });
}

/** The profile's own answer, read from its file: what ncclient must see. */
function profileSoftware(profile: string): { model: string | null; release: string; hostnameToken: string; hostName: string | null } {
  const dir = builtinProfileDir(profile);
  const meta = parseYaml(readFileSync(join(dir, 'profile.yaml'), 'utf8')) as { release: string; hostname: string };
  const sw = findFirst(parseXml(readFileSync(join(dir, 'get-software-information.xml'), 'utf8')), 'software-information');
  return { model: childText(sw, 'product-model'), release: meta.release, hostnameToken: meta.hostname, hostName: childText(sw, 'host-name') };
}

/** ncclient's fingerprint format (paramiko MD5, colon-separated) of a known_hosts key. */
function md5Fingerprint(base64Key: string): string {
  return createHash('md5').update(Buffer.from(base64Key, 'base64')).digest('hex').match(/../g)!.join(':');
}

function knownHostsKey(port: number): string {
  const line = readFileSync(knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`[127.0.0.1]:${port} `));
  if (!line) throw new Error(`no known_hosts line for port ${port}`);
  return line.split(' ')[2]!;
}

describe.skipIf(missing !== null)('ncclient (device_params junos) against ibsight sim', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ibsight-ncclient-'));
    const fleet = join(dir, 'fleet.yaml');
    const entries = DEVICES.map((d) => `  - { name: ${d.name}, profile: "builtin:${d.profile}", site: lab }`).join('\n');
    writeFileSync(fleet, `username: ncc\npassword: pw-${randomBytes(6).toString('hex')}\ndevices:\n${entries}\n`);
    knownHosts = join(dir, 'known_hosts');
    const inventory = join(dir, 'inventory.yaml');
    for (let attempt = 1; !sim; attempt++) {
      const base = await findFreePortRange(DEVICES.length);
      try {
        sim = await startSimChild(['--fleet', fleet, '--base-port', String(base), '--write-known-hosts', knownHosts, '--write-inventory', inventory]);
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    for (const d of sim.ready.devices) ports.set(d.name, d.port);
    const inv = parseYaml(readFileSync(inventory, 'utf8')) as { credentials: Record<string, { username: string; password: string }> };
    const cred = Object.values(inv.credentials)[0]!;
    login = { username: cred.username, password: readFileSync(cred.password.replace(/^file:/, ''), 'utf8') };
  });

  afterAll(async () => {
    await stopSimChild(sim);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(DEVICES)('$name ($profile, $framing framing): get-software-information with verified host key', async (d) => {
    const { status, out, stderr } = await runNcclient(d.name, knownHosts);
    expect(out.error, stderr).toBeUndefined();
    expect(status).toBe(0);
    const expected = profileSoftware(d.profile);
    expect(out.hostname).toBe(expected.hostName!.replace(expected.hostnameToken, d.name));
    expect(out.hostname).toBe(d.name);
    expect(out.model).toBe(expected.model);
    expect(out.version).toBe(expected.release);
    expect(out.sessionId).toMatch(/^\d+$/);
    expect(out.framing).toBe(d.framing);
    const caps = out.capabilities as string[];
    expect(caps).toContain(BASE_1_0);
    if (d.framing === 'chunked') expect(caps).toContain(BASE_1_1);
    else expect(caps).not.toContain(BASE_1_1);
  });

  it('refuses a device whose key is not the one in known_hosts (another device\'s key for that port)', async () => {
    const mxPort = ports.get('nc-mx')!;
    const qfxPort = ports.get('nc-qfx')!;
    const wrong = join(dir, 'known_hosts.wrong');
    writeFileSync(wrong, `[127.0.0.1]:${mxPort} ssh-ed25519 ${knownHostsKey(qfxPort)}\n`);
    const { status, out } = await runNcclient('nc-mx', wrong);
    expect(status).toBe(2);
    expect(out.error).toBe('SSHUnknownHostError');
    // the key ncclient saw and refused is the device's real one
    expect(out.fingerprint).toBe(md5Fingerprint(knownHostsKey(mxPort)));
    expect(out.fingerprint).not.toBe(md5Fingerprint(knownHostsKey(qfxPort)));
  });

  it('refuses a device missing from known_hosts, and a wrong password', async () => {
    const empty = join(dir, 'known_hosts.empty');
    writeFileSync(empty, '');
    const unknown = await runNcclient('nc-qfx', empty);
    expect(unknown).toMatchObject({ status: 2, out: { error: 'SSHUnknownHostError' } });
    const badPassword = await runNcclient('nc-qfx', knownHosts, 'not-the-password');
    expect(badPassword).toMatchObject({ status: 2, out: { error: 'AuthenticationError' } });
  });
});
