/**
 * The loaded, validated configuration (SPEC §3) and inventory, as the rest of ibsight sees them.
 * The zod schemas in this folder are the source of truth for what a file may contain; these are
 * the shapes after validation, with defaults applied and relative paths resolved against the
 * directory of the file they came from. Secrets stay references until a connection needs them.
 */
import type { CollectorName } from '../../collectors/collector.js';
import type { LifecycleHorizon } from '../lifecycle/lifecycle-types.js';
import type { HostKeyPolicy } from '../netconf/session.js';

/** `env:NAME` or `file:PATH` (PATH absolute after loading). Never a literal secret. */
export type SecretRef = `env:${string}` | `file:${string}`;

export interface IbsightConfig {
  /** The file it was loaded from; null for built-in defaults. */
  file: string | null;
  storage: { sqlite: string; retainDays: number };
  ssh: { knownHosts: string; hostKeyPolicy: HostKeyPolicy; legacyAlgorithms: boolean; proxyJump: ProxyJump | null };
  collection: {
    concurrency: number;
    connectTimeoutMs: number;
    rpcTimeoutMs: number;
    retries: number;
    collectors: 'all' | CollectorName[];
  };
  /** Path of the inventory file (YAML, or CSV by extension). */
  inventory: string;
  /** `skuFamilies`: extra product-family tables (absolute paths), read after the shipped one. */
  reconcile: { kinds: string[]; expiringDays: number; skuFamilies: string[] };
  /** `milestoneHorizonMonths`: per-milestone overrides of horizonMonths (src/lifecycle/lifecycle-types.ts). */
  lifecycle: LifecycleHorizon;
  influx: InfluxConfig | null;
  spool: string;
  agent: { listen: string };
  schedules: { collect: string; reconcile: string; exposure: string; reports: string };
  delivery: { dir: string; smtp: unknown | null; webhook: unknown | null };
}

export interface ProxyJump {
  username: string | null;
  host: string;
  port: number;
}

export type InfluxConfig =
  | { version: 1; url: string; database: string; username: string | null; password: SecretRef | null }
  | { version: 2; url: string; org: string; bucket: string; token: SecretRef };

export interface Site {
  id: string;
  name: string | null;
}

export interface Credential {
  username: string;
  password: SecretRef | null;
  privateKey: SecretRef | null;
  passphrase: SecretRef | null;
  agent: boolean;
  keyboardInteractive: boolean;
}

export interface InventoryDevice {
  name: string;
  host: string;
  port: number;
  site: string | null;
  /** Key into `Inventory.credentials`. */
  credentials: string;
}

export interface Inventory {
  file: string;
  sites: Site[];
  credentials: Record<string, Credential>;
  devices: InventoryDevice[];
}
