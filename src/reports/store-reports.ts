/**
 * The reports built so far, from a store to files: what `ibsight report KIND` and the demo call.
 *  - software: versions per site / model / train from `store.software()`;
 *  - changes: `store.changes(since)` (since null = the start of the latest run);
 *  - accuracy: every stored reconciliation (the trend) and the latest one's items
 *    (`store.reconciliations()`, `store.reconciliationItems(latest.id)`);
 *  - serials: the latest reconciliation's items of one site (`site` required: USAGE otherwise);
 *  - exposure, lifecycle: every stored exposure run (the trend) and the latest one's findings
 *    (`store.exposureRuns()`, `store.exposureFindings(latest.id)`); exposure also reads the
 *    advisories catalog for CVSS scores (`store.catalog('advisories')`).
 * accuracy and serials need a stored reconciliation: INPUT_INVALID (exit 2) telling to run
 * `ibsight reconcile` first; exposure and lifecycle a stored exposure run (`ibsight exposure`).
 * Their site names: the caller's (inventory) first, then the names the installed base records.
 * Returns the paths written (`<kind>.<ext>` in `dir`, one per format; `serials-<site>.<ext>` for
 * serials).
 */
import type { Store } from '../store/store-api.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { accuracyReportView, buildAccuracyReport, latestReconciliation } from './accuracy-report.js';
import { buildChangesReport, changesReportView } from './changes-report.js';
import { advisoryScores } from './exposure-finding-facts.js';
import { buildExposureReport } from './exposure-report.js';
import { exposureReportView } from './exposure-report-view.js';
import { latestExposureRun } from './exposure-runs.js';
import { buildLifecycleReport } from './lifecycle-report.js';
import { lifecycleReportView } from './lifecycle-report-view.js';
import { writeReportFiles, type ReportFormat } from './report-files.js';
import type { ReportView } from './report-view.js';
import { buildSerialsReport, serialsReportView } from './serials-report.js';
import { buildSoftwareReport, softwareReportView } from './software-report.js';

export const REPORT_KINDS = ['accuracy', 'serials', 'changes', 'software', 'exposure', 'lifecycle'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface StoreReportOptions {
  /** Changes report: ISO start of the period; null or absent = the start of the latest run. */
  since?: string | null;
  /** Serials report: the site (required for it). */
  site?: string;
  /** Site id → name, shown beside the ids when known. */
  siteNames?: ReadonlyMap<string, string | null>;
  generatedAt?: Date;
}

/** The caller's site names, completed with the names the installed base records for other sites. */
async function siteNamesWithInstalledBase(store: Store, names: ReadonlyMap<string, string | null> | undefined): Promise<Map<string, string | null>> {
  const out = new Map(names ?? []);
  for (const record of await store.installedBase()) {
    if (record.siteName !== null && !out.get(record.siteId)) out.set(record.siteId, record.siteName);
  }
  return out;
}

export async function buildStoreReport(kind: ReportKind, store: Store, options: StoreReportOptions = {}): Promise<{ document: unknown; view: ReportView }> {
  const generatedAt = options.generatedAt ?? new Date();
  switch (kind) {
    case 'software': {
      const document = buildSoftwareReport(await store.software(), { generatedAt, ...(options.siteNames ? { siteNames: options.siteNames } : {}) });
      return { document, view: softwareReportView(document) };
    }
    case 'changes': {
      const document = buildChangesReport(await store.changes(options.since ?? null), { generatedAt });
      return { document, view: changesReportView(document) };
    }
    case 'accuracy': {
      const reconciliations = await store.reconciliations();
      const latest = latestReconciliation(reconciliations);
      const siteNames = await siteNamesWithInstalledBase(store, options.siteNames);
      const document = buildAccuracyReport(reconciliations, await store.reconciliationItems(latest.id), { generatedAt, siteNames });
      return { document, view: accuracyReportView(document) };
    }
    case 'serials': {
      if (options.site === undefined || options.site.trim() === '') {
        throw new IbsightError('USAGE', 'the serials report needs --site ID (the site whose serial numbers to list)', { context: { option: '--site' } });
      }
      const latest = latestReconciliation(await store.reconciliations({ last: 1 }));
      const siteNames = await siteNamesWithInstalledBase(store, options.siteNames);
      const document = buildSerialsReport(latest, await store.reconciliationItems(latest.id), { site: options.site.trim(), generatedAt, siteNames });
      return { document, view: serialsReportView(document) };
    }
    case 'exposure': {
      const runs = await store.exposureRuns();
      const latest = latestExposureRun(runs);
      const siteNames = await siteNamesWithInstalledBase(store, options.siteNames);
      const scores = advisoryScores(await store.catalog('advisories'));
      const document = buildExposureReport(runs, await store.exposureFindings(latest.id), { generatedAt, siteNames, scores });
      return { document, view: exposureReportView(document) };
    }
    case 'lifecycle': {
      const runs = await store.exposureRuns();
      const latest = latestExposureRun(runs);
      const siteNames = await siteNamesWithInstalledBase(store, options.siteNames);
      const document = buildLifecycleReport(runs, await store.exposureFindings(latest.id), { generatedAt, siteNames });
      return { document, view: lifecycleReportView(document) };
    }
  }
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
