/**
 * Our YAML advisory catalog: the example (config/advisories.example.yaml) restates the 16 real records
 * faithfully; entries are read with the CVE range semantics; a bad file is an error naming it (and the
 * line); a bad entry is a warning naming the key path, and the other entries still load.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Advisory, ProductScope } from '../../src/advisories/advisory-types.js';
import { MAX_CATALOG_BYTES, readAdvisoryCatalog } from '../../src/advisories/advisory-catalog.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { REAL_IDS, realAdvisory } from './real-records.js';

const EXAMPLE = fileURLToPath(new URL('../../config/advisories.example.yaml', import.meta.url));
const FILE = 'catalog.yaml';

function read(yaml: string) {
  return readAdvisoryCatalog(yaml, FILE);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** What matching depends on, without where it came from. */
function facts(scopes: ProductScope[]) {
  return scopes.map((s) => ({
    product: s.product,
    platforms: s.platforms.map((p) => ({ phrase: p.phrase, target: p.target, condition: p.condition })),
    ranges: s.ranges.map(({ status, from, to, text }) => ({ status, from, to, text })),
  }));
}

const MINIMAL = `
advisories:
  - id: TSB-TEST-1
    title: A test notice
    cvss: { version: 3.1, score: 9.1 }
    prs: [1234567, "PR7654321"]
    affected:
      - platforms: [SRX Series]
        versions:
          - { version: "0", lessThan: "20.4R3-S9" }
          - { version: "22.4", lessThan: ["22.4R2-S2", "22.4R3"] }
          - { version: "unspecified", lessThan: "18.1R1", status: unaffected }
      - product: junos-evolved
        versions:
          - { version: "22.4", lessThan: "22.4R3" }
    config:
      anyOf: [set system services web-management http*]
`;

describe('the example catalog', () => {
  const example = readAdvisoryCatalog(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);

  it('loads without a warning', () => {
    expect(example.warnings).toEqual([]);
  });

  it('covers the 16 real records', () => {
    expect(example.advisories.map((a) => a.id).sort()).toEqual([...REAL_IDS].sort());
  });

  it.each(REAL_IDS.map((id) => [id]))('%s: the same products, platforms and ranges as the CVE record', (id) => {
    const entry = example.advisories.find((a) => a.id === id)!;
    const record = realAdvisory(id);
    expect(facts(entry.products)).toEqual(facts(record.products));
    expect(entry.severity).toBe(record.severity);
    expect(entry.cvss?.score ?? null).toBe(record.cvss?.score ?? null);
    expect(entry.kev).toBe(record.kev);
    expect(entry.jsa).toBe(record.jsa);
  });

  it('has targeted entries with config conditions (J-Web and others)', () => {
    const conditioned = Object.fromEntries(example.advisories.filter((a) => a.configCondition !== null).map((a) => [a.id, a.configCondition]));
    expect(conditioned['CVE-2023-36844']).toEqual(['set system services web-management http*']);
    expect(conditioned['CVE-2024-21591']).toEqual(['set system services web-management http*']);
    expect(Object.keys(conditioned).length).toBeGreaterThanOrEqual(2);
    expect(example.advisories.find((a) => a.id === 'CVE-2024-21585')!.configMatch).toBe('all');
  });
});

