/**
 * The Junos version engine (issue 6): the grammar (what parses, into which parts, and the message
 * for what does not), the order inside a line (every chain pairwise, both directions), what is
 * `unordered`, trains and wildcards, and every version string of the real advisory records and
 * device replies under /work/shared/data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compareJunosVersions,
  compareTrains,
  compareVersionText,
  isOnTrain,
  parseJunosTrain,
  parseJunosVersion,
  tryParseJunosVersion,
  type JunosOrder,
  type JunosProduct,
} from '../../src/analysis/junos-version.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';

const DATA = '/work/shared/data';
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function flip(r: JunosOrder): JunosOrder {
  return r === 'unordered' ? r : r === 0 ? 0 : r === -1 ? 1 : -1;
}

/** Each chain is strictly increasing: every pair i < j compares -1, j > i compares 1. */
const CHAINS: Record<string, string[]> = {
  'service and spin inside a release': ['21.4R3', '21.4R3.15', '21.4R3-S1', '21.4R3-S5', '21.4R3-S5.4', '21.4R4'],
  'betas before R1, trains by major then minor': ['21.4B1', '21.4B2.3', '21.4R1', '21.4R2-S1', '21.4R3-S10', '21.4R3-S12', '22.1B1', '22.1R1', '22.2R1', '23.4R2-S3.9'],
  'numbers compare as numbers': ['9.6R4', '10.0R1', '10.4R9.2', '12.3R6.6', '12.3R12.4', '13.3R9-S2.1'],
  'service releases numerically': ['21.4R3-S2', '21.4R3-S9', '21.4R3-S10', '21.4R3-S10.3', '21.4R3-S11'],
  'spins numerically': ['22.2R3.2', '22.2R3.9', '22.2R3.15'],
  'an X train (D numbers numerically)': ['15.1X49-D10', '15.1X49-D15.4', '15.1X49-D100', '15.1X49-D170.4', '15.1X49-D200', '15.1X49-D200.3'],
  'an F line (F number = release number)': ['15.1F2-S15', '15.1F5', '15.1F5.15', '15.1F5-S7', '15.1F6', '15.1F6-S3', '15.1F6-S5', '15.1F7'],
  'Junos OS Evolved within itself': ['20.4R3-S8-EVO', '21.2R3-S6-EVO', '22.4R2-EVO', '22.4R3-S2.11-EVO', '23.4R2-S3.9-EVO'],
};

describe('order inside a line', () => {
  for (const [name, chain] of Object.entries(CHAINS)) {
    const pairs: [string, string][] = [];
    for (let i = 0; i < chain.length; i++) for (let j = i + 1; j < chain.length; j++) pairs.push([chain[i]!, chain[j]!]);
    it.each(pairs)(`${name}: %s < %s`, (a, b) => {
      expect(compareVersionText(a, b)).toBe(-1);
      expect(compareVersionText(b, a)).toBe(1);
    });
    it(`${name}: each equals itself`, () => {
      for (const v of chain) expect(compareVersionText(v, v)).toBe(0);
    });
  }
});

describe('equal versions written differently', () => {
  it.each([
    ['21.4R3', '21.4R3.0'],
    ['21.4R3', '21.4R3-S0'],
    ['21.4R3', ' 21.4R3 '],
    ['12.3X48-D80 ', '12.3X48-D80'],
    ['22.4R3-S2.11-EVO', '22.4R3-S2.11-evo'],
    ['\t21.4R3-S5.4\n', '21.4R3-S5.4'],
  ])('%j = %j', (a, b) => {
    expect(compareVersionText(a, b)).toBe(0);
    expect(compareVersionText(b, a)).toBe(0);
  });
});

const NON_RELEASES = ['16.1-20160720.0', '18.3I20180716_1639', '15.1F5.15-C1.12', '16.1X70-D10.5-jet-1', '17.4-20170718_dev_common.1-secure', '17.3-2017-07-02.0_RELEASE_173_THROTTLE', '15.1F-20151115.0', '15.1I20161229_0005_cbowers'];

