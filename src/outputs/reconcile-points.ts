/**
 * Metric points of the latest reconciliation (SPEC §5, docs/metrics.md): `ibsight_reconcile`
 * (serials by site and status), `ibsight_accuracy` (per site), `ibsight_accuracy_fleet` (over
 * every site) and `ibsight_contracts` (contract state of the in-scope serials by site). Pure: from
 * a StoredReconciliation and the store's contract counts, at the reconciliation's own time — one
 * point per series per reconciliation, so writing the same reconciliation again rewrites the same
 * points instead of adding new ones.
 *
 * Rules: every status is written for every site of the reconciliation (zeros included); every
 * contract state for every site of it and every site the counts name; a null contract (no
 * installed-base record) is `no-record`.
 */
import { COUNT_KEY } from '../analysis/reconcile-counts.js';
import type { ReconcileCounts, StoredReconciliation } from '../analysis/reconcile-types.js';
import type { MetricCounts } from '../store/metric-queries.js';
import type { MetricPoint } from './metric-point.js';
import { ACCURACY, ACCURACY_FLEET, CONTRACT_STATES, CONTRACTS, RECONCILE } from './metric-schema.js';
import { byCodeUnit } from './point-order.js';
import { schemaPoint, tagValue } from './schema-point.js';

function accuracyFields(c: ReconcileCounts) {
  return { pct: c.accuracyPct, in_scope: c.inScope, matched: c.matched, not_verified: c.notVerified };
}

export function reconcilePoints(rec: StoredReconciliation): MetricPoint[] {
  const time = new Date(rec.at);
  const points: MetricPoint[] = [];
  for (const s of rec.perSite) {
    const site = tagValue(s.site);
    for (const status of RECONCILE.tagValues.status) points.push(schemaPoint(RECONCILE, { site, status }, { serials: s[COUNT_KEY[status]] }, time));
  }
  for (const s of rec.perSite) points.push(schemaPoint(ACCURACY, { site: tagValue(s.site) }, accuracyFields(s), time));
  points.push(schemaPoint(ACCURACY_FLEET, {}, accuracyFields(rec.summary), time));
  return points;
}

type ContractTag = (typeof CONTRACT_STATES)[number];

export function contractPoints(contracts: NonNullable<MetricCounts['contracts']>): MetricPoint[] {
  const time = new Date(contracts.at);
  const counts = new Map<string, number>();
  const sites = new Set(contracts.sites.map(tagValue));
  for (const r of contracts.rows) {
    const site = tagValue(r.site);
    sites.add(site);
    const key = JSON.stringify([site, r.state ?? 'no-record']);
    counts.set(key, (counts.get(key) ?? 0) + r.serials);
  }
  const points: MetricPoint[] = [];
  for (const site of [...sites].sort(byCodeUnit)) {
    for (const state of CONTRACT_STATES as readonly ContractTag[]) {
      points.push(schemaPoint(CONTRACTS, { site, state }, { serials: counts.get(JSON.stringify([site, state])) ?? 0 }, time));
    }
  }
  return points;
}
