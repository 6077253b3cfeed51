/**
 * What a report looks like on paper, whatever the format: a title, when it was generated, a few
 * totals, and tables. Each report builds its view from its JSON document; the CSV and HTML
 * renderers only know this shape. `csv` names the one table a report's CSV file carries (a CSV
 * file holds one table: the most detailed one, flat, one row per item). `figures` (optional) are
 * inline SVG charts (src/reports/svg-charts.ts) the HTML shows before the tables; CSV ignores them.
 * `fileName` (optional) is the files' base name when the kind alone would not do (one serials
 * report per site: `serials-S1`).
 */

export type Cell = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  /** Right-aligned in HTML. */
  numeric?: boolean;
  /** Kept on one line in HTML (times, part and serial numbers). */
  nowrap?: boolean;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: Cell[][];
  /** Shown instead of an empty table. */
  emptyText: string;
}

export interface ReportFigure {
  id: string;
  title: string;
  /** One inline `<svg>` element built by svg-charts.ts: every text in it already escaped, no script. */
  svg: string;
}

export interface ReportView {
  kind: string;
  title: string;
  generatedAt: string;
  /** Lines under the title (the period covered, the store...). */
  notes: string[];
  totals: { label: string; value: number }[];
  /** Charts shown before the tables (HTML only). */
  figures?: ReportFigure[];
  tables: ReportTable[];
  csv: ReportTable;
  /** The files' base name (`<fileName>.<ext>`) when not the kind; unsafe characters become `_`. */
  fileName?: string;
}

/** A path of inventory names as one cell: `Chassis / FPC 0 / PIC 1`. */
export function pathCell(path: readonly string[]): string {
  return path.join(' / ');
}
