/**
 * Loading the product-family tables (config/sku-families.yaml documents the format): the shipped
 * file, then the user's files from `reconcile.skuFamilies`, in order. A later entry naming a family
 * already defined (case-insensitively) adds its patterns to it and sets its kinds when given;
 * `replace: true` drops the earlier definition instead. A family touched by a later file moves to
 * the end of the table, so its patterns win ties against the families it was not compared with
 * before (product-family.ts: the most literal pattern wins, then the later one).
 *
 * Every file is YAML validated with zod (strict mappings: an unknown key is an error), bounded in
 * size, number of families and patterns, and read safely (yaml-source.ts: duplicate keys and alias
 * bombs refused). Problems are CONFIG_INVALID naming the file and the key path, e.g.
 * `my-skus.yaml: families[2].models[0]: expected a glob pattern ...`.
 */
import { z } from 'zod';
import { join, resolve } from 'node:path';
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';
import { COMPONENT_KINDS } from '../config/config-schema.js';
import { bool, listOf, mapping, matching, oneOf } from '../config/schema-fields.js';
import { configError, issuesFromZod, type ConfigIssue } from '../config/validation-issues.js';
import { readYamlFile, type SourceFile } from '../config/yaml-source.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { packageRoot } from '../sim/builtin-profile-dir.js';
import { literalCharacters, ProductFamilyTable, type ProductFamilyDefinition } from './product-family.js';

/** The table shipped with ibsight: `<package root>/config/sku-families.yaml`. */
export const SHIPPED_SKU_FAMILIES = join(packageRoot(), 'config', 'sku-families.yaml');

export const MAX_TABLE_FILES = 32;
export const MAX_TABLE_BYTES = 1024 * 1024;
export const MAX_FAMILIES_PER_FILE = 5000;
export const MAX_PATTERNS_PER_FAMILY = 200;
export const MAX_PATTERN_LENGTH = 80;
export const MIN_LITERAL_CHARACTERS = 3;

const PATTERN_WORDS =
  `a glob pattern (printable characters, at most ${MAX_PATTERN_LENGTH}, with at least ${MIN_LITERAL_CHARACTERS} that are not * or ?)`;

function pattern() {
  const error = `expected ${PATTERN_WORDS}`;
  return z.string({ error }).refine(
    (value) =>
      value.trim().length > 0 &&
      value.length <= MAX_PATTERN_LENGTH &&
      /^[\x20-\x7e]+$/.test(value) &&
      literalCharacters(value) >= MIN_LITERAL_CHARACTERS,
    { error },
  );
}

const familySchema = mapping({
  family: matching(/^[A-Za-z0-9][A-Za-z0-9 ._+/-]{0,63}$/, 'a family name: letters, digits, " ._+/-", at most 64, starting with a letter or digit'),
  kinds: listOf(oneOf(COMPONENT_KINDS), 'component kinds').min(1, { error: 'expected a non-empty list of component kinds' }).optional(),
  skus: listOf(pattern(), 'SKU patterns').max(MAX_PATTERNS_PER_FAMILY, { error: `expected at most ${MAX_PATTERNS_PER_FAMILY} patterns` }).default([]),
  models: listOf(pattern(), 'model patterns').max(MAX_PATTERNS_PER_FAMILY, { error: `expected at most ${MAX_PATTERNS_PER_FAMILY} patterns` }).default([]),
  replace: bool().default(false),
});

const tableSchema = mapping({
  families: listOf(familySchema, 'families').max(MAX_FAMILIES_PER_FILE, { error: `expected at most ${MAX_FAMILIES_PER_FILE} families` }),
});

type FamilyEntry = z.output<typeof familySchema>;

/** Checks that need the whole file: a family defined twice, a family with no pattern at all. */
function crossCheck(entries: readonly FamilyEntry[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const firstAt = new Map<string, number>();
  entries.forEach((entry, index) => {
    const name = entry.family.trim().toUpperCase();
    const earlier = firstAt.get(name);
    if (earlier !== undefined) {
      issues.push({ keyPath: `families[${index}].family`, message: `family ${entry.family} is already defined at families[${earlier}]` });
    } else firstAt.set(name, index);
    if (entry.skus.length === 0 && entry.models.length === 0) {
      issues.push({ keyPath: `families[${index}]`, message: 'expected at least one pattern under skus or models' });
    }
  });
  return issues;
}

/** Reads and validates one table file. */
export function readFamilyFile(source: SourceFile): FamilyEntry[] {
  const raw = readYamlFile(source, 'product family table', MAX_TABLE_BYTES);
  const parsed = tableSchema.safeParse(raw ?? {});
  if (!parsed.success) throw configError(source.label, source.file, issuesFromZod(parsed.error, raw ?? {}, tableSchema));
  const issues = crossCheck(parsed.data.families);
  if (issues.length > 0) throw configError(source.label, source.file, issues);
  return parsed.data.families;
}

function uniq(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const key = value.trim().toUpperCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value.trim());
    }
  }
  return out;
}

/** Folds one file's entries into the table so far (see the header for extend / replace). */
export function mergeFamilies(table: Map<string, ProductFamilyDefinition>, entries: readonly FamilyEntry[]): void {
  for (const entry of entries) {
    const name = entry.family.trim();
    const key = name.toUpperCase();
    const earlier = entry.replace ? undefined : table.get(key);
    table.delete(key);
    table.set(key, {
      family: earlier?.family ?? name,
      kinds: entry.kinds !== undefined ? ([...new Set(entry.kinds)] as ComponentKind[]) : (earlier?.kinds ?? null),
      skus: uniq([...(earlier?.skus ?? []), ...entry.skus]),
      models: uniq([...(earlier?.models ?? []), ...entry.models]),
    });
  }
}

/**
 * The product-family table from `files` (usually `[SHIPPED_SKU_FAMILIES, ...config.reconcile.skuFamilies]`),
 * later files extending or overriding earlier ones. Relative paths resolve against the current directory.
 */
export function loadProductFamilyTable(files: readonly string[]): ProductFamilyTable {
  if (files.length > MAX_TABLE_FILES) {
    throw new IbsightError('CONFIG_INVALID', `reconcile.skuFamilies: ${files.length} product family tables; at most ${MAX_TABLE_FILES} are read`, {
      context: { keyPath: 'reconcile.skuFamilies' },
    });
  }
  const table = new Map<string, ProductFamilyDefinition>();
  for (const file of files) mergeFamilies(table, readFamilyFile({ label: file, file: resolve(file) }));
  return new ProductFamilyTable([...table.values()]);
}
