/**
 * `ibsight report exposure`: which devices the stored advisories affect, and which have no
 * support cover, from the latest stored exposure run (`ibsight exposure`). A pure function from
 * the stored runs (the trend), the latest run's findings and the advisory scores to a document:
 *  - generatedAt; run: the latest run {id, at, summary, perSite (with site names)};
 *  - trend: one point per stored run, oldest first, from the counts stored with it (advisory
 *    findings by severity, KEV, devices past End of Engineering, contract findings);
 *  - findings: the run's advisory and contract findings (lifecycle ones are the lifecycle
 *    report's), each with `cvss` (the finding's own score; else the advisories catalog's, for
 *    runs stored before findings carried one; null when neither has one) and
 *    `pastEndOfEngineering` (advisory: whether the release is past EOE, see
 *    exposure-finding-facts.ts; contract: null). Order: advisory first, KEV first, most severe
 *    first, then advisory id, device, member — two reports of one run are identical;
 *  - advisories: one row per advisory, KEV first, then by severity, CVSS (highest first),
 *    affected devices (most first) and id. A device counts once per advisory, under its worst
 *    status (affected > potentially-affected > affected-not-exposed);
 *  - devices: one row per device with an advisory or contract finding: advisories that apply
 *    (affected or potentially affected) by severity, KEV, not exposed, the EOE mark, contract
 *    findings; KEV first, then the most severe;
 *  - supportCover: the contract findings (expired, none, expiring), most severe first.
 */
import type { Finding, FindingSeverity, StoredExposureRun } from '../analysis/exposure-types.js';
import { FINDING_SEVERITIES } from '../analysis/exposure-types.js';
import { PAST_EOE_MARK, fixedReleases, isPastEndOfEngineering, pastEndOfEngineeringIndex, type Cvss } from './exposure-finding-facts.js';
import { copyFinding, exposureRunsInOrder, kindSeverity, kindTotal, latestExposureRun, runHeader, severityRank, type ExposureRunHeader } from './exposure-runs.js';
import { naturalCompare } from './junos-train.js';

export interface ExposureFinding extends Finding {
  /** Advisory: the release is past End of Engineering; contract: null. */
  pastEndOfEngineering: boolean | null;
}

export interface ExposureTrendPoint {
  runId: number;
  at: string;
  devices: number;
  devicesWithFindings: number;
  advisories: Record<FindingSeverity, number>;
  advisoryFindings: number;
  kev: number;
  pastEndOfEngineering: number;
  contractFindings: number;
}

export type AdvisoryStatus = 'affected' | 'potentially-affected' | 'affected-not-exposed';

export interface AdvisoryRow {
  id: string;
  title: string;
  severity: FindingSeverity;
  cvss: Cvss | null;
  kev: boolean;
  /** Devices, each counted once under its worst status. */
  affectedDevices: number;
  potentiallyAffectedDevices: number;
  notExposedDevices: number;
  /** Devices that apply (affected or potentially) on a release past EOE. */
  pastEndOfEngineeringDevices: number;
  /** Fixed releases the findings' details name (exposure-finding-facts.ts), joined; null when none. */
  fixedIn: string | null;
  firstSeen: string;
}

export interface ExposureDeviceRow {
  device: string;
  site: string | null;
  model: string | null;
  /** Versions of the device's advisory findings (per member), joined. */
  versions: string | null;
  /** Advisories that apply (affected or potentially affected), by severity. */
  advisories: Record<FindingSeverity, number>;
  kev: number;
  notExposed: number;
  pastEndOfEngineering: boolean;
  /** Members on a release past EOE (member null is shown as the device). */
  pastEndOfEngineeringMembers: string[];
  contractFindings: number;
}

export interface ExposureReport {
  report: 'exposure';
  generatedAt: string;
  run: ExposureRunHeader;
  trend: ExposureTrendPoint[];
  findings: ExposureFinding[];
  advisories: AdvisoryRow[];
  devices: ExposureDeviceRow[];
  supportCover: ExposureFinding[];
}

