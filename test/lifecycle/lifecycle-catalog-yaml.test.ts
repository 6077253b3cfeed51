/**
 * YAML lifecycle catalogs: entries with their lines, trains kept by their digits, the example flag;
 * bad rows refused with messages naming file, line, key and field while the rest is read; whole-file
 * problems (syntax, duplicate keys, aliases, wrong shapes).
 */
import { describe, expect, it } from 'vitest';
import { parseYamlCatalog } from '../../src/lifecycle/lifecycle-catalog-yaml.js';

const FILE = 'lc.yaml';

describe('a good catalog', () => {
  const text = [
    '# comment',
    'example: true',
    'title: Lab catalog',
    'entries:',
    '  - kind: hardware',
    '    model: MX960',
    '    lastOrder: 2025-09-30',
    '    endOfSupport: 2030-09-30',
    '    replacement: MX10008',
    '    link: https://support.juniper.net/support/eol/hardware/',
    '  - { kind: Hardware, partNumber: 750-033307, endOfSupport: 2028-03-31 }',
    '  - { kind: software, train: 22.10, frs: 2022-10-01, endOfEngineering: 2024-04-01, extended: false }',
    '  - { kind: software, train: "22.4-evo", endOfSupport: 2027-06-30, extended: "TRUE", note: "  spaced  " }',
    '  - { kind: software, train: 15.1X49, endOfSupport: 2020-12-31, description: null, replacement: "" }',
  ].join('\n');
  const contents = parseYamlCatalog(text, FILE);

  it('reads every entry with its line, keys as written (trains canonical), dates and extras', () => {
    expect(contents.problems).toEqual([]);
    expect(contents).toMatchObject({ example: true, title: 'Lab catalog', rejected: 0 });
    expect(contents.entries.map((e) => [e.kind, e.keyType, e.key, e.origin.line])).toEqual([
      ['hardware', 'model', 'MX960', 5],
      ['hardware', 'partNumber', '750-033307', 11],
      ['software', 'train', '22.10', 12],
      ['software', 'train', '22.4-EVO', 13],
      ['software', 'train', '15.1X49', 14],
    ]);
    expect(contents.entries[0]).toEqual({
      kind: 'hardware', keyType: 'model', key: 'MX960', description: null, replacement: 'MX10008', note: null,
      link: 'https://support.juniper.net/support/eol/hardware/', example: true, origin: { file: FILE, line: 5 },
      eolAnnounced: null, lastOrder: '2025-09-30', lastWarrantyConversion: null, endOfSoftwareEngineering: null, endOfSupport: '2030-09-30',
    });
    expect(contents.entries[2]).toMatchObject({ frs: '2022-10-01', endOfEngineering: '2024-04-01', endOfSupport: null, extended: false });
    expect(contents.entries[3]).toMatchObject({ extended: true, note: 'spaced' });
    expect(contents.entries[4]).toMatchObject({ description: null, replacement: null, extended: null });
  });
});

