/**
 * Loading product-family tables (src/analysis/sku-family-table.ts): the shipped file, user files
 * that extend or replace it, and errors that name the file and key path. Also the config key
 * `reconcile.skuFamilies` that lists the user files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadProductFamilyTable,
  MAX_TABLE_BYTES,
  MAX_TABLE_FILES,
  SHIPPED_SKU_FAMILIES,
} from '../../src/analysis/sku-family-table.js';
import { configFromDocument } from '../../src/config/load-config.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-sku-families-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function table(text: string): string {
  const file = join(dir, `table-${++counter}.yaml`);
  writeFileSync(file, text);
  return file;
}

function loadError(files: string[]): IbsightError {
  try {
    loadProductFamilyTable(files);
  } catch (err) {
    if (err instanceof IbsightError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('the shipped table', () => {
  it('loads and covers the families of the six simulator profiles', () => {
    const families = loadProductFamilyTable([SHIPPED_SKU_FAMILIES]);
    for (const name of ['MX480', 'MX960', 'PTX10001-36MR', 'QFX5120', 'SRX345', 'EX4300']) expect(families.family(name)).not.toBeNull();
    expect(families.family('mx960')?.kinds).toEqual(['chassis']);
  });
});

describe('user tables', () => {
  it('add patterns to a shipped family, add new families, and move a touched family after the others', () => {
    const user = table(`
families:
  - family: mx960
    skus: ["LEGACY-960-*"]
  - family: ACME-BOX
    kinds: [chassis]
    models: ["ACME-*"]
`);
    const families = loadProductFamilyTable([SHIPPED_SKU_FAMILIES, user]);
    expect(families.familyOf('LEGACY-960-KIT')).toBe('MX960');
    expect(families.familyOf('MX960BASE3-AC-ECM')).toBe('MX960');
    expect(families.familyOf('ACME-7')).toBe('ACME-BOX');
    expect(families.family('MX960')?.kinds).toEqual(['chassis']);
    expect(families.families.at(-1)?.family).toBe('ACME-BOX');
  });

  it('replace: true drops the earlier definition', () => {
    const user = table(`
families:
  - { family: MX960, replace: true, models: ["MX960"] }
`);
    const families = loadProductFamilyTable([SHIPPED_SKU_FAMILIES, user]);
    expect(families.familyOf('MX960BASE3-AC-ECM')).toBeNull();
    expect(families.familyOf('MX960')).toBe('MX960');
    expect(families.family('MX960')?.kinds).toBeNull();
  });

  it('a later pattern with as many literal characters wins the tie', () => {
    const user = table(`
families:
  - { family: MX960-ECM, models: ["MX960"] }
`);
    expect(loadProductFamilyTable([SHIPPED_SKU_FAMILIES, user]).familyOf('MX960')).toBe('MX960-ECM');
  });
});

describe('errors name the file and the key path', () => {
  it.each([
    ['an unknown key', 'families:\n  - { family: X1, models: ["ABC"], colour: red }\n', 'families[0].colour: unknown key'],
    ['a bad kind', 'families:\n  - { family: X1, kinds: [router], models: ["ABC"] }\n', 'families[0].kinds[0]: expected one of chassis'],
    ['a pattern of wildcards', 'families:\n  - { family: X1, skus: ["A*"] }\n', 'families[0].skus[0]: expected a glob pattern'],
    ['a pattern that is not text', 'families:\n  - { family: X1, models: [42] }\n', 'families[0].models[0]: expected a glob pattern'],
    ['a family without patterns', 'families:\n  - { family: X1 }\n', 'families[0]: expected at least one pattern'],
    ['a family defined twice', 'families:\n  - { family: X1, models: ["ABC"] }\n  - { family: x1, models: ["DEF"] }\n', 'families[1].family: family x1 is already defined at families[0]'],
    ['a bad family name', 'families:\n  - { family: "-x", models: ["ABC"] }\n', 'families[0].family: expected a family name'],
    ['no families key', 'other: 1\n', 'other: unknown key'],
    ['not a list', 'families: MX960\n', 'families: expected a list of families'],
    ['a YAML syntax error', 'families:\n  - { family: X1, models: ["ABC"\n', 'line '],
    ['a duplicate key', 'families:\n  - { family: X1, family: X2, models: ["ABC"] }\n', 'a key appears twice'],
  ])('%s', (_what, text, expected) => {
    const file = table(text);
    const err = loadError([SHIPPED_SKU_FAMILIES, file]);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain(`${file}: `);
    expect(err.message).toContain(expected);
    expect(err.context.file).toBe(file);
  });

  it('a missing file', () => {
    const err = loadError([join(dir, 'nope.yaml')]);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe(`${join(dir, 'nope.yaml')}: cannot read the product family table (no such file)`);
  });

  it('a file over the size bound is refused before it is parsed', () => {
    const big = table(`# ${'x'.repeat(MAX_TABLE_BYTES)}\nfamilies: []\n`);
    expect(loadError([big]).message).toContain(`a product family table may have at most ${MAX_TABLE_BYTES}`);
  });

  it('too many files', () => {
    const one = table('families: []\n');
    const err = loadError(Array.from({ length: MAX_TABLE_FILES + 1 }, () => one));
    expect(err.message).toContain('reconcile.skuFamilies');
    expect(err.context.keyPath).toBe('reconcile.skuFamilies');
  });
});

describe('config key reconcile.skuFamilies', () => {
  it('defaults to none and resolves relative paths against the config file directory', () => {
    expect(configFromDocument({}, null, dir).reconcile.skuFamilies).toEqual([]);
    const config = configFromDocument({ reconcile: { skuFamilies: ['./mine.yaml', '/abs/theirs.yaml'] } }, { label: 'ibsight.yaml', file: join(dir, 'ibsight.yaml') }, dir);
    expect(config.reconcile.skuFamilies).toEqual([join(dir, 'mine.yaml'), '/abs/theirs.yaml']);
  });

  it('refuses a value that is not a list of paths, naming the key', () => {
    expect(() => configFromDocument({ reconcile: { skuFamilies: 'mine.yaml' } }, { label: 'ibsight.yaml', file: join(dir, 'ibsight.yaml') }, dir)).toThrow(
      /ibsight\.yaml: reconcile\.skuFamilies: expected a list of paths to product family tables/,
    );
  });
});
