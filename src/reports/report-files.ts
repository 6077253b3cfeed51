/**
 * Writing a report: one file per requested format, `<kind>.<ext>` in the output directory
 * (created when missing; `<fileName>.<ext>` when the view names its files, e.g. `serials-S1`, with
 * any character other than a letter, digit, `.`, `_` or `-` turned into `_` so a name never
 * leaves the directory). Each file is written to a temporary name beside it and renamed, so a
 * reader (a mail job, a web server) never sees half a report. JSON is the report document itself;
 * CSV and HTML come from its view. A CSV file starts with the UTF-8 byte order mark: without it a
 * spreadsheet (Excel) reads the file in the machine's legacy code page and a site named `Zürich`
 * or `São Paulo` comes out garbled; CSV readers (Python's `utf-8-sig`, pandas, csv-parse with
 * `bom`, ibsight's own import) skip it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IbsightError } from '../errors/ibsight-error.js';
import { renderCsv } from './csv-render.js';
import { renderHtml } from './html-render.js';
import type { ReportView } from './report-view.js';

export const REPORT_FORMATS = ['html', 'csv', 'json'] as const;

/** Starts every CSV report (see the header). */
export const UTF8_BOM = '\uFEFF';
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `html,csv` → the formats, in the order given, without repeats; anything else is a usage error. */
export function parseFormats(list: string): ReportFormat[] {
  const out: ReportFormat[] = [];
  for (const raw of list.split(',')) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw new IbsightError('USAGE', `unknown report format "${raw.trim()}"; use one or more of: ${REPORT_FORMATS.join(', ')}`, {
        context: { format: raw.trim() },
      });
    }
    if (!out.includes(f as ReportFormat)) out.push(f as ReportFormat);
  }
  if (out.length === 0) throw new IbsightError('USAGE', `no report format given; use one or more of: ${REPORT_FORMATS.join(', ')}`);
  return out;
}

export function renderReport(format: ReportFormat, document: unknown, view: ReportView): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(document, null, 2)}\n`;
    case 'csv':
      return `${UTF8_BOM}${renderCsv(view.csv)}`;
    case 'html':
      return renderHtml(view);
  }
}

/** The files' base name: the view's fileName (made safe) or its kind. */
export function reportFileBase(view: ReportView): string {
  if (view.fileName === undefined) return view.kind;
  const safe = view.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^\.*$/.test(safe) ? view.kind : safe;
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { encoding: 'utf8', mode: 0o644 });
  renameSync(temp, file);
}

/** Writes the report in every format; returns the absolute paths written, in format order. */
export function writeReportFiles(dir: string, formats: readonly ReportFormat[], document: unknown, view: ReportView): string[] {
  const out = resolve(dir);
  try {
    mkdirSync(out, { recursive: true });
    return formats.map((format) => {
      const file = join(out, `${reportFileBase(view)}.${format}`);
      writeAtomically(file, renderReport(format, document, view));
      return file;
    });
  } catch (err) {
    if (err instanceof IbsightError) throw err;
    throw new IbsightError('INPUT_INVALID', `cannot write the ${view.kind} report to ${out}: ${(err as Error).message}`, {
      cause: err,
      context: { file: out },
    });
  }
}
