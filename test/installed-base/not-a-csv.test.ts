/**
 * Files that are not CSV text at all are refused as a whole with a clear INPUT_INVALID naming the
 * line: a binary file (NUL byte), a workbook, UTF-16, a Latin-1 export, a quote left open at the
 * end, text after a closing quote, a row swallowing the file. Also Utf8TextGuard alone, fed chunks that
 * cut a UTF-8 character.
 */
import { describe, expect, it } from 'vitest';
import { readInstalledBaseFile } from '../../src/installed-base/installed-base-csv.js';
import { Utf8TextGuard } from '../../src/installed-base/utf8-text-guard.js';
import { failureOf, NATIVE_HEADER, testFiles } from './ib-test-files.js';

const { write } = testFiles('ib-not-csv');

const GOOD_ROWS = 'JN1,,,S1,,,,,,,,\nJN2,,,S1,,,,,,,,\n';

async function refusal(content: string | Buffer): Promise<{ message: string; line: unknown }> {
  const file = write('ib.csv', content);
  const err = await failureOf(() => readInstalledBaseFile(file), 'INPUT_INVALID');
  expect(err.message.startsWith(`${file}: `)).toBe(true);
  return { message: err.message.slice(file.length + 2), line: err.context.line };
}

describe('not a CSV file', () => {
  it('a binary file: the line of the first NUL byte', async () => {
    const content = Buffer.concat([Buffer.from(`${NATIVE_HEADER}\n${GOOD_ROWS}`), Buffer.from([0x89, 0x00, 0x01, 0x0a])]);
    const { message, line } = await refusal(content);
    expect(message).toMatch(/^line 4: a NUL byte: this is not a CSV text file/);
    expect(line).toBe(4);
  });

  it('a workbook or UTF-16 text: named as such', async () => {
    expect((await refusal(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).message).toMatch(/ZIP archive \(an \.xlsx workbook\?\)/);
    expect((await refusal(Buffer.from(`\uFEFF${NATIVE_HEADER}\n`, 'utf16le'))).message).toMatch(/^this is UTF-16 text; save it/);
  });

  it('a Latin-1 export: the line of the first byte that is not UTF-8', async () => {
    const content = Buffer.concat([Buffer.from(`${NATIVE_HEADER}\n${GOOD_ROWS}JN3,,Z`), Buffer.from([0xfc]), Buffer.from('rich,S1,,,,,,,,\n')]);
    const { message, line } = await refusal(content);
    expect(message).toMatch(/^line 4: not UTF-8 text \(a Latin-1 or Windows-1252 export\?\)/);
    expect(line).toBe(4);
  });

  it('a quote left open at the end of the file: the line where its row starts', async () => {
    const { message, line } = await refusal(`${NATIVE_HEADER}\n${GOOD_ROWS}JN3,,"an open quote,S1,,,,,,,,\nJN4,,,S1,,,,,,,,\n`);
    expect(message).toMatch(/^line 4: a quoted cell of the row starting here is never closed/);
    expect(line).toBe(4);
  });

  it('text after a closing quote: the line of that text', async () => {
    const { message, line } = await refusal(`${NATIVE_HEADER}\n${GOOD_ROWS}JN3,,"a ""quoted"" cell\nover two lines" and more,S1,,,,,,,,\n`);
    expect(message).toBe('line 5: not a well-formed CSV file (a quoted cell is followed by "a" instead of a comma or the end of the line)');
    expect(line).toBe(5);
  });

  it('a row running over 1 MiB (an unbalanced quote swallowing the file): the line where it starts', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `JN${i},,text,S1,,,,,,,,`).join('\n');
    const { message, line } = await refusal(`${NATIVE_HEADER}\nJN0,,"open,S1,,,,,,,,\n${rows}\n"\n`);
    expect(message).toMatch(/^line 2: the row starting here runs over 1048576 characters/);
    expect(line).toBe(2);
  });
});

/** The chunks checked one after the other by one guard, then the end of the file. */
async function guardOver(chunks: Buffer[]): Promise<void> {
  const guard = new Utf8TextGuard('f.csv', 1 << 20);
  for (const chunk of chunks) guard.check(chunk);
  guard.finish();
}

describe('Utf8TextGuard', () => {
  it('accepts UTF-8 text whose chunks cut its characters anywhere', async () => {
    const text = Buffer.from('a,b\n€uro,𝄞 clef,Zürich\nend\n');
    for (let cut = 1; cut < text.length; cut++) {
      await expect(guardOver([text.subarray(0, cut), text.subarray(cut)])).resolves.toBeUndefined();
      await expect(guardOver([text.subarray(0, cut), Buffer.from([0xff]), text.subarray(cut)])).rejects.toThrow('not UTF-8 text');
    }
  });

  it('refuses text that ends inside a UTF-8 character, and a file growing past its bound', async () => {
    const cutShort = Buffer.from('a,b\n€').subarray(0, 6);
    await expect(guardOver([cutShort])).rejects.toThrow('f.csv: line 2: the file ends inside a UTF-8 character');
    await expect(guardOver([Buffer.alloc(700_000, 0x41), Buffer.alloc(700_000, 0x41)])).rejects.toThrow(/more than 1048576 bytes/);
  });

  it('names the line of an invalid byte in a later chunk', async () => {
    await expect(guardOver([Buffer.from('a\nb\n'), Buffer.from('c\nd\xff\n', 'latin1')])).rejects.toThrow('f.csv: line 4: not UTF-8 text');
  });
});
