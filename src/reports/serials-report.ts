/**
 * `ibsight report serials --site ID`: the serial numbers of one site, for entitlement activation
 * (the list a Service Manager sends to get support contracts activated). A pure function from the
 * latest stored reconciliation and its items (SPEC §5) to a document, one row per serial.
 *
 * Which serials: every item whose seen site is the site, and every item not seen anywhere whose
 * installed-base site is the site. So the list holds
 *  - the serials seen at the site, whatever their status: matched, unregistered (not yet in the
 *    installed base), site-mismatch (seen here, recorded at the site in `ibSite`),
 *    product-mismatch, rma-suspected (the replacement seen here);
 *  - the serials recorded at the site and not seen: missing, not-verified (its device was not
 *    collected this run), rma-suspected (the replaced one).
 * A serial recorded here but seen at another site is listed under that other site. The `status`
 * column says which case a row is; `device` is the device it was seen on (not-verified: the one it
 * was last seen on, when known; missing: empty). This is the reconciliation's own per-site rule
 * (seen site, else recorded site), so the list's length is the site's `inScope`.
 * Rows by device, then kind and serial; serials without a device last.
 * `--site` naming a site the latest reconciliation and the inventory do not know is an
 * INPUT_INVALID error that names it and lists the known sites.
 */
import type { ContractState, ReconcileItem, ReconcileStatus, StoredReconciliation } from '../analysis/reconcile-types.js';
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { naturalCompare } from './junos-train.js';
import type { ReportTable, ReportView } from './report-view.js';

export interface SiteSerial {
  serialNumber: string;
  kind: ComponentKind | null;
  modelNumber: string | null;
  partNumber: string | null;
  sku: string | null;
  device: string | null;
  status: ReconcileStatus;
  contract: ContractState | null;
  /** Where the installed base records it (null: not recorded). */
  ibSite: string | null;
}

export interface SerialsReport {
  report: 'serials';
  generatedAt: string;
  reconciliationId: number;
  reconciledAt: string;
  site: string;
  siteName: string | null;
  totals: {
    serials: number;
    seen: number;
    notSeen: number;
    /** Not in the installed base (contract null). */
    notRecorded: number;
    contractActive: number;
    /** Contract expiring, expired or none. */
    contractToRenew: number;
  };
  serials: SiteSerial[];
}

export interface SerialsReportOptions {
  site: string;
  generatedAt: Date;
  /** Site id → name (inventory, installed base): also the sites known besides the reconciliation's. */
  siteNames?: ReadonlyMap<string, string | null>;
}

/** Seen in the latest collection: a device reported it and it is neither missing nor unverified. */
const wasSeen = (s: SiteSerial): boolean => s.device !== null && s.status !== 'missing' && s.status !== 'not-verified';

/** Whether the item belongs to the site's list (see the header). */
export function isSerialOfSite(item: ReconcileItem, site: string): boolean {
  return item.site !== null ? item.site === site : item.ibSite === site;
}

function knownSites(latest: StoredReconciliation, items: readonly ReconcileItem[], siteNames: ReadonlyMap<string, string | null>): string[] {
  const sites = new Set<string>([...latest.perSite.map((s) => s.site), ...siteNames.keys()]);
  for (const i of items) {
    if (i.site !== null) sites.add(i.site);
    if (i.ibSite !== null) sites.add(i.ibSite);
  }
  return [...sites].sort(naturalCompare);
}

export function buildSerialsReport(latest: StoredReconciliation, items: readonly ReconcileItem[], options: SerialsReportOptions): SerialsReport {
  const siteNames = options.siteNames ?? new Map<string, string | null>();
  const site = options.site;
  const known = knownSites(latest, items, siteNames);
  if (!known.includes(site)) {
    const list = known.length > 0 ? known.join(', ') : 'none';
    throw new IbsightError('INPUT_INVALID', `unknown site "${site}": the inventory and the latest reconciliation know ${list}`, {
      context: { site, knownSites: known },
    });
  }
  const serials: SiteSerial[] = items
    .filter((i) => isSerialOfSite(i, site))
    .map((i) => ({
      serialNumber: i.serialNumber,
      kind: i.kind,
      modelNumber: i.modelNumber,
      partNumber: i.partNumber,
      sku: i.sku,
      device: i.device,
      status: i.status,
      contract: i.contract,
      ibSite: i.ibSite,
    }))
    .sort(
      (a, b) =>
        naturalCompare(a.device, b.device) || naturalCompare(a.kind, b.kind) || naturalCompare(a.serialNumber, b.serialNumber),
    );
  const seen = serials.filter(wasSeen).length;
  return {
    report: 'serials',
    generatedAt: options.generatedAt.toISOString(),
    reconciliationId: latest.id,
    reconciledAt: latest.at,
    site,
    siteName: siteNames.get(site) ?? null,
    totals: {
      serials: serials.length,
      seen,
      notSeen: serials.length - seen,
      notRecorded: serials.filter((s) => s.contract === null).length,
      contractActive: serials.filter((s) => s.contract === 'active').length,
      contractToRenew: serials.filter((s) => s.contract === 'expiring' || s.contract === 'expired' || s.contract === 'none').length,
    },
    serials,
  };
}

export function serialsReportView(r: SerialsReport): ReportView {
  const table: ReportTable = {
    id: 'serials',
    title: 'Serial numbers',
    columns: [
      { key: 'serialNumber', label: 'Serial', nowrap: true },
      { key: 'kind', label: 'Kind' },
      { key: 'modelNumber', label: 'Model', nowrap: true },
      { key: 'partNumber', label: 'Part', nowrap: true },
      { key: 'sku', label: 'SKU', nowrap: true },
      { key: 'device', label: 'Device' },
      { key: 'status', label: 'Status' },
      { key: 'contract', label: 'Contract' },
      { key: 'ibSite', label: 'Site recorded' },
    ],
    rows: r.serials.map((s) => [s.serialNumber, s.kind, s.modelNumber, s.partNumber, s.sku, s.device, s.status, s.contract, s.ibSite]),
    emptyText: 'No serial number seen at or recorded for this site.',
  };
  const name = r.siteName ? `${r.site} (${r.siteName})` : r.site;
  return {
    kind: 'serials',
    title: `Serial numbers of site ${name}`,
    generatedAt: r.generatedAt,
    notes: [
      `From reconciliation #${r.reconciliationId} of ${r.reconciledAt}.`,
      'Every serial seen at the site (any status), and those the installed base records here that were not seen (missing, not verified, replaced); the status column says which.',
    ],
    totals: [
      { label: 'Serials', value: r.totals.serials },
      { label: 'Seen', value: r.totals.seen },
      { label: 'Not seen', value: r.totals.notSeen },
      { label: 'Not in the installed base', value: r.totals.notRecorded },
      { label: 'Contract active', value: r.totals.contractActive },
      { label: 'Contract to renew', value: r.totals.contractToRenew },
    ],
    tables: [table],
    csv: table,
    fileName: `serials-${r.site}`,
  };
}
