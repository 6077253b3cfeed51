/**
 * `ibsight report accuracy`: how well the vendor's installed base matches what the devices
 * reported, and what its owner must do about it. A pure function from the stored
 * reconciliations (the trend) and the latest one's items to a document:
 *  - summary, perSite (with site names), items: the latest reconciliation as SPEC §5 has them;
 *  - reconciliationId, reconciledAt: which reconciliation that is; generatedAt;
 *  - trend: one point per stored reconciliation, oldest first ({at, accuracyPct, inScope,
 *    matched, notVerified});
 *  - actions: one row per thing to do, grouped by action in this order (the mapping table is
 *    ACTION_RULES in accuracy-actions.ts):
 *      unregistered → add to the installed base · missing → remove (or find) ·
 *      site-mismatch → move to site X · rma-suspected pair → record the RMA swap A replaced by B
 *      (one row per pair) · product-mismatch → fix the SKU · matched / product-mismatch serials
 *      at their recorded site whose contract is expired, expiring or none → renew contract ·
 *      not-verified → verify (device not collected this run).
 * The view draws the trend and per-site accuracy as inline SVG (svg-charts.ts), then the per-site
 * counts, one table per action group and the trend; its CSV is the action list, one row per
 * discrepancy or contract to renew, with an `action` column.
 */
import type { ReconcileCounts, ReconcileItem, StoredReconciliation } from '../analysis/reconcile-types.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { ACTION_RULES, actionRows, siteLabeller, type ActionRow } from './accuracy-actions.js';
import type { ReportColumn, ReportTable, ReportView } from './report-view.js';
import { horizontalBarsSvg, shortTime, trendLineSvg, type BarTone } from './svg-charts.js';

export interface AccuracyTrendPoint {
  at: string;
  accuracyPct: number;
  inScope: number;
  matched: number;
  notVerified: number;
}

export interface AccuracyReport {
  report: 'accuracy';
  generatedAt: string;
  reconciliationId: number;
  reconciledAt: string;
  summary: ReconcileCounts;
  perSite: (ReconcileCounts & { site: string; siteName: string | null })[];
  trend: AccuracyTrendPoint[];
  actions: ActionRow[];
  items: ReconcileItem[];
}

export interface AccuracyReportOptions {
  generatedAt: Date;
  /** Site id → name (inventory, installed base), when known. */
  siteNames?: ReadonlyMap<string, string | null>;
}

export const NO_RECONCILIATION_MESSAGE = 'no reconciliation stored yet: run `ibsight reconcile` first';

const byTime = (a: StoredReconciliation, b: StoredReconciliation): number => {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return (Number.isFinite(ta) && Number.isFinite(tb) ? ta - tb : a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || a.id - b.id;
};

/** The reconciliations oldest first (by time, then id). */
export function reconciliationsInOrder(list: readonly StoredReconciliation[]): StoredReconciliation[] {
  return [...list].sort(byTime);
}

/** The latest reconciliation; INPUT_INVALID when none is stored. */
export function latestReconciliation(list: readonly StoredReconciliation[]): StoredReconciliation {
  const latest = reconciliationsInOrder(list).at(-1);
  if (!latest) throw new IbsightError('INPUT_INVALID', NO_RECONCILIATION_MESSAGE);
  return latest;
}

export function buildAccuracyReport(
  reconciliations: readonly StoredReconciliation[],
  latestItems: readonly ReconcileItem[],
  options: AccuracyReportOptions,
): AccuracyReport {
  const siteNames = options.siteNames ?? new Map<string, string | null>();
  const latest = latestReconciliation(reconciliations);
  return {
    report: 'accuracy',
    generatedAt: options.generatedAt.toISOString(),
    reconciliationId: latest.id,
    reconciledAt: latest.at,
    summary: { ...latest.summary },
    perSite: latest.perSite.map((s) => ({ ...s, siteName: siteNames.get(s.site) ?? null })),
    trend: reconciliationsInOrder(reconciliations).map((r) => ({
      at: r.at,
      accuracyPct: r.summary.accuracyPct,
      inScope: r.summary.inScope,
      matched: r.summary.matched,
      notVerified: r.summary.notVerified,
    })),
    actions: actionRows(latestItems, siteNames),
    items: latestItems.map((i) => ({ ...i })),
  };
}

/** A percentage as shown: at most one decimal, `87.5 %`. */
export function percentText(value: number): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
}

