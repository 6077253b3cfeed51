/**
 * `ibsight report lifecycle`: the End of Life, End of Sale, End of Engineering and End of Support
 * milestones the installed hardware and software have passed or will reach within the horizon,
 * from the latest stored exposure run's lifecycle findings. A pure function to a document:
 *  - generatedAt; run: the latest run {id, at, summary, perSite (with site names)};
 *  - trend: one point per stored run, oldest first, from the counts stored with it (lifecycle
 *    findings by severity, devices past End of Engineering);
 *  - findings: the run's lifecycle findings, each with `scope` (hardware when it names a
 *    component, else software), `train` (software: the version's train), `milestoneLabel` and
 *    `daysUntil` (days from the report's day to the milestone, negative once passed); ordered by
 *    date, milestone, device, member, component;
 *  - milestones: passed / upcoming findings per scope and milestone, in milestone order;
 *  - months: upcoming findings per calendar month (UTC), every month from the earlier of this
 *    month and the first upcoming date to the last one (at most MONTHS_MAX; later ones are
 *    counted in `beyondMonths`);
 *  - hardware: one row per product (model or part) × milestone × date × state, with its
 *    devices, serials and sites; software: one row per train × milestone × date × state, with
 *    its versions, devices and members. Rows in date order.
 * The producer (`ibsight exposure`) decided state and severity; the report does not re-judge them.
 */
import type { Finding, FindingSeverity, StoredExposureRun } from '../analysis/exposure-types.js';
import { FINDING_SEVERITIES } from '../analysis/exposure-types.js';
import { copyFinding, daysFrom, exposureRunsInOrder, kindSeverity, kindTotal, latestExposureRun, runHeader, severityRank, type ExposureRunHeader } from './exposure-runs.js';
import { junosTrain, naturalCompare } from './junos-train.js';

export type LifecycleScope = 'hardware' | 'software';

/** Milestones in the order they happen, per scope, with their labels (Juniper's terms). */
export const MILESTONES: readonly { scope: LifecycleScope; milestone: string; label: string }[] = [
  { scope: 'hardware', milestone: 'eolAnnounced', label: 'End of Life announced' },
  { scope: 'hardware', milestone: 'lastOrder', label: 'Last order (End of Sale)' },
  { scope: 'hardware', milestone: 'lastWarrantyConversion', label: 'Last warranty conversion' },
  { scope: 'hardware', milestone: 'endOfSoftwareEngineering', label: 'End of Software Engineering' },
  { scope: 'hardware', milestone: 'endOfSupport', label: 'End of Support (EOS)' },
  { scope: 'software', milestone: 'endOfEngineering', label: 'End of Engineering (EOE)' },
  { scope: 'software', milestone: 'endOfSupport', label: 'End of Support (EOS)' },
];

export const MONTHS_MAX = 60;

export interface LifecycleReportFinding extends Finding {
  scope: LifecycleScope;
  train: string | null;
  milestoneLabel: string;
  daysUntil: number | null;
}

export interface LifecycleTrendPoint {
  runId: number;
  at: string;
  devices: number;
  lifecycle: Record<FindingSeverity, number>;
  lifecycleFindings: number;
  pastEndOfEngineering: number;
}

export interface MilestoneCount {
  scope: LifecycleScope;
  milestone: string;
  label: string;
  passed: number;
  upcoming: number;
}

export interface MonthCount {
  /** `YYYY-MM` */
  month: string;
  upcoming: number;
  /** Upcoming findings of the month by milestone label. */
  byMilestone: Record<string, number>;
}

interface GroupRow {
  title: string;
  milestone: string;
  milestoneLabel: string;
  date: string | null;
  status: string;
  daysUntil: number | null;
  severity: FindingSeverity;
  findings: number;
  devices: string[];
  sites: string[];
  firstSeen: string;
}

export interface HardwareRow extends GroupRow {
  /** Model number, else part number, of the components (the chassis: the device model). */
  product: string;
  kinds: string[];
  serials: string[];
}

