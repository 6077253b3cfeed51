/**
 * Dashboard "Advisory exposure" (uid ibsight-exposure): findings of the latest exposure run
 * (`ibsight exposure`) — security advisories by severity, lifecycle and contract findings — with
 * advisories on the CISA KEV list (known exploited) highlighted in red: a stat that turns red from
 * one KEV finding, a red KEV trend, and a red cell in the per-site table.
 *
 * Reads ibsight_exposure and ibsight_exposure_site (docs/metrics.md).
 */
import { EXPOSURE, EXPOSURE_SITE } from '../src/outputs/metric-schema.js';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const findings = () => influxql(EXPOSURE).select('findings', 'sum').where('site', site);
const perSite = () => influxql(EXPOSURE_SITE).where('site', site);

export const SEVERITY_COLORS = {
  critical: COLORS.critical, high: COLORS.high, medium: COLORS.medium, low: COLORS.low, none: 'green', unknown: 'purple',
} as const;

/** Red from one KEV finding: a known-exploited advisory is never acceptable. */
export const kevSteps = () => thresholds(COLORS.ok, [1, COLORS.bad]);

export function exposureDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'exposure',
    title: 'ibsight — Advisory exposure',
    description: 'Findings of the latest exposure run by site, kind and severity; KEV (known exploited) advisories in red (ibsight docs/metrics.md).',
  })
    .panel(statPanel({
      title: 'KEV findings (known exploited)', w: 6, h: 5,
      description: 'Affected findings of advisories on the CISA Known Exploited Vulnerabilities list: fix these first. Red from one.',
      queries: [{ query: perSite().select('kev_findings', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'KEV findings' }],
      thresholds: kevSteps(),
      colorMode: common.BigValueColorMode.Background,
    }))
    .panel(statPanel({
      title: 'Critical advisory findings', w: 5, h: 5,
      description: 'Advisory findings of critical severity at the selected sites.',
      queries: [{ query: findings().where('kind', equals('advisory')).where('severity', equals('critical')).groupByTime().latestPerSeries().fill('none'), alias: 'critical' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.critical]),
    }))
    .panel(statPanel({
      title: 'High advisory findings', w: 5, h: 5,
      description: 'Advisory findings of high severity at the selected sites.',
      queries: [{ query: findings().where('kind', equals('advisory')).where('severity', equals('high')).groupByTime().latestPerSeries().fill('none'), alias: 'high' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.high]),
    }))
    .panel(statPanel({
      title: 'Devices with findings', w: 4, h: 5,
      description: 'Devices with at least one finding (advisory, lifecycle or contract), and devices judged by the run.',
      queries: [
        { query: perSite().select('devices_with_findings', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'with findings' },
        { query: perSite().select('devices', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'judged' },
      ],
    }))
    .panel(statPanel({
      title: 'Devices past End of Engineering', w: 4, h: 5,
      description: 'Devices running a release past its End of Engineering: no more security fixes for them.',
      queries: [{ query: perSite().select('devices_past_end_of_engineering', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'past EoE' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(timeSeriesPanel({
      title: 'KEV findings', w: 12, h: 8, bars: true,
      description: 'KEV (known exploited) advisory findings at the selected sites, per exposure run.',
      queries: [{ query: perSite().select('kev_findings', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'KEV findings' }],
      colors: { 'KEV findings': COLORS.bad },
    }))
    .panel(timeSeriesPanel({
      title: 'Advisory findings by severity', w: 12, h: 8, stacked: true,
      description: 'Security-advisory findings by severity, per exposure run.',
      queries: [{ query: findings().where('kind', equals('advisory')).groupByTime().groupBy('severity').latestPerSeries().fill('none'), alias: '$tag_severity' }],
      colors: SEVERITY_COLORS,
    }))
    .panel(timeSeriesPanel({
      title: 'Findings by kind', w: 12, h: 8, stacked: true,
      description: 'Findings by kind: advisory (security advisories), lifecycle (EOL milestones), contract (support coverage).',
      queries: [{ query: findings().groupByTime().groupBy('kind').latestPerSeries().fill('none'), alias: '$tag_kind' }],
    }))
    .panel(tablePanel({
      title: 'Exposure by site', w: 12, h: 8, sortBy: 'kev_findings',
      description: 'Per site at the latest exposure run: devices judged, devices with findings, KEV findings (red from one), devices past End of Engineering.',
      queries: [{
        query: perSite().select('devices', 'last').select('devices_with_findings', 'last').select('kev_findings', 'last')
          .select('devices_past_end_of_engineering', 'last').groupBy('site'),
      }],
      alertColumns: { kev_findings: kevSteps(), devices_past_end_of_engineering: thresholds(COLORS.ok, [1, COLORS.warn]) },
    }))
    .panel(tablePanel({
      title: 'Findings by site, kind and severity', w: 24, h: 9, sortBy: 'findings',
      description: 'Findings of the latest exposure run per site, kind and severity.',
      queries: [{ query: influxql(EXPOSURE).select('findings', 'last').where('site', site).groupBy('site', 'kind', 'severity') }],
    }));
}