const toneOf = (pct: number): BarTone => (pct >= 95 ? 'good' : pct >= 80 ? 'fair' : 'poor');

const COUNT_COLUMNS: readonly [keyof ReconcileCounts, string][] = [
  ['inScope', 'In scope'],
  ['matched', 'Matched'],
  ['unregistered', 'Unregistered'],
  ['missing', 'Missing'],
  ['siteMismatch', 'Site mismatch'],
  ['productMismatch', 'Product mismatch'],
  ['rmaSuspected', 'RMA suspected'],
  ['notVerified', 'Not verified'],
];

const ACTION_COLUMNS: ReportColumn[] = [
  { key: 'action', label: 'Action' },
  { key: 'todo', label: 'What to do' },
  { key: 'status', label: 'Status' },
  { key: 'serialNumber', label: 'Serial', nowrap: true },
  { key: 'pairedWith', label: 'Paired with', nowrap: true },
  { key: 'site', label: 'Site seen' },
  { key: 'siteName', label: 'Site name' },
  { key: 'ibSite', label: 'Site recorded' },
  { key: 'ibSiteName', label: 'Recorded site name' },
  { key: 'device', label: 'Device' },
  { key: 'kind', label: 'Kind' },
  { key: 'modelNumber', label: 'Model', nowrap: true },
  { key: 'partNumber', label: 'Part', nowrap: true },
  { key: 'sku', label: 'SKU', nowrap: true },
  { key: 'contract', label: 'Contract' },
  { key: 'detail', label: 'Detail' },
];

const actionCells = (a: ActionRow) => [
  a.action,
  a.todo,
  a.status,
  a.serialNumber,
  a.pairedWith,
  a.site,
  a.siteName,
  a.ibSite,
  a.ibSiteName,
  a.device,
  a.kind,
  a.modelNumber,
  a.partNumber,
  a.sku,
  a.contract,
  a.detail,
];

/**
 * One table per action group, narrower than the CSV: no action column (the group says it), the
 * site ids with their names in one cell, no part number, `Paired with` only for RMA swaps.
 */
function actionGroupTables(r: AccuracyReport): ReportTable[] {
  const site = (id: string | null, name: string | null): string | null => (id === null ? null : name ? `${id} (${name})` : id);
  return ACTION_RULES.map((rule) => {
    const paired = rule.action === 'record-rma-swap';
    const columns: ReportColumn[] = [
      { key: 'todo', label: 'What to do' },
      { key: 'status', label: 'Status' },
      { key: 'serialNumber', label: 'Serial', nowrap: true },
      ...(paired ? [{ key: 'pairedWith', label: 'Replaced by', nowrap: true }] : []),
      { key: 'site', label: 'Site seen' },
      { key: 'ibSite', label: 'Site recorded' },
      { key: 'device', label: 'Device' },
      { key: 'kind', label: 'Kind' },
      { key: 'modelNumber', label: 'Model / part', nowrap: true },
      { key: 'sku', label: 'SKU', nowrap: true },
      { key: 'contract', label: 'Contract' },
      { key: 'detail', label: 'Detail' },
    ];
    const rows = r.actions
      .filter((a) => a.action === rule.action)
      .map((a) => [
        a.todo,
        a.status,
        a.serialNumber,
        ...(paired ? [a.pairedWith] : []),
        site(a.site, a.siteName),
        site(a.ibSite, a.ibSiteName),
        a.device,
        a.kind,
        a.modelNumber ?? a.partNumber,
        a.sku,
        a.contract,
        a.detail,
      ]);
    return { id: `action-${rule.action}`, title: rule.title, columns, rows, emptyText: rule.emptyText };
  });
}

