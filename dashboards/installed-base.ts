/**
 * Dashboard "Installed base and accuracy" (uid ibsight-installed-base): how many devices and
 * components the fleet has, how many were collected, and how well the vendor's installed-base
 * records match what was seen (reconciliation, SPEC §5), per site and over time.
 *
 * Reads ibsight_inventory, ibsight_hardware, ibsight_reconcile, ibsight_accuracy and
 * ibsight_accuracy_fleet (docs/metrics.md). Counts over sites add the latest point of each series.
 */
import { ACCURACY, ACCURACY_FLEET, HARDWARE, INVENTORY, RECONCILE } from '../src/outputs/metric-schema.js';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { barGaugePanel, COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const model = matchesVariable('model');

const devices = () => influxql(INVENTORY).select('devices', 'sum').where('site', site).where('model', model);
const accuracySteps = () => thresholds(COLORS.bad, [90, COLORS.warn], [98, COLORS.ok]);

export const STATUS_COLORS = { ok: COLORS.ok, partial: COLORS.warn, failed: COLORS.bad, stale: 'yellow', never: 'purple' } as const;
const RECONCILE_COLORS = {
  matched: COLORS.ok, unregistered: COLORS.warn, missing: COLORS.bad, 'site-mismatch': 'yellow',
  'product-mismatch': 'purple', 'rma-suspected': 'dark-orange', 'not-verified': 'blue',
} as const;

export function installedBaseDashboard(): IbsightDashboard {
  return new IbsightDashboard({
    name: 'installed-base',
    title: 'ibsight — Installed base and accuracy',
    description: 'Devices, components and the installed-base accuracy of the latest reconciliation, by site (ibsight docs/metrics.md).',
  })
    .panel(statPanel({
      title: 'Devices', w: 4, h: 4,
      description: 'Devices of the inventory (every collection status) at the selected sites and models.',
      queries: [{ query: devices().groupByTime().latestPerSeries().fill('none'), alias: 'devices' }],
    }))
    .panel(statPanel({
      title: 'Collected ok', w: 4, h: 4,
      description: 'Devices whose latest collection succeeded completely (status ok).',
      queries: [{ query: devices().where('status', equals('ok')).groupByTime().latestPerSeries().fill('none'), alias: 'ok' }],
      thresholds: thresholds(COLORS.ok),
    }))
    .panel(statPanel({
      title: 'Fleet accuracy', w: 4, h: 4, unit: 'percent',
      description: 'Installed-base accuracy over every site (100 × matched ÷ (in scope − not verified)); not filtered by site or model.',
      queries: [{ query: influxql(ACCURACY_FLEET).select('pct', 'last').groupByTime().fill('none'), alias: 'fleet' }],
      thresholds: accuracySteps(),
    }))
    .panel(statPanel({
      title: 'Serials in scope', w: 4, h: 4,
      description: 'In-scope serials of the latest reconciliation at the selected sites.',
      queries: [{ query: influxql(ACCURACY).select('in_scope', 'sum').where('site', site).groupByTime().latestPerSeries().fill('none'), alias: 'in scope' }],
    }))
    .panel(statPanel({
      title: 'Matched serials', w: 4, h: 4,
      description: 'Serials seen on the network and recorded at the right site and product in the installed base.',
      queries: [{ query: influxql(ACCURACY).select('matched', 'sum').where('site', site).groupByTime().latestPerSeries().fill('none'), alias: 'matched' }],
      thresholds: thresholds(COLORS.ok),
    }))
    .panel(statPanel({
      title: 'Not verified', w: 4, h: 4,
      description: 'Serials last seen on a device whose latest collection failed: neither confirmed nor refuted.',
      queries: [{ query: influxql(ACCURACY).select('not_verified', 'sum').where('site', site).groupByTime().latestPerSeries().fill('none'), alias: 'not verified' }],
      thresholds: thresholds(COLORS.ok, [1, COLORS.warn]),
    }))
    .panel(timeSeriesPanel({
      title: 'Devices by collection status', w: 12, h: 8, stacked: true,
      description: 'Devices of the inventory by the status of their latest collection (ok, partial, failed, stale, never).',
      queries: [{ query: devices().groupByTime().groupBy('status').latestPerSeries().fill('none'), alias: '$tag_status' }],
      colors: STATUS_COLORS,
    }))
    .panel(timeSeriesPanel({
      title: 'Accuracy by site', w: 12, h: 8, unit: 'percent', min: 0, max: 100,
      description: 'Installed-base accuracy of each reconciliation, per site, and over the whole fleet.',
      queries: [
        { query: influxql(ACCURACY).select('pct', 'last').where('site', site).groupByTime().groupBy('site').fill('none'), alias: '$tag_site' },
        { query: influxql(ACCURACY_FLEET).select('pct', 'last').groupByTime().fill('none'), alias: 'fleet' },
      ],
    }))
    .panel(timeSeriesPanel({
      title: 'Serials by reconciliation status', w: 12, h: 8, stacked: true,
      description: 'In-scope serials of each reconciliation by status (SPEC §5): matched, unregistered, missing, mismatches, RMA suspected, not verified.',
      queries: [{ query: influxql(RECONCILE).select('serials', 'sum').where('site', site).groupByTime().groupBy('status').latestPerSeries().fill('none'), alias: '$tag_status' }],
      colors: RECONCILE_COLORS,
    }))
    .panel(barGaugePanel({
      title: 'Accuracy by site (latest)', w: 12, h: 8, unit: 'percent', max: 100,
      description: 'Installed-base accuracy of the latest reconciliation per site.',
      queries: [{ query: influxql(ACCURACY).select('pct', 'last').where('site', site).groupByTime().groupBy('site').fill('none'), alias: '$tag_site' }],
      thresholds: accuracySteps(),
    }))
    .panel(tablePanel({
      title: 'Devices by model', w: 12, h: 9, sortBy: 'devices',
      description: 'Devices of the inventory by model and OS (latest observation of each series in the time range; `unknown`: never collected).',
      queries: [{ query: devices().groupBy('model', 'os').latestPerSeries() }],
    }))
    .panel(tablePanel({
      title: 'Hardware components by kind', w: 12, h: 9, sortBy: 'components',
      description: 'Current chassis-inventory components (every depth) by kind, and how many carry a real serial number.',
      queries: [{ query: influxql(HARDWARE).select('components', 'sum').select('serials', 'sum').where('site', site).groupBy('kind').latestPerSeries() }],
    }));
}
