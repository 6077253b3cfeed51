/**
 * Reading an installed-base CSV file (SPEC §4) into IbFileContents, streaming: the file is read in
 * 1 MiB chunks (the next one read while this one is worked on), each checked by Utf8TextGuard
 * (text, UTF-8, size), decoded and handed to our CSV tokenizer (csv-tokenizer.ts, held to
 * csv-parse by a differential test), whose records go as they come to InstalledBaseRows (row rules
 * and merge); no row is kept, so memory follows the number of serials, not the size of the file.
 * Rules kept:
 * - UTF-8 with or without BOM; LF, CRLF or CR line ends; RFC 4180 quoting, a quote inside an
 *   unquoted cell is kept as a character (`19" rack`); cells are trimmed.
 * - the first non-blank row is the header (installed-base-header.ts), refused as a whole when the
 *   required columns are not found. Blank rows are skipped.
 * - line numbers are the file's own lines (1-based): a row whose quoted cell spans several lines is
 *   numbered by the line it starts on.
 * - refused as a whole (INPUT_INVALID naming the file and line): a file over `maxBytes` (default
 *   2 GiB), a file that is not UTF-8 text, a quote left open at the end of the file, text after a
 *   closing quote, a row of more than 1 MiB (an unbalanced quote swallowing the file). A bad row is
 *   only a rejected row.
 * The reads are asynchronous (one per chunk), so an agent serving metrics keeps answering between
 * chunks; the work on a chunk is synchronous. 1M rows / 140 MB: ~1 s to tokenize, 3.5–5 s with
 * the row rules and merge (bench/ib-import.ts, bench/ib-import-e2e.ts).
 */
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { IbsightError } from '../errors/ibsight-error.js';
import { DEFAULT_DATE_FORMAT } from './calendar-date.js';
import type { ColumnMapping } from './column-mapping.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { layColumns } from './installed-base-header.js';
import { InstalledBaseRows } from './installed-base-rows.js';
import type { IbFileContents } from './installed-base-types.js';
import { Utf8TextGuard } from './utf8-text-guard.js';

export const DEFAULT_MAX_IB_FILE_BYTES = 2 * 1024 * 1024 * 1024;

/** A row (in characters) past which the file is taken for broken rather than the row for bad. */
export const MAX_ROW_CHARS = 1024 * 1024;

/** Bytes per read (two buffers): 1 and 4 MiB measured alike; 1 MiB keeps the decoded chunk small. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface ReadInstalledBaseOptions {
  mapping?: ColumnMapping;
  maxBytes?: number;
}

function cannotRead(file: string, err: unknown): IbsightError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : (code ?? String(err));
  return new IbsightError('INPUT_INVALID', `${file}: cannot read the installed-base file (${reason})`, { cause: err, context: { file } });
}

async function checkFile(file: string, maxBytes: number): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    size = info.size;
  } catch (err) {
    throw cannotRead(file, err);
  }
  if (size > maxBytes) {
    throw new IbsightError('INPUT_INVALID', `${file}: ${size} bytes; an installed-base file may have at most ${maxBytes}`, { context: { file } });
  }
}

/**
 * Reads the text of `file` chunk after chunk into `push` (checked by the guard, decoded), then
 * calls `end`. I/O failures are INPUT_INVALID naming the file; what push/end throw passes through.
 */
export async function readTextChunks(file: string, maxBytes: number, push: (text: string) => void, end: () => void): Promise<void> {
  const guard = new Utf8TextGuard(file, maxBytes);
  const decoder = new StringDecoder('utf8');
  const handle = await open(file, 'r').catch((err: unknown) => {
    throw cannotRead(file, err);
  });
  const buffers = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
  let position = 0;
  const readInto = (buffer: Buffer): Promise<number> =>
    handle.read(buffer, 0, buffer.length, position).then(
      ({ bytesRead }) => {
        position += bytesRead;
        return bytesRead;
      },
      (err: unknown) => {
        throw cannotRead(file, err);
      },
    );
  // the next chunk is read while this one is checked, decoded and tokenized (two buffers in turn)
  let current = 0;
  let reading = readInto(buffers[current]!);
  try {
    for (;;) {
      const bytesRead = await reading;
      if (bytesRead === 0) break;
      const chunk = buffers[current]!.subarray(0, bytesRead);
      current = 1 - current;
      reading = readInto(buffers[current]!);
      guard.check(chunk);
      push(decoder.write(chunk));
    }
    guard.finish();
    push(decoder.end());
    end();
  } finally {
    await reading.catch(() => undefined); // a read still running when push threw
    await handle.close();
  }
}

/** Reads, checks and merges one installed-base file (SPEC §4); nothing is stored here. */
export async function readInstalledBaseFile(file: string, options: ReadInstalledBaseOptions = {}): Promise<IbFileContents> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IB_FILE_BYTES;
  await checkFile(file, maxBytes);
  let rows: InstalledBaseRows | null = null;
  const tokenizer = new CsvTokenizer(
    (cells, line) => {
      if (rows !== null) {
        rows.addRow(cells, line);
      } else if (cells.some((cell) => cell.trim() !== '')) {
        rows = new InstalledBaseRows(layColumns(cells, line, file, options.mapping), options.mapping?.dateFormat ?? DEFAULT_DATE_FORMAT);
      }
    },
    { source: file, maxRecordChars: MAX_ROW_CHARS },
  );
  await readTextChunks(file, maxBytes, (text) => tokenizer.push(text), () => tokenizer.end());
  const read = rows as InstalledBaseRows | null;
  if (read === null) {
    throw new IbsightError('INPUT_INVALID', `${file}: the file is empty; expected a header row naming at least serial_number and site_id`, {
      context: { file },
    });
  }
  return read.result(file);
}
