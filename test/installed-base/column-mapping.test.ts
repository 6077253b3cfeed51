/**
 * Column mappings (SPEC §4 `--mapping FILE`): a vendor layout read through a mapping, dateFormat,
 * the fallback to native names, and every mapping error naming the file and key; plus the date
 * layouts themselves (real calendar dates only).
 */
import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, parseCalendarDate } from '../../src/installed-base/calendar-date.js';
import { loadColumnMapping } from '../../src/installed-base/column-mapping.js';
import { readInstalledBaseFile } from '../../src/installed-base/installed-base-csv.js';
import { failureOf, testFiles } from './ib-test-files.js';

const { write } = testFiles('ib-mapping');

const VENDOR_MAPPING = [
  'serial_number: "Serial Number"',
  'site_id: Install Site',
  'sku: "Product ID"',
  'contract_id: Contract',
  'contract_start: Coverage Start',
  'contract_end: "Coverage End"',
  'dateFormat: DD-MMM-YYYY',
  '',
].join('\n');

describe('reading a vendor layout through a mapping', () => {
  it('maps the columns, reads DD-MMM-YYYY dates, and still reads unmapped native names', async () => {
    const mapping = loadColumnMapping(write('mapping.yaml', VENDOR_MAPPING));
    expect(mapping.dateFormat).toBe('DD-MMM-YYYY');
    expect(mapping.columns).toEqual({
      serial_number: 'Serial Number', site_id: 'Install Site', sku: 'Product ID', contract_id: 'Contract',
      contract_start: 'Coverage Start', contract_end: 'Coverage End',
    });
    const file = write('export.csv', [
      'Product ID,serial number,Install Site,Contract,Coverage Start,Coverage End,description,Ignored',
      'MX204,AB123,0100012345,C-9,15-Mar-2024,1-JAN-2025,MX204 router,zz',
      'MX204,AB123,0100012345,C-10,29-feb-2024,31-dec-2026,,zz',
      'MX204,AB124,0100012345,C-9,31-Feb-2024,,,zz',
      '',
    ].join('\n'));
    const contents = await readInstalledBaseFile(file, { mapping });
    expect(contents.records).toEqual([
      {
        serialNumber: 'AB123', sku: 'MX204', description: 'MX204 router', siteId: '0100012345', siteName: null,
        shipDate: null, warrantyEnd: null, parentSerial: null,
        contracts: [
          { contractId: 'C-9', serviceLevel: null, start: '2024-03-15', end: '2025-01-01' },
          { contractId: 'C-10', serviceLevel: null, start: '2024-02-29', end: '2026-12-31' },
        ],
        lines: [2, 3],
      },
    ]);
    expect(contents.rejected).toEqual([
      {
        line: 4, serialNumber: 'AB124', code: 'bad-date',
        reason: 'contract_start ("Coverage Start"): "31-Feb-2024": not a date in the layout DD-MMM-YYYY',
      },
    ]);
  });

  it('a mapping of only dateFormat reads native columns in that layout', async () => {
    const mapping = loadColumnMapping(write('m.yaml', 'dateFormat: DD/MM/YYYY\n'));
    const file = write('ib.csv', 'serial_number,site_id,ship_date\nX1,S1,31/12/2020\nX2,S1,12/31/2020\n');
    const contents = await readInstalledBaseFile(file, { mapping });
    expect(contents.records.map((r) => r.shipDate)).toEqual(['2020-12-31']);
    expect(contents.rejected.map((r) => [r.line, r.code])).toEqual([[3, 'bad-date']]);
  });

  it('refuses a file lacking a column the mapping names, naming the mapping', async () => {
    const mappingFile = write('mapping.yaml', VENDOR_MAPPING);
    const mapping = loadColumnMapping(mappingFile);
    const file = write('export.csv', 'Serial Number,Install Site,Product,Contract,Coverage Start,Coverage End\nA,S,P,C,,\n');
    const err = await failureOf(() => readInstalledBaseFile(file, { mapping }), 'INPUT_INVALID');
    expect(err.message).toContain(`line 1: no column "Product ID" for sku (mapped in ${mappingFile})`);
    expect(err.message).toContain('the header row found: "Serial Number", "Install Site", "Product"');
  });
});

describe('mapping errors', () => {
  async function mappingError(text: string): Promise<string> {
    const file = write('mapping.yaml', text);
    const err = await failureOf(() => loadColumnMapping(file), 'CONFIG_INVALID');
    expect(err.message.startsWith(`${file}: `)).toBe(true);
    return err.message.slice(file.length + 2);
  }

  it('names an unknown native column with the accepted ones', async () => {
    expect(await mappingError('serial: "Serial Number"\n')).toMatch(/^serial: unknown key \(expected one of: serial_number, sku, .*dateFormat\)$/);
  });

  it('names a value that is not a string, or empty', async () => {
    expect(await mappingError('serial_number: 12\n')).toBe('serial_number: expected the name of a column of the source file (a string), got 12');
    expect(await mappingError('site_id: { a: b }\n')).toMatch(/^site_id: expected the name of a column of the source file \(a string\), got a mapping$/);
    expect(await mappingError('site_id: "  "\n')).toMatch(/^site_id: expected the name of a column of the source file, got an empty string/);
  });

  it('refuses two native columns mapped to one source column (case-insensitively)', async () => {
    expect(await mappingError('serial_number: Serial\nparent_serial: SERIAL\n')).toBe('parent_serial: the source column "SERIAL" is already mapped to serial_number');
  });

  it('refuses an unknown dateFormat, naming the accepted ones', async () => {
    expect(await mappingError('dateFormat: YYYY/MM/DD\n')).toBe(
      `dateFormat: expected one of ${DATE_FORMATS.join(', ')}, got "YYYY/MM/DD"`,
    );
  });

  it('refuses an empty file, a list, a duplicate key and broken YAML, naming the line', async () => {
    expect(await mappingError('# nothing\n')).toMatch(/the column mapping is empty/);
    expect(await mappingError('- serial_number\n')).toMatch(/expected a mapping of native column names to source column names/);
    expect(await mappingError('sku: A\nsku: B\n')).toBe('line 2: a key appears twice in the same mapping');
    expect(await mappingError('sku: "A\n')).toMatch(/^line \d+: /);
  });
});

describe('date layouts', () => {
  it('accepts real calendar dates only, in each layout, as YYYY-MM-DD', () => {
    expect(parseCalendarDate('2024-02-29', 'YYYY-MM-DD')).toBe('2024-02-29');
    expect(parseCalendarDate('2023-02-29', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('1900-02-29', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('2000-02-29', 'YYYY-MM-DD')).toBe('2000-02-29');
    expect(parseCalendarDate('2024-04-31', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('2024-4-01', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('2024-04-01T00:00:00Z', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('0000-01-01', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('05/03/2024', 'DD/MM/YYYY')).toBe('2024-03-05');
    expect(parseCalendarDate('5/3/2024', 'MM/DD/YYYY')).toBe('2024-05-03');
    expect(parseCalendarDate('13/01/2024', 'MM/DD/YYYY')).toBeNull();
    expect(parseCalendarDate('31.12.1999', 'DD.MM.YYYY')).toBe('1999-12-31');
    expect(parseCalendarDate('31.11.1999', 'DD.MM.YYYY')).toBeNull();
    expect(parseCalendarDate('15-Mar-2024', 'DD-MMM-YYYY')).toBe('2024-03-15');
    expect(parseCalendarDate('15-Mrz-2024', 'DD-MMM-YYYY')).toBeNull();
    expect(parseCalendarDate('2024-03-15', 'DD/MM/YYYY')).toBeNull();
  });
});
