/**
 * Product-family knowledge for the reconciliation (SPEC §5 `product-mismatch`): which base model
 * family an installed-base SKU, or a model number, part number or description that a device
 * reported, belongs to — `MX960BASE3-AC-ECM`, `MX960-PREMIUM3-AC` and the chassis description
 * `MX960` are all family MX960 — and whether an SKU really contradicts what a device reported.
 * The table itself is data (config/sku-families.yaml plus user files, read by
 * sku-family-table.ts); this file only matches.
 *
 * Matching rules:
 *  - Patterns are case-insensitive globs over the whole text: `*` any run of characters, `?` one
 *    character, everything else literal. Text is trimmed and compared upper-case.
 *  - A text is first matched whole against every pattern (SKU and model patterns alike: an SKU is
 *    often just the model number). When nothing matches it is split into tokens (at spaces and
 *    `[ ] ( ) , ; /`) and each token is matched against the model patterns, so the description
 *    `Enhanced MX960 Backplane` or `JNP10001-36MR [PTX10001-36MR]` still finds its family.
 *  - When patterns of several families match, the pattern with the most literal (non-wildcard)
 *    characters wins; on a tie the pattern defined later wins (user files load after the shipped
 *    one, so they override it).
 *  - Unknown is never a contradiction: an SKU without a known family, or a serial for which the
 *    device reported nothing with a known family, is not a mismatch. Neither is an SKU equal
 *    (case-insensitively) to a model number, part number or description the device reported.
 *    Only when every reported text with a known family names another family than the SKU's is
 *    there a contradiction.
 * Results of familyOf are memoised per table (bounded): inventories repeat the same few thousand
 * texts, so a million-record reconciliation matches each distinct text once.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';

/** One family as the table files define it (after merging the files). */
export interface ProductFamilyDefinition {
  /** Display name, e.g. `MX960`. Compared case-insensitively. */
  family: string;
  /** The component kinds this family's serials appear as (RMA pairing checks them); null: any. */
  kinds: readonly ComponentKind[] | null;
  /** Glob patterns for installed-base SKUs (commercial bundles such as `MX960BASE*`). */
  skus: readonly string[];
  /** Glob patterns for what devices report: model numbers, part numbers, descriptions (or a token of one). */
  models: readonly string[];
}

/** What a device reported for a serial (one component; a serial may be on several). */
export interface ReportedProduct {
  device: string;
  path: readonly string[];
  modelNumber: string | null;
  partNumber: string | null;
  description: string | null;
}

export type ReportedField = 'model' | 'part number' | 'description';

/** One reported text with the family it belongs to. */
export interface ReportedFamily {
  component: ReportedProduct;
  field: ReportedField;
  text: string;
  family: string;
}

/** How an SKU compares with what a device reported for the same serial. */
export type ProductComparison =
  | { verdict: 'no-sku' }
  | { verdict: 'same-number'; field: ReportedField; text: string }
  | { verdict: 'unknown-sku' }
  | { verdict: 'unknown-reported'; skuFamily: string }
  | { verdict: 'same-family'; skuFamily: string; agreeing: ReportedFamily }
  | { verdict: 'contradiction'; skuFamily: string; reported: ReportedFamily[]; reason: string };

interface CompiledPattern {
  family: ProductFamilyDefinition;
  regex: RegExp;
  /** Non-wildcard characters: the more, the more specific. */
  literalChars: number;
  /** Definition order (later wins a tie). */
  order: number;
}

const TOKEN_SEPARATORS = /[\s[\](),;/]+/;
const MEMO_LIMIT = 200_000;
const FIELDS: readonly [ReportedField, 'modelNumber' | 'partNumber' | 'description'][] = [
  ['model', 'modelNumber'],
  ['part number', 'partNumber'],
  ['description', 'description'],
];

/** A glob (`*`, `?`) as an anchored, case-insensitive regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern.trim().toUpperCase()) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** Characters of a pattern that are not wildcards. */
export function literalCharacters(pattern: string): number {
  let n = 0;
  for (const ch of pattern.trim()) if (ch !== '*' && ch !== '?') n++;
  return n;
}

function better(candidate: CompiledPattern, best: CompiledPattern | null): boolean {
  if (best === null) return true;
  if (candidate.literalChars !== best.literalChars) return candidate.literalChars > best.literalChars;
  return candidate.order > best.order;
}

function bestMatch(text: string, patterns: readonly CompiledPattern[], best: CompiledPattern | null): CompiledPattern | null {
  let result = best;
  for (const p of patterns) if (better(p, result) && p.regex.test(text)) result = p;
  return result;
}

export class ProductFamilyTable {
  readonly families: readonly ProductFamilyDefinition[];
  private readonly all: CompiledPattern[] = [];
  private readonly models: CompiledPattern[] = [];
  private readonly byName = new Map<string, ProductFamilyDefinition>();
  private readonly memo = new Map<string, string | null>();

