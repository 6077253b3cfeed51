/**
 * Reconciliation results for the accuracy and serials report tests, as the store returns them:
 * three stored reconciliations (given out of order) and the latest one's items, with every status
 * and contract state, one RMA pair, a product mismatch with an expired contract, a site name
 * holding markup and a serial that looks like a spreadsheet formula. The counts are computed from
 * the items with SPEC §5's rules (per site: the seen site, else the recorded one).
 */
import type { ReconcileCounts, ReconcileItem, StoredReconciliation } from '../../src/analysis/reconcile-types.js';

export const HOSTILE_SITE_NAME = '<b>Lab</b> & "test"';
export const SITE_NAMES: ReadonlyMap<string, string | null> = new Map([
  ['S1', 'AMS-DC1'],
  ['S2', 'FRA-DC2'],
  ['S3', HOSTILE_SITE_NAME],
]);
export const LATEST_AT = '2025-03-01T06:00:00.000Z';

type ItemFields = Partial<ReconcileItem> & Pick<ReconcileItem, 'status' | 'serialNumber'>;

function item(fields: ItemFields): ReconcileItem {
  return {
    device: null,
    site: null,
    ibSite: null,
    kind: 'fpc',
    partNumber: '750-000001',
    modelNumber: 'MPC7E-MRATE',
    sku: 'MPC7E-MRATE',
    contract: 'active',
    pairedWith: null,
    detail: `${fields.status} because the fixture says so`,
    ...fields,
  };
}

/** The latest reconciliation's items, in "stored" order (not sorted). */
export function sampleItems(): ReconcileItem[] {
  return [
    item({ status: 'matched', serialNumber: 'JN-ACTIVE-1', device: 'mx1', site: 'S1', ibSite: 'S1', kind: 'chassis', modelNumber: 'MX960', sku: 'MX960BASE3-AC-ECM' }),
    item({ status: 'matched', serialNumber: 'JN-EXPIRED-2', device: 'mx1', site: 'S1', ibSite: 'S1', contract: 'expired' }),
    item({ status: 'matched', serialNumber: 'JN-EXPIRING-3', device: 'mx1', site: 'S1', ibSite: 'S1', contract: 'expiring' }),
    item({ status: 'matched', serialNumber: 'JN-NONE-4', device: 'ex2', site: 'S2', ibSite: 'S2', kind: 'chassis', modelNumber: 'EX4300-48T', sku: 'EX4300-48T', contract: 'none' }),
    item({ status: 'unregistered', serialNumber: 'CAJX-NEW-5', device: 'ex2', site: 'S2', sku: null, contract: null }),
    item({ status: 'missing', serialNumber: 'JN-GONE-6', ibSite: 'S1', modelNumber: null, partNumber: null, kind: null }),
    item({ status: 'site-mismatch', serialNumber: 'JN-MOVED-7', device: 'ex2', site: 'S2', ibSite: 'S1', contract: 'expired' }),
    item({ status: 'rma-suspected', serialNumber: 'JN-OLD-8', ibSite: 'S1', pairedWith: 'JN-NEW-9', kind: null, modelNumber: null, partNumber: null, detail: 'missing MPC7E at S1' }),
    item({ status: 'product-mismatch', serialNumber: 'JN-WRONGSKU-10', device: 'qfx1', site: 'S2', ibSite: 'S2', kind: 'chassis', modelNumber: 'QFX5120-48Y', sku: 'EX4300-48T-AFI', contract: 'expired' }),
    item({ status: 'rma-suspected', serialNumber: 'JN-NEW-9', device: 'mx1', site: 'S1', pairedWith: 'JN-OLD-8', sku: null, contract: null, detail: 'unregistered MPC7E at S1' }),
    item({ status: 'not-verified', serialNumber: 'JN-STALE-11', device: 'mx3', site: null, ibSite: 'S3', contract: 'active' }),
    item({ status: 'unregistered', serialNumber: '-1234', device: 'srx3', site: 'S3', kind: 'transceiver', sku: null, contract: null, detail: '=HYPERLINK("http://192.0.2.1/","x")' }),
    item({ status: 'matched', serialNumber: 'JN-S3-12', device: 'srx3', site: 'S3', ibSite: 'S3', kind: 'chassis', modelNumber: 'SRX345', sku: 'SRX345-SYS-JB' }),
  ];
}

const zero = (): ReconcileCounts => ({ inScope: 0, matched: 0, unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 100 });
const FIELD: Readonly<Record<ReconcileItem['status'], keyof ReconcileCounts>> = {
  matched: 'matched',
  unregistered: 'unregistered',
  missing: 'missing',
  'site-mismatch': 'siteMismatch',
  'product-mismatch': 'productMismatch',
  'rma-suspected': 'rmaSuspected',
  'not-verified': 'notVerified',
};

function finish(c: ReconcileCounts): ReconcileCounts {
  const verified = c.inScope - c.notVerified;
  return { ...c, accuracyPct: verified === 0 ? 100 : Math.round((1000 * c.matched) / verified) / 10 };
}

/** SPEC §5 counts of some items: overall and per site. */
export function countsOf(items: readonly ReconcileItem[]): Pick<StoredReconciliation, 'summary' | 'perSite'> {
  const summary = zero();
  const sites = new Map<string, ReconcileCounts>();
  for (const i of items) {
    const site = (i.site ?? i.ibSite)!;
    if (!sites.has(site)) sites.set(site, zero());
    for (const c of [summary, sites.get(site)!]) {
      c.inScope++;
      c[FIELD[i.status]]++;
    }
  }
  return {
    summary: finish(summary),
    perSite: [...sites.keys()].sort().map((site) => ({ site, ...finish(sites.get(site)!) })),
  };
}

/** Three stored reconciliations, NOT in time order; the latest (id 3) is the one of sampleItems(). */
export function sampleReconciliations(): StoredReconciliation[] {
  const older = (id: number, at: string, matched: number, inScope: number): StoredReconciliation => {
    const summary = { ...zero(), inScope, matched, unregistered: inScope - matched, accuracyPct: Math.round((1000 * matched) / inScope) / 10 };
    return { id, at, summary, perSite: [{ site: 'S1', ...summary }] };
  };
  return [
    older(2, '2025-02-28T06:00:00.000Z', 9, 12),
    { id: 3, at: LATEST_AT, ...countsOf(sampleItems()) },
    older(1, '2025-02-27T06:00:00.000Z', 6, 12),
  ];
}
