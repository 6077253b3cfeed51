/**
 * A lifecycle catalog written in YAML (docs/lifecycle-catalog.md):
 *
 *   example: true              # optional: the dates are illustrative (reports say so)
 *   title: ...                 # optional
 *   entries:
 *     - { kind: hardware, model: MX960, lastOrder: 2025-06-30, endOfSupport: 2030-06-30 }
 *     - { kind: software, train: "21.4", endOfEngineering: 2024-12-21, extended: true }
 *
 * The text is walked as a YAML syntax tree (not converted to data first), so every entry keeps its
 * line and a number keeps its digits: `train: 22.10` is the train 22.10, not the number 22.1.
 * Rules kept: duplicate keys in a mapping and syntax errors refuse the file (naming the line);
 * aliases are refused (no expansion at all); an unknown top-level key is an error; an entry that is
 * not a mapping, or a field that is not a single value, refuses that entry; at most
 * MAX_CATALOG_ENTRIES entries. Entry rules: lifecycle-entry.ts.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { entryFromRow, MAX_CATALOG_ENTRIES, type RawRow, type RawValue } from './lifecycle-entry.js';
import type { CatalogFileContents, CatalogProblem, LifecycleEntry } from './lifecycle-types.js';

const TOP_LEVEL_KEYS = ['example', 'title', 'entries'];

function fileProblem(file: string, line: number | null, field: string | null, text: string, severity: 'error' | 'warning' = 'error'): CatalogProblem {
  const where = line === null ? '' : `line ${line}: `;
  return { severity, file, line, key: null, field, message: `${file}: ${where}${field === null ? '' : `${field}: `}${text}` };
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return 'an alias (aliases are not supported in catalogs)';
  return 'something else';
}

/** A scalar's value as a reader hands it on: text trimmed, a number by its digits; null when empty. */
function rawValue(node: unknown): RawValue | null | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : (node.source ?? String(value));
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** Parses the text of one YAML catalog; `file` names it in every problem. */
export function parseYamlCatalog(text: string, file: string): CatalogFileContents {
  const lines = new LineCounter();
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const out: CatalogFileContents = { example: false, title: null, entries: [], rejected: 0, problems: [] };
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const reason = first.code === 'DUPLICATE_KEY' ? 'a key appears twice in the same mapping' : first.message.split('\n')[0]!;
    out.problems.push(fileProblem(file, lines.linePos(first.pos[0]).line, null, `not readable as YAML (${reason}); file ignored`));
    return out;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && rawValue(root) === null)) {
    out.problems.push(fileProblem(file, null, null, 'empty catalog (no entries)', 'warning'));
    return out;
  }
  if (!isMap(root)) {
    out.problems.push(fileProblem(file, lineOf(root), null, `expected a mapping with example, title and entries, got ${describe(root)}; file ignored`));
    return out;
  }
  let entries: Node | null = null;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    const line = lineOf(pair.key as Node);
    if (key === 'entries') entries = pair.value as Node | null;
    else if (key === 'example') {
      const value = rawValue(pair.value);
      if (typeof value === 'boolean') out.example = value;
      else out.problems.push(fileProblem(file, line, 'example', `expected true or false, got ${value === undefined ? describe(pair.value) : JSON.stringify(value)}`));
    } else if (key === 'title') {
      const value = rawValue(pair.value);
      if (typeof value === 'string') out.title = value.slice(0, 1000);
      else if (value !== null) out.problems.push(fileProblem(file, line, 'title', 'expected text'));
    } else {
      out.problems.push(fileProblem(file, line, key ?? '(key)', `unknown top-level key (expected one of: ${TOP_LEVEL_KEYS.join(', ')})`));
    }
  }
  if (entries === null || (isScalar(entries) && rawValue(entries) === null)) {
    out.problems.push(fileProblem(file, null, 'entries', 'no entries', 'warning'));
    return out;
  }
  if (!isSeq(entries)) {
    out.problems.push(fileProblem(file, lineOf(entries), 'entries', `expected a list of entries, got ${describe(entries)}; file ignored`));
    return out;
  }
  for (const item of entries.items) {
    if (out.entries.length + out.rejected >= MAX_CATALOG_ENTRIES) {
      out.problems.push(fileProblem(file, lineOf(item as Node), null, `more than ${MAX_CATALOG_ENTRIES} entries: the rest of the file is ignored`));
      break;
    }
    const entry = entryOf(item as Node, file, out.example, lineOf(item as Node), out.problems);
    if (entry === null) out.rejected += 1;
    else out.entries.push(entry);
  }
  return out;
}

function entryOf(node: Node, file: string, fileExample: boolean, line: number, problems: CatalogProblem[]): LifecycleEntry | null {
  if (!isMap(node)) {
    problems.push(fileProblem(file, line, null, `expected an entry (a mapping with kind, a key and dates), got ${isScalar(node) ? JSON.stringify(node.value) : describe(node)}; entry refused`));
    return null;
  }
  const row: RawRow = { line, fields: new Map() };
  let refused = false;
  for (const pair of node.items) {
    const field = isScalar(pair.key) ? String(pair.key.value) : '(key)';
    const value = rawValue(pair.value);
    if (value === undefined) {
      problems.push(fileProblem(file, line, field, `expected a single value, got ${describe(pair.value)}; entry refused`));
      refused = true;
    } else if (value !== null) {
      row.fields.set(field, value);
    }
  }
  const result = entryFromRow(row, { file, fileExample });
  problems.push(...result.problems);
  return refused ? null : result.entry;
}