describe('unordered', () => {
  it.each([
    ['22.4R3-S2.11-EVO', '22.4R3-S2.11', 'Evolved against Junos OS, same numbers'],
    ['21.4R1-EVO', '22.1R1', 'Evolved against Junos OS, other train'],
    ['15.1X49-D200', '15.1X53-D200', 'two X trains of one release'],
    ['15.1X49-D10', '15.1X53-D230', 'two X trains of one release'],
    ['15.1X49-D200', '15.1R7', 'X train against the mainline of its release'],
    ['12.3X48-D80', '21.4R3', 'X train against a later mainline'],
    ['14.1X53-D47', '15.1X53-D59', 'same X number on another release (decided: unordered)'],
    ['15.1F6', '15.1R6', 'F line against the mainline'],
    ['15.1F6-S3', '15.1X49-D200', 'F line against an X train'],
    ['16.1-20160720.0', '16.1R1', 'daily build against a release of its train'],
    ['16.1-20160720.0', '16.1-20160721.0', 'two daily builds'],
    ['18.3I20180716_1639', '18.3R1', 'internal build'],
    ['15.1F5.15-C1.12', '15.1F5.15', 'custom build against its base release'],
    ['16.1X70-D10.5-jet-1', '16.1X70-D10.5', 'JET build against its base release'],
    ['16.1X70-D10.5-jet-1', '16.1X70-D10.5-jet-2', 'two JET builds'],
  ])('%s ? %s (%s)', (a, b) => {
    expect(compareVersionText(a, b)).toBe('unordered');
    expect(compareVersionText(b, a)).toBe('unordered');
  });

  it.each(NON_RELEASES)('the non-release build %s parses, is not a release, and equals only itself', (v) => {
    const parsed = parseJunosVersion(v);
    expect(parsed.isRelease).toBe(false);
    expect(parsed.releaseType).toBeNull();
    expect(compareJunosVersions(parsed, parseJunosVersion(`  ${v} `))).toBe(0);
    expect(compareVersionText(v, '21.4R3')).toBe('unordered');
  });
});

