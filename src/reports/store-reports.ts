/**
 * The reports built so far, from a store to files: what `ibsight report KIND` and the demo call.
 *  - software: versions per site / model / train from `store.software()`;
 *  - changes: `store.changes(since)` (since null = the start of the latest run).
 * Returns the paths written (`<kind>.<ext>` in `dir`, one per format).
 */
import type { Store } from '../store/store-api.js';
import { buildChangesReport, changesReportView } from './changes-report.js';
import { writeReportFiles, type ReportFormat } from './report-files.js';
import type { ReportView } from './report-view.js';
import { buildSoftwareReport, softwareReportView } from './software-report.js';

export const REPORT_KINDS = ['software', 'changes'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface StoreReportOptions {
  /** Changes report: ISO start of the period; null or absent = the start of the latest run. */
  since?: string | null;
  /** Site id → name, shown beside the ids when known. */
  siteNames?: ReadonlyMap<string, string | null>;
  generatedAt?: Date;
}

export async function buildStoreReport(kind: ReportKind, store: Store, options: StoreReportOptions = {}): Promise<{ document: unknown; view: ReportView }> {
  const generatedAt = options.generatedAt ?? new Date();
  if (kind === 'software') {
    const document = buildSoftwareReport(await store.software(), { generatedAt, ...(options.siteNames ? { siteNames: options.siteNames } : {}) });
    return { document, view: softwareReportView(document) };
  }
  const document = buildChangesReport(await store.changes(options.since ?? null), { generatedAt });
  return { document, view: changesReportView(document) };
}

export async function writeStoreReport(
  kind: ReportKind,
  store: Store,
  dir: string,
  formats: readonly ReportFormat[] = ['html', 'csv', 'json'],
  options: StoreReportOptions = {},
): Promise<string[]> {
  const { document, view } = await buildStoreReport(kind, store, options);
  return writeReportFiles(dir, formats, document, view);
}
