/**
 * Finding and loading the configuration (SPEC §1, §3). The file is, in this order: `--config FILE`;
 * else `./ibsight.yaml` when it exists; else the file named by `$IBSIGHT_CONFIG`; else none, and
 * the built-in defaults apply. A file that was asked for (by --config or $IBSIGHT_CONFIG) must
 * exist. Relative paths in a file resolve against that file's directory; the defaults resolve
 * against the current directory. Errors are CONFIG_INVALID naming the file and key path.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CollectorName } from '../../collectors/collector.js';
import { configError, issuesFromZod, type ConfigIssue } from './validation-issues.js';
import type { IbsightConfig, InfluxConfig } from './config-types.js';
import { resolveConfigPath } from './config-paths.js';
import { configSchema, DEFAULT_CONFIG_DOCUMENT, influxSchemaFor, parseProxyJump, type ConfigDocument } from './config-schema.js';
import { absoluteSecretRef } from './secret-ref.js';
import { deliveryFromDocument } from './delivery-schema.js';
import { dropNullSections, readYamlFile, type SourceFile } from './yaml-source.js';

export const DEFAULT_CONFIG_NAME = 'ibsight.yaml';
export const CONFIG_ENV = 'IBSIGHT_CONFIG';
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  /** `--config FILE` (relative to cwd). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Directory for `./ibsight.yaml` and for the defaults' relative paths; default process.cwd(). */
  cwd?: string;
}

/** Which file the options select, or null for the built-in defaults. */
export function locateConfig(options: LoadConfigOptions = {}): SourceFile | null {
  const cwd = options.cwd ?? process.cwd();
  if (options.file !== undefined && options.file !== '') return { label: options.file, file: resolve(cwd, options.file) };
  const local = resolve(cwd, DEFAULT_CONFIG_NAME);
  if (existsSync(local) && statSync(local).isFile()) return { label: DEFAULT_CONFIG_NAME, file: local };
  const fromEnv = (options.env ?? process.env)[CONFIG_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { label: fromEnv, file: resolve(cwd, fromEnv) };
  return null;
}

function influxConfig(raw: unknown, baseDir: string, issues: ConfigIssue[]): InfluxConfig | null {
  if (raw === null) return null;
  const value = raw === undefined ? {} : raw;
  const schema = influxSchemaFor(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error, value, schema, ['influx']));
    return null;
  }
  const data = parsed.data;
  if ('token' in data) return { version: 2, url: data.url, org: data.org, bucket: data.bucket, token: absoluteSecretRef(data.token, baseDir) };
  return {
    version: 1,
    url: data.url,
    database: data.database,
    username: data.username,
    password: data.password === null ? null : absoluteSecretRef(data.password, baseDir),
  };
}

function toConfig(data: ConfigDocument, influx: InfluxConfig | null, file: string | null, baseDir: string): IbsightConfig {
  const at = (path: string): string => resolveConfigPath(baseDir, path);
  const proxyJump = data.ssh.proxyJump === null ? null : parseProxyJump(data.ssh.proxyJump);
  return {
    file,
    storage: { sqlite: at(data.storage.sqlite), retainDays: data.storage.retainDays },
    ssh: {
      knownHosts: at(data.ssh.knownHosts),
      hostKeyPolicy: data.ssh.hostKeyPolicy,
      legacyAlgorithms: data.ssh.legacyAlgorithms,
      proxyJump: typeof proxyJump === 'string' ? null : proxyJump,
    },
    collection: {
      concurrency: data.collection.concurrency,
      connectTimeoutMs: data.collection.connectTimeoutMs,
      rpcTimeoutMs: data.collection.rpcTimeoutMs,
      retries: data.collection.retries,
      collectors: data.collection.collectors === 'all' ? 'all' : (data.collection.collectors as CollectorName[]),
    },
    inventory: at(data.inventory),
    reconcile: {
      kinds: [...data.reconcile.kinds],
      expiringDays: data.reconcile.expiringDays,
      skuFamilies: data.reconcile.skuFamilies.map(at),
    },
    lifecycle: { horizonMonths: data.lifecycle.horizonMonths, milestoneHorizonMonths: { ...data.lifecycle.milestoneHorizonMonths } },
    influx,
    spool: at(data.spool),
    spoolMaxMiB: data.spoolMaxMiB,
    agent: { ...data.agent },
    schedules: { ...data.schedules },
    delivery: deliveryFromDocument(data.delivery, at, baseDir),
  };
}

/**
 * Validates a parsed configuration document (null: an empty file) and applies the defaults.
 * `source` names the file in messages (null for the built-in defaults); `baseDir` resolves paths.
 */
export function configFromDocument(doc: unknown, source: SourceFile | null, baseDir: string): IbsightConfig {
  const label = source?.label ?? 'built-in defaults';
  const raw = dropNullSections(doc ?? {}, ['influx']);
  const parsed = configSchema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success ? [] : issuesFromZod(parsed.error, raw, configSchema);
  const influxRaw = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).influx : undefined;
  const influx = influxConfig(influxRaw, baseDir, issues);
  if (!parsed.success || issues.length > 0) throw configError(label, source?.file ?? null, issues);
  return toConfig(parsed.data, influx, source?.file ?? null, baseDir);
}

/** The built-in defaults, paths resolved against `cwd`. */
export function defaultConfig(cwd: string = process.cwd()): IbsightConfig {
  return configFromDocument(DEFAULT_CONFIG_DOCUMENT, null, cwd);
}

/** Loads the configuration the options select (see the file header for the order). */
export function loadConfig(options: LoadConfigOptions = {}): IbsightConfig {
  const source = locateConfig(options);
  if (source === null) return defaultConfig(options.cwd ?? process.cwd());
  const doc = readYamlFile(source, 'configuration file', MAX_CONFIG_BYTES);
  return configFromDocument(doc, source, dirname(source.file));
}
