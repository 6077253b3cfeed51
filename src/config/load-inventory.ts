/**
 * Loading the inventory (SPEC §3): a YAML file of sites, credentials and devices, or — when the
 * file name ends in `.csv` — a CSV device list (see inventory-csv.ts) whose credentials and sites
 * come from the YAML file beside it. Relative `file:` paths resolve against the inventory's
 * directory. Errors are CONFIG_INVALID naming the file and the key path (YAML) or line (CSV).
 */
import { dirname, extname, resolve } from 'node:path';
import type { Inventory } from './config-types.js';
import { loadCsvInventory } from './inventory-csv.js';
import { credentialsFrom, crossCheck, duplicateSiteIssues, inventorySchema, type PlacedDevice } from './inventory-schema.js';
import { configError, issuesFromZod, type ConfigIssue } from './validation-issues.js';
import { dropNullSections, readYamlFile, type SourceFile } from './yaml-source.js';

/** Inventories of tens of thousands of devices fit well within this. */
export const MAX_INVENTORY_BYTES = 64 * 1024 * 1024;

export interface LoadInventoryOptions {
  /** Resolves a relative `file`; default process.cwd(). */
  cwd?: string;
}

function loadYamlInventory(source: SourceFile): Inventory {
  const raw = dropNullSections(readYamlFile(source, 'inventory file', MAX_INVENTORY_BYTES) ?? {});
  const parsed = inventorySchema.safeParse(raw);
  if (!parsed.success) throw configError(source.label, source.file, issuesFromZod(parsed.error, raw, inventorySchema));
  const { sites: listedSites, credentials, devices } = parsed.data;
  const placed: PlacedDevice[] = devices.map((device, index) => ({ device: { ...device }, keyPath: `devices[${index}]` }));
  const issues: ConfigIssue[] = duplicateSiteIssues(listedSites ?? []);
  const sites = crossCheck(listedSites, 'sites', Object.keys(credentials), placed, issues);
  if (issues.length > 0) throw configError(source.label, source.file, issues);
  return {
    file: source.file,
    sites,
    credentials: credentialsFrom(credentials, dirname(source.file)),
    devices: placed.map((p) => p.device),
  };
}

export function isCsvInventory(file: string): boolean {
  return extname(file).toLowerCase() === '.csv';
}

/** Loads and checks an inventory file (YAML, or CSV by extension). */
export function loadInventory(file: string, options: LoadInventoryOptions = {}): Inventory {
  const source: SourceFile = { label: file, file: resolve(options.cwd ?? process.cwd(), file) };
  return isCsvInventory(source.file) ? loadCsvInventory(source) : loadYamlInventory(source);
}