export interface SoftwareRow extends GroupRow {
  train: string;
  versions: string[];
  /** `device member` (or the device alone for a single routing engine). */
  members: string[];
}

export interface LifecycleReport {
  report: 'lifecycle';
  generatedAt: string;
  run: ExposureRunHeader;
  trend: LifecycleTrendPoint[];
  findings: LifecycleReportFinding[];
  milestones: MilestoneCount[];
  months: MonthCount[];
  /** Upcoming findings dated after the last month shown. */
  beyondMonths: number;
  hardware: HardwareRow[];
  software: SoftwareRow[];
}

export interface LifecycleReportOptions {
  generatedAt: Date;
  siteNames?: ReadonlyMap<string, string | null>;
}

const MILESTONE_ORDER = new Map(MILESTONES.map((m, i) => [`${m.scope}:${m.milestone}`, i] as const));
const milestoneIndex = (scope: LifecycleScope, milestone: string): number => MILESTONE_ORDER.get(`${scope}:${milestone}`) ?? MILESTONES.length;
const labelOf = (scope: LifecycleScope, milestone: string): string => MILESTONES.find((m) => m.scope === scope && m.milestone === milestone)?.label ?? milestone;
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort(naturalCompare);

export function lifecycleTrend(runs: readonly StoredExposureRun[]): LifecycleTrendPoint[] {
  return exposureRunsInOrder(runs).map((r) => {
    const lifecycle = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, kindSeverity(r.summary, 'lifecycle', s)])) as Record<FindingSeverity, number>;
    return { runId: r.id, at: r.at, devices: r.summary.devices, lifecycle, lifecycleFindings: kindTotal(r.summary, 'lifecycle'), pastEndOfEngineering: r.summary.pastEndOfEngineering };
  });
}

function reportFinding(f: Finding, now: Date): LifecycleReportFinding {
  const scope: LifecycleScope = f.component !== null ? 'hardware' : 'software';
  return { ...copyFinding(f), scope, train: scope === 'software' ? junosTrain(f.version) : null, milestoneLabel: labelOf(scope, f.ref), daysUntil: daysFrom(now, f.date) };
}

function findingOrder(a: LifecycleReportFinding, b: LifecycleReportFinding): number {
  return (
    naturalCompare(a.date, b.date) ||
    milestoneIndex(a.scope, a.ref) - milestoneIndex(b.scope, b.ref) ||
    naturalCompare(a.device, b.device) ||
    naturalCompare(a.member, b.member) ||
    naturalCompare(a.component?.path.join('/') ?? null, b.component?.path.join('/') ?? null) ||
    naturalCompare(a.key, b.key)
  );
}

function milestoneCounts(findings: readonly LifecycleReportFinding[]): MilestoneCount[] {
  const rows = MILESTONES.map((m) => ({ ...m, passed: 0, upcoming: 0 }));
  for (const f of findings) {
    let row = rows.find((r) => r.scope === f.scope && r.milestone === f.ref);
    if (row === undefined) rows.push((row = { scope: f.scope, milestone: f.ref, label: f.ref, passed: 0, upcoming: 0 }));
    if (f.status === 'passed') row.passed++;
    else if (f.status === 'upcoming') row.upcoming++;
  }
  return rows;
}

const monthOf = (date: string): string => date.slice(0, 7);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function monthCounts(findings: readonly LifecycleReportFinding[], now: Date): { months: MonthCount[]; beyond: number } {
  const upcoming = findings.filter((f) => f.status === 'upcoming' && f.date !== null && /^\d{4}-\d{2}-\d{2}$/.test(f.date));
  if (upcoming.length === 0) return { months: [], beyond: 0 };
  const dates = upcoming.map((f) => monthOf(f.date!)).sort();
  const current = now.toISOString().slice(0, 7);
  const months: MonthCount[] = [];
  for (let m = dates[0]! < current ? dates[0]! : current; m <= dates.at(-1)! && months.length < MONTHS_MAX; m = nextMonth(m)) {
    months.push({ month: m, upcoming: 0, byMilestone: {} });
  }
  const byMonth = new Map(months.map((m) => [m.month, m] as const));
  let beyond = 0;
  for (const f of upcoming) {
    const row = byMonth.get(monthOf(f.date!));
    if (row === undefined) {
      beyond++;
      continue;
    }
    row.upcoming++;
    const label = `${f.scope === 'hardware' ? 'hardware' : 'software'} ${f.milestoneLabel}`;
    row.byMilestone[label] = (row.byMilestone[label] ?? 0) + 1;
  }
  return { months, beyond };
}

