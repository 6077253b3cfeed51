/**
 * The lifecycle report on paper (report-view.ts): totals, three charts (passed / upcoming
 * findings per milestone; upcoming findings per month; lifecycle findings by severity over the
 * stored runs), then the milestones, the hardware rows (product × milestone), the software rows
 * (train × milestone) and the trend. Long lists of devices, serials or members are cut in the
 * HTML to LIST_MAX names and a count of the rest (the JSON and CSV keep every one). Its CSV is
 * one row per lifecycle finding.
 */
import type { FindingSeverity } from '../analysis/exposure-types.js';
import { countLinesSvg, monthColumnsSvg, stackedBarsSvg, type CountSeries } from './exposure-charts.js';
import { SEVERITY_COLORS, SEVERITY_LABELS, siteText } from './exposure-runs.js';
import type { LifecycleReport, LifecycleReportFinding } from './lifecycle-report.js';
import { pathCell, type Cell, type ReportColumn, type ReportView } from './report-view.js';
import { shortTime } from './svg-charts.js';

export const LIST_MAX = 10;
const PASSED_COLOR = '#c0392b';
const UPCOMING_COLOR = '#c98a00';
const TREND_SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** At most LIST_MAX names, then `… (+N more)`; null when empty. */
export function listCell(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const shown = values.slice(0, LIST_MAX).join(', ');
  return values.length > LIST_MAX ? `${shown} … (+${values.length - LIST_MAX} more)` : shown;
}

const scopeLabel = (scope: string): string => (scope === 'hardware' ? 'Hardware' : 'Software');

