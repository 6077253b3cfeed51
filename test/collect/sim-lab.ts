/**
 * Test support for the collection tests: a simulated fleet served in this process over real SSH
 * on free 127.0.0.1 ports, with its known_hosts, an inventory (as the config loader returns it)
 * and the default collection settings; plus a counting TCP forwarder placed in front of a device
 * to count connection attempts (retries) without touching the client or the simulator.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IbsightConfig, Inventory, InventoryDevice } from '../../src/config/config-types.js';
import { silentLogger } from '../../src/log/logger.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { knownHostsLine } from '../../src/sim/host-key.js';
import { knownHostsText } from '../../src/sim/inventory-writer.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';

export const LAB_USER = 'collector';
export const LAB_PASSWORD = 'collect-test-pw';

export interface LabDevice {
  name: string;
  /** `builtin:mx480` or an absolute profile directory. */
  profile: string;
  fault?: string;
  delayMs?: number;
}

export interface Lab {
  dir: string;
  sim: RunningSimulator;
  knownHosts: string;
  inventory: Inventory;
  port(name: string): number;
  device(name: string): InventoryDevice;
  /** Trusts device `name`'s host key at another port too (a forwarder in front of it). */
  trustAt(name: string, port: number): void;
  close(): Promise<void>;
}

export async function startLab(devices: LabDevice[], prefix = 'ibsight-collect-'): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const lines = devices.map((d) => {
    const extra = `${d.fault ? `, fault: ${d.fault}` : ''}${d.delayMs !== undefined ? `, delayMs: ${d.delayMs}` : ''}`;
    return `  - { name: ${d.name}, profile: "${d.profile}", site: lab${extra} }`;
  });
  const plan = parseFleetText(`username: ${LAB_USER}\npassword: ${LAB_PASSWORD}\ndevices:\n${lines.join('\n')}\n`, join(dir, 'fleet.yaml'));
  let sim: RunningSimulator | undefined;
  for (let attempt = 1; !sim; attempt++) {
    try {
      sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, knownHostsText(sim.devices));
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${LAB_PASSWORD}\n`, { mode: 0o600 });
  const inventory: Inventory = {
    file: join(dir, 'inventory.yaml'),
    sites: [{ id: 'lab', name: 'Lab' }],
    credentials: {
      lab: { username: LAB_USER, password: `file:${passwordFile}`, privateKey: null, passphrase: null, agent: false, keyboardInteractive: false },
    },
    devices: sim.devices.map((d) => ({ name: d.name, host: '127.0.0.1', port: d.port, site: 'lab', credentials: 'lab' })),
  };
  const running = sim;
  return {
    dir,
    sim: running,
    knownHosts,
    inventory,
    port: (name) => running.devices.find((d) => d.name === name)!.port,
    device: (name) => inventory.devices.find((d) => d.name === name)!,
    trustAt: (name, port) => appendFileSync(knownHosts, `${knownHostsLine(port, running.devices.find((d) => d.name === name)!.hostKey())}\n`),
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function labConfig(knownHosts: string, collection: Partial<IbsightConfig['collection']> = {}, ssh: Partial<IbsightConfig['ssh']> = {}): Pick<IbsightConfig, 'ssh' | 'collection'> {
  return {
    ssh: { knownHosts, hostKeyPolicy: 'strict', legacyAlgorithms: false, proxyJump: null, ...ssh },
    collection: { concurrency: 200, connectTimeoutMs: 15_000, rpcTimeoutMs: 60_000, retries: 1, collectors: 'all', ...collection },
  };
}

/** A TCP forwarder on a free port in front of `targetPort`, counting the connections it accepts. */
export interface CountingForwarder {
  port: number;
  connections: number;
  close(): Promise<void>;
}

export async function countingForwarder(targetPort: number): Promise<CountingForwarder> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((inbound) => {
    state.connections++;
    const outbound = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no forwarder port');
  return {
    port: address.port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