  /** `families` in definition order (later definitions win ties). */
  constructor(families: readonly ProductFamilyDefinition[]) {
    this.families = families;
    let order = 0;
    for (const family of families) {
      this.byName.set(family.family.toUpperCase(), family);
      for (const pattern of family.skus) {
        this.all.push({ family, regex: globToRegExp(pattern), literalChars: literalCharacters(pattern), order: order++ });
      }
      for (const pattern of family.models) {
        const compiled = { family, regex: globToRegExp(pattern), literalChars: literalCharacters(pattern), order: order++ };
        this.all.push(compiled);
        this.models.push(compiled);
      }
    }
  }

  /** The definition of a family by name (case-insensitive), or null. */
  family(name: string): ProductFamilyDefinition | null {
    return this.byName.get(name.toUpperCase()) ?? null;
  }

  /** The family of an SKU, model number, part number or description; null when unknown. */
  familyOf(text: string | null): string | null {
    if (text === null) return null;
    const upper = text.trim().toUpperCase();
    if (upper === '') return null;
    const known = this.memo.get(upper);
    if (known !== undefined) return known;
    let best = bestMatch(upper, this.all, null);
    if (best === null) {
      for (const token of upper.split(TOKEN_SEPARATORS)) {
        if (token !== '' && token !== upper) best = bestMatch(token, this.models, best);
      }
    }
    const family = best === null ? null : best.family.family;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(upper, family);
    return family;
  }

  /** Every reported text (model, part number, description) of `components` that has a known family. */
  reportedFamilies(components: readonly ReportedProduct[]): ReportedFamily[] {
    const out: ReportedFamily[] = [];
    for (const component of components) {
      const seen = new Set<string>();
      for (const [field, key] of FIELDS) {
        const text = component[key];
        if (text === null || seen.has(text.trim().toUpperCase())) continue;
        seen.add(text.trim().toUpperCase());
        const family = this.familyOf(text);
        if (family !== null) out.push({ component, field, text: text.trim(), family });
      }
    }
    return out;
  }

  /** Compares an installed-base SKU with what the device reported for that serial (see the header). */
  compareProduct(sku: string | null, components: readonly ReportedProduct[]): ProductComparison {
    const wanted = sku?.trim().toUpperCase() ?? '';
    if (wanted === '') return { verdict: 'no-sku' };
    for (const component of components) {
      for (const [field, key] of FIELDS) {
        const text = component[key];
        if (text !== null && text.trim().toUpperCase() === wanted) return { verdict: 'same-number', field, text: text.trim() };
      }
    }
    const skuFamily = this.familyOf(wanted);
    if (skuFamily === null) return { verdict: 'unknown-sku' };
    const reported = this.reportedFamilies(components);
    if (reported.length === 0) return { verdict: 'unknown-reported', skuFamily };
    const agreeing = reported.find((r) => r.family.toUpperCase() === skuFamily.toUpperCase());
    if (agreeing !== undefined) return { verdict: 'same-family', skuFamily, agreeing };
    return { verdict: 'contradiction', skuFamily, reported, reason: contradictionReason(sku!.trim(), skuFamily, reported) };
  }

  /** Why `sku` contradicts what the device reported (one sentence), or null when it does not. */
  productContradiction(sku: string | null, components: readonly ReportedProduct[]): string | null {
    const comparison = this.compareProduct(sku, components);
    return comparison.verdict === 'contradiction' ? comparison.reason : null;
  }
}

/** `model MX480`, `description Enhanced MX480 Midplane (family MX480)`. */
export function describeReported(r: ReportedFamily): string {
  const suffix = r.text.toUpperCase() === r.family.toUpperCase() ? '' : ` (family ${r.family})`;
  return `${r.field} ${r.text}${suffix}`;
}

/** `mx1 Chassis`, `ex1 FPC 1 / PIC 0`. */
export function componentPlace(component: Pick<ReportedProduct, 'device' | 'path'>): string {
  const where = component.path.length > 0 ? component.path.join(' / ') : '(no name)';
  return `${component.device} ${where}`;
}

/** "SKU MX960BASE3-AC-ECM (family MX960) contradicts description MX480 reported by mx1 Chassis". */
function contradictionReason(sku: string, skuFamily: string, reported: readonly ReportedFamily[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < reported.length) {
    const component = reported[i]!.component;
    const texts: string[] = [];
    while (i < reported.length && reported[i]!.component === component) texts.push(describeReported(reported[i++]!));
    parts.push(`${texts.join(' and ')} reported by ${componentPlace(component)}`);
  }
  return `SKU ${sku} (family ${skuFamily}) contradicts ${parts.join('; ')}`;
}
