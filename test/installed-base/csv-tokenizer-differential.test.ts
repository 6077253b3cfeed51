/**
 * Our CSV tokenizer against csv-parse (the reference, with the options the reader used before it
 * had its own tokenizer): identical records and line numbers, and both refusing the same inputs,
 * on tricky inputs, thousands of generated ones (quotes, blanks, CR/LF in every mix, BOM,
 * multi-byte characters) and a generated file of realistic rows, each fed whole, in two or three
 * pieces cut anywhere, and one character at a time. The reference's line of a record is the
 * physical line (CR LF, LF or a lone CR end one) where csv-parse says the record starts (its
 * `info.bytes`); for files without CR, csv-parse's own line count (`info.lines`, what the reader
 * numbered rows by) is checked to agree too.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, lineBreaks } from '../../src/installed-base/csv-tokenizer.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';

const MAX = 1 << 20;

type Outcome = { records: [string[], number][] } | { error: number | null };

/** csv-parse's reading of `input`: records with the physical line each starts on, or its refusal. */
function reference(input: string): Outcome & { csvParseLines?: number[] } {
  const bytes = Buffer.from(input);
  try {
    const rows = parse(bytes, { bom: true, trim: true, relax_quotes: true, relax_column_count: true, max_record_size: MAX, info: true }) as {
      record: string[];
      info: { bytes: number; lines: number };
    }[];
    const text = bytes.toString('latin1');
    let start = bytes[0] === 0xef ? 3 : 0;
    let line = 1 + lineBreaks(text, 0, start);
    let previousEnd = 0;
    const records: [string[], number][] = [];
    const csvParseLines: number[] = [];
    for (const { record, info } of rows) {
      records.push([record, line]);
      line += lineBreaks(text, start, info.bytes);
      csvParseLines.push(previousEnd + 1);
      previousEnd = info.lines;
      start = info.bytes;
    }
    return { records, csvParseLines };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' && code !== 'CSV_QUOTE_NOT_CLOSED') throw err;
    // the line of the offending text (csv-parse counts a CR LF inside quotes twice: only kept without CR)
    return { error: code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' && !input.includes('\r') ? (err as { lines: number }).lines : null };
  }
}

/** Our reading of `input` handed over in pieces ending at `cuts`. */
function ours(input: string, cuts: number[]): Outcome {
  const records: [string[], number][] = [];
  const tokenizer = new CsvTokenizer((cells, line) => records.push([cells, line]), { source: 'f.csv', maxRecordChars: MAX });
  try {
    let from = 0;
    for (const cut of [...cuts, input.length]) {
      tokenizer.push(input.slice(from, cut));
      from = cut;
    }
    tokenizer.end();
    return { records };
  } catch (err) {
    if (!isIbsightError(err, 'INPUT_INVALID')) throw err;
    return { error: err.context.line as number };
  }
}

function expectSame(input: string, cuts: number[] = []): void {
  const { csvParseLines, ...expected } = reference(input);
  const got = ours(input, cuts);
  const label = `${JSON.stringify(input)} cut at ${JSON.stringify(cuts)}`;
  if ('error' in expected) {
    expect('error' in got, label).toBe(true);
    if (expected.error !== null) expect(got, label).toEqual({ error: expected.error });
    return;
  }
  expect(got, label).toEqual(expected);
  if (!input.includes('\r') && csvParseLines !== undefined) {
    expect((got as { records: [string[], number][] }).records.map(([, line]) => line), label).toEqual(csvParseLines);
  }
}

/** Whole, cut in two everywhere, and one character at a time. */
function expectSameEverywhere(input: string): void {
  expectSame(input);
  for (let cut = 1; cut < input.length; cut++) expectSame(input, [cut]);
  expectSame(input, Array.from({ length: Math.max(0, input.length - 1) }, (_, i) => i + 1));
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const TRICKY = [
  '',
  'a',
  'a,b\nc,d\n',
  'a,b\r\nc,d\r\n',
  'a,b\rc,d\r',
  'a,b\nc,d',
  '\ufeffserial,site\nJN1,S1\n',
  '"a,b","c""d"\n"line one\nline two",x\n',
  '"a\r\nb",c\r\nd,e\r\n',
  'x,"a\r\nb"\r\n"c\nd",e\r\nf\r\n',
  'a,b\n\n\nc,d\n',
  ' a , b \n  ,  \n',
  ' "a" , "b" \n',
  '"a" ,"b"\t,c\n',
  '19" rack,x\n',
  'a"b"c,"d"\n',
  '"",x\n',
  '"" "",x\n',
  '""  \t"" ,x\n',
  '"" "x",y\n',
  '"a"b,c\n',
  '"a" b,c\n',
  '"unclosed,x\ny,z\n',
  'a,\n,b\n,\n',
  'a,b,\n',
  '\u00a0a\u00a0,b\u2003\n',
  'Zürich,€uro,𝄞\n"é\n",x\n',
  'a\r\nb\nc\r\n',
  'a\nb\r\nc\n',
  'a\rb\nc\r',
  '"a"\r\n',
  '"a"\r',
  'a\r',
  '   \n',
  'a\n   ',
  '\f\ta,b\f\n',
  '"a""",b\n',
  '"""",b\n',
  '"a\n\n\nb",c\n',
];

describe('CsvTokenizer against csv-parse', () => {
  it('reads every tricky input as csv-parse does, however the text is cut', () => {
    for (const input of TRICKY) expectSameEverywhere(input);
  });

  it('reads thousands of generated inputs as csv-parse does', () => {
    const next = random(20261204);
    const pieces = ['a', 'b', 'x y', 'é', '𝄞', ' ', '\t', '\f', '\u00a0', ',', ',', ',', '"', '"', '""', '\n', '\n', '\r', '\r\n', '\ufeff'];
    for (let n = 0; n < 4000; n++) {
      let input = next(6) === 0 ? '\ufeff' : '';
      const length = 1 + next(24);
      for (let k = 0; k < length; k++) input += pieces[next(pieces.length)];
      const cuts: number[] = [];
      for (let k = next(3); k > 0; k--) cuts.push(1 + next(Math.max(1, input.length - 1)));
      expectSame(input, [...new Set(cuts)].sort((a, b) => a - b));
    }
  });

  it('reads a generated file of realistic rows as csv-parse does, LF and CR LF', () => {
    const next = random(42);
    const cell = (): string => {
      const plain = ['JN12345ABCDE', 'MX960-PREMIUM3-AC', '0100012345', '2024-01-31', '', 'SVC-CORE', 'Zürich DC'][next(7)]!;
      switch (next(8)) {
        case 0:
          return `"${plain}, with a comma"`;
        case 1:
          return `"${plain} says ""hi"""`;
        case 2:
          return `"${plain}\nsecond line"`;
        case 3:
          return ` ${plain} `;
        case 4:
          return `${plain} 19" rack`;
        default:
          return plain;
      }
    };
    for (const eol of ['\n', '\r\n']) {
      const rows = Array.from({ length: 2000 }, () => Array.from({ length: 1 + next(12) }, cell).join(','));
      const input = `\ufeff${rows.join(eol)}${eol}`;
      expectSame(input);
      expectSame(input, [1, 777, 4096, 65_537, input.length - 3]);
    }
  });
});

describe('CsvTokenizer on its own', () => {
  it('numbers records by physical lines where csv-parse counts a CR LF inside quotes twice', () => {
    const lines: number[] = [];
    const tokenizer = new CsvTokenizer((_cells, line) => lines.push(line), { source: 'f.csv', maxRecordChars: MAX });
    tokenizer.push('a,"one\r\ntwo"\r\nb,c\r\n"x\ry",z\r\nlast');
    tokenizer.end();
    expect(lines).toEqual([1, 3, 4, 6]);
  });

  it('refuses a record spanning more than maxRecordChars, naming the line it starts on, whole or cut', () => {
    const body = `a,b\nc,"${'x'.repeat(60)}\n${'y'.repeat(60)}"\nd,e\n`;
    const read = (limit: number, cuts: number[]) => {
      const records: string[][] = [];
      const tokenizer = new CsvTokenizer((cells) => records.push(cells), { source: 'f.csv', maxRecordChars: limit });
      let from = 0;
      for (const cut of [...cuts, body.length]) {
        tokenizer.push(body.slice(from, cut));
        from = cut;
      }
      tokenizer.end();
      return records;
    };
    expect(read(200, [])).toHaveLength(3);
    for (const cuts of [[], [10], [10, 40, 70]]) {
      let caught: unknown;
      try {
        read(100, cuts);
      } catch (err) {
        caught = err;
      }
      expect(isIbsightError(caught, 'INPUT_INVALID')).toBe(true);
      expect((caught as Error).message).toBe('f.csv: line 2: the row starting here runs over 100 characters (an unbalanced quote?): not a well-formed CSV file');
    }
  });
});
