/**
 * Merging the entries of catalog files into one LifecycleCatalog, and indexing it by lower-cased key
 * for the findings. Rules kept (docs/lifecycle-catalog.md "Several files"):
 * - An entry is identified by kind, key type and key, case-insensitively: `hardware model MX960`,
 *   `hardware partNumber 750-033307`, `software train 22.4-EVO`. A model key and a partNumber key
 *   never collide, even when written alike.
 * - The same key twice in one file: the second row is refused with an error naming both lines.
 * - The same key in a later file: the later file wins, with a warning naming both files and lines.
 * - The catalog is an example when any file read is marked as one (even if later files override
 *   all its entries: a report must not present it as Juniper's dates).
 */
import type {
  CatalogFileContents,
  CatalogFormat,
  CatalogProblem,
  CatalogSource,
  HardwareEntry,
  LifecycleCatalog,
  LifecycleEntry,
  SoftwareEntry,
} from './lifecycle-types.js';

/** `hardware model MX960`: how messages name an entry. */
export function entryLabel(entry: LifecycleEntry): string {
  return `${entry.kind} ${entry.keyType} ${entry.key}`;
}

/** The identity of an entry across files. */
function identity(entry: LifecycleEntry): string {
  return `${entry.keyType}\u0000${entry.key.toLowerCase()}`;
}

/** Indexes entries by lower-cased key; a later entry of the same key replaces an earlier one. */
export function buildLifecycleCatalog(entries: readonly LifecycleEntry[], sources: readonly CatalogSource[] = []): LifecycleCatalog {
  const byModel = new Map<string, HardwareEntry>();
  const byPartNumber = new Map<string, HardwareEntry>();
  const byTrain = new Map<string, SoftwareEntry>();
  const effective = new Map<string, LifecycleEntry>();
  for (const entry of entries) {
    const key = entry.key.toLowerCase();
    if (entry.kind === 'software') byTrain.set(key, entry);
    else if (entry.keyType === 'model') byModel.set(key, entry);
    else byPartNumber.set(key, entry);
    effective.set(identity(entry), entry);
  }
  const list = [...effective.values()];
  const example = list.some((e) => e.example) || sources.some((s) => s.example);
  return { entries: list, sources, example, byModel, byPartNumber, byTrain };
}

/** One parsed file, in the order the files were named. */
export interface CatalogFile {
  file: string;
  format: CatalogFormat;
  contents: CatalogFileContents;
}

function duplicateProblem(entry: LifecycleEntry, severity: 'error' | 'warning', text: string): CatalogProblem {
  const { file, line } = entry.origin;
  return { severity, file, line, key: entry.key, field: entry.keyType, message: `${file}: line ${line}: ${entryLabel(entry)}: ${text}` };
}

/**
 * The catalog of several parsed files and the problems of merging them (duplicates), after each
 * file's own problems.
 */
export function mergeCatalogFiles(files: readonly CatalogFile[]): { catalog: LifecycleCatalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const sources: CatalogSource[] = [];
  const effective = new Map<string, LifecycleEntry>();
  for (const { file, format, contents } of files) {
    problems.push(...contents.problems);
    const inFile = new Map<string, LifecycleEntry>();
    let rejected = contents.rejected;
    for (const entry of contents.entries) {
      const id = identity(entry);
      const twin = inFile.get(id);
      if (twin !== undefined) {
        problems.push(duplicateProblem(entry, 'error', `duplicate of line ${twin.origin.line} in the same file; row refused`));
        rejected += 1;
        continue;
      }
      inFile.set(id, entry);
      const earlier = effective.get(id);
      if (earlier !== undefined) {
        const where = `${earlier.origin.file}: line ${earlier.origin.line}`;
        problems.push(duplicateProblem(entry, 'warning', `also in ${where}; this later file wins`));
        effective.delete(id);
      }
      effective.set(id, entry);
    }
    sources.push({ file, format, example: contents.example, title: contents.title, entries: inFile.size, rejected });
  }
  return { catalog: buildLifecycleCatalog([...effective.values()], sources), problems };
}
