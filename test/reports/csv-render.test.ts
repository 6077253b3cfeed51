/**
 * CSV output: RFC 4180 quoting read back by a real CSV parser (csv-parse) cell for cell, CRLF
 * line ends, and spreadsheet formula injection defused for text cells only.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildChangesReport, changesReportView } from '../../src/reports/changes-report.js';
import { csvField, renderCsv } from '../../src/reports/csv-render.js';
import type { ReportTable } from '../../src/reports/report-view.js';
import { FORMULA_DESCRIPTION, HOSTILE_DESCRIPTION, sampleChangeSet } from './report-fixtures.js';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+31 20 123', "'+31 20 123"],
    ['-1234', "'-1234"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes numbers as numbers and null as an empty field', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
  });
});

describe('renderCsv', () => {
  it('is read back cell for cell by csv-parse, with the formula prefix', () => {
    const table: ReportTable = {
      id: 't',
      title: 'T',
      columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }, { key: 'n', label: 'N', numeric: true }],
      rows: [
        ['x, y', 'quote " inside', 1],
        [HOSTILE_DESCRIPTION, FORMULA_DESCRIPTION, null],
        ['ümlaut — dash', '', -7],
      ],
      emptyText: '',
    };
    const text = renderCsv(table);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('a,b,n');
    const records = parse(text, { relaxQuotes: false }) as string[][];
    expect(records).toEqual([
      ['a', 'b', 'n'],
      ['x, y', 'quote " inside', '1'],
      [HOSTILE_DESCRIPTION, `'${FORMULA_DESCRIPTION}`, ''],
      ['ümlaut — dash', '', '-7'],
    ]);
  });

  it('writes the changes report as one flat table', () => {
    const view = changesReportView(buildChangesReport(sampleChangeSet(), { generatedAt: new Date() }));
    const records = parse(renderCsv(view.csv), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(10);
    const added = records.find((r) => r.serialNumber === "'-1234")!;
    expect(added).toMatchObject({ change: 'component-added', device: 'mx1', path: 'Chassis / FPC 0 / PIC 0 / Xcvr 3', detail: `'${FORMULA_DESCRIPTION}` });
    expect(records.find((r) => r.change === 'device-failing' && r.device === 'broken-1')!.detail).toBe('RPC_TIMEOUT: @get-chassis-inventory timed out, after 60000 ms');
  });
});
