/**
 * Our own advisory catalog (YAML) → Advisories and warnings. For targeted bug notices and problem
 * reports Juniper publishes no CVE record for, and for CVEs we want to refine (a config condition).
 * Format and semantics: docs/advisories.md; example: config/advisories.example.yaml.
 *
 * Rules: at most MAX_CATALOG_BYTES; YAML with duplicate keys refused and alias expansion bounded
 * (src/config/yaml-source.ts; no custom tags); a file that is not YAML or has no `advisories:`
 * list throws naming the file (and line). Each entry is checked on its own: an entry with a
 * problem (an unknown key, a bound that is not a Junos version, a duplicate id) is a warning
 * naming the file, the id and the key path (`advisories[3].affected[0].versions[1].lessThan`),
 * and the other entries are still loaded.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { formatKeyPath, issuesFromZod } from '../config/validation-issues.js';
import { parseYamlText } from '../config/yaml-source.js';
import type { Advisory, AdvisoryWarning, PlatformRule, ProductScope, VersionRange } from './advisory-types.js';
import { catalogEntrySchema, catalogFileSchema, type CatalogEntry } from './advisory-catalog-schema.js';
import { severityFromScore } from './cve-metrics.js';
import { readPlatformPhrase } from './platform-phrase.js';
import { BoundError, rangeText, readLessThan, readLessThanOrEqual, readLowerBound } from './version-bound.js';

export const MAX_CATALOG_BYTES = 4 * 1024 * 1024;

export interface CatalogReading {
  advisories: Advisory[];
  warnings: AdvisoryWarning[];
}

/** A problem in one entry, at a key path: the entry is not loaded. */
class EntryProblem extends Error {
  constructor(
    readonly keyPath: string,
    message: string,
  ) {
    super(message);
  }
}

function entryId(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const id = (raw as Record<string, unknown>).id;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

function scopesOf(entry: CatalogEntry, at: string, warn: (where: string, message: string) => void): ProductScope[] {
  return entry.affected.map((block, i) => {
    const where = `${at}.affected[${i}]`;
    const platforms: PlatformRule[] = [];
    block.platforms.forEach((phrase, j) => {
      const reading = readPlatformPhrase(phrase, 'catalog');
      for (const term of reading.unrecognised) warn(`${where}.platforms[${j}]`, `platform "${term}" not understood; devices are reported as potentially affected`);
      platforms.push(...reading.rules);
    });
    const ranges: VersionRange[] = block.versions.map((v, j) => {
      const entry = `${where}.versions[${j}]`;
      let key = 'version';
      try {
        const from = readLowerBound(v.version, block.product);
        let to: VersionRange['to'] = { kind: 'only' };
        if (v.lessThan !== undefined) {
          key = 'lessThan';
          to = readLessThan(v.lessThan, block.product);
        } else if (v.lessThanOrEqual !== undefined) {
          key = 'lessThanOrEqual';
          to = readLessThanOrEqual(v.lessThanOrEqual, block.product);
        } else if (from.kind === 'none') {
          throw new BoundError('a range with no lower and no upper bound says nothing');
        }
        return { status: v.status, from, to, text: rangeText(from, to), entry };
      } catch (err) {
        if (err instanceof BoundError) throw new EntryProblem(`${entry}.${key}`, err.message);
        throw err;
      }
    });
    return { product: block.product, defaultStatus: block.defaultStatus, platforms, ranges, condition: null };
  });
}

function toAdvisory(entry: CatalogEntry, file: string, scopes: ProductScope[]): Advisory {
  const cvss = entry.cvss === undefined ? null : { version: entry.cvss.version as '3.0' | '3.1' | '4.0', score: entry.cvss.score, vector: entry.cvss.vector ?? null };
  const severity = (entry.severity as Advisory['severity'] | undefined) ?? (cvss !== null ? severityFromScore(cvss.score) : 'unknown');
  const condition = entry.config?.anyOf ?? entry.config?.allOf ?? null;
  return {
    id: entry.id,
    source: 'catalog',
    file,
    jsa: entry.jsa ?? null,
    prs: entry.prs.map((p) => String(p).replace(/^PR/, '')),
    title: entry.title.trim(),
    description: entry.description?.trim() ?? null,
    severity,
    cvss,
    kev: entry.kev,
    published: entry.published ?? null,
    url: entry.url ?? null,
    products: scopes,
    configCondition: condition === null ? null : condition.map((p) => p.replace(/\s+/g, ' ').trim()),
    configMatch: entry.config?.allOf !== undefined ? 'all' : 'any',
  };
}

/** Reads a catalog's text; `file` names it in warnings and errors. */
export function readAdvisoryCatalog(text: string, file: string): CatalogReading {
  if (text.length > MAX_CATALOG_BYTES) {
    throw new IbsightError('INPUT_INVALID', `${file}: ${text.length} characters; an advisory catalog may have at most ${MAX_CATALOG_BYTES}`, { context: { file } });
  }
  const doc = parseYamlText(text, { label: file, file });
  const top = catalogFileSchema.safeParse(doc);
  if (!top.success) {
    const issues = issuesFromZod(top.error, doc, catalogFileSchema);
    const text = issues.slice(0, 5).map((i) => `${i.keyPath ? `${i.keyPath}: ` : ''}${i.message}`);
    throw new IbsightError('INPUT_INVALID', `${file}: ${text.join('; ')} (an advisory catalog is a mapping with an "advisories:" list)`, {
      context: { file, keyPath: issues[0]?.keyPath ?? '' },
    });
  }
  const advisories: Advisory[] = [];
  const warnings: AdvisoryWarning[] = [];
  const seen = new Map<string, string>();
  top.data.advisories.forEach((raw, i) => {
    const at = formatKeyPath(['advisories', i]);
    const id = entryId(raw);
    const warn = (where: string, message: string): void => {
      warnings.push({ file, id, entry: where, message });
    };
    const parsed = catalogEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of issuesFromZod(parsed.error, raw, catalogEntrySchema, ['advisories', i])) warn(issue.keyPath ?? at, `${issue.message}; entry not loaded`);
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      warn(at, `id ${parsed.data.id} already used by ${first}; entry not loaded`);
      return;
    }
    try {
      const scopes = scopesOf(parsed.data, at, warn);
      advisories.push(toAdvisory(parsed.data, file, scopes));
      seen.set(parsed.data.id, at);
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      warn(err.keyPath, `${err.message}; entry not loaded`);
    }
  });
  return { advisories, warnings };
}
