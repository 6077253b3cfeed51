/**
 * The schema of the configuration file (SPEC §3) and its built-in defaults: the source of truth
 * for which keys exist and what they may hold. Every mapping is strict (an unknown key is an
 * error). A key left out takes its default; so does a section left empty (`ssh:`).
 * `influx` is the 1.x shape `{url, database, username, password}` unless it names `org`,
 * `bucket` or `token`, which makes it the 2.x/3.x shape `{url, org, bucket, token}`; null
 * turns InfluxDB output off. config/ibsight.example.yaml shows the same defaults (a test keeps
 * them equal).
 */
import { z } from 'zod';
import { collectorNames } from '../../collectors/index.js';
import { FINDING_MILESTONES, type LifecycleMilestone } from '../lifecycle/lifecycle-types.js';
import type { ProxyJump } from './config-types.js';
import { bool, cronExpression, intIn, listenAddress, listOf, mapping, oneOf, text } from './schema-fields.js';
import { secretRefSchema } from './secret-ref.js';
import { smtpSchema, webhookSchema } from './delivery-schema.js';

export const COMPONENT_KINDS = [
  'chassis', 'midplane', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'transceiver', 'power', 'fan', 'other',
] as const;

export const HOST_KEY_POLICIES = ['strict', 'accept-new', 'off'] as const;

/** The built-in defaults, written as they would be in a file (relative paths). */
export const DEFAULT_CONFIG_DOCUMENT = {
  storage: { sqlite: './ibsight-data/ibsight.db', retainDays: 730 },
  ssh: { knownHosts: './ibsight-data/known_hosts', hostKeyPolicy: 'strict', legacyAlgorithms: false, proxyJump: null },
  collection: { concurrency: 200, connectTimeoutMs: 15000, rpcTimeoutMs: 60000, retries: 1, collectors: 'all' },
  inventory: './inventory.yaml',
  reconcile: { kinds: ['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan'], expiringDays: 90, skuFamilies: [] },
  lifecycle: { horizonMonths: 12, milestoneHorizonMonths: {} },
  influx: { url: 'http://127.0.0.1:8086', database: 'ibsight', username: null, password: null },
  spool: './ibsight-data/spool',
  spoolMaxMiB: 512,
  agent: { listen: '127.0.0.1:9108', timezone: null, shutdownGraceMs: 60000 },
  schedules: { collect: '0 */6 * * *', reconcile: '30 */6 * * *', exposure: '40 */6 * * *', reports: '0 7 * * 1' },
  delivery: { dir: './ibsight-reports', smtp: null, webhook: null },
} as const;

const D = DEFAULT_CONFIG_DOCUMENT;

/** `[user@]host[:port]`, host may be `[v6]`; the port defaults to 22. A string is the problem. */
export function parseProxyJump(value: string): ProxyJump | string {
  const match = /^(?:([^@\s:/]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(value);
  const port = match?.[3] === undefined ? 22 : Number(match[3]);
  if (!match || port < 1 || port > 65535) return 'expected user@host:port (user and :port optional, IPv6 as [addr])';
  const host = match[2]!.startsWith('[') ? match[2]!.slice(1, -1) : match[2]!;
  return { username: match[1] ?? null, host, port };
}

function proxyJumpField() {
  return z
    .string({ error: 'expected user@host:port or null' })
    .superRefine((value, ctx) => {
      const parsed = parseProxyJump(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .nullable();
}

function collectorsField() {
  const names = collectorNames() as [string, ...string[]];
  const expected = `expected all or a list of collector names (${names.join(', ')})`;
  const list = listOf(oneOf(names), 'collector names').min(1, { error: expected });
  return z.unknown().transform((value, ctx): 'all' | string[] => {
    if (value === 'all') return 'all';
    const parsed = list.safeParse(value);
    if (parsed.success) return [...new Set(parsed.data)];
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: Array.isArray(value) ? issue.message : expected, path: issue.path });
    }
    return z.NEVER;
  });
}

/** `{ endOfSupport: 24, eolAnnounced: 0 }`: months per milestone name (an unknown name is an error naming it). */
function milestoneHorizonsField() {
  const months = () => intIn(0, 240).optional();
  const shape = Object.fromEntries(FINDING_MILESTONES.map((m) => [m, months()])) as Record<LifecycleMilestone, ReturnType<typeof months>>;
  return mapping(shape).default(() => ({}));
}

function httpUrl() {
  const error = 'expected an http:// or https:// URL';
  return z.string({ error }).refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { error });
}

export const influxV1Schema = mapping({
  url: httpUrl().default(D.influx.url),
  database: text('a database name').default(D.influx.database),
  username: text('a user name or null').nullable().default(null),
  password: secretRefSchema().nullable().default(null),
});

export const influxV2Schema = mapping({
  url: httpUrl().default(D.influx.url),
  org: text('an organisation name'),
  bucket: text('a bucket name'),
  token: secretRefSchema(),
});

/** Which influx shape a raw `influx:` mapping is written in. */
export function influxSchemaFor(raw: unknown): typeof influxV1Schema | typeof influxV2Schema {
  const isV2 = raw !== null && typeof raw === 'object' && ['org', 'bucket', 'token'].some((k) => k in raw);
  return isV2 ? influxV2Schema : influxV1Schema;
}

/** `127.0.0.1:PORT` or `[::1]:PORT` (a malformed value is reported by listenAddress alone). */
function loopbackListenAddress() {
  return listenAddress().refine(
    (value) => {
      const host = /^(\[[^\]]*\]|[^:]+):\d+$/.exec(value)?.[1];
      return host === undefined || host === '127.0.0.1' || host === '[::1]';
    },
    { error: 'expected a loopback address, 127.0.0.1:PORT or [::1]:PORT (the agent\'s /healthz and /metrics have no authentication)' },
  );
}