function figures(r: AccuracyReport, siteNames: ReadonlyMap<string, string | null>): NonNullable<ReportView['figures']> {
  const site = siteLabeller(siteNames);
  const trend = trendLineSvg(
    r.trend.map((t) => ({
      at: t.at,
      value: t.accuracyPct,
      title: `${shortTime(t.at)} UTC: ${percentText(t.accuracyPct)} (${t.matched} matched of ${t.inScope - t.notVerified} verified; ${t.notVerified} not verified)`,
    })),
    { label: `Installed-base accuracy over ${r.trend.length} reconciliation(s)`, yUnit: '%', xTitle: 'reconciliation time (UTC)' },
  );
  const bars = horizontalBarsSvg(
    r.perSite.map((s) => ({
      key: s.site,
      label: site(s.site),
      value: s.accuracyPct,
      valueText: percentText(s.accuracyPct),
      title: `${site(s.site)}: ${percentText(s.accuracyPct)} (${s.matched} matched of ${s.inScope - s.notVerified} verified; ${s.notVerified} not verified)`,
      tone: toneOf(s.accuracyPct),
    })),
    { label: 'Accuracy per site, latest reconciliation', max: 100 },
  );
  return [
    { id: 'trend-chart', title: 'Accuracy trend', svg: trend },
    { id: 'per-site-chart', title: 'Accuracy per site', svg: bars },
  ];
}

export function accuracyReportView(r: AccuracyReport): ReportView {
  const siteNames = new Map<string, string | null>();
  for (const s of r.perSite) siteNames.set(s.site, s.siteName);
  for (const a of r.actions) {
    if (a.site !== null && a.siteName !== null) siteNames.set(a.site, a.siteName);
    if (a.ibSite !== null && a.ibSiteName !== null) siteNames.set(a.ibSite, a.ibSiteName);
  }
  const first = r.trend[0];
  const csv: ReportTable = {
    id: 'actions',
    title: 'Actions for the installed-base owner',
    columns: ACTION_COLUMNS,
    rows: r.actions.map(actionCells),
    emptyText: 'Nothing to do: the installed base matches the network.',
  };
  return {
    kind: 'accuracy',
    title: 'Installed-base accuracy',
    generatedAt: r.generatedAt,
    notes: [
      `Reconciliation #${r.reconciliationId} of ${r.reconciledAt}; the trend covers ${r.trend.length} reconciliation(s)${first ? ` since ${first.at}` : ''}.`,
      'Accuracy = 100 × matched ÷ (in scope − not verified), overall and per site; 100 when nothing could be verified.',
      'Actions: one row per thing the installed-base owner must do; a matched serial can still need its contract renewed.',
    ],
    totals: [
      { label: 'Accuracy %', value: r.summary.accuracyPct },
      ...COUNT_COLUMNS.map(([key, label]) => ({ label, value: r.summary[key] })),
      { label: 'Actions', value: r.actions.length },
    ],
    figures: figures(r, siteNames),
    tables: [
      {
        id: 'per-site',
        title: 'Per site',
        columns: [
          { key: 'site', label: 'Site' },
          { key: 'siteName', label: 'Site name' },
          ...COUNT_COLUMNS.map(([key, label]) => ({ key, label, numeric: true })),
          { key: 'accuracyPct', label: 'Accuracy %', numeric: true },
        ],
        rows: r.perSite.map((s) => [s.site, s.siteName, ...COUNT_COLUMNS.map(([key]) => s[key]), s.accuracyPct]),
        emptyText: 'No site in scope.',
      },
      ...actionGroupTables(r),
      {
        id: 'trend',
        title: 'Trend',
        columns: [
          { key: 'at', label: 'Reconciled at', nowrap: true },
          { key: 'inScope', label: 'In scope', numeric: true },
          { key: 'matched', label: 'Matched', numeric: true },
          { key: 'notVerified', label: 'Not verified', numeric: true },
          { key: 'accuracyPct', label: 'Accuracy %', numeric: true },
        ],
        rows: r.trend.map((t) => [t.at, t.inScope, t.matched, t.notVerified, t.accuracyPct]),
        emptyText: 'No reconciliation stored.',
      },
    ],
    csv,
  };
}
