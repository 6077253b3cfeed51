/**
 * readInstalledBaseFile on native-column files: fields, trimming and nulls, the merge of several
 * rows per serial (contracts, first value wins, lines), each rejection code with the file's real
 * line numbers, conflicting site / SKU, BOM and CRLF, the header checks and the size bound.
 */
import { describe, expect, it } from 'vitest';
import { readInstalledBaseFile } from '../../src/installed-base/installed-base-csv.js';
import type { IbRecord } from '../../src/installed-base/installed-base-types.js';
import { failureOf, NATIVE_HEADER, testFiles } from './ib-test-files.js';

const { write } = testFiles('ib-csv');

function csv(...rows: string[]): string {
  return `${[NATIVE_HEADER, ...rows].join('\n')}\n`;
}

function bySerial(records: IbRecord[], serial: string): IbRecord {
  const record = records.find((r) => r.serialNumber === serial);
  if (!record) expect.fail(`no record for ${serial}`);
  return record;
}

describe('native columns', () => {
  it('reads every native column, trims cells, empty cells are null, records sorted by serial', async () => {
    const file = write('ib.csv', csv(
      'JN12345ABCD, MX960-PREMIUM3-AC ,"  MX960 chassis  ",0100012345,AMS-DC1,C-100,SVC-CORE,2024-01-01,2026-12-31,2021-06-30,2019-05-17,',
      'CAAB1234,SCBE3-MX-S,,0100012345,,,,,,,,JN12345ABCD',
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents).toMatchObject({ file, rowsRead: 2, rejected: [], sites: ['0100012345'], rejectedSerials: [] });
    expect(contents.records).toEqual([
      {
        serialNumber: 'CAAB1234', sku: 'SCBE3-MX-S', description: null, siteId: '0100012345', siteName: null,
        shipDate: null, warrantyEnd: null, parentSerial: 'JN12345ABCD', contracts: [], lines: [3],
      },
      {
        serialNumber: 'JN12345ABCD', sku: 'MX960-PREMIUM3-AC', description: 'MX960 chassis', siteId: '0100012345', siteName: 'AMS-DC1',
        shipDate: '2019-05-17', warrantyEnd: '2021-06-30', parentSerial: null,
        contracts: [{ contractId: 'C-100', serviceLevel: 'SVC-CORE', start: '2024-01-01', end: '2026-12-31' }], lines: [2],
      },
    ]);
  });

  it('matches the header case-insensitively in any order, ignores unknown columns, keeps serials as written', async () => {
    const file = write('ib.csv', 'Notes,SITE_ID,Serial_Number,Extra\n"a, b",S1,jn-lower-1,x\n');
    const contents = await readInstalledBaseFile(file);
    expect(contents.records).toEqual([
      { serialNumber: 'jn-lower-1', sku: null, description: null, siteId: 'S1', siteName: null, shipDate: null, warrantyEnd: null, parentSerial: null, contracts: [], lines: [2] },
    ]);
  });

  it('accepts a UTF-8 BOM and CRLF line ends', async () => {
    const file = write('ib.csv', `\uFEFF${NATIVE_HEADER}\r\nSER1,,Zürich spare,S1,,,,,,,,\r\nSER2,,,S2,,,,,,,,\r\n`);
    const contents = await readInstalledBaseFile(file);
    expect(contents.records.map((r) => [r.serialNumber, r.description, r.lines])).toEqual([['SER1', 'Zürich spare', [2]], ['SER2', null, [3]]]);
    expect(contents.rejected).toEqual([]);
  });

  it('keeps a quote inside an unquoted cell as a character (19" rack)', async () => {
    const file = write('ib.csv', csv('SER1,RACK-KIT,19" rack mount kit,S1,,,,,,,,'));
    expect((await readInstalledBaseFile(file)).records[0]!.description).toBe('19" rack mount kit');
  });

  it('skips blank rows and rows of empty cells; a header alone gives no records', async () => {
    const file = write('ib.csv', `${NATIVE_HEADER}\n\n,,,,,,,,,,,\nSER1,,,S1,,,,,,,,\n   \n`);
    const contents = await readInstalledBaseFile(file);
    expect(contents.rowsRead).toBe(1);
    expect(contents.records.map((r) => r.lines)).toEqual([[4]]);
    const headerOnly = await readInstalledBaseFile(write('ib.csv', `${NATIVE_HEADER}\n`));
    expect(headerOnly).toMatchObject({ rowsRead: 0, records: [], rejected: [], sites: [] });
  });
});

describe('several rows per serial', () => {
  it('merges them: one contract per contract line, duplicates once, first non-empty value wins', async () => {
    const file = write('ib.csv', csv(
      'JN1,,MX480 chassis,S1,,C-1,SVC-CORE,2024-01-01,2024-12-31,,,',
      'OTHER,,,S2,,,,,,,,',
      'JN1,MX480BASE-AC,MX480 (duplicate text),S1,AMS,C-2,SVC-NBD,2025-01-01,2025-12-31,,2020-02-29,',
      'JN1,,,S1,,C-1,SVC-CORE,2024-01-01,2024-12-31,,,',
      'JN1,MX480BASE-AC,,S1,,,,,,2023-01-01,,',
      'JN1,,,S1,,,SVC-ONLY,,,,,',
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents.rejected).toEqual([]);
    expect(contents.rowsRead).toBe(6);
    expect(bySerial(contents.records, 'JN1')).toEqual({
      serialNumber: 'JN1', sku: 'MX480BASE-AC', description: 'MX480 chassis', siteId: 'S1', siteName: 'AMS',
      shipDate: '2020-02-29', warrantyEnd: '2023-01-01', parentSerial: null,
      contracts: [
        { contractId: 'C-1', serviceLevel: 'SVC-CORE', start: '2024-01-01', end: '2024-12-31' },
        { contractId: 'C-2', serviceLevel: 'SVC-NBD', start: '2025-01-01', end: '2025-12-31' },
        { contractId: null, serviceLevel: 'SVC-ONLY', start: null, end: null },
      ],
      lines: [2, 4, 5, 6, 7],
    });
    expect(contents.sites).toEqual(['S1', 'S2']);
  });
});

describe('rejected rows', () => {
  it('names each code with the line the row starts on, after a quoted cell spanning three lines', async () => {
    const long = 'x'.repeat(4097);
    const file = write('ib.csv', csv(
      'GOOD1,,"line one\nline two\nline three",S1,,,,,,,,', // lines 2-4
      ',SKU-X,,S9,,,,,,,,', // 5: missing serial (its site still counts)
      'NOSITE1,,,,,,,,,,,', // 6: missing site
      'BADDATE1,,,S1,,,,2024-02-30,,,,', // 7: bad date
      'SHORT1,,,S1', // 8: bad row (4 cells)
      `BIG1,,${long},S1,,,,,,,,`, // 9: bad row (cell over 4 KiB)
      'GOOD2,,,S2,,,,,,,,', // 10
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents.rejected.map((r) => [r.line, r.code, r.serialNumber])).toEqual([
      [5, 'missing-serial', null],
      [6, 'missing-site', 'NOSITE1'],
      [7, 'bad-date', 'BADDATE1'],
      [8, 'bad-row', 'SHORT1'],
      [9, 'bad-row', 'BIG1'],
    ]);
    const reasons = contents.rejected.map((r) => r.reason);
    expect(reasons[0]).toContain('serial_number');
    expect(reasons[1]).toContain('site_id');
    expect(reasons[2]).toContain('contract_start: "2024-02-30"');
    expect(reasons[3]).toBe('4 cells where the header has 12');
    expect(reasons[4]).toContain('description: a cell of 4097 bytes');
    expect(contents.records.map((r) => [r.serialNumber, r.lines])).toEqual([['GOOD1', [2]], ['GOOD2', [10]]]);
    expect(contents.records[0]!.description).toBe('line one\nline two\nline three');
    expect(contents.rowsRead).toBe(7);
    expect(contents.sites).toEqual(['S1', 'S2', 'S9']);
    expect(contents.rejectedSerials).toEqual(['BADDATE1', 'BIG1', 'NOSITE1', 'SHORT1']);
  });

  it('refuses only the bad-date row of a serial: its other rows still merge', async () => {
    const file = write('ib.csv', csv(
      'JN1,MX204,,S1,,C-1,,2024-01-01,2024-12-31,,,',
      'JN1,MX204,,S1,,C-2,,2025-01-01,2025-13-01,,,',
      'JN1,MX204,,S1,,C-3,,2026-01-01,2026-12-31,,,',
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents.rejected).toEqual([
      { line: 3, serialNumber: 'JN1', code: 'bad-date', reason: 'contract_end: "2025-13-01": not a date in the layout YYYY-MM-DD' },
    ]);
    expect(contents.records).toHaveLength(1);
    expect(contents.records[0]!.contracts.map((c) => c.contractId)).toEqual(['C-1', 'C-3']);
    expect(contents.records[0]!.lines).toEqual([2, 4]);
    expect(contents.rejectedSerials).toEqual([]);
  });

  it('rejects every row of a serial whose rows disagree on the site, naming lines and values', async () => {
    const file = write('ib.csv', csv(
      'JN1,MX960,,S1,,C-1,,,,,,', // 2
      'KEEP,,,S3,,,,,,,,', // 3
      'JN1,MX960,,S1,,C-2,,,,,,', // 4
      'JN1,MX960,,S2,,C-3,,,,,,', // 5: contradicts
      'JN1,MX960,,S1,,C-4,,,,,,', // 6: after the conflict, refused too
      'JN1,MX960,,S1,,,,not-a-date,,,,', // 7: bad date keeps its own code
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents.records.map((r) => r.serialNumber)).toEqual(['KEEP']);
    expect(contents.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'conflicting-rows'], [4, 'conflicting-rows'], [5, 'conflicting-rows'], [6, 'conflicting-rows'], [7, 'bad-date'],
    ]);
    expect(contents.rejected[0]!.reason).toBe(
      'the rows of serial "JN1" disagree: site "S1" on line 2, "S2" on line 5; all of them are refused (lines 2, 4, 5, 6)',
    );
    expect(contents.rejectedSerials).toEqual(['JN1']);
    expect(contents.sites).toEqual(['S1', 'S2', 'S3']);
  });

  it('rejects a serial whose rows disagree on the SKU; an empty SKU agrees with any', async () => {
    const file = write('ib.csv', csv(
      'JN2,,,S1,,,,,,,,', // 2: no SKU
      'JN2,MX480-BASE,,S1,,,,,,,,', // 3
      'JN2,,,S1,,,,,,,,', // 4: no SKU
      'JN2,MX960-BASE,,S1,,,,,,,,', // 5: contradicts line 3
      'JN3,,,S1,,,,,,,,',
      'JN3,EX4300-48T,,S1,,,,,,,,',
    ));
    const contents = await readInstalledBaseFile(file);
    expect(contents.records.map((r) => [r.serialNumber, r.sku, r.lines])).toEqual([['JN3', 'EX4300-48T', [6, 7]]]);
    expect(contents.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(contents.rejected[3]!.reason).toContain('SKU "MX480-BASE" on line 3, "MX960-BASE" on line 5');
    expect(contents.rejectedSerials).toEqual(['JN2']);
  });
});

describe('the file as a whole', () => {
  it('refuses a file without a required column, naming it and the header found', async () => {
    const file = write('ib.csv', 'serial,sku,site_id\nJN1,,S1\n');
    const err = await failureOf(() => readInstalledBaseFile(file), 'INPUT_INVALID');
    expect(err.message).toBe(
      `${file}: line 1: no serial_number column (a header row with serial_number and site_id is required, or --mapping FILE for another layout); ` +
        'the header row found: "serial", "sku", "site_id"',
    );
    expect(err.context).toMatchObject({ file, line: 1 });
    const noSite = await failureOf(() => readInstalledBaseFile(write('ib.csv', 'serial_number\nJN1\n')), 'INPUT_INVALID');
    expect(noSite.message).toContain('no site_id column');
  });

  it('refuses a used column that appears twice, an empty file and a file over maxBytes', async () => {
    const twice = await failureOf(() => readInstalledBaseFile(write('ib.csv', 'serial_number,site_id,SKU,sku\nJN1,S1,a,b\n')), 'INPUT_INVALID');
    expect(twice.message).toContain('the column "SKU" (sku) appears 2 times');
    const empty = await failureOf(() => readInstalledBaseFile(write('ib.csv', '\n\n')), 'INPUT_INVALID');
    expect(empty.message).toContain('the file is empty');
    const big = write('ib.csv', csv('JN1,,,S1,,,,,,,,'));
    const tooBig = await failureOf(() => readInstalledBaseFile(big, { maxBytes: 100 }), 'INPUT_INVALID');
    expect(tooBig.message).toMatch(/bytes; an installed-base file may have at most 100$/);
    const missing = await failureOf(() => readInstalledBaseFile(`${big}.nope`), 'INPUT_INVALID');
    expect(missing.message).toContain('no such file');
  });
});