/** An IANA time zone name the runtime knows (Europe/Amsterdam, UTC). */
function timeZoneName() {
  const error = 'expected an IANA time zone name, e.g. Europe/Amsterdam or UTC';
  return z.string({ error }).refine((value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value.trim() !== '';
    } catch {
      return false;
    }
  }, { error });
}

const path = (what: string) => text(what);

export const configSchema = mapping({
  storage: mapping({
    sqlite: path('a path to the SQLite database file').default(D.storage.sqlite),
    retainDays: intIn(1, 36500).default(D.storage.retainDays),
  }).prefault({}),
  ssh: mapping({
    knownHosts: path('a path to an OpenSSH known_hosts file').default(D.ssh.knownHosts),
    hostKeyPolicy: oneOf(HOST_KEY_POLICIES).default(D.ssh.hostKeyPolicy),
    legacyAlgorithms: bool().default(D.ssh.legacyAlgorithms),
    proxyJump: proxyJumpField().default(D.ssh.proxyJump),
  }).prefault({}),
  collection: mapping({
    concurrency: intIn(1, 10000).default(D.collection.concurrency),
    connectTimeoutMs: intIn(100, 600_000).default(D.collection.connectTimeoutMs),
    rpcTimeoutMs: intIn(100, 3_600_000).default(D.collection.rpcTimeoutMs),
    retries: intIn(0, 10).default(D.collection.retries),
    collectors: collectorsField().default(D.collection.collectors),
  }).prefault({}),
  inventory: path('a path to the inventory file (YAML, or CSV by extension)').default(D.inventory),
  reconcile: mapping({
    kinds: listOf(oneOf(COMPONENT_KINDS), 'component kinds').default([...D.reconcile.kinds]),
    expiringDays: intIn(0, 3650).default(D.reconcile.expiringDays),
    /** Extra product-family tables, read after the shipped config/sku-families.yaml (src/analysis/sku-family-table.ts). */
    skuFamilies: listOf(path('a path to a product family table (YAML)'), 'paths to product family tables')
      .max(32, { error: 'expected at most 32 product family tables' })
      .default([]),
  }).prefault({}),
  lifecycle: mapping({
    horizonMonths: intIn(1, 240).default(D.lifecycle.horizonMonths),
    /** Per-milestone overrides of horizonMonths, keyed by milestone name; 0 = only milestones already passed. */
    milestoneHorizonMonths: milestoneHorizonsField(),
  }).prefault({}),
  /** Validated on its own (influxSchemaFor); null turns InfluxDB output off. */
  influx: z.unknown().optional(),
  spool: path('a path to the spool directory').default(D.spool),
  /** Bound of the spool per InfluxDB target (docs/influxdb.md): past it the oldest points are dropped, loudly. */
  spoolMaxMiB: intIn(1, 1024 * 1024).default(D.spoolMaxMiB),
  agent: mapping({
    /** Loopback only: /healthz and /metrics have no authentication (src/agent/http-server.ts checks again). */
    listen: loopbackListenAddress().default(D.agent.listen),
    /** IANA time zone of `schedules`; null = the system's. */
    timezone: timeZoneName().nullable().default(D.agent.timezone),
    /** On SIGTERM/SIGINT, how long running jobs may take to finish before the agent exits anyway. */
    shutdownGraceMs: intIn(0, 3_600_000).default(D.agent.shutdownGraceMs),
  }).prefault({}),
  schedules: mapping({
    collect: cronExpression().default(D.schedules.collect),
    reconcile: cronExpression().default(D.schedules.reconcile),
    exposure: cronExpression().default(D.schedules.exposure),
    reports: cronExpression().default(D.schedules.reports),
  }).prefault({}),
  delivery: mapping({
    dir: path('a path to the reports directory').default(D.delivery.dir),
    /** null (off) or the mapping of src/config/delivery-schema.ts; docs/delivery.md. */
    smtp: smtpSchema.nullable().default(null),
    webhook: webhookSchema.nullable().default(null),
  }).prefault({}),
});

export type ConfigDocument = z.output<typeof configSchema>;
