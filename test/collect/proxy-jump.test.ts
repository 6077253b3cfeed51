/**
 * `ssh.proxyJump` in a collection, end to end: a real OpenSSH sshd (loopback, its own config,
 * host key and authorized_keys in a temp dir, key authentication as the current user — no new OS
 * user) is the jump host, simulated devices are behind it, and `collectIntoStore` runs with the
 * config loaded from a file holding `ssh.proxyJump: user@127.0.0.1:PORT` into a real SQLite store.
 * The device credential carries a key (accepted by the jump host) and a password (accepted by
 * the devices), as the jump host is reached with the device's credential. Checked: every device
 * is collected ok and stored; sshd's own log shows one authenticated login and one direct-tcpip
 * forward to each device's port; with the jump host stopped, the next run fails every device
 * with PROXY_FAILED (the run really goes through it) and the stored data stays (stale).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectIntoStore } from '../../src/collect/collect-into-store.js';
import { selectCollectors } from '../../src/collect/run-selection.js';
import type { RunReport } from '../../src/collect/run-summary.js';
import type { IbsightConfig, Inventory } from '../../src/config/config-types.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store-api.js';
import { freePort, stopProcess } from '../netconf/sshd-netconfd.js';
import { startLab, type Lab } from './sim-lab.js';

const BINARIES = ['/usr/sbin/sshd', '/usr/bin/ssh-keygen'];
const missing = BINARIES.filter((b) => !existsSync(b));
const skip = missing.length > 0 && process.env.CI !== 'true';
if (skip) console.warn(`SKIPPED proxy-jump collection test: missing ${missing.join(', ')} (apt-get install -y openssh-server openssh-client)`);

/** In name order (the store lists devices by name). */
const DEVICES = [
  { name: 'behind-ex4300', profile: 'builtin:ex4300-vc' },
  { name: 'behind-mx480', profile: 'builtin:mx480' },
];
const COLLECTORS = ['software-information', 'chassis-inventory', 'route-engine'];

interface Bastion {
  port: number;
  child: ChildProcess;
  /** Everything sshd (and its per-connection children) wrote so far. */
  log(): string;
}

function keygen(file: string): string {
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ibsight-proxy-jump-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** A loopback sshd in `dir` that accepts `clientPub` for the current user and forwards TCP. */
async function startBastion(dir: string, clientPub: string): Promise<Bastion & { hostKeyPub: string }> {
  const port = await freePort();
  const hostKeyPub = keygen(join(dir, 'bastion_host_key'));
  writeFileSync(join(dir, 'authorized_keys'), `${clientPub}\n`);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'bastion_host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      // debug1 logs each direct-tcpip request with its target (the evidence of the forward)
      'LogLevel DEBUG1',
    ].join('\n') + '\n',
  );
  try {
    mkdirSync('/run/sshd', { recursive: true });
  } catch {
    // not root: sshd reports what it misses
  }
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes('Server listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sshd exited with ${code} before it was ready:\n${out}`)));
  });
  return { port, child, hostKeyPub, log: () => out };
}

/** Targets (ports on 127.0.0.1) of the direct-tcpip forwards sshd logged. */
function forwardedPorts(log: string): number[] {
  const ports: number[] = [];
  for (const m of log.matchAll(/server_request_direct_tcpip: originator \S+ port \d+, target 127\.0\.0\.1 port (\d+)/g)) ports.push(Number(m[1]));
  return ports.sort((a, b) => a - b);
}

describe.skipIf(skip)('collection through an OpenSSH jump host (ssh.proxyJump)', () => {
  let lab: Lab;
  let bastion: Bastion;
  let store: Store;
  let config: IbsightConfig;
  let inventory: Inventory;
  const user = userInfo().username;

  const collect = (runId: string): Promise<RunReport> =>
    collectIntoStore({
      config,
      inventory,
      devices: inventory.devices,
      collectors: selectCollectors(COLLECTORS),
      concurrency: 2,
      scrubKey: Buffer.from('proxy-jump-test-scrub-key'),
      store,
      logger: silentLogger().child({ run: runId }),
    });

  beforeAll(async () => {
    lab = await startLab(DEVICES, 'ibsight-proxy-jump-');
    const clientPub = keygen(join(lab.dir, 'client_key'));
    const started = await startBastion(lab.dir, clientPub);
    bastion = started;
    // strict host keys for the jump host too: its key joins the devices' in known_hosts
    const [type, key] = started.hostKeyPub.split(/\s+/);
    writeFileSync(lab.knownHosts, `${readFileSync(lab.knownHosts, 'utf8')}[127.0.0.1]:${started.port} ${type} ${key}\n`);
    // the device credential: a key for the jump host, the password for the devices
    const lab0 = lab.inventory.credentials.lab!;
    inventory = { ...lab.inventory, credentials: { lab: { ...lab0, privateKey: `file:${join(lab.dir, 'client_key')}` } } };
    const configFile = join(lab.dir, 'ibsight.yaml');
    writeFileSync(
      configFile,
      [
        `storage: { sqlite: ${join(lab.dir, 'data', 'ibsight.db')} }`,
        `ssh: { knownHosts: ${lab.knownHosts}, hostKeyPolicy: strict, proxyJump: "${user}@127.0.0.1:${started.port}" }`,
        `inventory: ${join(lab.dir, 'inventory.yaml')}`,
        'collection: { concurrency: 2, retries: 0, connectTimeoutMs: 20000 }',
      ].join('\n') + '\n',
    );
    config = loadConfig({ file: configFile });
    store = await openStore({ sqlite: config.storage.sqlite, logger: silentLogger() });
    await store.syncInventory(inventory);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    if (bastion) await stopProcess(bastion.child);
    await lab?.close();
  });

  it('reads the jump host from the config file', () => {
    expect(config.ssh.proxyJump).toEqual({ username: user, host: '127.0.0.1', port: bastion.port });
  });

  it('collects every device through the jump host', async () => {
    const report = await collect('run-through-bastion');
    expect(report.failures).toEqual([]);
    expect(report.devices).toEqual({ total: 2, ok: 2, partial: 0, failed: 0 });

    const devices = await store.listDevices();
    expect(devices.map((d) => [d.name, d.status])).toEqual(DEVICES.map((d) => [d.name, 'ok']));
    for (const d of devices) expect(d.serialNumber).not.toBeNull();
    const detail = await store.deviceDetail('behind-mx480');
    expect(detail!.components.length).toBeGreaterThan(10);

    // sshd's own record: one forward to each device's port, one key login per device session
    const log = bastion.log();
    expect(forwardedPorts(log)).toEqual(DEVICES.map((d) => lab.port(d.name)).sort((a, b) => a - b));
    expect(log.match(new RegExp(`Accepted publickey for ${user} from 127\\.0\\.0\\.1`, 'g'))).toHaveLength(DEVICES.length);
  }, 60_000);

  it('fails every device with PROXY_FAILED once the jump host is gone, keeping the stored data', async () => {
    await stopProcess(bastion.child);
    const report = await collect('run-without-bastion');
    expect(report.devices).toEqual({ total: 2, ok: 0, partial: 0, failed: 2 });
    expect(report.failures.map((f) => [f.device, f.code])).toEqual(expect.arrayContaining(DEVICES.map((d) => [d.name, 'PROXY_FAILED'])));

    const devices = await store.listDevices();
    expect(devices.map((d) => [d.name, d.status])).toEqual(DEVICES.map((d) => [d.name, 'stale']));
    for (const d of devices) expect(d.serialNumber).not.toBeNull();
  }, 60_000);
});
