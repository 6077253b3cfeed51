/**
 * Files `ibsight sim` writes for clients of the simulated fleet:
 *  - `--write-known-hosts FILE`: one `[127.0.0.1]:port ssh-ed25519 AAAA...` line per device;
 *  - `--write-inventory FILE`: an inventory (SPEC §3) with the fleet's sites, one credentials
 *    entry `sim` whose password is `file:<absolute path>` to a 0600 file written beside the
 *    inventory (`<inventory name>.password`), and every device at 127.0.0.1:<port>.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { FleetPlan } from './fleet-file.js';
import { knownHostsLine } from './host-key.js';
import type { SimDevice } from './sim-device.js';

export const SIM_CREDENTIALS = 'sim';

export function knownHostsText(devices: readonly SimDevice[]): string {
  return devices.map((d) => knownHostsLine(d.port, d.hostKey())).join('\n') + '\n';
}

export function writeKnownHosts(file: string, devices: readonly SimDevice[]): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, knownHostsText(devices));
}

/** Path of the password file written beside an inventory. */
export function passwordFileFor(inventoryFile: string): string {
  const abs = resolve(inventoryFile);
  return join(dirname(abs), `${basename(abs, extname(abs))}.password`);
}

export interface InventoryDocument {
  sites: { id: string; name: string }[];
  credentials: Record<string, { username: string; password: string }>;
  devices: { name: string; host: string; port: number; site: string; credentials: string }[];
}

export function inventoryDocument(plan: FleetPlan, devices: readonly SimDevice[], passwordFile: string): InventoryDocument {
  return {
    sites: plan.sites.map((s) => ({ id: s.id, name: s.name })),
    credentials: { [SIM_CREDENTIALS]: { username: plan.username, password: `file:${passwordFile}` } },
    devices: devices.map((d) => ({ name: d.name, host: '127.0.0.1', port: d.port, site: d.site, credentials: SIM_CREDENTIALS })),
  };
}

/** Writes the inventory and its 0600 password file; returns the password file's path. */
export function writeInventory(file: string, plan: FleetPlan, devices: readonly SimDevice[]): string {
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  const passwordFile = passwordFileFor(abs);
  writeFileSync(passwordFile, plan.password, { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  const header = `# Written by \`ibsight sim\` for the simulated fleet ${resolve(plan.file)}.\n`;
  writeFileSync(abs, header + stringify(inventoryDocument(plan, devices, passwordFile)));
  return passwordFile;
}
