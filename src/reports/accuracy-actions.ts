/**
 * What the installed-base owner must do about each reconciled serial (the accuracy report's
 * action list). One table, ACTION_RULES, maps a reconciliation item (SPEC §5) to its action:
 *
 *   status / condition                                      action           what to do
 *   unregistered                                            add              add to the installed base at the site seen
 *   missing                                                 remove           remove (or find): not seen at its site
 *   site-mismatch                                           move-site        move to site X (the site it was seen at)
 *   rma-suspected (the pair: missing A, unregistered B)     record-rma-swap  record the RMA swap: A replaced by B — ONE row per pair
 *   product-mismatch                                        fix-sku          fix the SKU
 *   matched or product-mismatch, seen at its recorded site,
 *     contract expired / expiring / none                    renew-contract   renew contract (a matched serial can need it)
 *   not-verified                                            verify           verify (device not collected this run)
 *
 * A serial gets one row per action that applies (a product-mismatch with an expired contract gets
 * fix-sku and renew-contract); matched serials with an active contract get none. A site-mismatch
 * serial gets no contract row: its contract is reviewed with the move (its state is on the row).
 * Rows are ordered by the table's order, then site, device and serial, so two reports of the
 * same reconciliation are identical.
 */
import type { ContractState, ReconcileItem, ReconcileStatus } from '../analysis/reconcile-types.js';
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import { naturalCompare } from './junos-train.js';

export type AccuracyAction = 'add' | 'remove' | 'move-site' | 'record-rma-swap' | 'fix-sku' | 'renew-contract' | 'verify';

/** One thing to do about one serial (a pair for an RMA swap). */
export interface ActionRow {
  action: AccuracyAction;
  /** The instruction, e.g. `move to site S2 (FRA-DC2)`. */
  todo: string;
  status: ReconcileStatus;
  serialNumber: string;
  /** record-rma-swap: the replacement serial (seen on the device); null otherwise. */
  pairedWith: string | null;
  /** Where it was seen (null: not seen). */
  site: string | null;
  siteName: string | null;
  /** Where the installed base records it (null: not recorded). */
  ibSite: string | null;
  ibSiteName: string | null;
  device: string | null;
  kind: ComponentKind | null;
  modelNumber: string | null;
  partNumber: string | null;
  sku: string | null;
  contract: ContractState | null;
  detail: string;
}

type SiteLabel = (site: string | null) => string;

interface ActionRule {
  action: AccuracyAction;
  /** The group's heading in the report. */
  title: string;
  /** Shown when the group is empty. */
  emptyText: string;
  applies: (item: ReconcileItem) => boolean;
  todo: (item: ReconcileItem, site: SiteLabel) => string;
}

const CONTRACT_ACTION_STATES: readonly (ContractState | null)[] = ['expired', 'expiring', 'none'];
const CONTRACT_TODO: Readonly<Record<string, string>> = {
  expired: 'renew contract (expired)',
  expiring: 'renew contract (expiring)',
  none: 'renew contract (none on record)',
};

/** The mapping, in report order (see the header). record-rma-swap rows are built per pair (rmaRows). */
export const ACTION_RULES: readonly ActionRule[] = [
  {
    action: 'add',
    title: 'Add to the installed base',
    emptyText: 'Every serial seen is in the installed base.',
    applies: (i) => i.status === 'unregistered',
    todo: (i, site) => `add to the installed base at site ${site(i.site)}`,
  },
  {
    action: 'remove',
    title: 'Remove (or find)',
    emptyText: 'Every serial recorded at a collected site was seen.',
    applies: (i) => i.status === 'missing',
    todo: (i, site) => `remove (or find): not seen at site ${site(i.ibSite)}`,
  },
  {
    action: 'move-site',
    title: 'Move to the site seen',
    emptyText: 'Every serial was seen at the site the installed base records.',
    applies: (i) => i.status === 'site-mismatch',
    todo: (i, site) => `move to site ${site(i.site)}; recorded at ${site(i.ibSite)}`,
  },
  {
    action: 'record-rma-swap',
    title: 'Record the RMA swap',
    emptyText: 'No suspected RMA swap.',
    applies: (i) => i.status === 'rma-suspected',
    todo: () => '', // per pair: rmaRows
  },
  {
    action: 'fix-sku',
    title: 'Fix the SKU',
    emptyText: 'Every SKU matches what the devices reported.',
    applies: (i) => i.status === 'product-mismatch',
    todo: (i) => `fix the SKU: ${i.sku ?? '(none)'} does not match ${i.modelNumber ?? i.partNumber ?? 'what the device reported'}`,
  },
  {
    action: 'renew-contract',
    title: 'Renew contract',
    emptyText: 'Every serial in place has an active contract.',
    applies: (i) =>
      (i.status === 'matched' || i.status === 'product-mismatch') && i.site !== null && i.site === i.ibSite && CONTRACT_ACTION_STATES.includes(i.contract),
    todo: (i) => CONTRACT_TODO[i.contract ?? 'none']!,
  },
  {
    action: 'verify',
    title: 'Verify (device not collected this run)',
    emptyText: 'Every device holding an installed-base serial was collected.',
    applies: (i) => i.status === 'not-verified',
    todo: (i) => `verify (device ${i.device === null ? '' : `${i.device} `}not collected this run)`,
  },
];

