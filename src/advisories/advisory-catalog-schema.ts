/**
 * The schema of our own advisory catalog (YAML; format and semantics in docs/advisories.md). One
 * catalog entry mirrors a CVE record's facts: id, title, severity/CVSS, JSA and PRs, and
 * `affected[]` product blocks with platforms and `versions[]` written with the CVE keys
 * (`version`, `lessThan`, `lessThanOrEqual`, `status`) and the same range semantics; plus an
 * optional `config` condition (set-line patterns). Strict: an unknown key is an error naming it.
 *
 * Versions must be YAML strings: unquoted 21.10 is the number 21.1. Only the number 0 is accepted
 * bare (as "0", no lower bound).
 */
import { z } from 'zod';
import { ADVISORY_SEVERITIES } from './advisory-types.js';
import { bool, listOf, mapping, matching, oneOf, text } from '../config/schema-fields.js';

export const MAX_CATALOG_ENTRIES = 10000;
export const MAX_CONFIG_PATTERNS = 50;

const VERSION_ERROR = 'expected a version or train as a quoted string ("21.2", "22.4R3-S2"); YAML reads an unquoted 21.10 as the number 21.1';

const versionString = z.union([z.string({ error: VERSION_ERROR }).trim().min(1, { error: VERSION_ERROR }).max(200), z.literal(0).transform(() => '0')], {
  error: VERSION_ERROR,
});

export const catalogRangeSchema = mapping({
  version: versionString,
  lessThan: z.union([versionString, listOf(versionString, 'versions').min(1).max(20)], { error: VERSION_ERROR }).optional(),
  lessThanOrEqual: versionString.optional(),
  status: oneOf(['affected', 'unaffected']).default('affected'),
});

export const catalogScopeSchema = mapping({
  product: oneOf(['junos', 'junos-evolved']).default('junos'),
  platforms: listOf(text('a platform such as "SRX Series" or "MX304"').max(200), 'platforms').max(100).default([]),
  defaultStatus: oneOf(['affected', 'unaffected', 'unknown']).default('unaffected'),
  versions: listOf(catalogRangeSchema, 'version ranges').min(1, { error: 'expected at least one version range' }).max(500),
});

const cvssVersion = z.union([oneOf(['3.0', '3.1', '4.0']), z.number().transform((n, ctx) => {
  const v = n.toFixed(1);
  if (v !== '3.0' && v !== '3.1' && v !== '4.0') {
    ctx.addIssue({ code: 'custom', message: 'expected a CVSS version 3.0, 3.1 or 4.0' });
    return z.NEVER;
  }
  return v;
})], { error: 'expected a CVSS version 3.0, 3.1 or 4.0' });

const configPattern = matching(/^set\s+\S.{0,498}$/, 'a set-line pattern starting with "set " (at most 500 characters)');

export const catalogConfigSchema = mapping({
  anyOf: listOf(configPattern, 'set-line patterns').min(1).max(MAX_CONFIG_PATTERNS).optional(),
  allOf: listOf(configPattern, 'set-line patterns').min(1).max(MAX_CONFIG_PATTERNS).optional(),
}).refine((c) => (c.anyOf === undefined) !== (c.allOf === undefined), { error: 'expected exactly one of anyOf, allOf', params: { noValue: true } });

export const catalogEntrySchema = mapping({
  id: matching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'an id of letters, digits, ".", "_", ":" or "-" (at most 64), e.g. CVE-2024-21591 or TSB-2023-JWEB'),
  title: text('a title').max(300),
  description: text('a description').max(2000).optional(),
  severity: oneOf(ADVISORY_SEVERITIES as unknown as readonly ['critical', ...string[]]).optional(),
  cvss: mapping({
    version: cvssVersion,
    score: z.number({ error: 'expected a score from 0 to 10' }).min(0).max(10),
    vector: text('a CVSS vector').max(300).optional(),
  }).optional(),
  kev: bool().default(false),
  jsa: matching(/^JSA\d{1,8}$/, 'a Juniper advisory id such as JSA75729').optional(),
  prs: listOf(z.union([matching(/^(?:PR)?\d{1,12}$/, 'a PR number'), z.int().positive()]), 'PR numbers').max(100).default([]),
  url: matching(/^https?:\/\/\S{1,490}$/, 'an http(s) URL').optional(),
  published: text('a date such as "2024-01-12"').max(40).optional(),
  affected: listOf(catalogScopeSchema, 'product blocks').min(1, { error: 'expected at least one product block' }).max(20),
  config: catalogConfigSchema.optional(),
});

export type CatalogEntry = z.output<typeof catalogEntrySchema>;

export const catalogFileSchema = mapping({
  advisories: listOf(z.unknown(), 'advisories').max(MAX_CATALOG_ENTRIES),
});
