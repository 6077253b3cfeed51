/**
 * The inventory's parts (SPEC §3) and the checks across them, shared by the YAML and CSV forms:
 *  - `sites` is optional. When present it is the list of sites, and every device's site must be
 *    in it (a mistyped site id is an error, not a new site). When absent, the sites are the ids
 *    the devices name, without names.
 *  - `credentials`: name → { username, password, privateKey, passphrase, agent, keyboardInteractive };
 *    at least one of password, privateKey or agent; secrets as env:/file: references only.
 *  - `devices`: unique names, port default 830, credentials must name an entry of `credentials`.
 */
import { z } from 'zod';
import type { Credential, InventoryDevice, SecretRef, Site } from './config-types.js';
import type { ConfigIssue } from './validation-issues.js';
import { bool, hostName, intIn, listOf, mapping, matching, NAME_PATTERN, NAME_WORDS, siteId, text } from './schema-fields.js';
import { absoluteSecretRef, secretRefSchema } from './secret-ref.js';

export const DEFAULT_NETCONF_PORT = 830;

export const siteSchema = mapping({
  id: siteId(),
  name: text('a site name or null').nullable().default(null),
});

export const credentialSchema = mapping({
  username: text('a user name'),
  password: secretRefSchema().nullable().default(null),
  privateKey: secretRefSchema(['file']).nullable().default(null),
  passphrase: secretRefSchema().nullable().default(null),
  agent: bool().default(false),
  keyboardInteractive: bool().default(false),
}).superRefine((c, ctx) => {
  const noValue = { noValue: true };
  if (c.password === null && c.privateKey === null && !c.agent) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one of password, privateKey or agent: true', params: noValue });
  }
  if (c.keyboardInteractive && c.password === null) {
    ctx.addIssue({ code: 'custom', path: ['keyboardInteractive'], message: 'needs a password (it answers the prompts)', params: noValue });
  }
  if (c.passphrase !== null && c.privateKey === null) {
    ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is only used with privateKey', params: noValue });
  }
});

export const credentialsSchema = z.record(matching(NAME_PATTERN, `a credentials name ${NAME_WORDS}`), credentialSchema, {
  error: 'expected a mapping of credentials by name',
});

export const deviceSchema = mapping({
  name: matching(NAME_PATTERN, `a device name ${NAME_WORDS}`),
  host: hostName(),
  port: intIn(1, 65535).default(DEFAULT_NETCONF_PORT),
  site: siteId().nullable().default(null),
  credentials: text('the name of an entry under credentials'),
});

/** A YAML inventory file. */
export const inventorySchema = mapping({
  sites: listOf(siteSchema, 'sites').optional(),
  credentials: credentialsSchema.default({}),
  devices: listOf(deviceSchema, 'devices').default([]),
});

/** The YAML file beside a CSV inventory: its credentials (and optionally its sites). */
export const csvCompanionSchema = mapping({
  sites: listOf(siteSchema, 'sites').optional(),
  credentials: credentialsSchema,
});

/** A device with where it was written: `devices[3]` (YAML) or a CSV line. */
export interface PlacedDevice {
  device: InventoryDevice;
  /** Key path prefix of a YAML device (`devices[3]`). */
  keyPath?: string;
  /** Line of a CSV device. */
  line?: number;
}

type ParsedCredential = z.output<typeof credentialSchema>;

export function toCredential(c: ParsedCredential, baseDir: string): Credential {
  const ref = (value: SecretRef | null): SecretRef | null => (value === null ? null : absoluteSecretRef(value, baseDir));
  return {
    username: c.username,
    password: ref(c.password),
    privateKey: ref(c.privateKey),
    passphrase: ref(c.passphrase),
    agent: c.agent,
    keyboardInteractive: c.keyboardInteractive,
  };
}

/** Credentials by name, `file:` references made absolute against `baseDir`. */
export function credentialsFrom(parsed: Record<string, ParsedCredential>, baseDir: string): Record<string, Credential> {
  const out: Record<string, Credential> = {};
  for (const [name, credential] of Object.entries(parsed)) out[name] = toCredential(credential, baseDir);
  return out;
}

function issueAt(placed: PlacedDevice, field: string, message: string): ConfigIssue {
  if (placed.line !== undefined) return { line: placed.line, keyPath: field, message };
  return { keyPath: `${placed.keyPath ?? 'devices'}.${field}`, message };
}

function whereOf(placed: PlacedDevice): string {
  return placed.line !== undefined ? `line ${placed.line}` : (placed.keyPath ?? 'devices');
}

function listed(values: readonly string[]): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, 10).join(', ');
  return values.length > 10 ? `${shown}, ... (${values.length} in all)` : shown;
}

/** Site ids listed twice under `sites` (key paths `sites[i].id`). */
export function duplicateSiteIssues(sites: readonly Site[]): ConfigIssue[] {
  const ids = new Set<string>();
  const issues: ConfigIssue[] = [];
  sites.forEach((site, index) => {
    if (ids.has(site.id)) issues.push({ keyPath: `sites[${index}].id`, message: `site id "${site.id}" is listed twice` });
    ids.add(site.id);
  });
  return issues;
}

/**
 * The checks across sites, credentials and devices; returns the inventory's sites (the listed
 * ones, or those the devices name) and appends problems to `issues`. `sitesName` says where the
 * sites are listed, for messages ("sites", "sites of devices.credentials.yaml").
 */
export function crossCheck(
  listedSites: readonly Site[] | undefined,
  sitesName: string,
  credentialNames: readonly string[],
  devices: readonly PlacedDevice[],
  issues: ConfigIssue[],
): Site[] {
  const siteIds = new Set((listedSites ?? []).map((site) => site.id));
  const sites: Site[] = listedSites ? [...listedSites] : [];
  const seen = new Map<string, PlacedDevice>();
  const credentials = new Set(credentialNames);
  for (const placed of devices) {
    const { device } = placed;
    const earlier = seen.get(device.name);
    if (earlier) issues.push(issueAt(placed, 'name', `device name "${device.name}" is already used at ${whereOf(earlier)}`));
    else seen.set(device.name, placed);
    if (!credentials.has(device.credentials)) {
      issues.push(issueAt(placed, 'credentials', `no credentials named "${device.credentials}" (defined: ${listed(credentialNames)})`));
    }
    if (device.site === null || siteIds.has(device.site)) continue;
    if (listedSites) {
      issues.push(issueAt(placed, 'site', `site "${device.site}" is not listed under ${sitesName} (listed: ${listed([...siteIds])})`));
    } else {
      siteIds.add(device.site);
      sites.push({ id: device.site, name: null });
    }
  }
  return sites;
}
