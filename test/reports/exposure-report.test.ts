/**
 * The exposure report from a real store (SQLite in a temp dir) holding two exposure runs and the
 * real CVE records as the advisories catalog: before any run it is an input error telling to run
 * `ibsight exposure`; after, the JSON has the latest run, the trend of both, the advisory and
 * contract findings (first-seen days carried over, CVSS from the catalog, the past-EOE field),
 * the advisories with KEV first, the devices with the EOE mark, the support cover; the CSV has one
 * row per finding that a spreadsheet reads back as written (formula guard, quotes, line breaks);
 * the HTML shows the same numbers, the mark, and no markup from the data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { PAST_EOE_MARK, advisoryScores, fixedReleases } from '../../src/reports/exposure-finding-facts.js';
import type { ExposureReport } from '../../src/reports/exposure-report.js';
import { buildStoreReport, writeStoreReport } from '../../src/reports/store-reports.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store-api.js';
import { AWKWARD_DETAIL, FORMULA_TITLE, GENERATED_AT, HOSTILE_SITE_NAME, PR_CVSS, RUN1_AT, RUN2_AT, SITE_NAMES, fillStore, resultOf, run2Findings } from './exposure-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-exposure-report-'));
let store: Store;
let runIds: [number, number];

beforeAll(async () => {
  store = await openStore({ sqlite: join(dir, 'ibsight.db'), logger: silentLogger() });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exposureDoc(): Promise<ExposureReport> {
  return (await buildStoreReport('exposure', store, { generatedAt: GENERATED_AT, siteNames: SITE_NAMES })).document as ExposureReport;
}

describe('before any exposure run', () => {
  it('is an input error telling to run `ibsight exposure` first when no run is stored', async () => {
    for (const kind of ['exposure', 'lifecycle'] as const) {
      try {
        await buildStoreReport(kind, store);
        expect.unreachable();
      } catch (err) {
        expect(isIbsightError(err, 'INPUT_INVALID'), String(err)).toBe(true);
        expect((err as Error).message).toBe('no exposure run stored yet: run `ibsight exposure` first');
      }
    }
  });
});

describe('exposure report from the store', () => {
  beforeAll(async () => {
    runIds = await fillStore(store);
  });

  it('carries the latest run, the trend of both runs and the advisory and contract findings', async () => {
    const r = await exposureDoc();
    expect(r.report).toBe('exposure');
    expect(r.generatedAt).toBe(GENERATED_AT.toISOString());
    const expected = resultOf(run2Findings());
    expect(r.run.id).toBe(runIds[1]);
    expect(r.run.at).toBe(RUN2_AT);
    expect(r.run.summary).toEqual(expected.summary);
    expect(r.run.perSite.map((s) => [s.site, s.siteName, s.kev, s.byKind.advisory.critical])).toEqual([['S1', 'AMS-DC1', 2, 2], ['S2', HOSTILE_SITE_NAME, 2, 2]]);
    expect(r.trend.map((t) => [t.runId, t.at, t.advisories.critical, t.advisories.high, t.advisories.medium, t.advisoryFindings, t.kev, t.pastEndOfEngineering, t.contractFindings])).toEqual([
      [runIds[0], RUN1_AT, 1, 0, 1, 2, 1, 1, 0],
      [runIds[1], RUN2_AT, 4, 2, 4, 10, 4, 1, 3],
    ]);
    // advisory (KEV first, most severe first) then contract; lifecycle findings are the lifecycle report's
    expect(r.findings.map((f) => `${f.kind} ${f.ref} ${f.device} ${f.member ?? '-'}`)).toEqual([
      'advisory CVE-2024-21591 ex1 fpc0',
      'advisory CVE-2024-21591 ex1 fpc1',
      'advisory CVE-2024-21591 srx1 node0',
      'advisory CVE-2023-36844 ex1 fpc0',
      'advisory CVE-2023-36844 srx1 node0',
      'advisory PR1745433 qfx1 -',
      'advisory CVE-2019-0044 mx1 re0',
      'advisory CVE-2019-0044 mx1 re1',
      'advisory CVE-2024-21585 mx1 re0',
      'advisory CVE-2024-21585 qfx1 -',
      'contract expired mx1 -',
      'contract none ex1 -',
      'contract expiring srx1 -',
    ]);
    // first seen carried over from run 1 by key
    const firstSeen = (ref: string, device: string) => r.findings.find((f) => f.ref === ref && f.device === device)!.firstSeen;
    expect([firstSeen('CVE-2024-21591', 'srx1'), firstSeen('CVE-2024-21591', 'ex1'), firstSeen('CVE-2024-21585', 'mx1')]).toEqual([RUN1_AT, RUN2_AT, RUN1_AT]);
    // CVSS: the finding's own (the bug id), else the real CVE records of the catalog (3.0 for the old one); none on contracts
    const cvss = (ref: string) => r.findings.find((f) => f.ref === ref)!.cvss;
    expect([cvss('CVE-2024-21591'), cvss('CVE-2019-0044'), cvss('PR1745433'), cvss('expired')]).toEqual([
      { version: '3.1', score: 9.8 }, { version: '3.0', score: 7.5 }, PR_CVSS, null,
    ]);
  });

  it('marks advisory findings on a release past End of Engineering, and only those', async () => {
    const r = await exposureDoc();
    const marked = r.findings.filter((f) => f.pastEndOfEngineering === true).map((f) => `${f.ref} ${f.device} ${f.member}`);
    expect(marked).toEqual(['CVE-2019-0044 mx1 re0', 'CVE-2019-0044 mx1 re1', 'CVE-2024-21585 mx1 re0']);
    expect(r.findings.filter((f) => f.kind === 'advisory' && f.device !== 'mx1').every((f) => f.pastEndOfEngineering === false)).toBe(true);
    expect(r.findings.filter((f) => f.kind === 'contract').map((f) => f.pastEndOfEngineering)).toEqual([null, null, null]);
  });

  it('groups advisories KEV first, counting each device once under its worst status', async () => {
    const r = await exposureDoc();
    expect(r.advisories.map((a) => [a.id, a.severity, a.kev, a.cvss?.score ?? null, a.affectedDevices, a.potentiallyAffectedDevices, a.notExposedDevices, a.pastEndOfEngineeringDevices, a.fixedIn])).toEqual([
      ['CVE-2024-21591', 'critical', true, 9.8, 2, 0, 0, 0, '21.4R3-S5, 22.4R2-S2'],
      ['CVE-2023-36844', 'medium', true, 5.3, 1, 0, 1, 0, null],
      ['PR1745433', 'critical', false, 9.1, 1, 0, 0, 0, null],
      ['CVE-2019-0044', 'high', false, 7.5, 1, 0, 0, 1, '21.2R3-S6, 21.4R3-S5'],
      ['CVE-2024-21585', 'medium', false, 5.9, 1, 1, 0, 1, '21.2R3-S6'],
    ]);
    expect(r.advisories[0]!.firstSeen).toBe(RUN1_AT);
  });

  it('lists devices by risk with the EOE mark, and the support cover', async () => {
    const r = await exposureDoc();
    expect(r.devices.map((d) => [d.device, d.advisories.critical, d.advisories.high, d.advisories.medium, d.kev, d.notExposed, d.pastEndOfEngineering, d.contractFindings])).toEqual([
      ['srx1', 1, 0, 1, 2, 0, false, 1],
      ['ex1', 1, 0, 0, 1, 1, false, 1],
      ['qfx1', 1, 0, 1, 0, 0, false, 0],
      ['mx1', 0, 1, 1, 0, 0, true, 1],
    ]);
    expect(r.devices.find((d) => d.device === 'mx1')).toMatchObject({ pastEndOfEngineeringMembers: ['re0', 're1'], versions: 're0 21.2R3-S4.8, re1 21.2R3-S4.8', site: 'S1', model: 'mx960' });
    expect(r.supportCover.map((f) => [f.device, f.status, f.date, f.component!.serialNumber])).toEqual([
      ['mx1', 'expired', '2025-12-31', 'JN11F0A2BAFA'],
      ['ex1', 'none', null, 'PE3714AF0002'],
      ['srx1', 'expiring', '2026-07-15', 'CV2516AF0099'],
    ]);
  });

  it('writes a CSV, one row per finding, that reads back as written', async () => {
    const out = join(dir, 'out');
    const files = await writeStoreReport('exposure', store, out, ['csv', 'json', 'html'], { generatedAt: GENERATED_AT, siteNames: SITE_NAMES });
    expect(files).toEqual(['csv', 'json', 'html'].map((ext) => join(out, `exposure.${ext}`)));
    const text = readFileSync(files[0]!, 'utf8');
    expect(text.startsWith('\uFEFFdevice,')).toBe(true); // the BOM: a spreadsheet reads the file as UTF-8
    const rows = parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];
    const json = JSON.parse(readFileSync(files[1]!, 'utf8')) as ExposureReport;
    expect(rows).toHaveLength(json.findings.length);
    expect(Object.keys(rows[0]!)).toEqual([
      'device', 'site', 'siteName', 'model', 'member', 'version', 'kind', 'ref', 'title', 'severity', 'cvssScore', 'cvssVersion', 'kev', 'status', 'date',
      'firstSeen', 'component', 'serialNumber', 'pastEndOfEngineering', 'detail',
    ]);
    expect(rows.map((row) => [row.device, row.ref, row.status])).toEqual(json.findings.map((f) => [f.device, f.ref, f.status]));
    expect(rows[0]).toMatchObject({ site: 'S1', siteName: 'AMS-DC1', kev: 'true', cvssScore: '9.8', cvssVersion: '3.1', pastEndOfEngineering: '' });
    const mxOld = rows.filter((row) => row.ref === 'CVE-2019-0044');
    expect(mxOld.map((row) => [row.title, row.pastEndOfEngineering])).toEqual([[`'${FORMULA_TITLE}`, PAST_EOE_MARK], [`'${FORMULA_TITLE}`, PAST_EOE_MARK]]);
    expect(rows.find((row) => row.ref === 'CVE-2024-21585' && row.device === 'mx1')!.detail).toBe(AWKWARD_DETAIL);
    expect(rows.find((row) => row.device === 'srx1' && row.kind === 'advisory')!.siteName).toBe(HOSTILE_SITE_NAME);
    expect(rows.find((row) => row.kind === 'contract' && row.device === 'mx1')).toMatchObject({ component: 'Chassis', serialNumber: 'JN11F0A2BAFA', kev: '', pastEndOfEngineering: '', date: '2025-12-31' });
    // spreadsheet-safe: every line ends CRLF; a field with a line break is quoted
    expect(text.split('\r\n').at(-1)).toBe('');
    expect(text).toContain(`"${AWKWARD_DETAIL.replace(/"/g, '""')}"`);

    const html = readFileSync(files[2]!, 'utf8');
    expect(html).toContain(PAST_EOE_MARK);
    expect(html).not.toContain(HOSTILE_SITE_NAME);
    expect(html).toContain('&lt;b&gt;Lab&lt;/b&gt; &amp; &quot;test&quot;');
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!192\.0\.2\.1)/);
    const advisoryIds = [...html.split('data-table="advisories"')[1]!.split('</table>')[0]!.matchAll(/<tr><td class="nowrap">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(advisoryIds).toEqual(json.advisories.map((a) => a.id));
    expect(html).toMatch(/<h2 id="support-cover">Support cover \(contract findings\) <span class="count">\(3\)<\/span><\/h2>/);
  });
});

describe('exposure finding facts', () => {
  it('reads fixed releases after the matcher\'s phrases only', () => {
    expect(fixedReleases('21.4R3-S4.9 is before 21.4R3-S5; fixed in 21.4R3-S5')).toEqual(['21.4R3-S5']);
    expect(fixedReleases('Fixed releases: 22.4R3, 23.2R1-S1, 23.4R2-S3.9-EVO and later')).toEqual(['22.4R3', '23.2R1-S1', '23.4R2-S3.9-EVO']);
    expect(fixedReleases('in range 21.2 before 21.2R3-S6')).toEqual([]);
    expect(fixedReleases('upgrade to 15.1X49-D200.')).toEqual(['15.1X49-D200']);
  });

  it('takes CVSS from SPEC-shaped bodies (highest version) and CVE records (4.0 over 3.1)', () => {
    const cve = JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/data/advisories/cve/CVE-2024-39542.json', import.meta.url)), 'utf8')) as unknown;
    const scores = advisoryScores([
      { id: 'CVE-2025-21590', cvss: [{ version: '3.1', score: 4.4 }, { version: '4.0', score: 6.7 }] },
      { id: 'JSA-1', cvss: { version: '3.1', score: 11 } },
      { id: 'JSA-2', cvss: null },
      cve,
      'junk',
      null,
    ]);
    expect([...scores.entries()]).toEqual([
      ['CVE-2025-21590', { version: '4.0', score: 6.7 }],
      ['CVE-2024-39542', { version: '4.0', score: 8.7 }],
    ]);
  });
});
