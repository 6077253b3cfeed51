/**
 * Where each native installed-base column sits in a file's header row (SPEC §4), directly or
 * through a column mapping. Rules kept: header cells match trimmed and case-insensitively; the
 * columns not used are ignored; `serial_number` and `site_id` must be found, and so must every
 * column the mapping names (a typo there would silently empty a column); a used column may not
 * appear twice. Any of these refuses the whole file: INPUT_INVALID naming the file, the header's
 * line, the column and the header found.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { headerKey, NATIVE_COLUMNS, type ColumnMapping, type NativeColumn } from './column-mapping.js';

/** The native columns a row cannot do without. */
export const REQUIRED_COLUMNS: readonly NativeColumn[] = ['serial_number', 'site_id'];

/** Per native column: its cell index in each row (-1: not in the file) and its header text. */
export interface ColumnLayout {
  index: Record<NativeColumn, number>;
  /** The header cell each found column was read from (as written), for messages. */
  source: Partial<Record<NativeColumn, string>>;
  /** Cells in the header row: every data row must have as many. */
  width: number;
}

const SHOWN_HEADER_CELLS = 30;

function describeHeader(header: readonly string[]): string {
  const cells = header.slice(0, SHOWN_HEADER_CELLS).map((cell) => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell));
  const more = header.length > SHOWN_HEADER_CELLS ? `, ... (${header.length} cells)` : '';
  return `${cells.join(', ')}${more}`;
}

function refuse(file: string, line: number, header: readonly string[], problem: string): IbsightError {
  return new IbsightError('INPUT_INVALID', `${file}: line ${line}: ${problem}; the header row found: ${describeHeader(header)}`, {
    context: { file, line },
  });
}

/** Lays the native columns over `header` (the cells of the file's first non-blank row, at `line`). */
export function layColumns(header: readonly string[], line: number, file: string, mapping?: ColumnMapping): ColumnLayout {
  const positions = new Map<string, number[]>();
  header.forEach((cell, at) => {
    const key = headerKey(cell);
    if (key === '') return;
    const list = positions.get(key);
    if (list) list.push(at);
    else positions.set(key, [at]);
  });
  const mapped = mapping?.columns ?? {};
  const mappedSources = new Set(Object.values(mapped).map(headerKey));
  const index = {} as Record<NativeColumn, number>;
  const source: Partial<Record<NativeColumn, string>> = {};
  const viaMapping = mapping === undefined ? '' : ` (mapped in ${mapping.file})`;
  for (const native of NATIVE_COLUMNS) {
    const wanted = mapped[native];
    const key = wanted !== undefined ? headerKey(wanted) : mappedSources.has(native) ? null : native;
    const found = key === null ? undefined : positions.get(key);
    if (found === undefined) {
      if (wanted !== undefined) {
        throw refuse(file, line, header, `no column "${wanted}" for ${native}${viaMapping}`);
      }
      if (REQUIRED_COLUMNS.includes(native)) {
        throw refuse(file, line, header, `no ${native} column (a header row with serial_number and site_id is required${mapping === undefined ? ', or --mapping FILE for another layout' : ''})`);
      }
      index[native] = -1;
      continue;
    }
    if (found.length > 1) {
      throw refuse(file, line, header, `the column "${header[found[0]!]}" (${native}) appears ${found.length} times`);
    }
    index[native] = found[0]!;
    source[native] = header[found[0]!]!.trim();
  }
  return { index, source, width: header.length };
}
