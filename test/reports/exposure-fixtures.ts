/**
 * Two exposure runs for the exposure and lifecycle report tests, as `ibsight exposure` stores
 * them: four devices at two sites (one site name holding markup), advisory findings with every
 * status (two KEV advisories, one of them medium, so "KEV first" differs from "most severe
 * first"; a bug id with the matcher's own score; a title that looks like a spreadsheet formula;
 * a detail with a comma, quotes and a line break), hardware and software lifecycle findings (mx1
 * runs a release past End of Engineering) and contract findings. The CVE findings carry no CVSS
 * (as runs stored before findings had one): their scores come from the advisories catalog, the
 * real CVE records under ../shared/data/advisories/cve (beside the repository). The counts
 * stored with each run are computed from its findings with the producer's conventions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import { emptyExposureCounts, type ExposureCounts, type ExposureResult, type Finding, type FindingSeverity } from '../../src/analysis/exposure-types.js';
import type { Store } from '../../src/store/store-api.js';

export const RUN1_AT = '2026-05-01T06:00:00.000Z';
export const RUN2_AT = '2026-06-01T06:00:00.000Z';
export const GENERATED_AT = new Date('2026-06-01T07:00:00.000Z');
export const HOSTILE_SITE_NAME = '<b>Lab</b> & "test"';
export const FORMULA_TITLE = '=HYPERLINK("http://192.0.2.1/","x")';
export const AWKWARD_DETAIL = '21.2R3-S4.8 in range "21.2, before 21.2R3-S6"\nplatform: all; fixed in 21.2R3-S6';
export const SITE_NAMES: ReadonlyMap<string, string | null> = new Map([
  ['S1', 'AMS-DC1'],
  ['S2', HOSTILE_SITE_NAME],
]);
const CVE_DIR = fileURLToPath(new URL('../../../shared/data/advisories/cve', import.meta.url));
/** The matcher's own score on the bug id's finding (the catalog has none for it). */
export const PR_CVSS = { version: '3.1', score: 9.1 };
export const CATALOG_CVES = ['CVE-2024-21591', 'CVE-2023-36844', 'CVE-2019-0044', 'CVE-2024-21585'];

/** device → site, model */
export const DEVICES: Readonly<Record<string, { site: string; model: string }>> = {
  mx1: { site: 'S1', model: 'mx960' },
  ex1: { site: 'S1', model: 'ex4300-48t' },
  srx1: { site: 'S2', model: 'srx345' },
  qfx1: { site: 'S2', model: 'qfx5120-48y' },
};

const VERSIONS: Readonly<Record<string, string>> = { mx1: '21.2R3-S4.8', ex1: '22.4R2-S1.6', srx1: '21.4R3-S4.9', qfx1: '23.4R2.13' };

function base(device: string): Pick<Finding, 'device' | 'site' | 'model' | 'firstSeen'> {
  return { device, site: DEVICES[device]!.site, model: DEVICES[device]!.model, firstSeen: '' };
}

function advisory(device: string, member: string | null, id: string, severity: FindingSeverity, status: string, kev: boolean, title: string, detail?: string): Finding {
  return {
    ...base(device), key: `advisory|${device}|${member ?? ''}|${id}`, kind: 'advisory', member, version: VERSIONS[device]!, component: null, ref: id,
    title, severity, status, kev, cvss: null, date: null, detail: detail ?? `${VERSIONS[device]} is in the affected range of ${id}`,
  };
}

function software(device: string, member: string | null, milestone: string, date: string, status: string, severity: FindingSeverity): Finding {
  const train = VERSIONS[device]!.replace(/^(\d+\.\d+).*$/, '$1');
  return {
    ...base(device), key: `lifecycle|${device}|${member ?? ''}|train ${train}|${milestone}`, kind: 'lifecycle', member, version: VERSIONS[device]!,
    component: null, ref: milestone, title: `Junos ${train} ${milestone}`, severity, status, kev: false, cvss: null, date, detail: `train ${train}: ${milestone} ${date}`,
  };
}

interface Part {
  path: string[];
  kind: ComponentKind;
  serial: string | null;
  part: string | null;
  model: string | null;
}