function groupBy<T extends LifecycleReportFinding>(findings: readonly T[], key: (f: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    const k = key(f);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [f]);
    else list.push(f);
  }
  return [...groups.values()];
}

function groupRow(list: readonly LifecycleReportFinding[]): GroupRow {
  const f = list.reduce((best, x) => (severityRank(x.severity) < severityRank(best.severity) ? x : best));
  return {
    title: f.title,
    milestone: f.ref,
    milestoneLabel: f.milestoneLabel,
    date: f.date,
    status: f.status,
    daysUntil: f.daysUntil,
    severity: f.severity,
    findings: list.length,
    devices: sorted(list.map((x) => x.device)),
    sites: sorted(list.flatMap((x) => (x.site === null ? [] : [x.site]))),
    firstSeen: list.reduce((min, x) => (x.firstSeen < min ? x.firstSeen : min), list[0]!.firstSeen),
  };
}

const rowOrder =
  (scope: LifecycleScope) =>
  (a: GroupRow & { name: string }, b: GroupRow & { name: string }): number =>
    naturalCompare(a.date, b.date) || milestoneIndex(scope, a.milestone) - milestoneIndex(scope, b.milestone) || naturalCompare(a.name, b.name);

export function hardwareProduct(f: Finding): string {
  const c = f.component!;
  return c.modelNumber ?? c.partNumber ?? (c.kind === 'chassis' ? f.model : null) ?? f.title;
}

export function buildLifecycleReport(runs: readonly StoredExposureRun[], latestFindings: readonly Finding[], options: LifecycleReportOptions): LifecycleReport {
  const latest = latestExposureRun(runs);
  const findings = latestFindings.filter((f) => f.kind === 'lifecycle').map((f) => reportFinding(f, options.generatedAt)).sort(findingOrder);
  const hw = findings.filter((f) => f.scope === 'hardware');
  const sw = findings.filter((f) => f.scope === 'software');
  const hardware = groupBy(hw, (f) => [hardwareProduct(f), f.ref, f.date, f.status, f.title].join('\u0000')).map((list) => ({
    ...groupRow(list),
    name: hardwareProduct(list[0]!),
    product: hardwareProduct(list[0]!),
    kinds: sorted(list.flatMap((f) => (f.component?.kind ? [f.component.kind] : []))),
    serials: sorted(list.flatMap((f) => (f.component?.serialNumber ? [f.component.serialNumber] : []))),
  }));
  const software = groupBy(sw, (f) => [f.train ?? f.version ?? '', f.ref, f.date, f.status, f.title].join('\u0000')).map((list) => ({
    ...groupRow(list),
    name: list[0]!.train ?? list[0]!.version ?? '(unknown)',
    train: list[0]!.train ?? list[0]!.version ?? '(unknown)',
    versions: sorted(list.flatMap((f) => (f.version === null ? [] : [f.version]))),
    members: sorted(list.map((f) => (f.member === null ? f.device : `${f.device} ${f.member}`))),
  }));
  const { months, beyond } = monthCounts(findings, options.generatedAt);
  return {
    report: 'lifecycle',
    generatedAt: options.generatedAt.toISOString(),
    run: runHeader(latest, options.siteNames ?? new Map()),
    trend: lifecycleTrend(runs),
    findings,
    milestones: milestoneCounts(findings),
    months,
    beyondMonths: beyond,
    hardware: hardware.sort(rowOrder('hardware')).map(({ name: _name, ...row }) => row),
    software: software.sort(rowOrder('software')).map(({ name: _name, ...row }) => row),
  };
}
