/**
 * `ibsight sim` end to end over real SSH: the compiled CLI runs as a child process, a bare
 * ssh2 client (src/sim/probe-client.ts) connects with the known_hosts it wrote, and the test
 * stops it by PID.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childText, findAll, findFirst, textOf } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { parseKnownHosts, ProbeSession, type ProbeOptions } from '../../src/sim/probe-client.js';
import { packageRoot } from '../../src/sim/builtin-profile-dir.js';
import { runSimToExit, startSimChild, type SimChild } from '../../src/sim/sim-child.js';

const ROOT = packageRoot();
const FIXTURES = join(ROOT, 'test', 'fixtures', 'sim');
const PASSWORD = 's3cret&<pw>';
let dir: string;
let sim: SimChild;
let keys: Map<string, Buffer>;
const port: Record<string, number> = {};

function opts(name: string, extra: Partial<ProbeOptions> = {}): ProbeOptions {
  const p = port[name]!;
  return { port: p, username: 'lab', password: PASSWORD, hostKey: keys.get(`[127.0.0.1]:${p}`)!, ...extra };
}

/** Pairs of simulator sources and their compiled files. */
function sourcePairs(): [string, string][] {
  const pairs: [string, string][] = readdirSync(join(ROOT, 'src', 'sim'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [join(ROOT, 'src', 'sim', f), join(ROOT, 'dist', 'src', 'sim', f.replace(/\.ts$/, '.js'))]);
  for (const f of ['sim', 'main', 'output']) pairs.push([join(ROOT, 'src', 'cli', `${f}.ts`), join(ROOT, 'dist', 'src', 'cli', `${f}.js`)]);
  return pairs;
}

/** Builds with tsc when dist/ lags the simulator's sources (tsc emits even if another file has type errors). */
function ensureBuilt(): void {
  const fresh = (): boolean => sourcePairs().every(([src, out]) => existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs);
  if (fresh()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // type errors in other files do not stop emission; freshness decides
  }
  if (!fresh()) throw new Error('dist/ is still older than src/sim after tsc');
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ibsight-sim-ssh-'));
  writeFileSync(
    join(dir, 'fleet.yaml'),
    `username: lab\npassword: ${JSON.stringify(PASSWORD)}\nsites: [{ id: "0100012345", name: AMS-DC1 }]\ndevices:\n` +
      `  - { generate: 2, profile: ${JSON.stringify(join(FIXTURES, 'tiny-mx'))}, namePrefix: gen-, site: "0100012345" }\n` +
      `  - { name: sw-eom, profile: ${JSON.stringify(join(FIXTURES, 'tiny-eom'))}, site: "0200" }\n` +
      `  - { name: dead, profile: ${JSON.stringify(join(FIXTURES, 'tiny-eom'))}, site: "0200", fault: refuse }\n`,
  );
  const base = await findFreePortRange(4);
  sim = await startSimChild([
    '--fleet', join(dir, 'fleet.yaml'),
    '--base-port', String(base),
    '--write-known-hosts', join(dir, 'known_hosts'),
    '--write-inventory', join(dir, 'out', 'inventory.yaml'),
  ]);
  for (const d of sim.ready.devices) port[d.name] = d.port;
  keys = parseKnownHosts(readFileSync(join(dir, 'known_hosts'), 'utf8'));
});

