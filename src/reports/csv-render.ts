/**
 * A report table as CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a
 * comma, quote, CR or LF, quotes doubled inside. Null is an empty field.
 *
 * Spreadsheet formula injection: a text cell starting with `=`, `+`, `-`, `@` (or a tab / CR,
 * which some spreadsheets strip before reading a formula) gets a leading `'`, so a value a
 * device sent (a description, an alarm text) is shown, never evaluated. Numbers are written as
 * numbers (a negative number stays a number).
 */
import type { Cell, ReportTable } from './report-view.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvField(c.key)).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
