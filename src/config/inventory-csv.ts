/**
 * A CSV inventory (SPEC §3): a device list exported from a spreadsheet or an NMS, with the header
 * row `name,host,port,site,credentials` (any order, case-insensitive; other columns are ignored;
 * a UTF-8 BOM, blank lines and lines starting with `#` are skipped). An empty port is 830, an
 * empty site is none. The `credentials` column names an entry of the credentials defined in the
 * YAML file beside it, named after the CSV: `devices.csv` → `devices.credentials.yaml`, holding
 * `credentials:` and optionally `sites:` (site names; when present, every row's site must be
 * listed there). Secrets never go in the CSV. Errors name the CSV file and line.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Inventory, InventoryDevice } from './config-types.js';
import { credentialsFrom, crossCheck, csvCompanionSchema, deviceSchema, duplicateSiteIssues, type PlacedDevice } from './inventory-schema.js';
import { configError, issuesFromZod, type ConfigIssue } from './validation-issues.js';
import { dropNullSections, readSourceText, readYamlFile, type SourceFile } from './yaml-source.js';

export const CSV_COLUMNS = ['name', 'host', 'port', 'site', 'credentials'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** `devices.csv` → `devices.credentials.yaml` in the same directory. */
export function companionFileFor(csvFile: string): string {
  return join(dirname(csvFile), `${basename(csvFile, extname(csvFile))}.credentials.yaml`);
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function readRecords(text: string, source: SourceFile): CsvRecord[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const line = err instanceof CsvError ? (err as CsvError & { lines?: number }).lines : undefined;
    const where = line !== undefined ? `line ${line}: ` : '';
    throw new IbsightError('CONFIG_INVALID', `${source.label}: ${where}${(err as Error).message}`, {
      cause: err,
      context: { file: source.file, ...(line !== undefined ? { line } : {}) },
    });
  }
}

function headerIndex(first: CsvRecord | undefined, source: SourceFile): Map<Column, number> {
  const expected = CSV_COLUMNS.join(',');
  if (!first) throw configError(source.label, source.file, [{ line: 1, message: `empty file; expected the header row ${expected}` }]);
  const index = new Map<Column, number>();
  const issues: ConfigIssue[] = [];
  first.record.forEach((cell, at) => {
    const name = cell.toLowerCase() as Column;
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) return;
    if (index.has(name)) issues.push({ line: first.info.lines, message: `column "${name}" appears twice in the header` });
    index.set(name, at);
  });
  const missing = CSV_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    issues.push({ line: first.info.lines, message: `the header row lacks ${missing.join(', ')}; expected the header row ${expected}` });
  }
  if (issues.length > 0) throw configError(source.label, source.file, issues);
  return index;
}

/** A CSV row as the YAML device schema expects it: numbers for ports, null for no site. */
function rowDocument(cells: string[], index: Map<Column, number>): Record<string, unknown> {
  const cell = (column: Column): string => cells[index.get(column)!] ?? '';
  const doc: Record<string, unknown> = {};
  for (const column of ['name', 'host', 'credentials'] as const) if (cell(column) !== '') doc[column] = cell(column);
  const port = cell('port');
  if (port !== '') doc.port = /^\d{1,6}$/.test(port) ? Number(port) : port;
  doc.site = cell('site') === '' ? null : cell('site');
  return doc;
}

function loadCompanion(source: SourceFile) {
  const companion: SourceFile = { label: companionFileFor(source.label), file: companionFileFor(source.file) };
  if (!existsSync(companion.file)) {
    throw new IbsightError(
      'CONFIG_INVALID',
      `${source.label}: a CSV inventory takes its credentials from ${companion.label} beside it, which does not exist ` +
        '(it holds credentials: and optionally sites:, as in config/inventory.example.yaml)',
      { context: { file: source.file, companion: companion.file } },
    );
  }
  const raw = dropNullSections(readYamlFile(companion, 'credentials file', MAX_CSV_BYTES) ?? {});
  const parsed = csvCompanionSchema.safeParse(raw);
  if (!parsed.success) throw configError(companion.label, companion.file, issuesFromZod(parsed.error, raw, csvCompanionSchema));
  const duplicates = duplicateSiteIssues(parsed.data.sites ?? []);
  if (duplicates.length > 0) throw configError(companion.label, companion.file, duplicates);
  return { companion, data: parsed.data };
}

export function loadCsvInventory(source: SourceFile): Inventory {
  const text = readSourceText(source, 'inventory file', MAX_CSV_BYTES);
  const { companion, data } = loadCompanion(source);
  const records = readRecords(text, source);
  const index = headerIndex(records[0], source);
  const width = records[0]!.record.length;
  const issues: ConfigIssue[] = [];
  const placed: PlacedDevice[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== width) {
      issues.push({ line, message: `expected ${width} columns as in the header, got ${record.length}` });
      continue;
    }
    const doc = rowDocument(record, index);
    const parsed = deviceSchema.safeParse(doc);
    if (!parsed.success) {
      issues.push(...issuesFromZod(parsed.error, doc, deviceSchema).map((issue) => ({ ...issue, line })));
      continue;
    }
    const device: InventoryDevice = { ...parsed.data };
    placed.push({ device, line });
  }
  const sites = crossCheck(data.sites, `sites of ${companion.label}`, Object.keys(data.credentials), placed, issues);
  if (issues.length > 0) throw configError(source.label, source.file, issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return {
    file: source.file,
    sites,
    credentials: credentialsFrom(data.credentials, dirname(resolve(companion.file))),
    devices: placed.map((p) => p.device),
  };
}
