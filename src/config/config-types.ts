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
  /** Bound of the spool per InfluxDB target, in MiB. */
  spoolMaxMiB: number;
  agent: AgentConfig;
  schedules: { collect: string; reconcile: string; exposure: string; reports: string };
  delivery: DeliveryConfig;
}

/** `ibsight agent` (docs/agent.md). */
export interface AgentConfig {
  /** `127.0.0.1:PORT` or `[::1]:PORT`: the /healthz and /metrics endpoints. */
  listen: string;
  /** IANA time zone of the schedules; null = the system's. */
  timezone: string | null;
  /** On SIGTERM/SIGINT, how long running jobs may take to finish (ms) before the agent exits anyway. */
  shutdownGraceMs: number;
}

/** Report delivery (docs/delivery.md): the directory always; e-mail and a webhook when set (null = off). */
export interface DeliveryConfig {
  dir: string;
  smtp: SmtpDeliveryConfig | null;
  webhook: WebhookDeliveryConfig | null;
}

/** starttls: plain connection upgraded by STARTTLS, which must be offered; tls: TLS from the first byte; none: loopback only. */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpDeliveryConfig {
  host: string;
  /** Filled in from `secure` when left out: 587 starttls, 465 tls, 25 none. */
  port: number;
  secure: SmtpSecurity;
  username: string | null;
  password: SecretRef | null;
  from: string;
  to: string[];
  subjectPrefix: string;
  /** Report formats attached (by file extension); the others are listed by path. */
  attach: Array<'html' | 'csv' | 'json'>;
  /** Total size of the attachments of one message; reports beyond it are listed by path instead. */
  maxAttachmentBytes: number;
  /** Connect, greeting and per-step inactivity limit; the whole send is bounded by 10 times this. */
  timeoutMs: number;
}

export interface WebhookDeliveryConfig {
  /** An http(s) URL, or a secret reference holding one (for URLs that embed a token). */
  url: string;
  /** Header name → literal text or secret reference (credential-like names must be references). */
  headers: Record<string, string>;
  /** Per attempt. */
  timeoutMs: number;
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