describe('antisymmetry and transitivity over every pair of a corpus', () => {
  const corpus = [...new Set([...Object.values(CHAINS).flat(), ...NON_RELEASES, '15.1X53-D59', '14.1X53-D47', '15.1R7', '21.4R1-EVO'])].map((v) => parseJunosVersion(v));
  it('compare(a, b) is the mirror of compare(b, a)', () => {
    for (const a of corpus) for (const b of corpus) expect([a.text, b.text, compareJunosVersions(b, a)]).toEqual([a.text, b.text, flip(compareJunosVersions(a, b))]);
  });
  it('a < b and b < c imply a < c', () => {
    let checked = 0;
    for (const a of corpus) {
      for (const b of corpus) {
        if (compareJunosVersions(a, b) !== -1) continue;
        for (const c of corpus) {
          if (compareJunosVersions(b, c) !== -1) continue;
          expect([a.text, c.text, compareJunosVersions(a, c)]).toEqual([a.text, c.text, -1]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('parsed parts', () => {
  it.each([
    ['21.4R3-S5.4', { product: 'junos', major: 21, minor: 4, lineKind: 'mainline', x: null, train: '21.4', isRelease: true, build: 'release', releaseType: 'R', release: 3, service: 5, spin: 4, maintenanceLine: '21.4R3' }],
    ['21.4R3.15', { train: '21.4', releaseType: 'R', release: 3, service: 0, spin: 15, maintenanceLine: '21.4R3' }],
    ['21.4B1', { releaseType: 'B', release: 1, maintenanceLine: '21.4B1' }],
    ['22.4R2', { train: '22.4', maintenanceLine: '22.4R2' }],
    ['22.4R3-S2.11-EVO', { text: '22.4R3-S2.11-EVO', product: 'junos-evolved', train: '22.4-EVO', release: 3, service: 2, spin: 11, maintenanceLine: '22.4R3-EVO' }],
    ['22.4R2-evo', { product: 'junos-evolved', train: '22.4-EVO', maintenanceLine: '22.4R2-EVO' }],
    ['15.1X49-D200.3', { lineKind: 'x', x: 49, train: '15.1X49', releaseType: 'D', release: 200, service: 0, spin: 3, maintenanceLine: '15.1X49-D200' }],
    [' 12.3X48-D80 ', { text: '12.3X48-D80', train: '12.3X48', release: 80 }],
    ['15.1F6-S3', { lineKind: 'f', x: null, train: '15.1F', releaseType: 'F', release: 6, service: 3, maintenanceLine: '15.1F6' }],
    ['9.6R4.4', { major: 9, minor: 6, release: 4, spin: 4 }],
    ['16.1-20160720.0', { train: '16.1', isRelease: false, build: 'daily', releaseType: null, maintenanceLine: '16.1' }],
    ['18.3I20180716_1639', { train: '18.3', isRelease: false, build: 'internal', releaseType: null }],
    ['15.1F5.15-C1.12', { train: '15.1F', lineKind: 'f', isRelease: false, build: 'custom', releaseType: null, release: 5, spin: 15, maintenanceLine: '15.1F5' }],
    ['16.1X70-D10.5-jet-1', { train: '16.1X70', x: 70, isRelease: false, build: 'jet', releaseType: null, release: 10, spin: 5, maintenanceLine: '16.1X70-D10' }],
    ['15.1F-20151115.0', { train: '15.1F', lineKind: 'f', build: 'daily' }],
    ['15.1X53-20160720.0', { train: '15.1X53', x: 53, build: 'daily' }],
    ['17.3-2017-07-02.0_RELEASE_173_THROTTLE', { train: '17.3', build: 'daily' }],
  ])('%j', (text, expected) => {
    expect(parseJunosVersion(text)).toMatchObject(expected);
  });
});

describe('not a Junos version', () => {
  it.each([
    ['', '"" is not a Junos version: it is empty'],
    ['   ', '"" is not a Junos version: it is empty'],
    ['21', '"21" is not a Junos version: after "21", expected "." and a minor number, found the end'],
    ['21.4Q3', '"21.4Q3" is not a Junos version: after "21.4", expected a release type R, B, X, F or I, found "Q3"'],
    ['21.4R', '"21.4R" is not a Junos version: after "21.4R", expected a release number, found the end'],
    ['21.4R3-S', '"21.4R3-S" is not a Junos version: after "21.4R3-S", expected a service release number, found the end'],
    ['abc', '"abc" is not a Junos version: at the start, expected a major number (as "21" in "21.4R3"), found "abc"'],
    ['21.4R3-Q1', '"21.4R3-Q1" is not a Junos version: after "21.4R3", expected "-S" and a service release number, "." and a spin number, or the end, found "-Q1"'],
    ['21.4R3-S5.4.2', '"21.4R3-S5.4.2" is not a Junos version: after "21.4R3-S5.4", expected the end, found ".2"'],
    ['21.4R3.', '"21.4R3." is not a Junos version: after "21.4R3.", expected a spin (build) number, found the end'],
    ['21.4r3', '"21.4r3" is not a Junos version: after "21.4", expected a release type R, B, X, F or I (release letters are upper case), found "r3"'],
    ['21.4R-EVO', '"21.4R-EVO" is not a Junos version: after "21.4R", expected a release number, found "-EVO"'],
    ['15.1X49', '"15.1X49" is not a Junos version: after "15.1X49", expected "-D" and a release number (as in "15.1X49-D200"), found the end'],
    ['15.1X49-D', '"15.1X49-D" is not a Junos version: after "15.1X49-D", expected a D release number, found the end'],
    ['16.1-2016', '"16.1-2016" is not a Junos version: after "16.1-", expected a daily build date YYYYMMDD or YYYY-MM-DD, found "2016"'],
    ['21.4', '"21.4" is not a Junos version: after "21.4", expected a release type R, B, X, F or I, found the end'],
    ['21.4R3 S5', '"21.4R3 S5" is not a Junos version: after "21.4R3", expected "-S" and a service release number, "." and a spin number, or the end, found " S5"'],
    ['1234567890.1R1', '"1234567890.1R1" is not a Junos version: at the start, expected a major number (as "21" in "21.4R3") of at most 9 digits, found "1234567890.1R1"'],
    ['15.1 prior to 15.1F2-S15', '"15.1 prior to 15.1F2-S15" is not a Junos version: after "15.1", expected a release type R, B, X, F or I, found " prior to 15.1F2-S15"'],
  ])('%j', (text, message) => {
    let thrown: unknown;
    try {
      parseJunosVersion(text);
    } catch (err) {
      thrown = err;
    }
    expect(isIbsightError(thrown, 'INPUT_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(message);
    expect(tryParseJunosVersion(text)).toBeNull();
  });

  it('refuses a very long string without echoing all of it', () => {
    const long = `21.4R3-S${'1'.repeat(500)}`;
    expect(() => parseJunosVersion(long)).toThrow(/is not a Junos version: longer than 100 characters/);
    expect(() => parseJunosVersion(long)).toThrow(/^.{0,200}$/);
  });

  it('compareVersionText throws for either side', () => {
    expect(() => compareVersionText('21.4R3', 'junk')).toThrow(/"junk" is not a Junos version/);
    expect(() => compareVersionText('junk', '21.4R3')).toThrow(/"junk" is not a Junos version/);
  });
});

describe('trains', () => {
  it.each([
    ['21.2', { product: 'junos', lineKind: 'mainline', major: 21, minor: 2, x: null, train: '21.2', wildcard: false }],
    ['21.4-EVO', { product: 'junos-evolved', train: '21.4-EVO', wildcard: false }],
    ['15.1X49', { lineKind: 'x', x: 49, train: '15.1X49' }],
    ['15.1F', { lineKind: 'f', train: '15.1F' }],
    ['21.1*', { train: '21.1', product: 'junos', wildcard: true }],
    ['21.1*-EVO', { train: '21.1-EVO', product: 'junos-evolved', wildcard: true }],
    ['21.1*EVO', { train: '21.1-EVO', product: 'junos-evolved', wildcard: true }],
    [' 12.3X48 ', { text: '12.3X48', train: '12.3X48' }],
  ])('%j', (text, expected) => {
    expect(parseJunosTrain(text)).toMatchObject(expected);
  });

  it.each([
    ['21.4R3', '"21.4R3" is not a Junos train: after "21.4", expected "X" and a number, "F", "*", "-EVO" or the end, found "R3"'],
    ['21', '"21" is not a Junos train: after "21", expected "." and a minor number, found the end'],
    ['', '"" is not a Junos train: it is empty'],
    ['15.1F6', '"15.1F6" is not a Junos train: after "15.1F", expected "*", "-EVO" or the end, found "6"'],
    ['21.1**', '"21.1**" is not a Junos train: after "21.1*", expected "-EVO" or the end, found "*"'],
  ])('%j is not a train', (text, message) => {
    expect(() => parseJunosTrain(text)).toThrow(message);
  });

  it.each([
    ['21.4R3-S5.4', '21.4', true],
    ['21.4R3-S5.4', '21.4*', true],
    ['21.4R3-S5.4', '21.4-EVO', false],
    ['21.4R3-S5.4-EVO', '21.4*-EVO', true],
    ['21.4R3-S5.4-EVO', '21.4', false],
    ['21.4R3', '22.1', false],
    ['15.1X49-D200', '15.1X49', true],
    ['15.1X49-D200', '15.1', false],
    ['15.1X49-D200', '15.1X53', false],
    ['15.1R7', '15.1X49', false],
    ['15.1F6-S3', '15.1F', true],
    ['15.1F6-S3', '15.1', false],
    ['16.1-20160720.0', '16.1', true],
  ])('%s on train %s: %s', (v, t, expected) => {
    expect(isOnTrain(parseJunosVersion(v), parseJunosTrain(t))).toBe(expected);
  });

  it.each([
    ['21.4', '22.1', -1],
    ['9.6', '10.0', -1],
    ['22.1', '21.4', 1],
    ['21.4', '21.4*', 0],
    ['21.4-EVO', '22.1-EVO', -1],
    ['21.4-EVO', '21.4', 'unordered'],
    ['15.1X49', '15.1X49', 0],
    ['15.1X49', '15.1X53', 'unordered'],
    ['14.1X53', '15.1X53', 'unordered'],
    ['15.1X49', '15.1', 'unordered'],
    ['15.1F', '15.1', 'unordered'],
  ] as const)('train %s ? %s = %s', (a, b, expected) => {
    expect(compareTrains(parseJunosTrain(a), parseJunosTrain(b))).toBe(expected);
    expect(compareTrains(parseJunosTrain(b), parseJunosTrain(a))).toBe(flip(expected));
  });

  it('compares the trains of versions too', () => {
    expect(compareTrains(parseJunosVersion('21.4R3-S5'), parseJunosTrain('22.1'))).toBe(-1);
    expect(compareTrains(parseJunosVersion('22.1R1'), parseJunosVersion('21.4R3-S12'))).toBe(1);
    expect(compareTrains(parseJunosVersion('16.1-20160720.0'), parseJunosTrain('16.1'))).toBe(0);
  });
});

interface AdvisoryRange {
  file: string;
  product: JunosProduct;
  version?: string;
  lessThan?: string;
}

/** Every `affected[].versions[]` entry of the real CVE records under /work/shared/data/advisories/cve. */
function advisoryRanges(): AdvisoryRange[] {
  const dir = join(DATA, 'advisories', 'cve');
  const out: AdvisoryRange[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      containers: { cna: { affected?: { product?: string; versions?: { version?: string; lessThan?: string }[] }[] } };
    };
    for (const a of record.containers.cna.affected ?? []) {
      const product: JunosProduct = /evolved/i.test(a.product ?? '') ? 'junos-evolved' : 'junos';
      for (const v of a.versions ?? []) out.push({ file, product, ...v });
    }
  }
  return out;
}

const TRAIN_SHAPE = /^\s*\d+\.\d+(X\d+|F)?\*?(-?EVO)?\s*$/i;

describe('every version string of the real advisory records', () => {
  const ranges = advisoryRanges();
  const values = ranges.flatMap((r) => [r.version, r.lessThan].filter((v): v is string => v !== undefined).map((v) => ({ v, product: r.product })));
  const listed = values.filter(({ v }) => v !== '0' && v !== 'unspecified').map(({ v, product }) => ({ parts: v.split(', '), product }));
  const isFreeText = (parts: string[]): boolean => parts.some((part) => /\s/.test(part.trim()));
  const freeText = listed.filter((l) => isFreeText(l.parts)).map((l) => l.parts.join(', '));
  const single = listed.filter((l) => !isFreeText(l.parts)).flatMap((l) => l.parts.map((part) => ({ part, product: l.product })));

  it('the 16 records give a few hundred values, the free text being the legacy sentences', () => {
    expect(new Set(ranges.map((r) => r.file)).size).toBe(16);
    expect(single.length).toBeGreaterThan(250);
    expect(freeText.length).toBe(7);
    for (const t of freeText) expect(tryParseJunosVersion(t)).toBeNull();
  });

  it('each single version parses as a release, each train (wildcards too) as a train, of the entry\'s product', () => {
    let trains = 0;
    let versions = 0;
    for (const { part, product } of single) {
      if (TRAIN_SHAPE.test(part)) {
        expect(parseJunosTrain(part, product).product, part).toBe(product);
        trains++;
      } else {
        const v = tryParseJunosVersion(part, product);
        expect(v, part).not.toBeNull();
        expect([part, v!.isRelease, v!.product]).toEqual([part, true, product]);
        versions++;
      }
    }
    expect(trains).toBeGreaterThan(50);
    expect(versions).toBeGreaterThan(150);
  });

  it('where a range starts at a train, its end (each fixed release, or the wildcard) is on that train', () => {
    let checked = 0;
    for (const r of ranges) {
      if (r.version === undefined || r.lessThan === undefined || !TRAIN_SHAPE.test(r.version)) continue;
      const train = parseJunosTrain(r.version, r.product);
      for (const end of r.lessThan.split(', ')) {
        const onTrain = TRAIN_SHAPE.test(end) ? compareTrains(parseJunosTrain(end, r.product), train) === 0 : isOnTrain(parseJunosVersion(end, r.product), train);
        expect(onTrain, `${r.file}: ${r.version} .. ${end}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('an Evolved entry\'s train written without -EVO is an Evolved train only when the caller says so', () => {
    expect(parseJunosTrain('21.1', 'junos-evolved')).toMatchObject({ product: 'junos-evolved', train: '21.1-EVO', text: '21.1' });
    expect(parseJunosTrain('21.1')).toMatchObject({ product: 'junos', train: '21.1' });
    expect(parseJunosTrain('21.1*-EVO', 'junos')).toMatchObject({ product: 'junos-evolved' });
    expect(parseJunosVersion('22.4R3', 'junos-evolved')).toMatchObject({ product: 'junos-evolved', train: '22.4-EVO', maintenanceLine: '22.4R3-EVO' });
    expect(compareJunosVersions(parseJunosVersion('22.4R3', 'junos-evolved'), parseJunosVersion('22.4R3-EVO'))).toBe(0);
    expect(compareJunosVersions(parseJunosVersion('16.1-20160720.0', 'junos-evolved'), parseJunosVersion('16.1-20160720.0'))).toBe('unordered');
  });
});

describe('every version a real device reported', () => {
  it('each <junos-version> of the public replies and fixtures parses', () => {
    const seen = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.xml')) for (const m of readFileSync(path, 'utf8').matchAll(/<junos-version>([^<]+)<\/junos-version>/g)) seen.add(m[1]!);
      }
    };
    walk(join(DATA, 'junos-public'));
    walk(FIXTURES);
    expect(seen.size).toBeGreaterThan(15);
    for (const v of seen) expect(tryParseJunosVersion(v), v).not.toBeNull();
  });

  it('each fixture directory names a release (platform_version)', () => {
    const dirs = readdirSync(FIXTURES).filter((d) => d.includes('_'));
    expect(dirs.length).toBeGreaterThan(15);
    for (const d of dirs) expect(parseJunosVersion(d.slice(d.indexOf('_') + 1)).isRelease, d).toBe(true);
  });
});

describe('calling conventions', () => {
  it('texts.map(parseJunosVersion) parses Junos OS versions (the index is not taken for a product)', () => {
    const parsed = ['21.4R3', '22.1R1', '22.4R3-EVO'].map(parseJunosVersion as (t: string, i: number) => ReturnType<typeof parseJunosVersion>);
    expect(parsed.map((v) => v.product)).toEqual(['junos', 'junos', 'junos-evolved']);
    expect(compareJunosVersions(parsed[0]!, parsed[1]!)).toBe(-1);
  });
});
