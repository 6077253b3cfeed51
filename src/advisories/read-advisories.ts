/**
 * Reads advisories from files and directories: `.json` = a CVE JSON 5 record, `.yaml`/`.yml` = our
 * catalog. Directories are walked (sorted, at most MAX_DEPTH levels, MAX_FILES files); other files
 * in a directory are skipped, a named file of another kind is a warning.
 *
 * A file that cannot be read at all (missing, too large, not JSON/YAML, not a record or catalog)
 * is a warning naming it, and the other files are still read. The caller learns how many files
 * were readable (`filesRead`): `exposure check` fails when none was.
 *
 * One id, several sources: a catalog entry wins over a CVE record of the same id (the catalog
 * refines Juniper's record, e.g. with a config condition); otherwise the first read wins. The one
 * left out is named in a warning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Advisory, AdvisoryWarning } from './advisory-types.js';
import { MAX_CATALOG_BYTES, readAdvisoryCatalog } from './advisory-catalog.js';
import { MAX_CVE_RECORD_BYTES, readCveRecord } from './cve-record.js';

export const MAX_DEPTH = 8;
export const MAX_FILES = 200_000;

export interface ReadAdvisoriesResult {
  advisories: Advisory[];
  warnings: AdvisoryWarning[];
  /** Files read (a REJECTED record or an empty catalog counts as read). */
  filesRead: number;
  /** Files that could not be read at all (each has a warning). */
  filesUnreadable: number;
}

type Kind = 'cve' | 'catalog';

function kindOf(file: string): Kind | null {
  const ext = extname(file).toLowerCase();
  return ext === '.json' ? 'cve' : ext === '.yaml' || ext === '.yml' ? 'catalog' : null;
}

function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (code ?? (err as Error).message);
}

/** Files under `path` (sorted), with warnings for what cannot be listed. */
function listFiles(path: string, warnings: AdvisoryWarning[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      warnings.push({ file: dir, id: null, entry: null, message: `cannot list the directory (${errnoText(err)})` });
      return;
    }
    for (const name of names) {
      if (out.length >= MAX_FILES) return;
      const full = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (depth < MAX_DEPTH) walk(full, depth + 1);
        else warnings.push({ file: full, id: null, entry: null, message: `deeper than ${MAX_DEPTH} levels; not read` });
      } else if (kindOf(full) !== null) out.push(full);
    }
  };
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    warnings.push({ file: path, id: null, entry: null, message: `cannot read (${errnoText(err)})` });
    return out;
  }
  if (stat.isDirectory()) {
    walk(path, 1);
    if (out.length >= MAX_FILES) warnings.push({ file: path, id: null, entry: null, message: `more than ${MAX_FILES} files; the rest are not read` });
    return out;
  }
  if (kindOf(path) === null) {
    warnings.push({ file: path, id: null, entry: null, message: 'not a .json (CVE record) or .yaml/.yml (catalog) file; not read' });
    return out;
  }
  return [path];
}

function unreadableReason(err: unknown, file: string): string {
  if (err instanceof IbsightError) return err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message;
  if ((err as NodeJS.ErrnoException).code !== undefined) return errnoText(err);
  return (err as Error).message;
}

function readOne(file: string, kind: Kind): { advisories: Advisory[]; warnings: AdvisoryWarning[] } {
  const limit = kind === 'cve' ? MAX_CVE_RECORD_BYTES : MAX_CATALOG_BYTES;
  const size = statSync(file).size;
  if (size > limit) throw new Error(`${size} bytes; a ${kind === 'cve' ? 'CVE record' : 'catalog'} may have at most ${limit}`);
  const text = readFileSync(file, 'utf8');
  if (kind === 'catalog') return readAdvisoryCatalog(text, file);
  const reading = readCveRecord(text, file);
  return { advisories: reading.advisory === null ? [] : [reading.advisory], warnings: reading.warnings };
}

/** Reads every advisory under the paths (files or directories). */
export function readAdvisories(paths: readonly string[]): ReadAdvisoriesResult {
  const warnings: AdvisoryWarning[] = [];
  const byId = new Map<string, Advisory>();
  const order: string[] = [];
  let filesRead = 0;
  let filesUnreadable = 0;
  for (const path of paths) {
    for (const file of listFiles(path, warnings)) {
      const kind = kindOf(file)!;
      let result;
      try {
        result = readOne(file, kind);
      } catch (err) {
        filesUnreadable++;
        warnings.push({ file, id: null, entry: null, message: `not read: ${unreadableReason(err, file)}` });
        continue;
      }
      filesRead++;
      warnings.push(...result.warnings);
      for (const a of result.advisories) {
        const kept = byId.get(a.id);
        if (kept === undefined) {
          byId.set(a.id, a);
          order.push(a.id);
        } else if (kept.source === 'cve' && a.source === 'catalog') {
          byId.set(a.id, a);
          warnings.push({ file: kept.file, id: a.id, entry: null, message: `the catalog entry in ${a.file} is used instead of this record` });
        } else {
          warnings.push({ file: a.file, id: a.id, entry: null, message: `${a.id} was already read from ${kept.file}; this one is not used` });
        }
      }
    }
  }
  return { advisories: order.map((id) => byId.get(id)!), warnings, filesRead, filesUnreadable };
}
