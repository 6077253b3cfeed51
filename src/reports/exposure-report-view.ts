/**
 * The exposure report on paper (report-view.ts): totals of the latest run, two charts (advisory
 * findings by severity and KEV over the stored runs; advisory findings per site by severity),
 * then per site, the advisories (KEV first), the devices (with the past-EOE mark), the support
 * cover (contract findings) and the trend. Its CSV is one row per advisory or contract finding,
 * with the past-EOE mark in its own column. The numbers come from the document only, so the
 * HTML, the CSV and the JSON agree.
 */
import type { ExposureCounts, FindingSeverity } from '../analysis/exposure-types.js';
import { countLinesSvg, stackedBarsSvg, type CountSeries } from './exposure-charts.js';
import { PAST_EOE_MARK } from './exposure-finding-facts.js';
import { pastEoeCell, type ExposureFinding, type ExposureReport } from './exposure-report.js';
import { kindSeverity, kindTotal, SEVERITY_COLORS, SEVERITY_LABELS, siteText } from './exposure-runs.js';
import { pathCell, type Cell, type ReportColumn, type ReportTable, type ReportView } from './report-view.js';
import { shortTime } from './svg-charts.js';

const MAIN_SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low'];
const OTHER_LABEL = 'Other';
const KEV_COLOR = '#1d2430';

const other = (bySeverity: Record<FindingSeverity, number>): number => bySeverity.none + bySeverity.unknown;

function severityColumns(): ReportColumn[] {
  return [...MAIN_SEVERITIES.map((s) => ({ key: s, label: SEVERITY_LABELS[s], numeric: true })), { key: 'other', label: OTHER_LABEL, numeric: true }];
}

function severityCells(bySeverity: Record<FindingSeverity, number>): number[] {
  return [...MAIN_SEVERITIES.map((s) => bySeverity[s]), other(bySeverity)];
}

function advisoryBySeverity(counts: ExposureCounts): Record<FindingSeverity, number> {
  return {
    critical: kindSeverity(counts, 'advisory', 'critical'),
    high: kindSeverity(counts, 'advisory', 'high'),
    medium: kindSeverity(counts, 'advisory', 'medium'),
    low: kindSeverity(counts, 'advisory', 'low'),
    none: kindSeverity(counts, 'advisory', 'none'),
    unknown: kindSeverity(counts, 'advisory', 'unknown'),
  };
}

function figures(r: ExposureReport): NonNullable<ReportView['figures']> {
  const series: CountSeries[] = MAIN_SEVERITIES.map((s) => ({
    key: s,
    label: SEVERITY_LABELS[s],
    color: SEVERITY_COLORS[s],
    points: r.trend.map((t) => ({ at: t.at, value: t.advisories[s], title: `${shortTime(t.at)} UTC: ${t.advisories[s]} ${s} advisory finding(s)` })),
  }));
  series.push({
    key: 'kev',
    label: 'KEV (known exploited)',
    color: KEV_COLOR,
    dashed: true,
    points: r.trend.map((t) => ({ at: t.at, value: t.kev, title: `${shortTime(t.at)} UTC: ${t.kev} affected finding(s) on known-exploited advisories` })),
  });
  const trend = countLinesSvg(series, { label: `Advisory findings by severity over ${r.trend.length} exposure run(s)`, xTitle: 'exposure run time (UTC)' });
  const bars = stackedBarsSvg(
    r.run.perSite.map((s) => {
      const by = advisoryBySeverity(s);
      const total = kindTotal(s, 'advisory');
      const label = siteText(s.site, s.siteName) ?? s.site;
      return {
        key: s.site,
        label,
        segments: [
          ...MAIN_SEVERITIES.map((sev) => ({ key: sev, label: SEVERITY_LABELS[sev], value: by[sev], color: SEVERITY_COLORS[sev] })),
          { key: 'other', label: OTHER_LABEL, value: other(by), color: SEVERITY_COLORS.unknown },
        ],
        valueText: `${total.toLocaleString('en-US')} · ${s.kev.toLocaleString('en-US')} KEV`,
        title: `${label}: ${total} advisory finding(s) on ${s.devices} device(s); ${s.kev} KEV; ${s.pastEndOfEngineering} device(s) past End of Engineering`,
      };
    }),
    {
      label: 'Advisory findings per site by severity, latest run',
      legend: [...MAIN_SEVERITIES.map((s) => ({ label: SEVERITY_LABELS[s], color: SEVERITY_COLORS[s] })), { label: OTHER_LABEL, color: SEVERITY_COLORS.unknown }],
    },
  );
  return [
    { id: 'trend-chart', title: 'Advisory findings over time', svg: trend },
    { id: 'per-site-chart', title: 'Advisory findings per site', svg: bars },
  ];
}

