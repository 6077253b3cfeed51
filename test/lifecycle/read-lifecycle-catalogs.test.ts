/**
 * Reading catalogs from disk: files and directories (name order, other files skipped), duplicate
 * keys (same file: the second row refused naming both lines; later file: it wins, with a warning
 * naming both files), size and encoding bounds, missing paths and wrong extensions; and the shipped
 * example catalogs: both load clean, are marked as examples, and the CSV rows equal their YAML twins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_LIFECYCLE_CATALOG,
  EXAMPLE_LIFECYCLE_CATALOG_CSV,
  readLifecycleCatalogs,
} from '../../src/lifecycle/read-lifecycle-catalogs.js';
import type { LifecycleEntry } from '../../src/lifecycle/lifecycle-types.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-lifecycle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function dirWith(files: Record<string, string | Buffer>): string {
  const dir = join(root, `d${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const messages = (problems: { severity: string; message: string }[]) => problems.map((p) => `${p.severity} ${p.message}`);

describe('files and directories', () => {
  it('reads a directory in name order (YAML and CSV), skipping other files; a later file wins a duplicate key with a warning naming both', () => {
    const dir = dirWith({
      'b-site.csv': 'kind,model,endOfSupport\nhardware,mx960,2029-01-31\nhardware,MX480,2031-03-31\n',
      'a-juniper.yaml': 'entries:\n  - { kind: hardware, model: MX960, endOfSupport: 2030-09-30 }\n  - { kind: software, train: "21.4", endOfSupport: 2025-06-20 }\n',
      'README.txt': 'not a catalog',
    });
    const { catalog, problems } = readLifecycleCatalogs([dir]);
    const a = join(dir, 'a-juniper.yaml');
    const b = join(dir, 'b-site.csv');
    expect(messages(problems)).toEqual([`warning ${b}: line 2: hardware model mx960: also in ${a}: line 2; this later file wins`]);
    expect(problems[0]).toMatchObject({ file: b, line: 2, key: 'mx960', field: 'model' });
    expect(catalog.byModel.get('mx960')).toMatchObject({ key: 'mx960', endOfSupport: '2029-01-31', origin: { file: b, line: 2 } });
    expect(catalog.entries.map((e) => e.key)).toEqual(['21.4', 'mx960', 'MX480']);
    expect(catalog.sources).toEqual([
      { file: a, format: 'yaml', example: false, title: null, entries: 2, rejected: 0 },
      { file: b, format: 'csv', example: false, title: null, entries: 2, rejected: 0 },
    ]);
    expect(catalog.example).toBe(false);
  });

  it('refuses the second row of a key repeated in one file, naming both lines; model and partNumber keys never collide', () => {
    const file = join(dirWith({ 'c.yaml': [
      'entries:',
      '  - { kind: hardware, model: MX480, endOfSupport: 2031-03-31 }',
      '  - { kind: hardware, partNumber: mx480, endOfSupport: 2030-01-01 }',
      '  - { kind: software, train: "22.4-EVO", endOfSupport: 2027-06-30 }',
      '  - { kind: hardware, model: mx480, endOfSupport: 2020-01-01 }',
      '  - { kind: software, train: "22.4-evo", endOfSupport: 2020-01-01 }',
    ].join('\n') }), 'c.yaml');
    const { catalog, problems } = readLifecycleCatalogs([file]);
    expect(messages(problems)).toEqual([
      `error ${file}: line 5: hardware model mx480: duplicate of line 2 in the same file; row refused`,
      `error ${file}: line 6: software train 22.4-EVO: duplicate of line 4 in the same file; row refused`,
    ]);
    expect(catalog.byModel.get('mx480')!.endOfSupport).toBe('2031-03-31');
    expect(catalog.byPartNumber.get('mx480')!.endOfSupport).toBe('2030-01-01');
    expect(catalog.sources[0]).toMatchObject({ entries: 3, rejected: 2 });
  });

  it('goes on past missing paths, wrong extensions, oversized, binary and non-UTF-8 files, naming each', () => {
    const dir = dirWith({
      'good.yml': 'entries:\n  - { kind: hardware, model: MX480, endOfSupport: 2031-03-31 }\n',
      'big.csv': `kind,model\n${'hardware,X\n'.repeat(200)}`,
      'latin1.csv': Buffer.from('kind,model,note\nhardware,MX960,caf\xe9\n', 'latin1'),
      'nul.yaml': Buffer.from('entries: []\n\u0000', 'utf8'),
      'empty': '',
    });
    const missing = join(dir, 'nope.yaml');
    const wrong = join(dir, 'empty');
    const emptyDir = dirWith({ 'notes.md': '#' });
    const { catalog, problems } = readLifecycleCatalogs([missing, wrong, emptyDir, dir], { maxFileBytes: 1000 });
    expect(messages(problems)).toEqual([
      `error ${missing}: cannot read (no such file or directory)`,
      `error ${wrong}: not a catalog file (expected a .yaml, .yml or .csv extension)`,
      `warning ${emptyDir}: directory holds no catalog file (.yaml, .yml or .csv)`,
      `error ${join(dir, 'big.csv')}: 2211 bytes; a catalog file may have at most 1000; file ignored`,
      `error ${join(dir, 'latin1.csv')}: not UTF-8 text; file ignored`,
      `error ${join(dir, 'nul.yaml')}: not a text file (NUL bytes); file ignored`,
    ]);
    expect(catalog.entries.map((e) => e.key)).toEqual(['MX480']);
  });

  it('reads a file named twice once', () => {
    const dir = dirWith({ 'a.yaml': 'entries:\n  - { kind: hardware, model: MX480, endOfSupport: 2031-03-31 }\n' });
    const { catalog, problems } = readLifecycleCatalogs([dir, join(dir, 'a.yaml')]);
    expect(messages(problems)).toEqual([`warning ${join(dir, 'a.yaml')}: named more than once; read once`]);
    expect(catalog.sources).toHaveLength(1);
  });
});

describe('the shipped example catalogs', () => {
  const yaml = readLifecycleCatalogs([EXAMPLE_LIFECYCLE_CATALOG]);
  const csv = readLifecycleCatalogs([EXAMPLE_LIFECYCLE_CATALOG_CSV]);

  it('load without a problem and say they are examples', () => {
    expect(yaml.problems).toEqual([]);
    expect(csv.problems).toEqual([]);
    expect(yaml.catalog.example).toBe(true);
    expect(csv.catalog.example).toBe(true);
    expect(yaml.catalog.sources[0]!.title).toMatch(/illustrative dates, not Juniper's/);
    expect(yaml.catalog.entries.every((e) => e.example)).toBe(true);
    expect(yaml.catalog.entries.filter((e) => e.kind === 'hardware').length).toBeGreaterThanOrEqual(12);
    expect([...yaml.catalog.byTrain.keys()]).toEqual(expect.arrayContaining(['21.4', '22.4', '23.4', '23.4-evo']));
  });

  it('every CSV row equals its YAML twin (the two formats read to the same entries)', () => {
    const withoutOrigin = ({ origin: _origin, ...rest }: LifecycleEntry) => rest;
    expect(csv.catalog.entries.length).toBeGreaterThanOrEqual(5);
    expect(new Set(csv.catalog.entries.map((e) => e.keyType))).toEqual(new Set(['model', 'partNumber', 'train']));
    for (const entry of csv.catalog.entries) {
      const index = entry.kind === 'software' ? yaml.catalog.byTrain : entry.keyType === 'model' ? yaml.catalog.byModel : yaml.catalog.byPartNumber;
      const twin = index.get(entry.key.toLowerCase());
      expect(twin, entry.key).toBeDefined();
      expect(withoutOrigin(entry)).toEqual(withoutOrigin(twin!));
    }
  });

  it('loaded together, each CSV row overrides its YAML twin with a warning', () => {
    const both = readLifecycleCatalogs([EXAMPLE_LIFECYCLE_CATALOG, EXAMPLE_LIFECYCLE_CATALOG_CSV]);
    expect(both.problems.map((p) => p.severity)).toEqual(csv.catalog.entries.map(() => 'warning'));
    expect(both.catalog.entries).toHaveLength(yaml.catalog.entries.length);
  });
});
