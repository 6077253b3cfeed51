/**
 * Reading lifecycle catalogs from disk (`ibsight lifecycle import PATH...`): files and directories
 * → one merged catalog and every problem found. Nothing here throws for bad input: each problem is
 * reported (file, line, key, field) and the rest goes on, so the caller decides the exit code.
 * Rules kept:
 * - A path is a file (`.yaml`, `.yml` or `.csv`, by extension, any case) or a directory, whose
 *   catalog files (same extensions, not recursive) are read in name order; other files there are
 *   skipped. A directory without any catalog file is a warning; a missing path or a file of
 *   another extension named explicitly is an error. A file named twice is read once.
 * - A file is at most `maxFileBytes` (default 16 MiB) and UTF-8 text; else it is refused whole.
 * - At most MAX_CATALOG_FILES files in all.
 * - Files merge in the order read (lifecycle-catalog.ts): a later file wins on a duplicate key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { packageRoot } from '../sim/builtin-profile-dir.js';
import { parseCsvCatalog } from './lifecycle-catalog-csv.js';
import { parseYamlCatalog } from './lifecycle-catalog-yaml.js';
import { mergeCatalogFiles, type CatalogFile } from './lifecycle-catalog.js';
import type { CatalogFormat, CatalogProblem, LifecycleCatalog } from './lifecycle-types.js';

export const MAX_CATALOG_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_CATALOG_FILES = 256;

/** The example catalogs shipped with ibsight (illustrative dates, marked `example`). */
export const EXAMPLE_LIFECYCLE_CATALOG = join(packageRoot(), 'config', 'lifecycle.example.yaml');
export const EXAMPLE_LIFECYCLE_CATALOG_CSV = join(packageRoot(), 'config', 'lifecycle.example.csv');

export interface LifecycleCatalogRead {
  catalog: LifecycleCatalog;
  problems: CatalogProblem[];
}

export interface ReadCatalogOptions {
  maxFileBytes?: number;
}

function formatOf(path: string): CatalogFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return ext === '.csv' ? 'csv' : null;
}

function fileProblem(file: string, text: string, severity: 'error' | 'warning' = 'error'): CatalogProblem {
  return { severity, file, line: null, key: null, field: null, message: `${file}: ${text}` };
}

function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? String(err);
}

/** The catalog files a path stands for, as labels (the path as given, or joined to a directory entry). */
function filesOf(path: string, problems: CatalogProblem[]): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    problems.push(fileProblem(path, `cannot read (${errnoText(err)})`));
    return [];
  }
  if (!isDirectory) {
    if (formatOf(path) !== null) return [path];
    problems.push(fileProblem(path, 'not a catalog file (expected a .yaml, .yml or .csv extension)'));
    return [];
  }
  let names: string[];
  try {
    names = readdirSync(path).filter((n) => formatOf(n) !== null).sort();
  } catch (err) {
    problems.push(fileProblem(path, `cannot list the directory (${errnoText(err)})`));
    return [];
  }
  if (names.length === 0) problems.push(fileProblem(path, 'directory holds no catalog file (.yaml, .yml or .csv)', 'warning'));
  return names.map((n) => join(path, n));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function readText(file: string, maxBytes: number, problems: CatalogProblem[]): string | null {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      problems.push(fileProblem(file, 'not a regular file'));
      return null;
    }
    if (stat.size > maxBytes) {
      problems.push(fileProblem(file, `${stat.size} bytes; a catalog file may have at most ${maxBytes}; file ignored`));
      return null;
    }
    const bytes = readFileSync(file);
    const text = UTF8.decode(bytes);
    if (text.includes('\u0000')) {
      problems.push(fileProblem(file, 'not a text file (NUL bytes); file ignored'));
      return null;
    }
    return text;
  } catch (err) {
    const reason = err instanceof TypeError ? 'not UTF-8 text' : `cannot read (${errnoText(err)})`;
    problems.push(fileProblem(file, `${reason}; file ignored`));
    return null;
  }
}

/** Reads and merges the catalogs at `paths` (files or directories), in order. */
export function readLifecycleCatalogs(paths: readonly string[], options: ReadCatalogOptions = {}): LifecycleCatalogRead {
  const maxBytes = options.maxFileBytes ?? MAX_CATALOG_FILE_BYTES;
  const problems: CatalogProblem[] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    for (const label of filesOf(path, problems)) {
      const absolute = resolve(label);
      if (seen.has(absolute)) {
        problems.push(fileProblem(label, 'named more than once; read once', 'warning'));
        continue;
      }
      seen.add(absolute);
      labels.push(label);
    }
  }
  if (labels.length > MAX_CATALOG_FILES) {
    problems.push(fileProblem(labels[MAX_CATALOG_FILES]!, `more than ${MAX_CATALOG_FILES} catalog files: this one and the rest are ignored`));
    labels.length = MAX_CATALOG_FILES;
  }
  const files: CatalogFile[] = [];
  for (const label of labels) {
    const text = readText(label, maxBytes, problems);
    if (text === null) continue;
    const format = formatOf(label)!;
    const contents = format === 'csv' ? parseCsvCatalog(text, label) : parseYamlCatalog(text, label);
    files.push({ file: label, format, contents });
  }
  const merged = mergeCatalogFiles(files);
  return { catalog: merged.catalog, problems: [...problems, ...merged.problems] };
}