function hardware(device: string, c: Part, milestone: string, date: string, status: string, severity: FindingSeverity): Finding {
  return {
    ...base(device), key: `lifecycle|${device}|${c.path.join('/')}|${c.serial ?? ''}|${milestone}`, kind: 'lifecycle', member: null, version: null,
    component: { path: c.path, kind: c.kind, serialNumber: c.serial, partNumber: c.part, modelNumber: c.model }, ref: milestone,
    title: `${c.model ?? c.part} ${milestone}`, severity, status, kev: false, cvss: null, date, detail: `catalog ${c.model ?? c.part}: ${milestone} ${date}`,
  };
}

function contract(device: string, c: Part, state: 'expired' | 'none' | 'expiring', date: string | null, severity: FindingSeverity): Finding {
  return {
    ...base(device), key: `contract|${device}|${c.serial}|${state}`, kind: 'contract', member: null, version: null,
    component: { path: c.path, kind: c.kind, serialNumber: c.serial, partNumber: c.part, modelNumber: c.model }, ref: state,
    title: state === 'expired' ? 'Support contract expired' : state === 'none' ? 'No support contract' : 'Support contract expiring',
    severity, status: state, kev: false, cvss: null, date, detail: `${c.kind} ${c.path.join(' / ')} (${c.serial}): ${state}`,
  };
}

export const MX_CHASSIS: Part = { path: ['Chassis'], kind: 'chassis', serial: 'JN11F0A2BAFA', part: '750-054901', model: 'CHAS-BP3-MX960-S' };
export const EX_FPC0: Part = { path: ['FPC 0'], kind: 'fpc', serial: 'PE3714AF0001', part: '650-044930', model: 'EX4300-48T' };
export const EX_FPC1: Part = { path: ['FPC 1'], kind: 'fpc', serial: 'PE3714AF0002', part: '650-044930', model: 'EX4300-48T' };
export const SRX_CHASSIS: Part = { path: ['Chassis'], kind: 'chassis', serial: 'CV2516AF0099', part: '650-065041', model: 'SRX345' };

export function run1Findings(): Finding[] {
  return [
    advisory('srx1', 'node0', 'CVE-2024-21591', 'critical', 'affected', true, 'J-Web out-of-bounds write allows a preAuth RCE'),
    advisory('mx1', 're0', 'CVE-2024-21585', 'medium', 'affected', false, 'rpd crash on BGP session flap'),
    software('mx1', 're0', 'endOfEngineering', '2024-06-30', 'passed', 'high'),
    software('mx1', 're1', 'endOfEngineering', '2024-06-30', 'passed', 'high'),
    hardware('mx1', MX_CHASSIS, 'lastOrder', '2025-01-31', 'passed', 'low'),
  ];
}