export interface ExposureReportOptions {
  generatedAt: Date;
  siteNames?: ReadonlyMap<string, string | null>;
  /** Advisory id → CVSS (exposure-finding-facts.ts `advisoryScores`). */
  scores?: ReadonlyMap<string, Cvss>;
}

const STATUS_RANK: Readonly<Record<string, number>> = { affected: 0, 'potentially-affected': 1, 'affected-not-exposed': 2 };
const statusRank = (s: string): number => STATUS_RANK[s] ?? 3;
const applies = (f: Finding): boolean => f.kind === 'advisory' && (f.status === 'affected' || f.status === 'potentially-affected');
const zeroSeverities = (): Record<FindingSeverity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 });
const KIND_ORDER: Readonly<Record<string, number>> = { advisory: 0, contract: 1, lifecycle: 2 };

function findingOrder(a: ExposureFinding, b: ExposureFinding): number {
  return (
    (KIND_ORDER[a.kind] ?? 3) - (KIND_ORDER[b.kind] ?? 3) ||
    Number(b.kev) - Number(a.kev) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    naturalCompare(a.ref, b.ref) ||
    naturalCompare(a.device, b.device) ||
    naturalCompare(a.member, b.member) ||
    naturalCompare(a.key, b.key)
  );
}

export function exposureTrend(runs: readonly StoredExposureRun[]): ExposureTrendPoint[] {
  return exposureRunsInOrder(runs).map((r) => {
    const advisories = zeroSeverities();
    for (const s of FINDING_SEVERITIES) advisories[s] = kindSeverity(r.summary, 'advisory', s);
    return {
      runId: r.id,
      at: r.at,
      devices: r.summary.devices,
      devicesWithFindings: r.summary.devicesWithFindings,
      advisories,
      advisoryFindings: kindTotal(r.summary, 'advisory'),
      kev: r.summary.kev,
      pastEndOfEngineering: r.summary.pastEndOfEngineering,
      contractFindings: kindTotal(r.summary, 'contract'),
    };
  });
}

function advisoryRows(findings: readonly ExposureFinding[]): AdvisoryRow[] {
  const groups = new Map<string, ExposureFinding[]>();
  for (const f of findings) {
    if (f.kind !== 'advisory') continue;
    const list = groups.get(f.ref);
    if (list === undefined) groups.set(f.ref, [f]);
    else list.push(f);
  }
  const rows = [...groups.entries()].map(([id, list]): AdvisoryRow => {
    const worst = new Map<string, string>();
    const pastEoe = new Set<string>();
    for (const f of list) {
      const known = worst.get(f.device);
      if (known === undefined || statusRank(f.status) < statusRank(known)) worst.set(f.device, f.status);
      if (applies(f) && f.pastEndOfEngineering) pastEoe.add(f.device);
    }
    const count = (status: string): number => [...worst.values()].filter((s) => s === status).length;
    const lead = list.reduce((best, f) => (severityRank(f.severity) < severityRank(best.severity) ? f : best));
    const fixed = [...new Set(list.flatMap((f) => fixedReleases(f.detail)))].sort(naturalCompare);
    return {
      id,
      title: lead.title,
      severity: lead.severity,
      cvss: list.find((f) => f.cvss !== null)?.cvss ?? null,
      kev: list.some((f) => f.kev),
      affectedDevices: count('affected'),
      potentiallyAffectedDevices: count('potentially-affected'),
      notExposedDevices: count('affected-not-exposed'),
      pastEndOfEngineeringDevices: pastEoe.size,
      fixedIn: fixed.length > 0 ? fixed.join(', ') : null,
      firstSeen: list.reduce((min, f) => (f.firstSeen < min ? f.firstSeen : min), list[0]!.firstSeen),
    };
  });
  return rows.sort(
    (a, b) =>
      Number(b.kev) - Number(a.kev) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1) ||
      b.affectedDevices - a.affectedDevices ||
      naturalCompare(a.id, b.id),
  );
}

const memberLabel = (f: Finding): string => f.member ?? f.device;

