/**
 * One installed-base import (SPEC §4): read the file (streaming, with an optional column mapping),
 * then store its good records in one transaction. What `ibsight ib import` and the demo run.
 * A file with no usable row at all changes nothing in the store (INPUT_INVALID): replacing a
 * site's installed base with nothing because every row was bad would lose good data.
 * The result carries how long reading (CSV and merge) and storing took (bench/ib-import-e2e.ts).
 */
import { loadColumnMapping } from '../installed-base/column-mapping.js';
import { readInstalledBaseFile } from '../installed-base/installed-base-csv.js';
import type { IbFileContents, IbImportSummary, IbReplaceMode } from '../installed-base/installed-base-types.js';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Store } from '../store/store-api.js';

export interface IbImportJobResult {
  summary: IbImportSummary;
  rejected: IbFileContents['rejected'];
  /** Wall-clock seconds spent reading the file (CSV, row rules, merge) and storing the records. */
  seconds: { read: number; store: number };
}

export async function runIbImportJob(options: {
  store: Store;
  file: string;
  mapping?: string | undefined;
  replace?: IbReplaceMode;
  now?: Date;
}): Promise<IbImportJobResult> {
  const started = performance.now();
  const mapping = options.mapping === undefined ? undefined : loadColumnMapping(options.mapping);
  const contents = await readInstalledBaseFile(options.file, mapping === undefined ? {} : { mapping });
  if (contents.records.length === 0) {
    const why = contents.rowsRead === 0 ? 'it has no data rows' : `all ${contents.rowsRead} rows were rejected`;
    throw new IbsightError('INPUT_INVALID', `${options.file}: nothing imported, ${why}; the stored installed base is unchanged`, {
      context: { file: options.file, rejected: contents.rejected.slice(0, 20) },
    });
  }
  const read = performance.now();
  const summary = await options.store.importInstalledBase(contents, {
    replace: options.replace ?? 'sites',
    importedAt: (options.now ?? new Date()).toISOString(),
  });
  const stored = performance.now();
  return { summary, rejected: contents.rejected, seconds: { read: (read - started) / 1000, store: (stored - read) / 1000 } };
}