describe('reading a catalog entry', () => {
  it('reads the fields and the ranges', () => {
    const { advisories, warnings } = read(MINIMAL);
    expect(warnings).toEqual([]);
    const a = advisories[0]!;
    expect(a).toMatchObject<Partial<Advisory>>({
      id: 'TSB-TEST-1',
      source: 'catalog',
      file: FILE,
      severity: 'critical',
      cvss: { version: '3.1', score: 9.1, vector: null },
      kev: false,
      prs: ['1234567', '7654321'],
      configCondition: ['set system services web-management http*'],
      configMatch: 'any',
    });
    expect(a.products[0]!.defaultStatus).toBe('unaffected');
    expect(a.products[0]!.ranges.map((r) => [r.status, r.text, r.entry])).toEqual([
      ['affected', 'all versions before 20.4R3-S9', 'advisories[0].affected[0].versions[0]'],
      ['affected', '22.4 before 22.4R2-S2, 22.4R3', 'advisories[0].affected[0].versions[1]'],
      ['unaffected', 'all versions before 18.1R1', 'advisories[0].affected[0].versions[2]'],
    ]);
    expect(a.products[1]!.ranges[0]!.text).toBe('22.4-EVO before 22.4R3-EVO');
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('takes the severity given, else from the CVSS score, else unknown', () => {
    const yaml = (extra: string) => `advisories:\n  - id: X-1\n    title: t\n${extra}    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }]\n`;
    expect(read(yaml('    severity: low\n    cvss: { version: "3.1", score: 9.8 }\n')).advisories[0]!.severity).toBe('low');
    expect(read(yaml('    cvss: { version: "4.0", score: 5.0 }\n')).advisories[0]!.severity).toBe('medium');
    expect(read(yaml('')).advisories[0]!.severity).toBe('unknown');
  });
});

describe('a bad catalog file', () => {
  it('names the file and the line of a YAML syntax error', () => {
    const err = thrown(() => read('advisories:\n  - id: X\n    title: [unclosed\n'));
    expect(err.message).toMatch(/^catalog\.yaml: line \d+: /);
  });

  it('refuses duplicate keys, naming the line', () => {
    const err = thrown(() => read('advisories: []\nadvisories: []\n'));
    expect(err.message).toBe('catalog.yaml: line 2: a key appears twice in the same mapping');
  });

  it('names the file and the key when there is no advisories list', () => {
    const err = thrown(() => read('advisory:\n  - id: X\n'));
    expect(isIbsightError(err, 'INPUT_INVALID')).toBe(true);
    expect(err.message).toBe(
      'catalog.yaml: advisories: required: expected a list of advisories; advisory: unknown key (expected one of: advisories) (an advisory catalog is a mapping with an "advisories:" list)',
    );
    expect(thrown(() => read('- just a list\n')).message).toMatch(/^catalog\.yaml: expected a mapping/);
  });

  it('refuses a file over the size bound', () => {
    expect(thrown(() => read(`# ${'x'.repeat(MAX_CATALOG_BYTES)}\n`)).message).toContain(`at most ${MAX_CATALOG_BYTES}`);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'advisories: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(thrown(() => read(bomb)).message).toContain('alias');
  });
});

describe('a bad entry is a warning naming its key path; the others load', () => {
  const good = '  - id: GOOD-1\n    title: good\n    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }]\n';

  function warningsOf(bad: string) {
    const r = read(`advisories:\n${bad}${good}`);
    expect(r.advisories.map((a) => a.id)).toEqual(['GOOD-1']);
    return r.warnings;
  }

  it('an unknown key', () => {
    const w = warningsOf('  - id: BAD-1\n    title: bad\n    platform: [SRX Series]\n    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }]\n');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: FILE, id: 'BAD-1', entry: 'advisories[0].platform' });
    expect(w[0]!.message).toMatch(/^unknown key \(expected one of: id, title, .*\); entry not loaded$/);
  });

  it('an unquoted version that YAML reads as a number', () => {
    const w = warningsOf('  - id: BAD-2\n    title: bad\n    affected:\n      - versions: [{ version: 21.10, lessThan: "21.1R3" }]\n');
    expect(w[0]).toMatchObject({ id: 'BAD-2', entry: 'advisories[0].affected[0].versions[0].version' });
    expect(w[0]!.message).toContain('quoted string');
  });

  it('a bound that is not a Junos version', () => {
    const w = warningsOf('  - id: BAD-3\n    title: bad\n    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }, { version: "22.1", lessThan: "22.1Q3" }]\n');
    expect(w).toEqual([{ file: FILE, id: 'BAD-3', entry: 'advisories[0].affected[0].versions[1].lessThan', message: '"22.1Q3" is not a Junos version; entry not loaded' }]);
  });

  it('an Evolved bound in a Junos OS block', () => {
    const w = warningsOf('  - id: BAD-4\n    title: bad\n    affected:\n      - versions: [{ version: "22.1-EVO", lessThan: "22.1R3-EVO" }]\n');
    expect(w[0]).toMatchObject({ entry: 'advisories[0].affected[0].versions[0].version' });
    expect(w[0]!.message).toContain('is a Junos OS Evolved version in a Junos OS block');
  });

  it('a config with both anyOf and allOf, and a pattern that is not a set line', () => {
    const both = warningsOf(
      '  - id: BAD-5\n    title: bad\n    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }]\n    config: { anyOf: ["set a"], allOf: ["set b"] }\n',
    );
    expect(both[0]).toMatchObject({ entry: 'advisories[0].config', message: 'expected exactly one of anyOf, allOf; entry not loaded' });
    const notSet = warningsOf('  - id: BAD-6\n    title: bad\n    affected:\n      - versions: [{ version: "21.2", lessThan: "21.2R3" }]\n    config: { anyOf: ["system services"] }\n');
    expect(notSet[0]).toMatchObject({ entry: 'advisories[0].config.anyOf[0]' });
  });

  it('a duplicate id', () => {
    const r = read(`advisories:\n${good}${good}`);
    expect(r.advisories).toHaveLength(1);
    expect(r.warnings).toEqual([{ file: FILE, id: 'GOOD-1', entry: 'advisories[1]', message: 'id GOOD-1 already used by advisories[0]; entry not loaded' }]);
  });

  it('an entry without affected blocks', () => {
    const w = warningsOf('  - id: BAD-7\n    title: bad\n');
    expect(w[0]).toMatchObject({ id: 'BAD-7', entry: 'advisories[0].affected' });
  });
});