const FINDING_COLUMNS: ReportColumn[] = [
  { key: 'device', label: 'Device' },
  { key: 'site', label: 'Site' },
  { key: 'siteName', label: 'Site name' },
  { key: 'model', label: 'Model' },
  { key: 'member', label: 'Member' },
  { key: 'version', label: 'Version', nowrap: true },
  { key: 'kind', label: 'Kind' },
  { key: 'ref', label: 'Advisory / state', nowrap: true },
  { key: 'title', label: 'Title' },
  { key: 'severity', label: 'Severity' },
  { key: 'cvssScore', label: 'CVSS', numeric: true },
  { key: 'cvssVersion', label: 'CVSS version' },
  { key: 'kev', label: 'KEV' },
  { key: 'status', label: 'Status' },
  { key: 'date', label: 'Date', nowrap: true },
  { key: 'firstSeen', label: 'First seen', nowrap: true },
  { key: 'component', label: 'Component' },
  { key: 'serialNumber', label: 'Serial', nowrap: true },
  { key: 'pastEndOfEngineering', label: 'Past End of Engineering' },
  { key: 'detail', label: 'Detail' },
];

function findingCells(f: ExposureFinding, siteNames: ReadonlyMap<string, string | null>): Cell[] {
  return [
    f.device,
    f.site,
    f.site === null ? null : (siteNames.get(f.site) ?? null),
    f.model,
    f.member,
    f.version,
    f.kind,
    f.ref,
    f.title,
    f.severity,
    f.cvss?.score ?? null,
    f.cvss?.version ?? null,
    f.kind === 'advisory' ? String(f.kev) : null,
    f.status,
    f.date,
    f.firstSeen,
    f.component === null ? null : pathCell(f.component.path),
    f.component?.serialNumber ?? null,
    pastEoeCell(f.pastEndOfEngineering),
    f.detail,
  ];
}

