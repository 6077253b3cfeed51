/**
 * The column mapping of `ibsight ib import FILE --mapping MAPPING.yaml` (SPEC §4): how a vendor
 * export with its own layout maps onto the native installed-base columns. A flat YAML mapping,
 * native column → the source file's header cell:
 *
 *   serial_number: "Serial Number"
 *   sku: "Product ID"
 *   site_id: "Install Site"
 *   contract_end: "Coverage End"
 *   dateFormat: DD-MMM-YYYY      # extension: how the file writes its dates (default YYYY-MM-DD)
 *
 * Rules kept: keys are native column names (NATIVE_COLUMNS) or `dateFormat`, one of
 * YYYY-MM-DD (default), DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, DD-MMM-YYYY (`15-Mar-2024`); values
 * are non-empty strings; two native columns may not take the same source column. Header cells are
 * matched trimmed and case-insensitively. A native column the mapping does not name is still read
 * from a header cell bearing its own native name, unless that cell is the source of a mapped one.
 * The YAML is read as the configuration is (size bound, duplicate keys and alias bombs refused);
 * every problem is CONFIG_INVALID naming the mapping file and the key.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { oneOf } from '../config/schema-fields.js';
import { configError, issuesFromZod } from '../config/validation-issues.js';
import { readYamlFile, type SourceFile } from '../config/yaml-source.js';
import { DATE_FORMATS, DEFAULT_DATE_FORMAT, type DateFormat } from './calendar-date.js';

export const NATIVE_COLUMNS = [
  'serial_number',
  'sku',
  'description',
  'site_id',
  'site_name',
  'contract_id',
  'service_level',
  'contract_start',
  'contract_end',
  'warranty_end',
  'ship_date',
  'parent_serial',
] as const;
export type NativeColumn = (typeof NATIVE_COLUMNS)[number];

/** The columns holding calendar dates (read in the mapping's `dateFormat`). */
export const DATE_COLUMNS: readonly NativeColumn[] = ['contract_start', 'contract_end', 'warranty_end', 'ship_date'];

export interface ColumnMapping {
  /** The mapping file as named by the user (for messages). */
  file: string;
  /** Native column → source header cell, for the native columns the mapping names. */
  columns: Partial<Record<NativeColumn, string>>;
  dateFormat: DateFormat;
}

/** A mapping is a few lines; anything near this is not one. */
export const MAX_MAPPING_BYTES = 64 * 1024;

/** Source header cells longer than this are not column names. */
const MAX_SOURCE_COLUMN_CHARS = 256;

/** The key used for a header cell when matching (trimmed, case-insensitive). */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase();
}

const sourceColumn = z
  .string({ error: 'expected the name of a column of the source file (a string)' })
  .trim()
  .min(1, { error: 'expected the name of a column of the source file, got an empty string' })
  .max(MAX_SOURCE_COLUMN_CHARS, { error: `expected a column name of at most ${MAX_SOURCE_COLUMN_CHARS} characters` });

const mappingShape = Object.fromEntries(NATIVE_COLUMNS.map((column) => [column, sourceColumn.optional()])) as Record<
  NativeColumn,
  z.ZodOptional<typeof sourceColumn>
>;

export const columnMappingSchema = z
  .strictObject({ ...mappingShape, dateFormat: oneOf(DATE_FORMATS).optional() }, {
    error: 'expected a mapping of native column names to source column names, e.g. serial_number: "Serial Number"',
  })
  .superRefine((doc, ctx) => {
    const takenBy = new Map<string, NativeColumn>();
    for (const native of NATIVE_COLUMNS) {
      const source = doc[native];
      if (source === undefined) continue;
      const other = takenBy.get(headerKey(source));
      if (other !== undefined) {
        ctx.addIssue({ code: 'custom', path: [native], message: `the source column "${source}" is already mapped to ${other}`, params: { noValue: true } });
      } else {
        takenBy.set(headerKey(source), native);
      }
    }
  });

/** Reads and checks a column mapping file. */
export function loadColumnMapping(file: string): ColumnMapping {
  const source: SourceFile = { label: file, file: resolve(file) };
  const raw = readYamlFile(source, 'column mapping file', MAX_MAPPING_BYTES);
  if (raw === null || raw === undefined) {
    throw configError(source.label, source.file, [
      { message: 'the column mapping is empty; expected lines of native column: source column, e.g. serial_number: "Serial Number"' },
    ]);
  }
  const parsed = columnMappingSchema.safeParse(raw);
  if (!parsed.success) throw configError(source.label, source.file, issuesFromZod(parsed.error, raw, columnMappingSchema));
  const columns: Partial<Record<NativeColumn, string>> = {};
  for (const native of NATIVE_COLUMNS) {
    const sourceName = parsed.data[native];
    if (sourceName !== undefined) columns[native] = sourceName;
  }
  return { file, columns, dateFormat: parsed.data.dateFormat ?? DEFAULT_DATE_FORMAT };
}
