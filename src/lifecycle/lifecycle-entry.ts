/**
 * One catalog row, as either reader (YAML, CSV) hands it over — field name → value — checked and
 * turned into a LifecycleEntry. Rules kept (docs/lifecycle-catalog.md):
 * - `kind` is `hardware` or `software` (any case). A hardware row has exactly one key, `model` or
 *   `partNumber`; a software row has `train`, a release train (`21.4`, `22.4-EVO`, `15.1X49`) and
 *   not a version (`21.4R3` is refused, naming the train it belongs to).
 * - Dates are real `YYYY-MM-DD` dates; `extended` and `example` are true or false; `link` is an
 *   http(s) URL; keys are at most 128 characters, other text at most 1000.
 * - A field of the other kind (`frs` on a hardware row) or an unknown field is an error.
 * - Every problem of a row is reported (not only the first); a row with any error is refused.
 *   Warnings (no date at all, milestones out of order) keep the row.
 * Messages name the file, line, key and field: `lc.csv: line 4: hardware model MX960: endOfSupport:
 * expected a date YYYY-MM-DD, got "2024-13-01"`.
 */
import { parseCalendarDate } from '../installed-base/calendar-date.js';
import { junosTrain } from '../reports/junos-train.js';
import {
  HARDWARE_MILESTONES,
  SOFTWARE_MILESTONES,
  type CatalogProblem,
  type HardwareEntry,
  type LifecycleEntry,
  type SoftwareEntry,
} from './lifecycle-types.js';

/** A value as a reader found it: text (trimmed, never empty: empty means "not given") or a YAML boolean. */
export type RawValue = string | boolean;

export interface RawRow {
  line: number;
  /** Field name as written in the file → value. Fields left empty are left out. */
  fields: Map<string, RawValue>;
}

const COMMON_FIELDS = ['kind', 'description', 'replacement', 'note', 'link', 'example'] as const;
const HARDWARE_FIELDS: readonly string[] = [...COMMON_FIELDS, 'model', 'partNumber', ...HARDWARE_MILESTONES];
const SOFTWARE_FIELDS: readonly string[] = [...COMMON_FIELDS, 'train', ...SOFTWARE_MILESTONES, 'extended'];

/** Every field a catalog row may carry (the CSV columns, in the order the docs list them). */
export const CATALOG_FIELDS: readonly string[] = [
  'kind', 'model', 'partNumber', 'train', 'description',
  ...HARDWARE_MILESTONES, ...SOFTWARE_MILESTONES, 'extended',
  'replacement', 'note', 'link', 'example',
];

/** Entries (rows) one catalog file may hold. */
export const MAX_CATALOG_ENTRIES = 100_000;
export const MAX_KEY_CHARS = 128;
export const MAX_TEXT_CHARS = 1000;

export interface EntryContext {
  /** The file as named in messages. */
  file: string;
  /** The whole file is marked as an example (YAML `example: true`). */
  fileExample: boolean;
}

export interface EntryResult {
  /** Null when the row was refused. */
  entry: LifecycleEntry | null;
  problems: CatalogProblem[];
}

function quoted(value: RawValue): string {
  return typeof value === 'boolean' ? String(value) : JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** Collects a row's problems with the file, line and key label they are reported under. */
class RowProblems {
  readonly list: CatalogProblem[] = [];
  label = 'row';
  key: string | null = null;

  constructor(
    private readonly file: string,
    private readonly line: number,
  ) {}

  add(severity: 'error' | 'warning', field: string | null, text: string): void {
    const where = field === null ? '' : `${field}: `;
    const message = `${this.file}: line ${this.line}: ${this.label}: ${where}${text}`;
    this.list.push({ severity, file: this.file, line: this.line, key: this.key, field, message });
  }

  get hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }
}

function textField(row: RawRow, field: string, max: number, problems: RowProblems): string | null {
  const value = row.fields.get(field);
  if (value === undefined) return null;
  if (typeof value !== 'string') {
    problems.add('error', field, `expected text, got ${quoted(value)}`);
    return null;
  }
  if (value.length > max) {
    problems.add('error', field, `expected at most ${max} characters, got ${value.length}`);
    return null;
  }
  return value;
}

function dateField(row: RawRow, field: string, problems: RowProblems): string | null {
  const value = row.fields.get(field);
  if (value === undefined) return null;
  const date = typeof value === 'string' ? parseCalendarDate(value, 'YYYY-MM-DD') : null;
  if (date === null) problems.add('error', field, `expected a date YYYY-MM-DD, got ${quoted(value)}`);
  return date;
}

function booleanField(row: RawRow, field: string, problems: RowProblems): boolean | null {
  const value = row.fields.get(field);
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  problems.add('error', field, `expected true or false, got ${quoted(value)}`);
  return null;
}

function linkField(row: RawRow, problems: RowProblems): string | null {
  const value = textField(row, 'link', MAX_TEXT_CHARS, problems);
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  problems.add('error', 'link', `expected an http:// or https:// URL, got ${quoted(value)}`);
  return null;
}

