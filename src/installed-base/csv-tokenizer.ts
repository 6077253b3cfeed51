/**
 * Our own CSV tokenizer for installed-base files: text in (chunks of a decoded file, in order),
 * records out (`onRecord(cells, line)`), synchronously, nothing kept. It reads exactly what
 * csv-parse 6 reads with the options the reader used before (bom, trim, relax_quotes,
 * relax_column_count), line numbers aside (below); test/installed-base/csv-tokenizer-differential.test.ts
 * holds it to that on tricky inputs, thousands of generated ones and a generated file, cut anywhere.
 * Why our own (measured 2026-12-04, 140 MB / 1M-row file, bench/RESULTS.md): csv-parse reads
 * 15–16 MB/s here whatever its options (none, or ours; `info`/`raw` off, arrays) or API (the
 * stream, or the sync API over 14 MB buffers ending on a record), i.e. 9 s for the file, where the
 * issue wants the whole import "in seconds"; this tokenizer reads it in 0.9–1.3 s (file reads,
 * UTF-8 check and decoding included).
 * Rules (RFC 4180 and csv-parse's):
 * - a UTF-8 BOM at the start is skipped; the record delimiter is the first CR LF, LF or CR found
 *   outside quotes, and only it ends records (in a CR LF file a lone LF inside a cell is a character);
 * - a cell starting with `"` (after blanks) is quoted: `""` inside is one quote, delimiters and
 *   line breaks inside are characters; after its closing quote only blanks may come before the next
 *   `,` or the end of the record (anything else refuses the file); an empty quoted cell followed by
 *   blanks and another quote opens again, for blanks only (csv-parse does so);
 * - a quote inside an unquoted cell is a character (`19" rack`);
 * - trimming: space, tab, form feed and non-delimiter CR/LF before a cell are skipped; an unquoted
 *   cell loses its trailing white space (String.prototype.trimEnd); a quoted cell keeps its content;
 * - an empty line is a record of one empty cell; the last line needs no line break; a last line of
 *   blanks alone is no record.
 * - line numbers are physical lines (CR LF, LF and a lone CR each end one), 1-based; a record is
 *   numbered by the line it starts on. (csv-parse counts a CR LF inside a quoted cell as two lines:
 *   our numbers are the file's.)
 * - refused as a whole (INPUT_INVALID naming the source and the line): a quoted cell still open at
 *   the end (the line its record starts on), a record spanning more than `maxRecordChars`
 *   characters (same), text after a closing quote (the line of that text).
 * Speed: a record with no quote and no stray CR is cut with indexOf (one search per line end,
 * quotes and CRs searched once per chunk, not per record) and its cells are slices of the chunk;
 * everything else goes through the exact state machine (csv-record-scanner.ts). Cells of 13
 * characters or more are V8 sliced strings that keep the whole chunk alive: a caller keeping a
 * cell must copy it (value-pool.ts keptCopy).
 */
import { CsvRecordScanner, Delimiter, FF, lineBreaks, NEED_MORE, recordTooLong, SPACE, TAB, type CsvLimits, type CsvRecordHandler } from './csv-record-scanner.js';

export { lineBreaks, type CsvRecordHandler } from './csv-record-scanner.js';

/** An unquoted cell text[from, to) (no quote, CR or LF in it): leading blanks skipped, trailing white space trimmed. */
function plainCell(text: string, from: number, to: number): string {
  let c = text.charCodeAt(from);
  while (from < to && (c === SPACE || c === TAB || c === FF)) c = text.charCodeAt(++from);
  if (from >= to) return '';
  const last = text.charCodeAt(to - 1);
  const cell = text.slice(from, to);
  return last <= SPACE || last >= 0xa0 ? cell.trimEnd() : cell;
}

/**
 * Where a character next occurs in a text at or after a position, searched again only once that
 * position is passed (a file without quotes or CRs is searched for them once per chunk). Kept in
 * an object on purpose: held in local variables, TurboFan (Node 20) sometimes scheduled the
 * first, loop-invariant search inside the record loop, searching the whole chunk once per record
 * (20× slower, in about one run of four).
 */
class NextOf {
  private at = -2;

  constructor(private readonly char: string) {}

  reset(): void {
    this.at = -2;
  }

  /** The next position of the character at or after `pos`, -1 when there is none. */
  in(text: string, pos: number): number {
    let at = this.at;
    if (at !== -1 && at < pos) {
      at = text.indexOf(this.char, pos);
      this.at = at;
    }
    return at;
  }
}

export class CsvTokenizer {
  private readonly quotes = new NextOf('"');
  private readonly crs = new NextOf('\r');
  private readonly lfs = new NextOf('\n');
  /** Text received and not yet consumed: the start of an unfinished record. */
  private rest = '';
  /** The line `rest` starts on. */
  private line = 1;
  private started = false;
  private readonly scanner: CsvRecordScanner;

  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly options: CsvLimits,
  ) {
    this.scanner = new CsvRecordScanner(options);
  }

  /** Tokenizes the records `text` completes; an unfinished last record waits for the next push. */
  push(text: string): void {
    let all = this.rest.length === 0 ? text : this.rest + text;
    if (!this.started) {
      if (all.length === 0) return;
      this.started = true;
      if (all.charCodeAt(0) === 0xfeff) all = all.slice(1);
    }
    const consumed = this.scan(all, false);
    this.rest = consumed === 0 ? all : all.slice(consumed);
    if (this.rest.length > this.options.maxRecordChars) throw recordTooLong(this.options, this.line);
  }

  /** The end of the text: tokenizes the last record. */
  end(): void {
    this.started = true;
    this.scan(this.rest, true);
    this.rest = '';
  }

  /** Emits every complete record of `text`; returns where the unconsumed text starts. */
  private scan(text: string, final: boolean): number {
    const len = text.length;
    const max = this.options.maxRecordChars;
    const { quotes, crs, lfs } = this;
    quotes.reset();
    crs.reset();
    lfs.reset();
    let pos = 0;
    while (pos < len) {
      const mode = this.scanner.delimiter;
      if (mode !== Delimiter.Unknown) {
        // fast path: a record ending at the next delimiter, with no quote and no other CR/LF before it
        const quote = quotes.in(text, pos);
        const cr = crs.in(text, pos);
        let end: number;
        let after: number;
        if (mode === Delimiter.Lf) {
          end = text.indexOf('\n', pos);
          after = end + 1;
          if (end !== -1 && cr !== -1 && cr < end) end = -2;
        } else {
          const lf = lfs.in(text, pos);
          end = cr;
          after = end + (mode === Delimiter.CrLf ? 2 : 1);
          if (end !== -1 && (mode === Delimiter.CrLf ? lf !== end + 1 : lf !== -1 && lf <= end + 1)) end = -2;
        }
        if (end === -1 && !final) break;
        // (a delimiter ending the text waits for the next chunk: a CR's LF may come with it)
        if (end >= 0 && (after < len || final) && (quote === -1 || quote > end)) {
          if (end - pos > max) throw recordTooLong(this.options, this.line);
          const cells: string[] = [];
          let from = pos;
          for (;;) {
            let comma = text.indexOf(',', from);
            if (comma === -1 || comma > end) comma = end;
            cells.push(plainCell(text, from, comma));
            if (comma === end) break;
            from = comma + 1;
          }
          this.onRecord(cells, this.line);
          this.line++;
          pos = after;
          continue;
        }
      }
      const next = this.scanner.record(text, pos, final, this.line, this.onRecord);
      if (next === NEED_MORE) break;
      this.line += lineBreaks(text, pos, next);
      pos = next;
    }
    return pos;
  }
}
