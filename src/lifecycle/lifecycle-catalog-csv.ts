/**
 * A lifecycle catalog written as CSV (docs/lifecycle-catalog.md): a header row, then one row per
 * hardware model / part number or software train, with the columns of lifecycle-entry.ts
 * (`kind,model,partNumber,train,description,eolAnnounced,...,link,example`).
 * Rules kept:
 * - UTF-8 with or without BOM, RFC 4180 quoting, cells trimmed, blank lines and rows of empty
 *   cells skipped, lines that start with `#` are comments. The caller bounds the file's size (read-lifecycle-catalogs.ts);
 *   here a row is at most 64 KiB and a file at most MAX_CATALOG_ENTRIES rows.
 * - Header names are matched ignoring case, spaces, `_` and `-` (`End of Support`,
 *   `end_of_support` and `endOfSupport` are one column). A column named twice, or a header
 *   without `kind` or without any key column (model, partNumber, train), refuses the file. An
 *   unknown column is a warning and is ignored (spreadsheets carry extra columns).
 * - A row with more cells than the header has columns is refused. An empty cell is "not given".
 * - `example` is a column: `true` in any row marks the whole file as an example.
 * - Line numbers are the file's own (1-based): a row is numbered by the line it starts on. Line
 *   ends (LF, CRLF, CR) are read as LF, inside quoted cells too.
 * A file CSV cannot parse (a quote left open) is refused as a whole, naming the line.
 */
import { parse } from 'csv-parse/sync';
import { CATALOG_FIELDS, entryFromRow, MAX_CATALOG_ENTRIES, type RawRow } from './lifecycle-entry.js';
import type { CatalogFileContents, CatalogProblem } from './lifecycle-types.js';

export const MAX_CSV_ROW_CHARS = 64 * 1024;

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** `End of Support` → `endofsupport`. */
function normalisedHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_HEADER = new Map(CATALOG_FIELDS.map((f) => [normalisedHeader(f), f]));

function problem(file: string, line: number | null, field: string | null, text: string, severity: 'error' | 'warning' = 'error'): CatalogProblem {
  const where = line === null ? '' : `line ${line}: `;
  return { severity, file, line, key: null, field, message: `${file}: ${where}${field === null ? '' : `${field}: `}${text}` };
}

/** Lines a record spans beyond its first one (quoted cells with line breaks; line ends are LF by then). */
function extraLines(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n += 1;
  return n;
}

function parseRecords(text: string, file: string, out: CatalogFileContents): CsvRecord[] | null {
  try {
    // csv-parse counts a CRLF inside a quoted cell as two lines (and every later row's line with it):
    // line ends become LF first, so line numbers stay the file's own.
    return parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
      max_record_size: MAX_CSV_ROW_CHARS,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : null;
    const reason = (err as Error).message.split('\n')[0]!;
    out.problems.push(problem(file, line, null, `not readable as CSV (${reason}); file ignored`));
    return null;
  }
}

/** The header's columns as catalog fields (null for an ignored column), or null when the file is refused. */
function headerFields(header: CsvRecord, file: string, out: CatalogFileContents): (string | null)[] | null {
  const line = header.info.lines - extraLines(header.record);
  const fields: (string | null)[] = [];
  const seen = new Set<string>();
  let refused = false;
  for (const name of header.record) {
    const field = FIELD_BY_HEADER.get(normalisedHeader(name)) ?? null;
    if (field === null) {
      out.problems.push(problem(file, line, name === '' ? '(empty header)' : name, 'unknown column, ignored', 'warning'));
    } else if (seen.has(field)) {
      out.problems.push(problem(file, line, field, `column named twice (${JSON.stringify(name)}); file ignored`));
      refused = true;
    }
    if (field !== null) seen.add(field);
    fields.push(field);
  }
  if (!seen.has('kind')) {
    out.problems.push(problem(file, line, 'kind', 'required column missing (the header needs kind and model, partNumber or train); file ignored'));
    refused = true;
  } else if (!seen.has('model') && !seen.has('partNumber') && !seen.has('train')) {
    out.problems.push(problem(file, line, null, 'no key column (model, partNumber or train); file ignored'));
    refused = true;
  }
  return refused ? null : fields;
}

/** Parses the text of one CSV catalog; `file` names it in every problem. */
export function parseCsvCatalog(text: string, file: string): CatalogFileContents {
  const out: CatalogFileContents = { example: false, title: null, entries: [], rejected: 0, problems: [] };
  const records = parseRecords(text, file, out);
  if (records === null) return out;
  if (records.length === 0) {
    out.problems.push(problem(file, null, null, 'empty catalog (no header, no rows)', 'warning'));
    return out;
  }
  const fields = headerFields(records[0]!, file, out);
  if (fields === null) return out;
  if (records.length - 1 > MAX_CATALOG_ENTRIES) {
    out.problems.push(problem(file, null, null, `more than ${MAX_CATALOG_ENTRIES} rows: rows past that are ignored`));
  }
  const last = Math.min(records.length, MAX_CATALOG_ENTRIES + 1);
  for (let i = 1; i < last; i++) {
    const { record, info } = records[i]!;
    const line = info.lines - extraLines(record);
    if (record.every((cell) => cell === '')) continue;
    if (record.length > fields.length && record.slice(fields.length).some((cell) => cell !== '')) {
      out.problems.push(problem(file, line, null, `${record.length} cells but the header has ${fields.length} columns; row refused`));
      out.rejected += 1;
      continue;
    }
    const row: RawRow = { line, fields: new Map() };
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c];
      const cell = record[c] ?? '';
      if (field !== null && field !== undefined && cell !== '') row.fields.set(field, cell);
    }
    const result = entryFromRow(row, { file, fileExample: false });
    out.problems.push(...result.problems);
    if (result.entry === null) out.rejected += 1;
    else out.entries.push(result.entry);
  }
  out.example = out.entries.some((e) => e.example);
  if (out.example) for (const entry of out.entries) entry.example = true;
  return out;
}