export function siteLabeller(siteNames: ReadonlyMap<string, string | null>): SiteLabel {
  return (site) => {
    if (site === null) return '(unknown)';
    const name = siteNames.get(site);
    return name ? `${site} (${name})` : site;
  };
}

function row(action: AccuracyAction, todo: string, item: ReconcileItem, siteNames: ReadonlyMap<string, string | null>): ActionRow {
  const name = (site: string | null): string | null => (site === null ? null : (siteNames.get(site) ?? null));
  return {
    action,
    todo,
    status: item.status,
    serialNumber: item.serialNumber,
    pairedWith: null,
    site: item.site,
    siteName: name(item.site),
    ibSite: item.ibSite,
    ibSiteName: name(item.ibSite),
    device: item.device,
    kind: item.kind,
    modelNumber: item.modelNumber,
    partNumber: item.partNumber,
    sku: item.sku,
    contract: item.contract,
    detail: item.detail,
  };
}

/** Whether `a` is the recorded (old) half of the pair: the one not seen, else the one the installed base holds. */
function recordedHalfFirst(a: ReconcileItem, b: ReconcileItem): boolean {
  if ((a.device === null) !== (b.device === null)) return a.device === null;
  return a.ibSite !== null && b.ibSite === null;
}

/**
 * One row per RMA pair: the serial the installed base records (the missing half, A) and the one
 * seen in its place (B). The seen half gives device, site and hardware; the recorded half gives
 * the SKU, recorded site and contract. An item whose partner is not among the items still gets
 * its own row.
 */
function rmaRows(items: readonly ReconcileItem[], siteNames: ReadonlyMap<string, string | null>): ActionRow[] {
  const rma = items.filter((i) => i.status === 'rma-suspected');
  const bySerial = new Map(rma.map((i) => [i.serialNumber, i] as const));
  const done = new Set<string>();
  const out: ActionRow[] = [];
  for (const item of rma) {
    if (done.has(item.serialNumber)) continue;
    const partner = item.pairedWith === null ? undefined : bySerial.get(item.pairedWith);
    done.add(item.serialNumber);
    if (partner) done.add(partner.serialNumber);
    const itemIsOld = partner ? recordedHalfFirst(item, partner) : item.device === null;
    const old = itemIsOld ? item : (partner ?? null);
    const seen = itemIsOld ? (partner ?? null) : item;
    const oldSerial = old?.serialNumber ?? item.pairedWith ?? '(unknown)';
    const newSerial = seen?.serialNumber ?? item.pairedWith ?? '(unknown)';
    const base = row('record-rma-swap', `record the RMA swap: ${oldSerial} replaced by ${newSerial}`, old ?? item, siteNames);
    const hw = seen ?? item;
    const details = [old?.detail, seen?.detail].filter((d): d is string => typeof d === 'string' && d !== '');
    out.push({
      ...base,
      serialNumber: oldSerial,
      pairedWith: newSerial,
      site: hw.site,
      siteName: hw.site === null ? null : (siteNames.get(hw.site) ?? null),
      device: hw.device,
      kind: hw.kind ?? base.kind,
      modelNumber: hw.modelNumber ?? base.modelNumber,
      partNumber: hw.partNumber ?? base.partNumber,
      detail: [...new Set(details)].join(' | '),
    });
  }
  return out;
}

/** Every action row of a reconciliation's items, in report order. */
export function actionRows(items: readonly ReconcileItem[], siteNames: ReadonlyMap<string, string | null>): ActionRow[] {
  const site = siteLabeller(siteNames);
  const out: ActionRow[] = [];
  for (const rule of ACTION_RULES) {
    const rows =
      rule.action === 'record-rma-swap'
        ? rmaRows(items, siteNames)
        : items.filter(rule.applies).map((i) => row(rule.action, rule.todo(i, site), i, siteNames));
    rows.sort(
      (a, b) =>
        naturalCompare(a.site ?? a.ibSite, b.site ?? b.ibSite) || naturalCompare(a.device, b.device) || naturalCompare(a.serialNumber, b.serialNumber),
    );
    out.push(...rows);
  }
  return out;
}
