/**
 * Dashboard "Lifecycle milestones" (uid ibsight-lifecycle): hardware and software that passed, or
 * will soon pass (within the configured horizon), an End-of-Life milestone (SPEC §8): EOL announced,
 * last order, last warranty conversion, End of Software Engineering, End of Engineering, End of
 * Support.
 *
 * Reads ibsight_lifecycle and ibsight_exposure_site (docs/metrics.md). `devices` of a milestone adds
 * up across sites (a device is at one site), not across milestones.
 */
import { EXPOSURE_SITE, LIFECYCLE } from '../src/outputs/metric-schema.js';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { barGaugePanel, COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const lifecycle = () => influxql(LIFECYCLE).where('site', site);

function milestoneStat(item: 'hardware' | 'software', status: 'passed' | 'upcoming', w: number) {
  const what = `${item === 'hardware' ? 'Hardware' : 'Software'} milestones ${status}`;
  return statPanel({
    title: what, w, h: 4,
    description: item === 'hardware'
      ? `Findings on components and chassis (one per component and milestone) whose milestone has ${status === 'passed' ? 'passed' : 'not passed yet but falls within the horizon'}.`
      : `Findings on members' release trains (one per member and milestone) whose milestone has ${status === 'passed' ? 'passed' : 'not passed yet but falls within the horizon'}.`,
    queries: [{ query: lifecycle().select('findings', 'sum').where('item', equals(item)).where('status', equals(status)).groupByTime().latestPerSeries().fill('none'), alias: `${item} ${status}` }],
    thresholds: status === 'passed' ? thresholds(COLORS.ok, [1, COLORS.bad]) : thresholds(COLORS.ok, [1, COLORS.warn]),
  });
}

export function lifecycleDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'lifecycle',
    title: 'ibsight — Lifecycle milestones',
    description: 'End-of-life milestones passed and upcoming, for hardware and software, by site (ibsight docs/metrics.md).',
  })
    .panel(milestoneStat('hardware', 'passed', 4))
    .panel(milestoneStat('hardware', 'upcoming', 4))
    .panel(milestoneStat('software', 'passed', 4))
    .panel(milestoneStat('software', 'upcoming', 4))
    .panel(statPanel({
      title: 'Devices past hardware End of Support', w: 4, h: 4,
      description: 'Devices with at least one component or chassis past its End of Support.',
      queries: [{
        query: lifecycle().select('devices', 'sum').where('item', equals('hardware')).where('milestone', equals('endOfSupport'))
          .where('status', equals('passed')).groupByTime().latestPerSeries().fill('none'),
        alias: 'past EoS',
      }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.bad]),
    }))
    .panel(statPanel({
      title: 'Devices past End of Engineering', w: 4, h: 4,
      description: 'Devices running a release past its End of Engineering (no more security fixes).',
      queries: [{ query: influxql(EXPOSURE_SITE).select('devices_past_end_of_engineering', 'sum').where('site', site).groupByTime().latestPerSeries().fill('none'), alias: 'past EoE' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(timeSeriesPanel({
      title: 'Milestones passed', w: 12, h: 8, stacked: true,
      description: 'Findings whose milestone has passed, by item and milestone, per exposure run.',
      queries: [{ query: lifecycle().select('findings', 'sum').where('status', equals('passed')).groupByTime().groupBy('item', 'milestone').latestPerSeries().fill('none'), alias: '$tag_item $tag_milestone' }],
    }))
    .panel(timeSeriesPanel({
      title: 'Milestones upcoming', w: 12, h: 8, stacked: true,
      description: 'Findings whose milestone falls within the horizon, by item and milestone, per exposure run.',
      queries: [{ query: lifecycle().select('findings', 'sum').where('status', equals('upcoming')).groupByTime().groupBy('item', 'milestone').latestPerSeries().fill('none'), alias: '$tag_item $tag_milestone' }],
    }))
    .panel(barGaugePanel({
      title: 'Devices by milestone passed', w: 12, h: 9,
      description: 'Devices with at least one finding of each passed milestone (latest exposure run).',
      queries: [{ query: lifecycle().select('devices', 'sum').where('status', equals('passed')).groupByTime().groupBy('item', 'milestone').latestPerSeries().fill('none'), alias: '$tag_item $tag_milestone' }],
      thresholds: thresholds(COLORS.warn),
    }))
    .panel(tablePanel({
      title: 'Lifecycle by site', w: 12, h: 9, sortBy: 'findings',
      description: 'Findings and devices per site, item, milestone and status (latest exposure run in the time range).',
      queries: [{ query: lifecycle().select('findings', 'last').select('devices', 'last').groupBy('site', 'item', 'milestone', 'status') }],
    }));
}
