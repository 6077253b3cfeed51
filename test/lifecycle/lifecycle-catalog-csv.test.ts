/**
 * CSV lifecycle catalogs: header names in any spelling, comments, BOM, quoted cells over several
 * lines (rows numbered by their first line), the example column; unknown columns warned about;
 * bad rows refused naming file, line, key and field; files refused whole when the header cannot
 * be used or the CSV cannot be parsed.
 */
import { describe, expect, it } from 'vitest';
import { parseCsvCatalog } from '../../src/lifecycle/lifecycle-catalog-csv.js';

const FILE = 'lc.csv';
const HEADER = 'kind,model,partNumber,train,eolAnnounced,lastOrder,endOfSupport,frs,endOfEngineering,extended,note';

describe('a good catalog', () => {
  it('reads rows with their lines, any header spelling, comments, BOM and multi-line cells', () => {
    const text = [
      '\ufeff# illustrative',
      'Kind,Model,Part Number,TRAIN,End of Support,end_of_engineering,Extended,Note,Example',
      'hardware,MX960,,,2030-09-30,,,,',
      '',
      '# a comment between rows',
      'software,,,21.4,2025-06-20,2024-12-20,TRUE,"two',
      'lines",true',
      'hardware,,750-033307,,2028-03-31,,,"a, b",',
      ',,,,,,,,',
    ].join('\r\n');
    const contents = parseCsvCatalog(text, FILE);
    expect(contents.problems).toEqual([]);
    expect(contents.example).toBe(true);
    expect(contents.entries.map((e) => [e.keyType, e.key, e.origin.line, e.example, e.endOfSupport, e.note])).toEqual([
      ['model', 'MX960', 3, true, '2030-09-30', null],
      ['train', '21.4', 6, true, '2025-06-20', 'two\nlines'],
      ['partNumber', '750-033307', 8, true, '2028-03-31', 'a, b'],
    ]);
    expect(contents.entries[1]).toMatchObject({ endOfEngineering: '2024-12-20', extended: true });
  });

  it('warns about an unknown column and ignores it', () => {
    const contents = parseCsvCatalog('kind,model,endOfSupport,Product family\nhardware,MX480,2031-03-31,MX\n', FILE);
    expect(contents.entries.map((e) => e.key)).toEqual(['MX480']);
    expect(contents.problems.map((p) => `${p.severity} ${p.message}`)).toEqual(['warning lc.csv: line 1: Product family: unknown column, ignored']);
  });
});

describe('bad rows are refused, naming file, line, key and field; the other rows are read', () => {
  it.each([
    ['hardware,MX480,,,,,2031-04-31,,,,', 'lc.csv: line 3: hardware model MX480: endOfSupport: expected a date YYYY-MM-DD, got "2031-04-31"'],
    ['hardware,MX480,,,,2026-3-31,,,,,', 'lc.csv: line 3: hardware model MX480: lastOrder: expected a date YYYY-MM-DD, got "2026-3-31"'],
    ['hardware,MX480,,,,,2031-01-01,2020-01-01,,,', 'lc.csv: line 3: hardware model MX480: frs: not a field of a hardware row'],
    ['hardware,MX480,750-1,,,,,,,,', 'lc.csv: line 3: hardware model MX480: partNumber: a hardware row is keyed by model or by partNumber, not both'],
    ['software,,,21.4R3,,,2025-06-20,,,,', 'lc.csv: line 3: software train 21.4R3: train: expected a release train such as 21.4, 22.4-EVO or 15.1X49 ("21.4R3" is a version of train 21.4)'],
    ['software,MX480,,21.4,,,2025-06-20,,,,', 'lc.csv: line 3: software train 21.4: model: not a field of a software row'],
    ['software,,,21.4,,,,,,yes,', 'lc.csv: line 3: software train 21.4: extended: expected true or false, got "yes"'],
    ['software,,,,,,2025-06-20,,,,', 'lc.csv: line 3: row: train: required: a software row needs a train'],
    ['hw,MX480,,,,,2031-01-01,,,,', 'lc.csv: line 3: row: kind: expected hardware or software, got "hw"'],
    ['hardware,MX480,,,,,2031-01-01,,,,,surplus', 'lc.csv: line 3: 12 cells but the header has 11 columns; row refused'],
  ])('%s', (row, message) => {
    const text = `${HEADER}\nhardware,GOOD,,,,,2030-01-01,,,,\n${row}\nsoftware,,,24.4,,,2030-01-01,,,,\n`;
    const contents = parseCsvCatalog(text, FILE);
    const errors = contents.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.message).join('\n')).toContain(message);
    expect(errors[0]).toMatchObject({ file: FILE, line: 3 });
    expect(contents.entries.map((e) => e.key)).toEqual(['GOOD', '24.4']);
    expect(contents.rejected).toBe(1);
  });
});

describe('whole-file problems', () => {
  it.each([
    ['model,endOfSupport\nMX480,2031-01-01\n', 'lc.csv: line 1: kind: required column missing (the header needs kind and model, partNumber or train); file ignored'],
    ['kind,endOfSupport\nhardware,2031-01-01\n', 'lc.csv: line 1: no key column (model, partNumber or train); file ignored'],
    ['kind,model,Model\nhardware,A,B\n', 'lc.csv: line 1: model: column named twice ("Model"); file ignored'],
    ['kind,model,note\nhardware,A,"open\nhardware,B,x\n', /^lc\.csv: line 3: not readable as CSV \(Quote Not Closed/],
  ])('%j', (text, message) => {
    const contents = parseCsvCatalog(text, FILE);
    const errors = contents.problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    if (typeof message === 'string') expect(errors[0]!.message).toBe(message);
    else expect(errors[0]!.message).toMatch(message);
    expect(contents.entries).toEqual([]);
  });

  it('an empty file is a warning', () => {
    expect(parseCsvCatalog('# only a comment\n\n', FILE).problems.map((p) => `${p.severity} ${p.message}`)).toEqual(['warning lc.csv: empty catalog (no header, no rows)']);
  });
});
