/**
 * Writing report files: format lists, one `<kind>.<ext>` per format in a directory created on
 * demand, the JSON file being the report document, no temporary file left behind, and a
 * directory that cannot be written an input error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { buildChangesReport, changesReportView } from '../../src/reports/changes-report.js';
import { parseFormats, writeReportFiles } from '../../src/reports/report-files.js';
import { sampleChangeSet } from './report-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-report-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseFormats', () => {
  it('keeps the order given, drops repeats and blanks, ignores case', () => {
    expect(parseFormats('html,csv,json')).toEqual(['html', 'csv', 'json']);
    expect(parseFormats(' JSON , html,json,')).toEqual(['json', 'html']);
  });

  it.each(['pdf', 'html,xlsx', '', ' , '])('refuses %j as a usage error', (list) => {
    try {
      parseFormats(list);
      expect.unreachable();
    } catch (err) {
      expect(isIbsightError(err, 'USAGE')).toBe(true);
    }
  });
});

describe('writeReportFiles', () => {
  const document = buildChangesReport(sampleChangeSet(), { generatedAt: new Date('2025-03-02T00:00:00Z') });
  const view = changesReportView(document);

  it('writes one file per format into a new directory and returns their paths', () => {
    const out = join(dir, 'a', 'b');
    const files = writeReportFiles(out, ['json', 'csv', 'html'], document, view);
    expect(files).toEqual([join(out, 'changes.json'), join(out, 'changes.csv'), join(out, 'changes.html')]);
    expect(readdirSync(out).sort()).toEqual(['changes.csv', 'changes.html', 'changes.json']);
    expect(JSON.parse(readFileSync(files[0]!, 'utf8'))).toEqual(document);
    // CSV starts with the UTF-8 BOM (spreadsheets then read it as UTF-8), then the header
    expect(readFileSync(files[1]!, 'utf8').startsWith('\uFEFFchange,device,member,path,')).toBe(true);
  });

  it('replaces an earlier report', () => {
    const out = join(dir, 'again');
    writeReportFiles(out, ['json'], { old: true }, view);
    writeReportFiles(out, ['json'], document, view);
    expect(JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8'))).toEqual(document);
    expect(readdirSync(out)).toEqual(['changes.json']);
  });

  it('is an input error when the directory cannot be made', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    try {
      writeReportFiles(join(blocker, 'sub'), ['json'], document, view);
      expect.unreachable();
    } catch (err) {
      expect(isIbsightError(err, 'INPUT_INVALID')).toBe(true);
    }
  });
});
