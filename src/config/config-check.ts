/**
 * `ibsight config check`: loads the configuration and the inventory, resolves every secret
 * reference (never showing a secret), reads the known_hosts file when it exists, reads the
 * product-family tables the reconciliation uses (config/sku-families.yaml, then every file of
 * `reconcile.skuFamilies`, each checked on its own so that every bad one is named with its key
 * path), and sums up what a run would use. Problems that stop a run are one CONFIG_INVALID error listing all of them;
 * things that will not stop it but deserve a look (a secret file others may read, a device
 * without a host key under the strict policy, an unused credentials entry) are warnings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProductFamilyTable, MAX_TABLE_FILES, readFamilyFile, SHIPPED_SKU_FAMILIES } from '../analysis/sku-family-table.js';
import { IbsightError, isIbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import { findHostEntries, parseKnownHosts, type KnownHostEntry } from '../netconf/known-hosts.js';
import type { IbsightConfig, Inventory } from './config-types.js';
import { resolveCredential } from './credentials.js';
import { loadConfig } from './load-config.js';
import { loadInventory } from './load-inventory.js';
import { resolveSecret } from './secret-ref.js';

export interface ConfigCheckSummary {
  config: string | null;
  inventory: string;
  devices: number;
  sites: number;
  credentials: string[];
  warnings: string[];
}

export interface ConfigCheckOptions {
  /** `--config FILE`. */
  configFile?: string;
  /** `--inventory FILE`; default the configuration's `inventory`. */
  inventoryFile?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
}

/** Host-key lookups beyond this (devices × entries) are skipped: hashed entries cost an HMAC each. */
const MAX_HOST_KEY_LOOKUPS = 5_000_000;

function collect(problems: IbsightError[], work: () => void): void {
  try {
    work();
  } catch (err) {
    if (isIbsightError(err, 'CONFIG_INVALID')) problems.push(err);
    else throw err;
  }
}

function readKnownHosts(config: IbsightConfig, problems: IbsightError[]): KnownHostEntry[] | null {
  const file = config.ssh.knownHosts;
  if (!existsSync(file)) return null;
  try {
    return parseKnownHosts(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    problems.push(new IbsightError('CONFIG_INVALID', `ssh.knownHosts: cannot read ${file} (${reason})`, { cause: err, context: { file, keyPath: 'ssh.knownHosts' } }));
    return [];
  }
}

/** The product-family tables of the reconciliation: every file read and validated, then the merged table built. */
function checkSkuFamilies(config: IbsightConfig, problems: IbsightError[]): void {
  const files = [SHIPPED_SKU_FAMILIES, ...config.reconcile.skuFamilies];
  const before = problems.length;
  if (files.length <= MAX_TABLE_FILES) {
    for (const file of files) collect(problems, () => readFamilyFile({ label: file, file: resolve(file) }));
  }
  if (problems.length === before) collect(problems, () => loadProductFamilyTable(files));
}

function hostKeyWarnings(config: IbsightConfig, inventory: Inventory, entries: KnownHostEntry[] | null, warnings: string[]): void {
  const { knownHosts: file, hostKeyPolicy: policy } = config.ssh;
  if (policy === 'off') {
    warnings.push('ssh.hostKeyPolicy is off: host keys are not verified (anyone on the path can pose as a device)');
    return;
  }
  if (policy !== 'strict' || inventory.devices.length === 0) return;
  if (entries === null) {
    warnings.push(`ssh.knownHosts ${file} does not exist: with hostKeyPolicy strict every device fails with HOST_KEY_UNKNOWN until its key is recorded there`);
    return;
  }
  if (inventory.devices.length * Math.max(entries.length, 1) > MAX_HOST_KEY_LOOKUPS) return;
  const missing = inventory.devices.filter((d) => findHostEntries(entries, d.host, d.port).length === 0);
  if (missing.length === 0) return;
  const examples = missing.slice(0, 5).map((d) => d.name).join(', ');
  warnings.push(
    `${missing.length} of ${inventory.devices.length} devices have no host key in ${file} (e.g. ${examples}): ` +
      'with hostKeyPolicy strict they fail with HOST_KEY_UNKNOWN',
  );
}

function influxSecret(config: IbsightConfig, env: NodeJS.ProcessEnv, logger: Logger, warnings: string[]): void {
  const influx = config.influx;
  const ref = influx === null ? null : influx.version === 2 ? influx.token : influx.password;
  if (ref === null || influx === null) return;
  resolveSecret(ref, {
    keyPath: influx.version === 2 ? 'influx.token' : 'influx.password',
    source: config.file ?? 'built-in defaults',
    env,
    logger,
    warnings,
  });
}

export function checkConfig(options: ConfigCheckOptions = {}): ConfigCheckSummary {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const logger = options.logger ?? log();
  const config = loadConfig({ ...(options.configFile !== undefined ? { file: options.configFile } : {}), env, cwd });
  const inventoryLabel = options.inventoryFile ?? config.inventory;
  const inventory = loadInventory(inventoryLabel, { cwd });
  const warnings: string[] = [];
  const problems: IbsightError[] = [];

  for (const [name, credential] of Object.entries(inventory.credentials)) {
    collect(problems, () => resolveCredential(name, credential, { source: inventoryLabel, env, logger, warnings }));
  }
  collect(problems, () => influxSecret(config, env, logger, warnings));
  checkSkuFamilies(config, problems);
  const entries = readKnownHosts(config, problems);
  if (problems.length > 0) {
    throw new IbsightError('CONFIG_INVALID', problems.map((p) => p.message).join('; '), {
      cause: problems[0],
      context: { ...problems[0]!.context, problems: problems.length },
    });
  }

  const loggedAlready = warnings.length; // secret-file and agent warnings were logged where they arose
  hostKeyWarnings(config, inventory, entries, warnings);
  const used = new Set(inventory.devices.map((d) => d.credentials));
  const names = Object.keys(inventory.credentials);
  for (const name of names.filter((n) => !used.has(n))) warnings.push(`credentials.${name} is not used by any device`);
  if (inventory.devices.length === 0) warnings.push(`${inventoryLabel} lists no devices`);
  for (const warning of warnings.slice(loggedAlready)) logger.warn(warning);

  return {
    config: config.file,
    inventory: inventory.file,
    devices: inventory.devices.length,
    sites: inventory.sites.length,
    credentials: names,
    warnings,
  };
}