function figures(r: LifecycleReport): NonNullable<ReportView['figures']> {
  const milestones = stackedBarsSvg(
    r.milestones
      .filter((m) => m.passed + m.upcoming > 0)
      .map((m) => ({
        key: `${m.scope}:${m.milestone}`,
        label: `${scopeLabel(m.scope)}: ${m.label}`,
        segments: [
          { key: 'passed', label: 'Passed', value: m.passed, color: PASSED_COLOR },
          { key: 'upcoming', label: 'Upcoming', value: m.upcoming, color: UPCOMING_COLOR },
        ],
        valueText: `${m.passed.toLocaleString('en-US')} passed · ${m.upcoming.toLocaleString('en-US')} upcoming`,
        title: `${scopeLabel(m.scope)} ${m.label}: ${m.passed} finding(s) passed, ${m.upcoming} upcoming`,
      })),
    {
      label: 'Lifecycle findings per milestone, latest run',
      legend: [{ label: 'Passed', color: PASSED_COLOR }, { label: 'Upcoming', color: UPCOMING_COLOR }],
      labelWidth: 300,
      valueWidth: 180,
    },
  );
  const months = monthColumnsSvg(
    r.months.map((m) => ({
      month: m.month,
      value: m.upcoming,
      title: `${m.month}: ${m.upcoming} upcoming${Object.keys(m.byMilestone).length > 0 ? ` (${Object.entries(m.byMilestone).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}`,
    })),
    { label: 'Upcoming milestones per month', color: UPCOMING_COLOR },
  );
  const series: CountSeries[] = TREND_SEVERITIES.map((s) => ({
    key: s,
    label: SEVERITY_LABELS[s],
    color: SEVERITY_COLORS[s],
    points: r.trend.map((t) => ({ at: t.at, value: t.lifecycle[s], title: `${shortTime(t.at)} UTC: ${t.lifecycle[s]} ${s} lifecycle finding(s)` })),
  }));
  series.push({
    key: 'pastEndOfEngineering',
    label: 'Devices past EOE',
    color: '#1d2430',
    dashed: true,
    points: r.trend.map((t) => ({ at: t.at, value: t.pastEndOfEngineering, title: `${shortTime(t.at)} UTC: ${t.pastEndOfEngineering} device(s) past End of Engineering` })),
  });
  return [
    { id: 'milestone-chart', title: 'Milestones passed and upcoming', svg: milestones },
    { id: 'months-chart', title: 'Upcoming milestones per month', svg: months },
    { id: 'trend-chart', title: 'Lifecycle findings over time', svg: countLinesSvg(series, { label: `Lifecycle findings by severity over ${r.trend.length} exposure run(s)`, xTitle: 'exposure run time (UTC)' }) },
  ];
}

const FINDING_COLUMNS: ReportColumn[] = [
  { key: 'device', label: 'Device' },
  { key: 'site', label: 'Site' },
  { key: 'siteName', label: 'Site name' },
  { key: 'model', label: 'Model' },
  { key: 'scope', label: 'Scope' },
  { key: 'component', label: 'Component' },
  { key: 'componentKind', label: 'Component kind' },
  { key: 'serialNumber', label: 'Serial' },
  { key: 'partNumber', label: 'Part' },
  { key: 'modelNumber', label: 'Model number' },
  { key: 'member', label: 'Member' },
  { key: 'version', label: 'Version' },
  { key: 'train', label: 'Train' },
  { key: 'milestone', label: 'Milestone' },
  { key: 'milestoneLabel', label: 'Milestone name' },
  { key: 'date', label: 'Date' },
  { key: 'status', label: 'State' },
  { key: 'daysUntil', label: 'Days until', numeric: true },
  { key: 'severity', label: 'Severity' },
  { key: 'title', label: 'Title' },
  { key: 'firstSeen', label: 'First seen' },
  { key: 'detail', label: 'Detail' },
];

function findingCells(f: LifecycleReportFinding, siteNames: ReadonlyMap<string, string | null>): Cell[] {
  const c = f.component;
  return [
    f.device, f.site, f.site === null ? null : (siteNames.get(f.site) ?? null), f.model, f.scope, c === null ? null : pathCell(c.path), c?.kind ?? null,
    c?.serialNumber ?? null, c?.partNumber ?? null, c?.modelNumber ?? null, f.member, f.version, f.train, f.ref, f.milestoneLabel, f.date, f.status,
    f.daysUntil, f.severity, f.title, f.firstSeen, f.detail,
  ];
}

const stateColumns: ReportColumn[] = [
  { key: 'milestone', label: 'Milestone' },
  { key: 'date', label: 'Date', nowrap: true },
  { key: 'status', label: 'State' },
  { key: 'daysUntil', label: 'Days until', numeric: true },
  { key: 'severity', label: 'Severity' },
];

export function lifecycleReportView(r: LifecycleReport): ReportView {
  const siteNames = new Map<string, string | null>(r.run.perSite.map((s) => [s.site, s.siteName]));
  const sites = (ids: readonly string[]): string | null => listCell(ids.map((id) => siteText(id, siteNames.get(id) ?? null) ?? id));
  const count = (status: string): number => r.findings.filter((f) => f.status === status).length;
  const first = r.trend[0];
  return {
    kind: 'lifecycle',
    title: 'Hardware and software lifecycle',
    generatedAt: r.generatedAt,
    notes: [
      `Exposure run #${r.run.id} of ${r.run.at}; the trend covers ${r.trend.length} run(s)${first ? ` since ${first.at}` : ''}.`,
      'Passed / upcoming as judged by `ibsight exposure` within its horizon (config lifecycle.horizonMonths); days until are counted from the day of this report.',
      'A software release past End of Engineering (EOE) gets no further security fixes; End of Support (EOS) is the last day of support.',
      ...(r.beyondMonths > 0 ? [`${r.beyondMonths} upcoming finding(s) fall after the ${r.months.length} months charted.`] : []),
      ...r.run.notJudged.map((n) => `Not judged: ${n}`),
    ],
    totals: [
      { label: 'Lifecycle findings', value: r.findings.length },
      { label: 'Passed', value: count('passed') },
      { label: 'Upcoming', value: count('upcoming') },
      { label: 'Hardware findings', value: r.findings.filter((f) => f.scope === 'hardware').length },
      { label: 'Software findings', value: r.findings.filter((f) => f.scope === 'software').length },
      { label: 'Devices', value: new Set(r.findings.map((f) => f.device)).size },
      { label: 'Devices past EOE', value: r.run.summary.pastEndOfEngineering },
    ],
    figures: figures(r),
    tables: [
      {
        id: 'milestones',
        title: 'Milestones',
        columns: [
          { key: 'scope', label: 'Scope' },
          { key: 'milestone', label: 'Milestone' },
          { key: 'passed', label: 'Passed', numeric: true },
          { key: 'upcoming', label: 'Upcoming', numeric: true },
        ],
        rows: r.milestones.map((m) => [scopeLabel(m.scope), m.label, m.passed, m.upcoming]),
        emptyText: 'No milestone.',
      },
      {
        id: 'hardware',
        title: 'Hardware (chassis and modules)',
        columns: [
          { key: 'product', label: 'Model / part', nowrap: true },
          { key: 'kinds', label: 'Kind' },
          ...stateColumns,
          { key: 'findings', label: 'Components', numeric: true },
          { key: 'deviceCount', label: 'Devices', numeric: true },
          { key: 'devices', label: 'Device names' },
          { key: 'serials', label: 'Serials' },
          { key: 'sites', label: 'Sites' },
        ],
        rows: r.hardware.map((h) => [
          h.product, h.kinds.join(', ') || null, h.milestoneLabel, h.date, h.status, h.daysUntil, h.severity, h.findings, h.devices.length,
          listCell(h.devices), listCell(h.serials), sites(h.sites),
        ]),
        emptyText: 'No hardware milestone passed or within the horizon.',
      },
      {
        id: 'software',
        title: 'Software (release trains)',
        columns: [
          { key: 'train', label: 'Train', nowrap: true },
          { key: 'versions', label: 'Versions' },
          ...stateColumns,
          { key: 'findings', label: 'Members', numeric: true },
          { key: 'deviceCount', label: 'Devices', numeric: true },
          { key: 'members', label: 'Devices and members' },
          { key: 'sites', label: 'Sites' },
        ],
        rows: r.software.map((s) => [
          s.train, listCell(s.versions), s.milestoneLabel, s.date, s.status, s.daysUntil, s.severity, s.findings, s.devices.length, listCell(s.members), sites(s.sites),
        ]),
        emptyText: 'No software milestone passed or within the horizon.',
      },
      {
        id: 'trend',
        title: 'Trend',
        columns: [
          { key: 'at', label: 'Exposure run at', nowrap: true },
          { key: 'devices', label: 'Devices', numeric: true },
          { key: 'lifecycleFindings', label: 'Lifecycle findings', numeric: true },
          ...TREND_SEVERITIES.map((s) => ({ key: s, label: SEVERITY_LABELS[s], numeric: true })),
          { key: 'pastEndOfEngineering', label: 'Devices past EOE', numeric: true },
        ],
        rows: r.trend.map((t) => [t.at, t.devices, t.lifecycleFindings, ...TREND_SEVERITIES.map((s) => t.lifecycle[s]), t.pastEndOfEngineering]),
        emptyText: 'No exposure run stored.',
      },
    ],
    csv: {
      id: 'findings',
      title: 'Lifecycle findings',
      columns: FINDING_COLUMNS,
      rows: r.findings.map((f) => findingCells(f, siteNames)),
      emptyText: 'No lifecycle finding.',
    },
  };
}