function deviceRows(findings: readonly ExposureFinding[], allFindings: readonly Finding[]): ExposureDeviceRow[] {
  const pastEoeMembers = new Map<string, Set<string>>();
  for (const f of allFindings) {
    if (isPastEndOfEngineering(f)) {
      pastEoeMembers.set(f.device, (pastEoeMembers.get(f.device) ?? new Set()).add(memberLabel(f)));
    }
  }
  const rows = new Map<string, ExposureDeviceRow & { ids: Map<FindingSeverity, Set<string>>; kevIds: Set<string>; notExposedIds: Set<string>; versionSet: Set<string> }>();
  for (const f of findings) {
    let row = rows.get(f.device);
    if (row === undefined) {
      const members = [...(pastEoeMembers.get(f.device) ?? [])].sort(naturalCompare);
      row = {
        device: f.device, site: f.site, model: f.model, versions: null, advisories: zeroSeverities(), kev: 0, notExposed: 0,
        pastEndOfEngineering: members.length > 0, pastEndOfEngineeringMembers: members, contractFindings: 0,
        ids: new Map(), kevIds: new Set(), notExposedIds: new Set(), versionSet: new Set(),
      };
      rows.set(f.device, row);
    }
    row.site ??= f.site;
    row.model ??= f.model;
    if (f.kind === 'contract') row.contractFindings++;
    if (f.kind !== 'advisory') continue;
    if (f.version !== null) row.versionSet.add(f.member === null ? f.version : `${f.member} ${f.version}`);
    if (applies(f)) {
      row.ids.set(f.severity, (row.ids.get(f.severity) ?? new Set()).add(f.ref));
      if (f.kev) row.kevIds.add(f.ref);
    } else if (f.status === 'affected-not-exposed') row.notExposedIds.add(f.ref);
  }
  const out = [...rows.values()].map(({ ids, kevIds, notExposedIds, versionSet, ...row }): ExposureDeviceRow => {
    // An advisory applying to two members counts once, under its most severe finding.
    const counted = new Set<string>();
    for (const s of FINDING_SEVERITIES) {
      for (const id of ids.get(s) ?? []) {
        if (counted.has(id)) continue;
        counted.add(id);
        row.advisories[s]++;
      }
    }
    const notExposed = [...notExposedIds].filter((id) => !counted.has(id)).length;
    const versions = [...versionSet].sort(naturalCompare);
    return { ...row, kev: kevIds.size, notExposed, versions: versions.length > 0 ? versions.join(', ') : null };
  });
  return out.sort(
    (a, b) =>
      b.kev - a.kev ||
      FINDING_SEVERITIES.reduce((d, s) => d || b.advisories[s] - a.advisories[s], 0) ||
      b.contractFindings - a.contractFindings ||
      naturalCompare(a.device, b.device),
  );
}

export function buildExposureReport(runs: readonly StoredExposureRun[], latestFindings: readonly Finding[], options: ExposureReportOptions): ExposureReport {
  const latest = latestExposureRun(runs);
  const scores = options.scores ?? new Map<string, Cvss>();
  const pastEoe = pastEndOfEngineeringIndex(latestFindings);
  const findings: ExposureFinding[] = latestFindings
    .filter((f) => f.kind === 'advisory' || f.kind === 'contract')
    .map((f) => ({
      ...copyFinding(f),
      cvss: f.kind === 'advisory' ? (f.cvss ?? scores.get(f.ref) ?? null) : null,
      pastEndOfEngineering: f.kind === 'advisory' ? pastEoe(f) : null,
    }))
    .sort(findingOrder);
  return {
    report: 'exposure',
    generatedAt: options.generatedAt.toISOString(),
    run: runHeader(latest, options.siteNames ?? new Map()),
    trend: exposureTrend(runs),
    findings,
    advisories: advisoryRows(findings),
    devices: deviceRows(findings, latestFindings),
    supportCover: findings.filter((f) => f.kind === 'contract'),
  };
}

/** The mark shown for a finding or device past EOE, else null. */
export function pastEoeCell(past: boolean | null): string | null {
  return past ? PAST_EOE_MARK : null;
}
