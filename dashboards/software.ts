/**
 * Dashboard "Software versions" (uid ibsight-software): which Junos and Junos Evolved versions and
 * release trains run where, and how that changes as the fleet is upgraded.
 *
 * Reads ibsight_software (docs/metrics.md). A member is one routing engine, virtual-chassis member
 * or cluster node: members add up across versions; devices do not (a device running two versions
 * counts under both), so totals are in members and device counts are per version.
 */
import { SOFTWARE } from '../src/outputs/metric-schema.js';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { barGaugePanel, statPanel, tablePanel, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const software = () => influxql(SOFTWARE).where('site', site);

export function softwareDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'software',
    title: 'ibsight — Software versions',
    description: 'Junos and Junos Evolved versions and release trains running, by site (ibsight docs/metrics.md).',
  })
    .panel(statPanel({
      title: 'Members running Junos', w: 8, h: 4,
      description: 'Routing engines, VC members and cluster nodes running Junos (OS junos) at the selected sites.',
      queries: [{ query: software().select('members', 'sum').where('os', equals('junos')).groupByTime().latestPerSeries().fill('none'), alias: 'Junos' }],
      zeroWhenAbsent: true,
    }))
    .panel(statPanel({
      title: 'Members running Junos Evolved', w: 8, h: 4,
      description: 'Members running Junos Evolved (a -EVO version) at the selected sites.',
      queries: [{ query: software().select('members', 'sum').where('os', equals('junos-evolved')).groupByTime().latestPerSeries().fill('none'), alias: 'Junos Evolved' }],
      zeroWhenAbsent: true,
    }))
    .panel(statPanel({
      title: 'Members running', w: 8, h: 4,
      description: 'Every member at the selected sites, whatever its OS (including members whose version is unknown).',
      queries: [{ query: software().select('members', 'sum').groupByTime().latestPerSeries().fill('none'), alias: 'members' }],
    }))
    .panel(timeSeriesPanel({
      title: 'Members by release train', w: 12, h: 8, stacked: true,
      description: 'Members per Junos release train (21.4, 23.4-EVO...) at each collection: upgrades show as one train giving way to another.',
      queries: [{ query: software().select('members', 'sum').groupByTime().groupBy('train').latestPerSeries().fill('none'), alias: '$tag_train' }],
    }))
    .panel(timeSeriesPanel({
      title: 'Devices by version', w: 12, h: 8,
      description: 'Devices with at least one member on each version (a device running two versions counts under both).',
      queries: [{ query: software().select('devices', 'sum').groupByTime().groupBy('version').latestPerSeries().fill('none'), alias: '$tag_version' }],
    }))
    .panel(barGaugePanel({
      title: 'Members by version (latest)', w: 12, h: 9,
      description: 'Members per version at the latest collection.',
      queries: [{ query: software().select('members', 'sum').groupByTime().groupBy('version').latestPerSeries().fill('none'), alias: '$tag_version' }],
    }))
    .panel(tablePanel({
      title: 'Versions running', w: 12, h: 9, sortBy: 'members',
      description: 'Each version running at the selected sites with its OS and train: devices and members (latest observation in the time range).',
      queries: [{ query: software().select('devices', 'sum').select('members', 'sum').groupBy('os', 'train', 'version').latestPerSeries() }],
    }))
    .panel(tablePanel({
      title: 'Versions by site', w: 24, h: 9, sortBy: 'members',
      description: 'Each version running at each site: devices and members (latest observation in the time range).',
      queries: [{ query: software().select('devices', 'last').select('members', 'last').groupBy('site', 'os', 'train', 'version') }],
    }));
}
