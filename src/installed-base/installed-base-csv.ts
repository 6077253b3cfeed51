/**
 * Reading an installed-base CSV file (SPEC §4) into IbFileContents, streaming: the file goes
 * through Utf8TextGuard (text, UTF-8, size) into csv-parse, and each row is handed as it comes to
 * InstalledBaseRows (row rules and merge); no row is kept, so memory follows the number of serials,
 * not the size of the file. Rules kept:
 * - UTF-8 with or without BOM; LF, CRLF or CR line ends; RFC 4180 quoting, a quote inside an
 *   unquoted cell is kept as a character (`19" rack`); cells are trimmed.
 * - the first non-blank row is the header (installed-base-header.ts), refused as a whole when the
 *   required columns are not found. Blank rows are skipped.
 * - line numbers are the file's own lines (1-based): a row whose quoted cell spans several lines is
 *   numbered by the line it starts on.
 * - refused as a whole (INPUT_INVALID naming the file and line): a file over `maxBytes` (default
 *   2 GiB), a file that is not UTF-8 text, a quote left open at the end of the file, a row of more
 *   than 1 MiB (an unbalanced quote swallowing the file). A bad row is only a rejected row.
 */
import { createReadStream, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, Parser, type Options } from 'csv-parse';
import { IbsightError } from '../errors/ibsight-error.js';
import { DEFAULT_DATE_FORMAT } from './calendar-date.js';
import type { ColumnMapping } from './column-mapping.js';
import { layColumns } from './installed-base-header.js';
import { InstalledBaseRows } from './installed-base-rows.js';
import type { IbFileContents } from './installed-base-types.js';
import { Utf8TextGuard } from './utf8-text-guard.js';

export const DEFAULT_MAX_IB_FILE_BYTES = 2 * 1024 * 1024 * 1024;

/** A row (in characters) past which the file is taken for broken rather than the row for bad. */
export const MAX_ROW_CHARS = 1024 * 1024;

const READ_CHUNK_BYTES = 1024 * 1024;

const CSV_OPTIONS: Options = {
  bom: true,
  trim: true,
  relax_quotes: true,
  relax_column_count: true,
  max_record_size: MAX_ROW_CHARS,
};

/**
 * csv-parse's stream parser handing each row, synchronously as it is parsed, to `onRow` with the
 * line it ends on (the parser's live `info.lines`), instead of queueing it downstream: no info
 * object per row (csv-parse's `info`/`on_record` copy its whole state for each), no object-mode
 * queue, nothing kept. A throw from `onRow` fails the stream with that error.
 */
class RowParser extends Parser {
  private failed = false;

  constructor(
    options: Options,
    private readonly onRow: (cells: string[], endLine: number) => void,
  ) {
    super(options);
  }

  override push(chunk: unknown): boolean {
    if (chunk === null) return super.push(null);
    if (this.failed) return true;
    try {
      this.onRow(chunk as string[], this.info.lines);
    } catch (err) {
      this.failed = true;
      this.destroy(err as Error);
    }
    return true;
  }
}

export interface ReadInstalledBaseOptions {
  mapping?: ColumnMapping;
  maxBytes?: number;
}

function checkFile(file: string, maxBytes: number): void {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    size = stat.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? String(err));
    throw new IbsightError('INPUT_INVALID', `${file}: cannot read the installed-base file (${reason})`, { cause: err, context: { file } });
  }
  if (size > maxBytes) {
    throw new IbsightError('INPUT_INVALID', `${file}: ${size} bytes; an installed-base file may have at most ${maxBytes}`, { context: { file } });
  }
}

/** The error for a failed read: ours as is, the parser's and the file system's named with the line. */
function readFailure(err: unknown, file: string, rowLine: number): IbsightError {
  if (err instanceof IbsightError) return err;
  if (err instanceof CsvError) {
    let message: string;
    let line = rowLine;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      message = 'a quoted cell of the row starting here is never closed (the file ends inside it): not a well-formed CSV file';
    } else if (err.code === 'CSV_MAX_RECORD_SIZE') {
      message = `the row starting here runs over ${MAX_ROW_CHARS} characters (an unbalanced quote?): not a well-formed CSV file`;
    } else {
      line = (err as CsvError & { lines?: number }).lines ?? rowLine;
      message = `not a well-formed CSV file (${err.message})`;
    }
    return new IbsightError('INPUT_INVALID', `${file}: line ${line}: ${message}`, { cause: err, context: { file, line } });
  }
  const code = (err as NodeJS.ErrnoException).code;
  return new IbsightError('INPUT_INVALID', `${file}: cannot read the installed-base file (${code ?? String(err)})`, { cause: err, context: { file } });
}

/** Reads, checks and merges one installed-base file (SPEC §4); nothing is stored here. */
export async function readInstalledBaseFile(file: string, options: ReadInstalledBaseOptions = {}): Promise<IbFileContents> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IB_FILE_BYTES;
  checkFile(file, maxBytes);
  let rows: InstalledBaseRows | null = null;
  /** The line the previous row ended on: the next row starts on the line after. */
  let lastLine = 0;
  const parser = new RowParser(CSV_OPTIONS, (cells, endLine) => {
    const line = lastLine + 1;
    lastLine = endLine;
    if (rows !== null) {
      rows.addRow(cells, line);
    } else if (cells.some((cell) => cell.trim() !== '')) {
      rows = new InstalledBaseRows(layColumns(cells, line, file, options.mapping), options.mapping?.dateFormat ?? DEFAULT_DATE_FORMAT);
    }
  });
  const discard = new Writable({ objectMode: true, write: (_row, _encoding, done) => done() });
  try {
    await pipeline(createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), new Utf8TextGuard(file, maxBytes), parser, discard);
  } catch (err) {
    throw readFailure(err, file, lastLine + 1);
  }
  const read = rows as InstalledBaseRows | null;
  if (read === null) {
    throw new IbsightError('INPUT_INVALID', `${file}: the file is empty; expected a header row naming at least serial_number and site_id`, {
      context: { file },
    });
  }
  return read.result(file);
}