function tables(r: ExposureReport, siteNames: ReadonlyMap<string, string | null>): ReportTable[] {
  const site = (id: string | null): string | null => siteText(id, id === null ? null : (siteNames.get(id) ?? null));
  return [
    {
      id: 'per-site',
      title: 'Per site (advisory findings)',
      columns: [
        { key: 'site', label: 'Site' },
        { key: 'siteName', label: 'Site name' },
        { key: 'devices', label: 'Devices', numeric: true },
        { key: 'devicesWithFindings', label: 'With findings', numeric: true },
        ...severityColumns(),
        { key: 'kev', label: 'KEV', numeric: true },
        { key: 'pastEndOfEngineering', label: 'Past EOE', numeric: true },
        { key: 'contract', label: 'Contract findings', numeric: true },
      ],
      rows: r.run.perSite.map((s) => [
        s.site, s.siteName, s.devices, s.devicesWithFindings, ...severityCells(advisoryBySeverity(s)), s.kev, s.pastEndOfEngineering, kindTotal(s, 'contract'),
      ]),
      emptyText: 'No site in this run.',
    },
    {
      id: 'advisories',
      title: 'Advisories (known exploited first, then by severity)',
      columns: [
        { key: 'id', label: 'Advisory', nowrap: true },
        { key: 'title', label: 'Title' },
        { key: 'severity', label: 'Severity' },
        { key: 'cvss', label: 'CVSS', numeric: true },
        { key: 'kev', label: 'KEV' },
        { key: 'affectedDevices', label: 'Affected', numeric: true },
        { key: 'potentiallyAffectedDevices', label: 'Potentially affected', numeric: true },
        { key: 'notExposedDevices', label: 'Not exposed', numeric: true },
        { key: 'pastEndOfEngineeringDevices', label: 'On a release past EOE', numeric: true },
        { key: 'fixedIn', label: 'Fixed in' },
        { key: 'firstSeen', label: 'First seen (UTC)', nowrap: true },
      ],
      rows: r.advisories.map((a) => [
        a.id, a.title, a.severity, a.cvss?.score ?? null, a.kev ? 'KEV' : null, a.affectedDevices, a.potentiallyAffectedDevices, a.notExposedDevices,
        a.pastEndOfEngineeringDevices, a.fixedIn, shortTime(a.firstSeen),
      ]),
      emptyText: 'No stored advisory applies to any device.',
    },
    {
      id: 'devices',
      title: 'Devices (advisories that apply, by severity)',
      columns: [
        { key: 'device', label: 'Device' },
        { key: 'site', label: 'Site' },
        { key: 'model', label: 'Model' },
        { key: 'versions', label: 'Version(s)' },
        ...severityColumns(),
        { key: 'kev', label: 'KEV', numeric: true },
        { key: 'notExposed', label: 'Not exposed', numeric: true },
        { key: 'pastEndOfEngineering', label: 'End of Engineering' },
        { key: 'contractFindings', label: 'Contract findings', numeric: true },
      ],
      rows: r.devices.map((d) => [
        d.device, site(d.site), d.model, d.versions, ...severityCells(d.advisories), d.kev, d.notExposed,
        d.pastEndOfEngineering ? `${PAST_EOE_MARK} (${d.pastEndOfEngineeringMembers.join(', ')})` : null, d.contractFindings,
      ]),
      emptyText: 'No device has an advisory or contract finding.',
    },
    {
      id: 'support-cover',
      title: 'Support cover (contract findings)',
      columns: [
        { key: 'device', label: 'Device' },
        { key: 'site', label: 'Site' },
        { key: 'component', label: 'Component' },
        { key: 'kind', label: 'Kind' },
        { key: 'serialNumber', label: 'Serial', nowrap: true },
        { key: 'modelNumber', label: 'Model / part', nowrap: true },
        { key: 'state', label: 'Contract' },
        { key: 'date', label: 'Last contract end', nowrap: true },
        { key: 'severity', label: 'Severity' },
        { key: 'firstSeen', label: 'First seen (UTC)', nowrap: true },
      ],
      rows: r.supportCover.map((f) => [
        f.device, site(f.site), f.component === null ? null : pathCell(f.component.path), f.component?.kind ?? null, f.component?.serialNumber ?? null,
        f.component?.modelNumber ?? f.component?.partNumber ?? null, f.status, f.date, f.severity, shortTime(f.firstSeen),
      ]),
      emptyText: 'Every seen serial with an installed-base record has an active contract.',
    },
    {
      id: 'trend',
      title: 'Trend',
      columns: [
        { key: 'at', label: 'Exposure run at', nowrap: true },
        { key: 'devices', label: 'Devices', numeric: true },
        { key: 'devicesWithFindings', label: 'With findings', numeric: true },
        ...severityColumns(),
        { key: 'kev', label: 'KEV', numeric: true },
        { key: 'pastEndOfEngineering', label: 'Past EOE', numeric: true },
        { key: 'contractFindings', label: 'Contract findings', numeric: true },
      ],
      rows: r.trend.map((t) => [t.at, t.devices, t.devicesWithFindings, ...severityCells(t.advisories), t.kev, t.pastEndOfEngineering, t.contractFindings]),
      emptyText: 'No exposure run stored.',
    },
  ];
}

export function exposureReportView(r: ExposureReport): ReportView {
  const siteNames = new Map<string, string | null>(r.run.perSite.map((s) => [s.site, s.siteName]));
  const s = r.run.summary;
  const first = r.trend[0];
  return {
    kind: 'exposure',
    title: 'Exposure to security advisories',
    generatedAt: r.generatedAt,
    notes: [
      `Exposure run #${r.run.id} of ${r.run.at}; the trend covers ${r.trend.length} run(s)${first ? ` since ${first.at}` : ''}.`,
      'KEV: on CISA\'s list of known exploited vulnerabilities. A device counts once per advisory, under its worst status (affected, potentially affected, not exposed).',
      `A release past End of Engineering is marked "${PAST_EOE_MARK}": upgrading is the only fix.`,
      'Counts, charts and the trend are those stored with each run; the tables are built from the latest run\'s findings. Lifecycle findings are in the lifecycle report.',
      ...r.run.notJudged.map((n) => `Not judged: ${n}`),
    ],
    totals: [
      { label: 'Devices', value: s.devices },
      { label: 'Devices with findings', value: s.devicesWithFindings },
      { label: 'Advisory findings', value: kindTotal(s, 'advisory') },
      { label: 'Critical', value: kindSeverity(s, 'advisory', 'critical') },
      { label: 'High', value: kindSeverity(s, 'advisory', 'high') },
      { label: 'KEV', value: s.kev },
      { label: 'Advisories', value: r.advisories.length },
      { label: 'Devices past EOE', value: s.pastEndOfEngineering },
      { label: 'Contract findings', value: kindTotal(s, 'contract') },
    ],
    figures: figures(r),
    tables: tables(r, siteNames),
    csv: {
      id: 'findings',
      title: 'Advisory and contract findings',
      columns: FINDING_COLUMNS,
      rows: r.findings.map((f) => findingCells(f, siteNames)),
      emptyText: 'No advisory or contract finding.',
    },
  };
}
