/**
 * The check in front of the CSV tokenizer that lets only UTF-8 text through: a file that is not
 * text (a NUL byte, a ZIP/.xlsx or old .xls workbook, UTF-16) or not UTF-8 (a Latin-1 /
 * Windows-1252 export) is refused with the line where it shows, instead of being parsed into rows
 * of garbage; and a file growing past `maxBytes` while read is refused too. All checks are
 * native-speed scans of each chunk (indexOf, buffer.isUtf8); a UTF-8 character split between two
 * chunks is checked once the next chunk arrives. Errors are INPUT_INVALID naming the file (and
 * line). Lines are counted by `\n`. The reader hands it each chunk it reads, before decoding.
 */
import { isUtf8 } from 'node:buffer';
import { IbsightError } from '../errors/ibsight-error.js';

const SAVE_AS = 'save it from the spreadsheet as "CSV UTF-8"';

function countNewlines(data: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = data.indexOf(10, from); at !== -1 && at < to; at = data.indexOf(10, at + 1)) count++;
  return count;
}

/** The end of the last complete UTF-8 sequence of `data` (a trailing partial one is left out). */
function completeEnd(data: Buffer): number {
  for (let i = data.length - 1; i >= 0 && i >= data.length - 4; i--) {
    const byte = data[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return data.length;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return i + need <= data.length ? data.length : i;
  }
  return data.length;
}

/** Roughly where the first invalid UTF-8 byte of `data` is: the longest valid prefix. */
function validPrefixLength(data: Buffer): number {
  let low = 0;
  let high = data.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (isUtf8(data.subarray(0, completeEnd(data.subarray(0, mid))))) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A name for what a file starting with these bytes is, when it is plainly not a CSV text. */
function notTextKind(head: Buffer): string | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16 text';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16 text';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'a ZIP archive (an .xlsx workbook?), not a CSV file';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'an Excel .xls workbook, not a CSV file';
  return null;
}

export class Utf8TextGuard {
  private bytes = 0;
  /** `\n` bytes in the chunks already checked. */
  private newlines = 0;
  /** The start of a UTF-8 character cut at the end of the previous chunk. */
  private carry: Buffer | null = null;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  private refuse(message: string, line?: number): IbsightError {
    const where = line === undefined ? '' : `line ${line}: `;
    return new IbsightError('INPUT_INVALID', `${this.file}: ${where}${message}`, {
      context: { file: this.file, ...(line === undefined ? {} : { line }) },
    });
  }

  /** Checks the next chunk of the file (INPUT_INVALID when it is not UTF-8 text). */
  check(chunk: Buffer): void {
    if (this.bytes === 0) {
      const kind = notTextKind(chunk);
      if (kind !== null) throw this.refuse(`this is ${kind}; ${SAVE_AS}`);
    }
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) throw this.refuse(`more than ${this.maxBytes} bytes: over the size bound of an installed-base file`);
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw this.refuse(`a NUL byte: this is not a CSV text file (a binary file?); ${SAVE_AS}`, this.newlines + countNewlines(chunk, 0, nul) + 1);
    }
    const data = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    const end = completeEnd(data);
    if (!isUtf8(data.subarray(0, end))) {
      const bad = validPrefixLength(data.subarray(0, end));
      throw this.refuse(`not UTF-8 text (a Latin-1 or Windows-1252 export?); ${SAVE_AS}`, this.newlines + countNewlines(data, 0, bad) + 1);
    }
    this.carry = end < data.length ? Buffer.from(data.subarray(end)) : null;
    this.newlines += countNewlines(chunk, 0, chunk.length);
  }

  /** The end of the file: INPUT_INVALID when it ends inside a UTF-8 character. */
  finish(): void {
    if (this.carry !== null) throw this.refuse('the file ends inside a UTF-8 character: not UTF-8 text', this.newlines + 1);
  }
}
