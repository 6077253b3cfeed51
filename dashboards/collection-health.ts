/**
 * Dashboard "Collection health" (uid ibsight-collection-health): the collector reporting on itself
 * (SuzieQ's lesson): run duration, devices ok / partial / failed per run, schedule overruns, the
 * failures by collector and error code, and the devices the inventory could not collect now.
 *
 * Reads ibsight_run and ibsight_run_failures (one point per collection run, no site: not filtered by
 * $site / $model) and ibsight_inventory (filtered) (docs/metrics.md). Run points are events: several
 * runs in one interval add up in the failure bars; the outcome bars show the last run of each.
 */
import { INVENTORY, RUN, RUN_FAILURES } from '../src/outputs/metric-schema.js';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable, oneOf } from './influxql.js';
import { STATUS_COLORS } from './installed-base.js';
import { COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const collectRuns = () => influxql(RUN).where('kind', equals('collect'));
const notCollected = () =>
  influxql(INVENTORY).select('devices', 'sum').where('site', matchesVariable('site')).where('model', matchesVariable('model'))
    .where('status', oneOf('partial', 'failed', 'stale', 'never'));

export function collectionHealthDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'collection-health',
    title: 'ibsight — Collection health',
    description: 'The collector on itself: run duration, device outcomes, overruns and failures by collector and error code (ibsight docs/metrics.md).',
  })
    .panel(statPanel({
      title: 'Last run duration', w: 4, h: 4, unit: 's',
      description: 'Duration of the latest collection run.',
      queries: [{ query: collectRuns().select('duration_seconds', 'last').groupByTime().fill('none'), alias: 'duration' }],
    }))
    .panel(statPanel({
      title: 'Devices in last run', w: 4, h: 4,
      description: 'Devices the latest collection run tried.',
      queries: [{ query: collectRuns().select('devices_total', 'last').groupByTime().fill('none'), alias: 'devices' }],
    }))
    .panel(statPanel({
      title: 'Failed in last run', w: 4, h: 4,
      description: 'Devices that failed in the latest collection run (no connection, or software / inventory failed).',
      queries: [{ query: collectRuns().select('devices_failed', 'last').groupByTime().fill('none'), alias: 'failed' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.bad]),
      colorMode: common.BigValueColorMode.Background,
    }))
    .panel(statPanel({
      title: 'Partial in last run', w: 4, h: 4,
      description: 'Devices of the latest collection run on which some collectors failed.',
      queries: [{ query: collectRuns().select('devices_partial', 'last').groupByTime().fill('none'), alias: 'partial' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(statPanel({
      title: 'Overruns', w: 4, h: 4,
      description: 'Scheduled collection runs skipped in the time range because the previous run was still going.',
      queries: [{ query: collectRuns().select('overruns', 'sum'), alias: 'overruns' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(statPanel({
      title: 'Devices not collected ok', w: 4, h: 4,
      description: 'Devices of the selected sites and models whose latest collection is partial, failed, stale or never happened.',
      queries: [{ query: notCollected().groupByTime().latestPerSeries().fill('none'), alias: 'not ok' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(timeSeriesPanel({
      title: 'Run duration', w: 12, h: 8, unit: 's',
      description: 'Duration of each run, by kind (collect, ingest).',
      queries: [{ query: influxql(RUN).select('duration_seconds', 'max').groupByTime().groupBy('kind').fill('none'), alias: '$tag_kind' }],
    }))
    .panel(timeSeriesPanel({
      title: 'Device outcomes per run', w: 12, h: 8, bars: true, stacked: true,
      description: 'Devices ok, partial and failed in each collection run.',
      queries: [
        { query: collectRuns().select('devices_ok', 'last', 'ok').groupByTime().fill('none'), alias: 'ok' },
        { query: collectRuns().select('devices_partial', 'last', 'partial').groupByTime().fill('none'), alias: 'partial' },
        { query: collectRuns().select('devices_failed', 'last', 'failed').groupByTime().fill('none'), alias: 'failed' },
      ],
      colors: { ok: COLORS.ok, partial: COLORS.warn, failed: COLORS.bad },
    }))
    .panel(timeSeriesPanel({
      title: 'Failed devices by error code', w: 12, h: 8, bars: true, stacked: true,
      description: 'Devices that failed, by error code (AUTH_FAILED, CONNECT_TIMEOUT, RPC_TIMEOUT...), per run; no bar: no failure.',
      queries: [{ query: influxql(RUN_FAILURES).select('devices', 'sum').groupByTime().groupBy('code').fill('none'), alias: '$tag_code' }],
    }))
    .panel(timeSeriesPanel({
      title: 'Devices not collected ok by status', w: 12, h: 8, stacked: true,
      description: 'Devices of the selected sites and models whose latest collection is partial, failed, stale (last success too old) or never happened.',
      queries: [{ query: notCollected().groupByTime().groupBy('status').latestPerSeries().fill('none'), alias: '$tag_status' }],
      colors: STATUS_COLORS,
    }))
    .panel(tablePanel({
      title: 'Failures by collector and code', w: 24, h: 8, sortBy: 'devices',
      description: 'Device failures in the time range (summed over runs) by run kind, collector (`none`: could not connect) and error code.',
      queries: [{ query: influxql(RUN_FAILURES).select('devices', 'sum').groupBy('kind', 'collector', 'code') }],
    }));
}
