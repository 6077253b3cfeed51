/**
 * `ibsight lifecycle import PATH...` as a job (also run by the demo): reads lifecycle catalogs
 * (docs/lifecycle-catalog.md) and stores their entries (SPEC §8) in one transaction.
 *
 * Rules:
 *  - Every problem of the read is reported (file, line, key, field); refused rows are counted and
 *    the good entries are stored — exit 3 for the CLI when anything was refused.
 *  - No usable entry at all: INPUT_INVALID and the store is unchanged (a typo in a path never
 *    empties the stored catalog, even with `replaceAll`).
 *  - Entries replace stored ones of the same kind, key type and key (case-insensitive); others are
 *    kept; `replaceAll` clears the stored lifecycle catalog first.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { buildLifecycleCatalog } from '../lifecycle/lifecycle-catalog.js';
import type { CatalogProblem, LifecycleCatalog, LifecycleEntry } from '../lifecycle/lifecycle-types.js';
import { readLifecycleCatalogs } from '../lifecycle/read-lifecycle-catalogs.js';
import type { CatalogImportSummary } from '../store/exposure-store.js';
import type { Store } from '../store/store-api.js';

export interface LifecycleImportJobResult {
  summary: CatalogImportSummary;
  problems: CatalogProblem[];
  /** Problems that refused a row or a file. */
  errors: number;
  /** The stored catalog says its dates are an example. */
  example: boolean;
}

export async function runLifecycleImportJob(options: { store: Store; paths: readonly string[]; replaceAll?: boolean; now?: Date }): Promise<LifecycleImportJobResult> {
  const read = readLifecycleCatalogs(options.paths);
  const errors = read.problems.filter((p) => p.severity === 'error').length;
  if (read.catalog.entries.length === 0) {
    const why = read.problems.slice(0, 5).map((p) => p.message).join('; ');
    throw new IbsightError('INPUT_INVALID', `no usable lifecycle entry in ${options.paths.join(', ')}${why === '' ? '' : `: ${why}`}`, {
      context: { file: options.paths.join(',') },
    });
  }
  const rows = read.catalog.entries.map((entry) => ({ key: entry.key, group: entry.kind, detail: entry.keyType, body: entry }));
  const summary = await options.store.importCatalog('lifecycle', rows, {
    files: read.catalog.sources.map((s) => s.file),
    importedAt: (options.now ?? new Date()).toISOString(),
    replaceAll: options.replaceAll ?? false,
    warnings: read.problems.map((p) => p.message),
  });
  return { summary, problems: read.problems, errors, example: read.catalog.example };
}

/** The stored lifecycle catalog (empty when none was imported). */
export async function storedLifecycleCatalog(store: Store): Promise<LifecycleCatalog> {
  const bodies = (await store.catalog('lifecycle')) as LifecycleEntry[];
  return buildLifecycleCatalog(bodies);
}