/** Warns when the dates given are not in the order the milestones happen in. */
function checkOrder(dates: readonly (readonly [string, string | null])[], problems: RowProblems): void {
  let previous: readonly [string, string] | null = null;
  for (const [name, date] of dates) {
    if (date === null) continue;
    if (previous !== null && date < previous[1]) {
      problems.add('warning', name, `${date} is before ${previous[0]} ${previous[1]} (milestones out of order; kept as written)`);
    }
    previous = [name, date];
  }
}

function hardwareKey(row: RawRow, problems: RowProblems): { keyType: 'model' | 'partNumber'; key: string } | null {
  const model = textField(row, 'model', MAX_KEY_CHARS, problems);
  const partNumber = textField(row, 'partNumber', MAX_KEY_CHARS, problems);
  if (model !== null && partNumber !== null) {
    problems.key = model;
    problems.label = `hardware model ${model}`;
    problems.add('error', 'partNumber', `a hardware row is keyed by model or by partNumber, not both (got ${quoted(partNumber)})`);
    return null;
  }
  const keyType = model !== null ? 'model' : 'partNumber';
  const key = model ?? partNumber;
  if (key === null) {
    if (!row.fields.has('model') && !row.fields.has('partNumber')) problems.add('error', 'model', 'required: a hardware row needs a model or a partNumber');
    return null;
  }
  problems.key = key;
  problems.label = `hardware ${keyType} ${key}`;
  return { keyType, key };
}

function softwareKey(row: RawRow, problems: RowProblems): string | null {
  const value = textField(row, 'train', MAX_KEY_CHARS, problems);
  if (value === null) {
    if (!row.fields.has('train')) problems.add('error', 'train', 'required: a software row needs a train (21.4, 22.4-EVO, 15.1X49)');
    return null;
  }
  problems.key = value;
  problems.label = `software train ${value}`;
  const train = junosTrain(value);
  if (train === null || train.toLowerCase() !== value.toLowerCase()) {
    const hint = train === null ? '' : ` (${quoted(value)} is a version of train ${train})`;
    problems.add('error', 'train', `expected a release train such as 21.4, 22.4-EVO or 15.1X49${hint}, got ${quoted(value)}`);
    return null;
  }
  return train;
}

function kindOf(row: RawRow, problems: RowProblems): 'hardware' | 'software' | null {
  const value = row.fields.get('kind');
  const kind = typeof value === 'string' ? value.toLowerCase() : null;
  if (kind === 'hardware' || kind === 'software') return kind;
  problems.add('error', 'kind', value === undefined ? 'required: expected hardware or software' : `expected hardware or software, got ${quoted(value)}`);
  return null;
}

function checkFieldNames(row: RawRow, kind: 'hardware' | 'software', problems: RowProblems): void {
  const own = kind === 'hardware' ? HARDWARE_FIELDS : SOFTWARE_FIELDS;
  for (const field of row.fields.keys()) {
    if (own.includes(field)) continue;
    if (CATALOG_FIELDS.includes(field)) problems.add('error', field, `not a field of a ${kind} row`);
    else problems.add('error', field, `unknown field (expected one of: ${own.join(', ')})`);
  }
}

/** Checks one row and makes it an entry; `entry` is null when the row has an error. */
export function entryFromRow(row: RawRow, context: EntryContext): EntryResult {
  const problems = new RowProblems(context.file, row.line);
  const kind = kindOf(row, problems);
  if (kind === null) return { entry: null, problems: problems.list };
  const hardware = kind === 'hardware' ? hardwareKey(row, problems) : null;
  const train = kind === 'software' ? softwareKey(row, problems) : null;
  checkFieldNames(row, kind, problems);
  const rowExample = booleanField(row, 'example', problems);
  const extras = {
    description: textField(row, 'description', MAX_TEXT_CHARS, problems),
    replacement: textField(row, 'replacement', MAX_TEXT_CHARS, problems),
    note: textField(row, 'note', MAX_TEXT_CHARS, problems),
    link: linkField(row, problems),
    example: context.fileExample || rowExample === true,
    origin: { file: context.file, line: row.line },
  };
  const milestones: readonly string[] = kind === 'hardware' ? HARDWARE_MILESTONES : SOFTWARE_MILESTONES;
  const dates = milestones.map((m) => [m, dateField(row, m, problems)] as const);
  const extended = kind === 'software' ? booleanField(row, 'extended', problems) : null;
  if (problems.hasErrors || (hardware === null && train === null)) return { entry: null, problems: problems.list };
  if (dates.every(([, d]) => d === null)) problems.add('warning', null, 'no milestone date: the row can give no finding');
  checkOrder(dates, problems);
  const byName = Object.fromEntries(dates) as Record<string, string | null>;
  if (hardware !== null) {
    const entry: HardwareEntry = { kind: 'hardware', ...hardware, ...extras, ...pick(byName, HARDWARE_MILESTONES) };
    return { entry, problems: problems.list };
  }
  const entry: SoftwareEntry = { kind: 'software', keyType: 'train', key: train!, extended, ...extras, ...pick(byName, SOFTWARE_MILESTONES) };
  return { entry, problems: problems.list };
}

function pick<K extends string>(values: Record<string, string | null>, names: readonly K[]): Record<K, string | null> {
  const out = {} as Record<K, string | null>;
  for (const name of names) out[name] = values[name] ?? null;
  return out;
}