export function run2Findings(): Finding[] {
  return [
    advisory('mx1', 're0', 'CVE-2024-21585', 'medium', 'affected', false, 'rpd crash on BGP session flap', AWKWARD_DETAIL),
    advisory('qfx1', null, 'CVE-2024-21585', 'medium', 'potentially-affected', false, 'rpd crash on BGP session flap', 'platform phrasing leaves doubt'),
    advisory('mx1', 're0', 'CVE-2019-0044', 'high', 'affected', false, FORMULA_TITLE, 'fixed in 21.2R3-S6, 21.4R3-S5'),
    advisory('mx1', 're1', 'CVE-2019-0044', 'high', 'affected', false, FORMULA_TITLE, 'fixed in 21.2R3-S6'),
    { ...advisory('qfx1', null, 'PR1745433', 'critical', 'affected', false, 'rpd core on a malformed BGP update'), cvss: PR_CVSS },
    advisory('srx1', 'node0', 'CVE-2023-36844', 'medium', 'affected', true, 'J-Web PHP environment variables'),
    advisory('ex1', 'fpc0', 'CVE-2023-36844', 'medium', 'affected-not-exposed', true, 'J-Web PHP environment variables', 'J-Web is not configured'),
    advisory('srx1', 'node0', 'CVE-2024-21591', 'critical', 'affected', true, 'J-Web out-of-bounds write allows a preAuth RCE', 'fixed in 21.4R3-S5'),
    advisory('ex1', 'fpc0', 'CVE-2024-21591', 'critical', 'affected', true, 'J-Web out-of-bounds write allows a preAuth RCE', 'fixed in 22.4R2-S2'),
    advisory('ex1', 'fpc1', 'CVE-2024-21591', 'critical', 'affected', true, 'J-Web out-of-bounds write allows a preAuth RCE', 'fixed in 22.4R2-S2'),
    software('mx1', 're0', 'endOfEngineering', '2024-06-30', 'passed', 'high'),
    software('mx1', 're1', 'endOfEngineering', '2024-06-30', 'passed', 'high'),
    software('mx1', 're0', 'endOfSupport', '2026-12-31', 'upcoming', 'medium'),
    software('mx1', 're1', 'endOfSupport', '2026-12-31', 'upcoming', 'medium'),
    software('srx1', 'node0', 'endOfEngineering', '2026-08-31', 'upcoming', 'low'),
    hardware('mx1', MX_CHASSIS, 'lastOrder', '2025-01-31', 'passed', 'low'),
    hardware('mx1', MX_CHASSIS, 'endOfSupport', '2026-09-30', 'upcoming', 'high'),
    hardware('ex1', EX_FPC0, 'lastOrder', '2023-03-31', 'passed', 'low'),
    hardware('ex1', EX_FPC1, 'lastOrder', '2023-03-31', 'passed', 'low'),
    hardware('srx1', SRX_CHASSIS, 'lastWarrantyConversion', '2027-03-31', 'upcoming', 'low'),
    contract('mx1', MX_CHASSIS, 'expired', '2025-12-31', 'high'),
    contract('ex1', EX_FPC1, 'none', null, 'medium'),
    contract('srx1', SRX_CHASSIS, 'expiring', '2026-07-15', 'low'),
  ];
}

function count(findings: readonly Finding[], devices: readonly string[]): ExposureCounts {
  const c = emptyExposureCounts();
  const mine = findings.filter((f) => devices.includes(f.device));
  c.devices = devices.length;
  c.devicesWithFindings = new Set(mine.map((f) => f.device)).size;
  c.findings = mine.length;
  for (const f of mine) c.byKind[f.kind][f.severity]++;
  c.kev = mine.filter((f) => f.kind === 'advisory' && f.kev && f.status === 'affected').length;
  c.pastEndOfEngineering = new Set(mine.filter((f) => f.kind === 'lifecycle' && f.ref === 'endOfEngineering' && f.status === 'passed').map((f) => f.device)).size;
  return c;
}

/** The result `ibsight exposure` would store for these findings. */
export function resultOf(findings: Finding[]): ExposureResult {
  const all = Object.keys(DEVICES);
  const sites = [...new Set(all.map((d) => DEVICES[d]!.site))].sort();
  return {
    summary: count(findings, all),
    perSite: sites.map((site) => ({ ...count(findings, all.filter((d) => DEVICES[d]!.site === site)), site })),
    findings,
    notes: [],
  };
}

/** The advisories catalog bodies: the real CVE JSON 5 records. */
export function catalogBodies(): { key: string; body: unknown }[] {
  return CATALOG_CVES.map((id) => ({ key: id, body: JSON.parse(readFileSync(join(CVE_DIR, `${id}.json`), 'utf8')) as unknown }));
}

/** Fills a store: the catalog, run 1 and run 2. Returns the two run ids. */
export async function fillStore(store: Store): Promise<[number, number]> {
  await store.importCatalog(
    'advisories',
    catalogBodies().map((b) => ({ key: b.key, group: 'cve', detail: 'cve', body: b.body })),
    { files: [CVE_DIR], importedAt: RUN1_AT, replaceAll: true, warnings: [] },
  );
  const id1 = await store.recordExposure(resultOf(run1Findings()), RUN1_AT);
  const id2 = await store.recordExposure(resultOf(run2Findings()), RUN2_AT);
  return [id1, id2];
}