afterAll(async () => {
  if (sim && sim.child.exitCode === null) {
    process.kill(sim.child.pid!, 'SIGTERM');
    await sim.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ibsight sim over SSH', () => {
  it('prints one ready line with every device on consecutive ports, refused ones included', () => {
    const base = sim.ready.devices[0]!.port;
    expect(sim.ready).toEqual({
      ready: true,
      devices: [
        { name: 'gen-1', port: base },
        { name: 'gen-2', port: base + 1 },
        { name: 'sw-eom', port: base + 2 },
        { name: 'dead', port: base + 3 },
      ],
    });
    const readyLog = sim.stderr().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; startMs?: number }).find((l) => l.msg === 'simulator ready');
    expect(typeof readyLog?.startMs).toBe('number');
  });

  it('negotiates chunked framing when both hellos list base:1.1', async () => {
    const s = await ProbeSession.open(opts('gen-1'));
    expect(s.framing).toBe('chunked');
    const hello = parseXml(s.serverHello);
    const caps = findAll(hello, 'capability').map((c) => textOf(c));
    expect(caps).toEqual(expect.arrayContaining([
      'urn:ietf:params:netconf:base:1.0',
      'urn:ietf:params:netconf:base:1.1',
      'http://xml.juniper.net/netconf/junos/1.0',
      'http://xml.juniper.net/dmi/system/1.0',
    ]));
    expect(Number(childText(hello, 'session-id'))).toBeGreaterThan(0);
    const reply = parseXml(await s.rpc('<get-software-information/>'));
    expect(childText(findFirst(reply, 'software-information'), 'host-name')).toBe('gen-1');
    await s.close();
  });

  it('stays in end-of-message framing when the client or the profile lacks base:1.1', async () => {
    const s1 = await ProbeSession.open(opts('gen-2', { base11: false }));
    expect(s1.framing).toBe('eom');
    expect(await s1.rpc('<get-chassis-inventory/>')).toContain('<chassis-inventory');
    await s1.close();
    const s2 = await ProbeSession.open(opts('sw-eom'));
    expect(s2.serverHello).not.toContain('base:1.1');
    expect(s2.framing).toBe('eom');
    expect(await s2.rpc('<get-software-information/>')).toContain('<host-name>tinyeom-sw1</host-name>');
    await s2.close();
  });

  it('answers prefixed RPCs with a base-namespace rpc-reply echoing attributes but not xmlns', async () => {
    const s = await ProbeSession.open(opts('gen-1'));
    s.send('<nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="m&amp;1" xmlns:junos="urn:x"><nc:get-route-engine-information/></nc:rpc>');
    const text = await s.next();
    expect(text.startsWith('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos"')).toBe(true);
    const reply = parseXml(text);
    expect(reply.qname).toBe('rpc-reply');
    expect(reply.attrs['message-id']).toBe('m&1');
    expect(Object.keys(reply.attrs).filter((a) => a.startsWith('xmlns'))).toEqual(['xmlns', 'xmlns:junos']);
    expect(findAll(reply, 'route-engine')).toHaveLength(2);
    await s.close();
  });

  it('answers an unknown RPC with the Junos rpc-error, and serves rpc-error files as they are', async () => {
    const s = await ProbeSession.open(opts('gen-1'));
    const unknown = findFirst(parseXml(await s.rpc('<get-bogus-information/>')), 'rpc-error');
    expect(childText(unknown, 'error-type')).toBe('protocol');
    expect(childText(unknown, 'error-tag')).toBe('operation-failed');
    expect(childText(unknown, 'error-severity')).toBe('error');
    expect(childText(unknown, 'error-message')).toBe('syntax error, expecting <command>');
    expect(childText(findFirst(unknown, 'error-info'), 'bad-element')).toBe('get-bogus-information');
    const cluster = findFirst(parseXml(await s.rpc('<get-chassis-cluster-status/>')), 'rpc-error');
    expect(childText(cluster, 'error-message')).toBe('Chassis cluster is not enabled.');
    const doctype = await s.rpc('<!DOCTYPE x [<!ENTITY a "b">]><get-software-information/>');
    expect(childText(findFirst(parseXml(doctype), 'rpc-error'), 'error-tag')).toBe('malformed-message');
    await s.close();
  });

  it('serves command, +child and @attr files; one device shows the same serials in every reply', async () => {
    const s = await ProbeSession.open(opts('gen-2'));
    const cmd = parseXml(await s.rpc('<command format="xml">show version invoke-on all-routing-engines</command>'));
    expect(findAll(cmd, 're-name').map(textOf)).toEqual(['re0', 're1']);
    expect(await s.rpc('<get-configuration format="set"/>')).toContain('set system host-name gen-2');
    expect(await s.rpc('<get-interface-information><terse/><routing-instance>__juniper_private1__</routing-instance></get-interface-information>')).toContain('128.0.0.1/2');
    const inventory = findAll(parseXml(await s.rpc('<get-chassis-inventory/>')), 'serial-number').map(textOf);
    const re = findAll(parseXml(await s.rpc('<get-route-engine-information/>')), 'serial-number').map(textOf);
    expect(re).toEqual([inventory[2], inventory[3]]);
    await s.close();
    const other = await ProbeSession.open(opts('gen-1'));
    const inventory1 = findAll(parseXml(await other.rpc('<get-chassis-inventory/>')), 'serial-number').map(textOf);
    expect(inventory1[0]).not.toBe(inventory[0]);
    await other.close();
  });

  it('accepts keyboard-interactive, rejects a wrong password, a wrong host key, exec and other subsystems', async () => {
    const s = await ProbeSession.open(opts('gen-1', { keyboardInteractive: true }));
    await expect(new Promise((resolve, reject) => s.conn.exec('show version', (err) => (err ? reject(err) : resolve(null))))).rejects.toThrow();
    await expect(new Promise((resolve, reject) => s.conn.subsys('sftp', (err) => (err ? reject(err) : resolve(null))))).rejects.toThrow();
    await s.close();
    await expect(ProbeSession.open(opts('gen-1', { password: 'wrong' }))).rejects.toThrow(/authentication/i);
    await expect(ProbeSession.open(opts('gen-1', { hostKey: keys.get(`[127.0.0.1]:${port['gen-2']}`)! }))).rejects.toThrow(/host/i);
  });

  it('leaves the port of a refuse device closed', async () => {
    const conn = new ssh2.Client();
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      conn.on('error', resolve);
      conn.connect({ host: '127.0.0.1', port: port.dead!, username: 'lab', password: PASSWORD });
    });
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('writes an inventory with a 0600 password file referenced as file:', () => {
    const inventory = parseYaml(readFileSync(join(dir, 'out', 'inventory.yaml'), 'utf8')) as {
      sites: unknown[];
      credentials: Record<string, { username: string; password: string }>;
      devices: { name: string; host: string; port: number; site: string; credentials: string }[];
    };
    expect(inventory.sites).toEqual([{ id: '0100012345', name: 'AMS-DC1' }, { id: '0200', name: '0200' }]);
    const passwordFile = join(dir, 'out', 'inventory.password');
    expect(inventory.credentials).toEqual({ sim: { username: 'lab', password: `file:${passwordFile}` } });
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(passwordFile, 'utf8')).toBe(PASSWORD);
    expect(inventory.devices).toEqual(
      sim.ready.devices.map((d, i) => ({ name: d.name, host: '127.0.0.1', port: d.port, site: i < 2 ? '0100012345' : '0200', credentials: 'sim' })),
    );
  });

  it('exits 0 when stopped by SIGTERM', async () => {
    process.kill(sim.child.pid!, 'SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('exits 2 with the file and key path on a bad fleet file, printing no ready line', async () => {
    const bad = join(dir, 'bad-fleet.yaml');
    writeFileSync(bad, 'username: lab\npassword: x\ndevices:\n  - { name: a, profile: ./nowhere, site: s, fault: sometimes }\n');
    const run = await runSimToExit(['--fleet', bad, '--base-port', '20000']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/bad-fleet\.yaml: devices\[0\]\.fault: expected one of auth-fail/);
  });
});
