/**
 * The exact CSV state machine behind the tokenizer (csv-tokenizer.ts): one record at a time,
 * character by character where it matters (quotes, blanks, CR/LF), for every record the
 * tokenizer's fast path does not take. Its rules are the tokenizer's (see there); it also fixes
 * the file's record delimiter at the first CR/LF outside quotes. Errors are INPUT_INVALID naming
 * the source and the line.
 */
import { IbsightError } from '../errors/ibsight-error.js';

export type CsvRecordHandler = (cells: string[], line: number) => void;

export const COMMA = 44;
export const QUOTE = 34;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;
export const FF = 12;

/** The record delimiter of a text: not found yet, LF, CR LF or CR. */
export enum Delimiter {
  Unknown = 0,
  Lf = 1,
  CrLf = 2,
  Cr = 3,
}

/** What a scan returns when the next chunk decides. */
export const NEED_MORE = -1;

/** Physical line breaks in text[from, to): CR LF, LF and a lone CR count one each. */
export function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c === LF || (c === CR && text.charCodeAt(at + 1) !== LF)) n++;
  }
  return n;
}

export interface CsvLimits {
  /** The name of the text in messages (the file). */
  source: string;
  /** A record spanning more characters refuses the text. */
  maxRecordChars: number;
}

export function csvFormatError(source: string, line: number, problem: string): IbsightError {
  return new IbsightError('INPUT_INVALID', `${source}: line ${line}: ${problem}`, { context: { file: source, line } });
}

export function recordTooLong(limits: CsvLimits, line: number): IbsightError {
  return csvFormatError(limits.source, line, `the row starting here runs over ${limits.maxRecordChars} characters (an unbalanced quote?): not a well-formed CSV file`);
}

export class CsvRecordScanner {
  /** The file's record delimiter, once found. */
  delimiter = Delimiter.Unknown;

  constructor(private readonly options: CsvLimits) {}

  /**
   * The length of the record delimiter at `at` (0: none there), NEED_MORE when the next chunk
   * decides; the first CR/LF outside quotes fixes the delimiter of the file.
   */
  private delimiterAt(text: string, at: number, final: boolean): number {
    const c = text.charCodeAt(at);
    if (c !== LF && c !== CR) return 0;
    if (c === CR && at + 1 >= text.length && !final) return NEED_MORE;
    const crLf = c === CR && text.charCodeAt(at + 1) === LF;
    switch (this.delimiter) {
      case Delimiter.Unknown:
        this.delimiter = c === LF ? Delimiter.Lf : crLf ? Delimiter.CrLf : Delimiter.Cr;
        return crLf ? 2 : 1;
      case Delimiter.Lf:
        return c === LF ? 1 : 0;
      case Delimiter.CrLf:
        return crLf ? 2 : 0;
      case Delimiter.Cr:
        return c === CR ? 1 : 0;
    }
  }

