/**
 * `ibsight advisories import PATH...` as a job (also run by the demo): reads Juniper's CVE JSON 5
 * records and our YAML catalogs (docs/advisories.md) and stores the advisories in one transaction.
 *
 * Rules:
 *  - Every warning of the read names the file, the advisory and the entry; the advisories read are
 *    stored even when parts of some records could not be understood (exit 3 for the CLI).
 *  - No advisory at all: INPUT_INVALID and the store is unchanged (even with `replaceAll`).
 *  - An advisory replaces the stored one of the same id; others are kept; `replaceAll` clears the
 *    stored advisories first.
 */
import { join } from 'node:path';
import type { Advisory, AdvisoryWarning } from '../advisories/advisory-types.js';
import { readAdvisories } from '../advisories/read-advisories.js';
import { IbsightError } from '../errors/ibsight-error.js';
import type { CatalogImportSummary } from '../store/exposure-store.js';
import { packageRoot } from '../sim/builtin-profile-dir.js';
import type { Store } from '../store/store-api.js';

/** The example advisory catalog shipped with ibsight (real Juniper advisories, our own titles). */
export const EXAMPLE_ADVISORY_CATALOG = join(packageRoot(), 'config', 'advisories.example.yaml');

export interface AdvisoriesImportJobResult {
  summary: CatalogImportSummary;
  warnings: AdvisoryWarning[];
  filesRead: number;
  filesUnreadable: number;
}

export function advisoryWarningText(w: AdvisoryWarning): string {
  return `${w.file}${w.id === null ? '' : ` ${w.id}`}${w.entry === null ? '' : ` ${w.entry}`}: ${w.message}`;
}

export async function runAdvisoriesImportJob(options: { store: Store; paths: readonly string[]; replaceAll?: boolean; now?: Date }): Promise<AdvisoriesImportJobResult> {
  const read = readAdvisories(options.paths);
  if (read.advisories.length === 0) {
    const why = read.warnings.slice(0, 5).map(advisoryWarningText).join('; ');
    throw new IbsightError('INPUT_INVALID', `no advisory read from ${options.paths.join(', ')}${why === '' ? '' : `: ${why}`}`, {
      context: { file: options.paths.join(',') },
    });
  }
  const files = [...new Set(read.advisories.map((a) => a.file))];
  const summary = await options.store.importCatalog(
    'advisories',
    read.advisories.map((a) => ({ key: a.id, group: a.source, detail: a.file, body: a })),
    { files, importedAt: (options.now ?? new Date()).toISOString(), replaceAll: options.replaceAll ?? false, warnings: read.warnings.map(advisoryWarningText) },
  );
  return { summary, warnings: read.warnings, filesRead: read.filesRead, filesUnreadable: read.filesUnreadable };
}

/** The stored advisories (empty when none was imported). */
export async function storedAdvisories(store: Store): Promise<Advisory[]> {
  return (await store.catalog('advisories')) as Advisory[];
}
