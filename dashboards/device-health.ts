/**
 * Dashboard "Device health" (uid ibsight-device-health): active chassis and system alarms (major =
 * Major/Red, minor = Minor/Yellow), core-dump files present on the devices, and routing-engine
 * reboots in the last 24 hours, by site, as last collected.
 *
 * Reads ibsight_alarms and ibsight_health (docs/metrics.md). `devices` of alarms adds up across
 * sites, not across sources (a device with a chassis and a system alarm counts under both).
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ALARMS, HEALTH } from '../src/outputs/metric-schema.js';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const alarms = () => influxql(ALARMS).where('site', site);
const health = () => influxql(HEALTH).where('site', site);

export function deviceHealthDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'device-health',
    title: 'ibsight — Device health',
    description: 'Active alarms, core dumps and routing-engine reboots, by site, as last collected (ibsight docs/metrics.md).',
  })
    .panel(statPanel({
      title: 'Major alarms', w: 4, h: 4,
      description: 'Active major (Major / Red) chassis and system alarms at the selected sites.',
      queries: [{ query: alarms().select('active', 'sum').where('severity', equals('major')).groupByTime().latestPerSeries().fill('none'), alias: 'major' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.bad]),
      colorMode: common.BigValueColorMode.Background,
    }))
    .panel(statPanel({
      title: 'Minor alarms', w: 4, h: 4,
      description: 'Active minor (Minor / Yellow) chassis and system alarms at the selected sites.',
      queries: [{ query: alarms().select('active', 'sum').where('severity', equals('minor')).groupByTime().latestPerSeries().fill('none'), alias: 'minor' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(statPanel({
      title: 'Devices with major chassis alarms', w: 4, h: 4,
      description: 'Devices with at least one active major chassis alarm.',
      queries: [{
        query: alarms().select('devices', 'sum').where('source', equals('chassis')).where('severity', equals('major')).groupByTime().latestPerSeries().fill('none'),
        alias: 'devices',
      }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.bad]),
    }))
    .panel(statPanel({
      title: 'Core dumps', w: 4, h: 4,
      description: 'Core-dump files present on the devices as last collected.',
      queries: [{ query: health().select('core_dumps', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'core dumps' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(statPanel({
      title: 'Devices with core dumps', w: 4, h: 4,
      description: 'Devices with at least one core-dump file.',
      queries: [{ query: health().select('devices_with_core_dumps', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'devices' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(statPanel({
      title: 'RE reboots (24 h)', w: 4, h: 4,
      description: 'Routing-engine boots in the 24 hours before the latest collection, and the devices they happened on.',
      queries: [
        { query: health().select('reboots_24h', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'reboots' },
        { query: health().select('devices_rebooted_24h', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'devices' },
      ],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(timeSeriesPanel({
      title: 'Active alarms by source and severity', w: 12, h: 8, stacked: true,
      description: 'Active alarms per collection by source (chassis, system) and severity (major, minor, other).',
      queries: [{ query: alarms().select('active', 'sum').groupByTime().groupBy('source', 'severity').latestPerSeries().fill('none'), alias: '$tag_source $tag_severity' }],
      colors: { 'chassis major': COLORS.bad, 'system major': 'dark-red', 'chassis minor': COLORS.warn, 'system minor': 'yellow' },
    }))
    .panel(timeSeriesPanel({
      title: 'Core dumps by site', w: 12, h: 8,
      description: 'Core-dump files present per site at each collection: a rise means a process crashed.',
      queries: [{ query: health().select('core_dumps', 'last').groupByTime().groupBy('site').fill('none'), alias: '$tag_site' }],
    }))
    .panel(timeSeriesPanel({
      title: 'RE reboots in 24 h by site', w: 12, h: 8, bars: true,
      description: 'Routing-engine boots in the 24 hours before each collection, per site.',
      queries: [{ query: health().select('reboots_24h', 'last').groupByTime().groupBy('site').fill('none'), alias: '$tag_site' }],
    }))
    .panel(tablePanel({
      title: 'Health by site', w: 12, h: 8, sortBy: 'core_dumps',
      description: 'Per site, as last collected: core dumps, devices with core dumps, RE reboots in 24 h, devices rebooted.',
      queries: [{
        query: health().select('core_dumps', 'last').select('devices_with_core_dumps', 'last').select('reboots_24h', 'last')
          .select('devices_rebooted_24h', 'last').groupBy('site'),
      }],
      alertColumns: { core_dumps: thresholds(COLORS.ok, [1, COLORS.warn]), reboots_24h: thresholds(COLORS.ok, [1, COLORS.warn]) },
    }))
    .panel(tablePanel({
      title: 'Alarms by site', w: 24, h: 8, sortBy: 'active',
      description: 'Active alarms and devices with alarms per site, source and severity, as last collected.',
      queries: [{ query: alarms().select('active', 'last').select('devices', 'last').groupBy('site', 'source', 'severity') }],
      alertColumns: { active: thresholds(COLORS.ok, [1, COLORS.warn]) },
    }));
}