  /**
   * The record starting at `start` (on `line`): hands it to `onRecord` and returns the position
   * after its delimiter (or the end of a final text), or NEED_MORE.
   */
  record(text: string, start: number, final: boolean, line: number, onRecord: CsvRecordHandler): number {
    const len = text.length;
    const cells: string[] = [];
    let p = start;
    for (;;) {
      // the start of a cell: blanks and non-delimiter line breaks are skipped
      let c = -1;
      for (; p < len; p++) {
        c = text.charCodeAt(p);
        if (c === LF || c === CR) {
          const d = this.delimiterAt(text, p, final);
          if (d === NEED_MORE) return NEED_MORE;
          if (d > 0) return this.emit(cells, '', start, p + d, line, onRecord);
        } else if (c !== SPACE && c !== TAB && c !== FF) {
          break;
        }
      }
      if (p >= len) {
        if (!final) return NEED_MORE;
        return cells.length === 0 ? len : this.emit(cells, '', start, len, line, onRecord);
      }
      if (c === COMMA) {
        cells.push('');
        p++;
        continue;
      }
      if (c !== QUOTE) {
        // unquoted: up to the next comma or record delimiter; quotes in it are characters
        const from = p;
        for (; p < len; p++) {
          c = text.charCodeAt(p);
          if (c === COMMA) break;
          if (c === LF || c === CR) {
            const d = this.delimiterAt(text, p, final);
            if (d === NEED_MORE) return NEED_MORE;
            if (d > 0) return this.emit(cells, text.slice(from, p).trimEnd(), start, p + d, line, onRecord);
          }
        }
        if (p >= len) return final ? this.emit(cells, text.slice(from, len).trimEnd(), start, len, line, onRecord) : NEED_MORE;
        cells.push(text.slice(from, p).trimEnd());
        p++;
        continue;
      }
      // quoted
      let value = '';
      let q = p + 1;
      for (;;) {
        const close = text.indexOf('"', q);
        if (close === -1 || (close + 1 >= len && !final)) {
          if (!final) return NEED_MORE;
          throw this.notClosed(line);
        }
        if (close + 1 < len && text.charCodeAt(close + 1) === QUOTE) {
          value += text.slice(q, close + 1);
          q = close + 2;
          continue;
        }
        value += text.slice(q, close);
        p = close + 1;
        break;
      }
      // after the closing quote: blanks, then a comma, the record delimiter or the end
      for (; p < len; p++) {
        c = text.charCodeAt(p);
        if (c === COMMA) break;
        if (c === LF || c === CR) {
          const d = this.delimiterAt(text, p, final);
          if (d === NEED_MORE) return NEED_MORE;
          if (d > 0) return this.emit(cells, value, start, p + d, line, onRecord);
        } else if (c !== SPACE && c !== TAB && c !== FF) {
          if (c !== QUOTE || value.length !== 0) throw this.afterQuote(text, start, p, line);
          const close = this.reopened(text, p, start, final, line);
          if (close === NEED_MORE) return NEED_MORE;
          p = close;
        }
      }
      if (p >= len) return final ? this.emit(cells, value, start, len, line, onRecord) : NEED_MORE;
      cells.push(value);
      p++;
    }
  }

  /**
   * An empty quoted cell followed by blanks and a quote is opened again (csv-parse): only blanks
   * (dropped) may come before its closing quote, and after that what may follow any closing
   * quote. Returns the closing quote's position, or NEED_MORE.
   */
  private reopened(text: string, open: number, start: number, final: boolean, line: number): number {
    const len = text.length;
    for (let at = open + 1; ; at++) {
      if (at >= len) {
        if (!final) return NEED_MORE;
        throw this.notClosed(line);
      }
      const c = text.charCodeAt(at);
      if (c === QUOTE) {
        if (at + 1 >= len) return final ? at : NEED_MORE;
        const next = text.charCodeAt(at + 1);
        if (next === COMMA || next === SPACE || next === TAB || next === FF || next === LF || next === CR) return at;
        throw this.afterQuote(text, start, next === QUOTE ? at + 1 : at, line);
      }
      if (c !== SPACE && c !== TAB && c !== FF && c !== LF && c !== CR) throw this.afterQuote(text, start, at, line);
    }
  }

  private notClosed(line: number): IbsightError {
    return csvFormatError(this.options.source, line, 'a quoted cell of the row starting here is never closed (the file ends inside it): not a well-formed CSV file');
  }

  /** The error for text at `at` after a closing quote, in the record starting at `start`. */
  private afterQuote(text: string, start: number, at: number, line: number): IbsightError {
    const shown = JSON.stringify(String.fromCodePoint(text.codePointAt(at)!));
    return csvFormatError(this.options.source, line + lineBreaks(text, start, at), `not a well-formed CSV file (a quoted cell is followed by ${shown} instead of a comma or the end of the line)`);
  }

  private emit(cells: string[], last: string, start: number, next: number, line: number, onRecord: CsvRecordHandler): number {
    cells.push(last);
    if (next - start > this.options.maxRecordChars) throw recordTooLong(this.options, line);
    onRecord(cells, line);
    return next;
  }
}
