/**
 * Dashboard "Contract coverage" (uid ibsight-contracts): the support-contract state of the in-scope
 * serials of the latest reconciliation (SPEC §5 `contract`): active, expiring (within
 * `reconcile.expiringDays`), expired, none (installed-base record without a contract), no-record
 * (not in the installed base); and the contract findings of the exposure run.
 *
 * Reads ibsight_contracts and ibsight_exposure (kind contract) (docs/metrics.md).
 */
import { CONTRACTS, EXPOSURE, type CONTRACT_STATES } from '../src/outputs/metric-schema.js';
import { IbsightDashboard } from './dashboard-frame.js';
import { equals, influxql, matchesVariable } from './influxql.js';
import { SEVERITY_COLORS } from './exposure.js';
import { barGaugePanel, COLORS, statPanel, tablePanel, thresholds, timeSeriesPanel } from './panels.js';

const site = matchesVariable('site');
const serials = () => influxql(CONTRACTS).select('serials', 'sum').where('site', site);

type ContractState = (typeof CONTRACT_STATES)[number];

export const STATE_COLORS: Record<ContractState, string> = {
  active: COLORS.ok, expiring: COLORS.warn, expired: COLORS.bad, none: 'purple', 'no-record': 'yellow',
};

const STATES: readonly { state: ContractState; title: string; description: string; alertFrom: string | null }[] = [
  { state: 'active', title: 'Covered (active)', description: 'In-scope serials under an active support contract.', alertFrom: null },
  { state: 'expiring', title: 'Expiring', description: 'Serials whose contract ends within reconcile.expiringDays.', alertFrom: COLORS.warn },
  { state: 'expired', title: 'Expired', description: 'Serials whose contract has ended.', alertFrom: COLORS.bad },
  { state: 'none', title: 'No contract', description: 'Serials the installed base records without any contract.', alertFrom: 'purple' },
  { state: 'no-record', title: 'Not in the installed base', description: 'Serials seen on the network that the installed base does not record (no contract can be known).', alertFrom: 'yellow' },
];

export function contractsDashboard(): IbsightDashboard {
  const board = new IbsightDashboard({
    name: 'contracts',
    title: 'ibsight — Contract coverage',
    description: 'Support-contract state of the in-scope serials of the latest reconciliation, by site (ibsight docs/metrics.md).',
  });
  for (const { state, title, description, alertFrom } of STATES) {
    board.panel(statPanel({
      title, description, w: state === 'no-record' ? 4 : 5, h: 4,
      queries: [{ query: serials().where('state', equals(state)).groupByTime().latestPerSeries().fill('none'), alias: state }],
      thresholds: alertFrom === null ? thresholds(COLORS.ok) : thresholds(COLORS.ok, [1, alertFrom]),
    }));
  }
  return board
    .panel(timeSeriesPanel({
      title: 'Serials by contract state', w: 12, h: 8, stacked: true,
      description: 'In-scope serials by contract state, per reconciliation.',
      queries: [{ query: serials().groupByTime().groupBy('state').latestPerSeries().fill('none'), alias: '$tag_state' }],
      colors: STATE_COLORS,
    }))
    .panel(timeSeriesPanel({
      title: 'Contract findings by severity', w: 12, h: 8, stacked: true,
      description: 'Contract findings of the exposure runs (expired, expiring, missing contracts) by severity.',
      queries: [{
        query: influxql(EXPOSURE).select('findings', 'sum').where('site', site).where('kind', equals('contract')).groupByTime().groupBy('severity').latestPerSeries().fill('none'),
        alias: '$tag_severity',
      }],
      colors: SEVERITY_COLORS,
    }))
    .panel(barGaugePanel({
      title: 'Covered serials by site', w: 12, h: 8,
      description: 'In-scope serials under an active contract at each site (latest reconciliation).',
      queries: [{ query: serials().where('state', equals('active')).groupByTime().groupBy('site').latestPerSeries().fill('none'), alias: '$tag_site' }],
      thresholds: thresholds(COLORS.ok),
    }))
    .panel(tablePanel({
      title: 'Contract state by site', w: 12, h: 8, sortBy: 'serials',
      description: 'In-scope serials per site and contract state (latest reconciliation in the time range).',
      queries: [{ query: influxql(CONTRACTS).select('serials', 'last').where('site', site).groupBy('site', 'state') }],
    }));
}
