/**
 * Reading the configuration and inventory files safely: a size bound before reading, YAML with
 * duplicate keys refused, a bounded number of alias expansions (a "billion laughs" document is
 * refused instead of eating the memory), and syntax errors that name the line. Every problem is
 * CONFIG_INVALID naming the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { IbsightError } from '../errors/ibsight-error.js';

/** Alias (`*name`) expansions allowed in one document; real files use a handful at most. */
export const MAX_YAML_ALIASES = 64;

export interface SourceFile {
  /** The file as the user named it (used in messages). */
  label: string;
  /** Absolute path (put in error context). */
  file: string;
}

/** Reads a text file of at most `maxBytes`; `what` names it in messages ("configuration file"). */
export function readSourceText(source: SourceFile, what: string, maxBytes: number): string {
  try {
    const stat = statSync(source.file);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    if (stat.size > maxBytes) {
      throw new IbsightError('CONFIG_INVALID', `${source.label}: ${stat.size} bytes; a ${what} may have at most ${maxBytes}`, {
        context: { file: source.file },
      });
    }
    return readFileSync(source.file, 'utf8');
  } catch (err) {
    if (err instanceof IbsightError) throw err;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((err as NodeJS.ErrnoException).code ?? String(err));
    throw new IbsightError('CONFIG_INVALID', `${source.label}: cannot read the ${what} (${reason})`, {
      cause: err,
      context: { file: source.file },
    });
  }
}

/** Parses one YAML document into plain data (null for an empty file). */
export function parseYamlText(text: string, source: SourceFile): unknown {
  const lines = new LineCounter();
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const line = lines.linePos(first.pos[0]).line;
      const message = first.code === 'DUPLICATE_KEY' ? 'a key appears twice in the same mapping' : first.message;
      throw new IbsightError('CONFIG_INVALID', `${source.label}: line ${line}: ${message}`, {
        context: { file: source.file, line },
      });
    }
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (err) {
    if (err instanceof IbsightError) throw err;
    const message = /alias count/i.test((err as Error).message)
      ? `too many YAML alias expansions (at most ${MAX_YAML_ALIASES}): refused as a possible resource exhaustion attack`
      : `not readable as YAML (${(err as Error).message})`;
    throw new IbsightError('CONFIG_INVALID', `${source.label}: ${message}`, { cause: err, context: { file: source.file } });
  }
}

export function readYamlFile(source: SourceFile, what: string, maxBytes: number): unknown {
  return parseYamlText(readSourceText(source, what, maxBytes), source);
}

/** A copy of a top-level mapping without its null/empty sections (`ssh:` with every child commented out). */
export function dropNullSections(doc: unknown, keep: readonly string[] = []): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value === null && !keep.includes(key)) continue;
    out[key] = value;
  }
  return out;
}