describe('bad rows are refused, naming file, line, key and field; the other rows are read', () => {
  it.each([
    ['{ kind: hardware, model: MX480, endOfSupport: 2031-02-30 }', 'lc.yaml: line 3: hardware model MX480: endOfSupport: expected a date YYYY-MM-DD, got "2031-02-30"'],
    ['{ kind: hardware, model: MX480, lastOrder: 31/03/2026 }', 'lc.yaml: line 3: hardware model MX480: lastOrder: expected a date YYYY-MM-DD, got "31/03/2026"'],
    ['{ kind: hardware, model: MX480, endOfSupport: true }', 'lc.yaml: line 3: hardware model MX480: endOfSupport: expected a date YYYY-MM-DD, got true'],
    ['{ kind: hardware, model: MX480, endOfSuport: 2031-01-01 }', 'lc.yaml: line 3: hardware model MX480: endOfSuport: unknown field (expected one of: kind, description, replacement, note, link, example, model, partNumber, eolAnnounced,'],
    ['{ kind: hardware, model: MX480, frs: 2020-01-01 }', 'lc.yaml: line 3: hardware model MX480: frs: not a field of a hardware row'],
    ['{ kind: hardware, model: MX480, partNumber: 750-1 }', 'lc.yaml: line 3: hardware model MX480: partNumber: a hardware row is keyed by model or by partNumber, not both'],
    ['{ kind: hardware, endOfSupport: 2031-01-01 }', 'lc.yaml: line 3: row: model: required: a hardware row needs a model or a partNumber'],
    ['{ kind: firmware, model: MX480 }', 'lc.yaml: line 3: row: kind: expected hardware or software, got "firmware"'],
    ['{ model: MX480 }', 'lc.yaml: line 3: row: kind: required: expected hardware or software'],
    ['{ kind: software, train: 21.4R3-S5.4, endOfSupport: 2025-06-20 }', 'lc.yaml: line 3: software train 21.4R3-S5.4: train: expected a release train such as 21.4, 22.4-EVO or 15.1X49 ("21.4R3-S5.4" is a version of train 21.4)'],
    ['{ kind: software, train: junos, endOfSupport: 2025-06-20 }', 'lc.yaml: line 3: software train junos: train: expected a release train'],
    ['{ kind: software, train: "21.4", extended: maybe }', 'lc.yaml: line 3: software train 21.4: extended: expected true or false, got "maybe"'],
    ['{ kind: software, train: "21.4", endOfSupport: 2025-06-20, link: "ftp://x" }', 'lc.yaml: line 3: software train 21.4: link: expected an http:// or https:// URL, got "ftp://x"'],
    ['{ kind: software, train: "21.4", endOfSupport: [2025-06-20] }', 'lc.yaml: line 3: endOfSupport: expected a single value, got a list; entry refused'],
    ['just text', 'lc.yaml: line 3: expected an entry (a mapping with kind, a key and dates), got "just text"; entry refused'],
    [`{ kind: hardware, model: ${'X'.repeat(129)} }`, 'model: expected at most 128 characters, got 129'],
  ])('%s', (row, message) => {
    const text = `entries:\n  - { kind: hardware, model: GOOD, endOfSupport: 2030-01-01 }\n  - ${row}\n  - { kind: software, train: "24.4", endOfSupport: 2030-01-01 }\n`;
    const contents = parseYamlCatalog(text, FILE);
    const errors = contents.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.message).join('\n')).toContain(message);
    expect(errors[0]).toMatchObject({ file: FILE, line: 3 });
    expect(contents.entries.map((e) => e.key)).toEqual(['GOOD', '24.4']);
    expect(contents.rejected).toBe(1);
  });

  it('reports every problem of a row, with its key and field', () => {
    const contents = parseYamlCatalog('entries:\n  - { kind: hardware, model: MX480, lastOrder: 2026-13-01, endOfSupport: soon }\n', FILE);
    expect(contents.problems.map((p) => [p.severity, p.line, p.key, p.field])).toEqual([
      ['error', 2, 'MX480', 'lastOrder'],
      ['error', 2, 'MX480', 'endOfSupport'],
    ]);
  });

  it('warns about milestones out of order and a row without dates, and keeps them', () => {
    const contents = parseYamlCatalog('entries:\n  - { kind: hardware, model: A, lastOrder: 2026-01-01, endOfSupport: 2025-01-01 }\n  - { kind: software, train: "21.4" }\n', FILE);
    expect(contents.entries).toHaveLength(2);
    expect(contents.problems.map((p) => `${p.severity} ${p.message}`)).toEqual([
      'warning lc.yaml: line 2: hardware model A: endOfSupport: 2025-01-01 is before lastOrder 2026-01-01 (milestones out of order; kept as written)',
      'warning lc.yaml: line 3: software train 21.4: no milestone date: the row can give no finding',
    ]);
  });
});

describe('whole-file problems', () => {
  it.each([
    ['entries:\n  - { kind: hardware\n', /^lc\.yaml: line \d: not readable as YAML/],
    ['entries: []\nentries: []\n', 'lc.yaml: line 2: not readable as YAML (a key appears twice in the same mapping); file ignored'],
    ['- { kind: hardware, model: A }\n', 'lc.yaml: line 1: expected a mapping with example, title and entries, got a list; file ignored'],
    ['entries: { kind: hardware }\n', 'lc.yaml: line 1: entries: expected a list of entries, got a mapping; file ignored'],
    ['example: yes\nentries: []\n', 'lc.yaml: line 1: example: expected true or false, got "yes"'],
    ['hardware: []\n', 'lc.yaml: line 1: hardware: unknown top-level key (expected one of: example, title, entries)'],
  ])('%j', (text, message) => {
    const errors = parseYamlCatalog(text, FILE).problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    if (typeof message === 'string') expect(errors[0]!.message).toBe(message);
    else expect(errors[0]!.message).toMatch(message);
  });

  it('refuses aliases instead of expanding them', () => {
    const text = 'entries:\n  - { kind: hardware, model: &m MX480, endOfSupport: 2030-01-01 }\n  - { kind: hardware, model: *m, endOfSupport: 2030-01-01 }\n';
    const contents = parseYamlCatalog(text, FILE);
    expect(contents.entries.map((e) => e.key)).toEqual(['MX480']);
    expect(contents.problems[0]!.message).toBe('lc.yaml: line 3: model: expected a single value, got an alias (aliases are not supported in catalogs); entry refused');
  });

  it('an empty file or an empty entries list is a warning, not an error', () => {
    expect(parseYamlCatalog('', FILE).problems.map((p) => `${p.severity} ${p.message}`)).toEqual(['warning lc.yaml: empty catalog (no entries)']);
    expect(parseYamlCatalog('example: true\nentries:\n', FILE).problems.map((p) => `${p.severity} ${p.message}`)).toEqual(['warning lc.yaml: entries: no entries']);
  });
});
