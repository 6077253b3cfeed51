/**
 * Plain-text tables for the terminal views (`ibsight devices`, `ibsight show`): columns padded to
 * their widest cell, two spaces apart, a header line, `-` for a null cell (an empty string stays
 * blank: group lines). Control characters a
 * device may have sent are shown as `?` so a value cannot move the cursor or recolour the terminal.
 */
import type { Cell } from './report-view.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function terminalText(cell: Cell): string {
  if (cell === null) return '-';
  return String(cell).replace(CONTROL, '?');
}

/** Width in terminal columns, approximated by code points (wide CJK characters are rare here). */
function width(text: string): number {
  return [...text].length;
}

export function textTable(headers: readonly string[], rows: readonly Cell[][], options: { indent?: string } = {}): string {
  const indent = options.indent ?? '';
  const cells = [headers.map((h) => h), ...rows.map((r) => r.map(terminalText))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map((r) =>
      `${indent}${r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
        .join('  ')}`.trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
