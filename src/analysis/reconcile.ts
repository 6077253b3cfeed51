/**
 * The reconciliation (SPEC §5): what the devices reported against the vendor's installed base, as
 * a pure function of a snapshot. No I/O; the caller (src/jobs/reconcile-job.ts) reads the store.
 *
 * Rules:
 *  - Serials compare trimmed and case-insensitively; an item shows the serial as the device
 *    reported it (trimmed), else as the installed base wrote it. Empty and placeholder serials
 *    (BUILTIN, NONE, N/A...) are ignored on both sides (serial-sightings.ts).
 *  - Scope: the sites of `input.sites`. Seen at site A = a component of a device of the input whose
 *    site is A; devices without a site or of another site are out of scope and their components
 *    ignored. In-scope serials = serials of reconciled kinds (`input.kinds`) seen in scope ∪
 *    installed-base serials recorded at a site of the scope. Components of other kinds never make an
 *    item of their own, but an installed-base serial found on one counts as seen (an optic the
 *    installed base lists is not "missing" because optics are not reconciled).
 *  - One serial on several components of one device counts once; the item takes its kind from the
 *    best component (reconciled kinds first, then highest in the tree: Chassis over FPC over PIC;
 *    at equal depth FPC over Routing Engine: serial-sightings.ts) and its part and model numbers
 *    from the first of them, best first, that has one (a VC chassis has none, its FPC 0 has). One
 *    serial on several devices is one item: the device whose inventory is current wins (then the
 *    one at the installed-base site, then the first by name); the detail names the others.
 *  - Status, first that applies:
 *      not-verified      in the installed base, seen only on devices whose latest collection failed
 *                        (`inventoryCurrent: false`); or not seen, at a site of the scope where no
 *                        device has a current inventory (never collected, or every device's latest
 *                        collection failed): nobody looked, so it is not called missing
 *      site-mismatch     in the installed base, seen on a current device of another site (also when
 *                        the installed-base site is outside the scope)
 *      product-mismatch  the SKU contradicts everything the device reported for the serial
 *                        (product-family.ts: unknown is never a contradiction)
 *      matched           otherwise, when in the installed base and seen on a current device
 *      unregistered      seen, not in the installed base (when seen only on failed devices, the
 *                        detail says when it was last seen and that the device failed since)
 *      missing           in the installed base at a site of the scope with at least one device
 *                        of a current inventory, not seen on any device of the scope (a device
 *                        never collected has no components: at a site that has other current
 *                        devices, its serials are missing too)
 *    then rma-suspected: missing and unregistered serials of one site and the same product are
 *    paired one to one (rma-pairing.ts); both become rma-suspected, each naming the other.
 *  - contract: contract-state.ts on the record's contracts at `input.now`; null without a record.
 *  - Counts, accuracy (rounded to 0.1) and the order of items and sites: reconcile-counts.ts.
 *  - An installed base holding one serial twice (differing only in case or spaces) is read
 *    first come: a seen serial takes its first record, an unseen one its first record at a site of
 *    the scope. The installed base is not indexed: each record is looked up among the serials seen
 *    (a million records cost a lookup each, not a map of a million).
 * installed-base `parent_serial` is not used.
 */
import type { IbRecord } from '../installed-base/installed-base-types.js';
import { contractClock, contractState, type ContractClock } from './contract-state.js';
import type { ProductFamilyTable } from './product-family.js';
import { countItems, sortItems } from './reconcile-counts.js';
import * as detail from './reconcile-detail.js';
import type { ReconcileInput, ReconcileItem, ReconcileResult, ReconcileStatus } from './reconcile-types.js';
import { pairRmaSuspects, type MissingCandidate, type UnregisteredCandidate } from './rma-pairing.js';
import { collectSightings, serialKey, type DeviceSighting } from './serial-sightings.js';

interface WorkItem {
  key: string;
  item: ReconcileItem;
  record: IbRecord | null;
  /** The sighting the item is about (the winner), null when not seen. */
  seen: DeviceSighting | null;
}

/** Current devices first, then the one at the installed-base site, then by device name. */
function rankSightings(list: DeviceSighting[], record: IbRecord | null): DeviceSighting[] {
  if (list.length === 1) return list;
  const score = (s: DeviceSighting): number => (s.device.inventoryCurrent ? 0 : 2) + (record !== null && s.device.site === record.siteId ? 0 : 1);
  return [...list].sort((a, b) => score(a) - score(b) || (a.device.name < b.device.name ? -1 : a.device.name > b.device.name ? 1 : 0));
}

function firstOf(seen: DeviceSighting, field: 'partNumber' | 'modelNumber'): string | null {
  for (const c of seen.components) if (c[field] !== null) return c[field];
  return null;
}

function seenItem(key: string, ranked: DeviceSighting[], record: IbRecord | null, sites: ReadonlySet<string>, families: ProductFamilyTable, clock: ContractClock): WorkItem {
  const [seen, ...others] = ranked as [DeviceSighting, ...DeviceSighting[]];
  const best = seen.components[0]!;
  let status: ReconcileStatus;
  let text: string;
  if (record === null) {
    status = 'unregistered';
    text = detail.unregisteredDetail(seen, others);
  } else if (!seen.device.inventoryCurrent) {
    status = 'not-verified';
    text = detail.notVerifiedDetail(seen, others, record);
  } else if (seen.device.site !== record.siteId) {
    status = 'site-mismatch';
    text = detail.siteMismatchDetail(seen, others, record, sites.has(record.siteId));
  } else {
    const comparison = families.compareProduct(record.sku, seen.components);
    status = comparison.verdict === 'contradiction' ? 'product-mismatch' : 'matched';
    text = comparison.verdict === 'contradiction'
      ? detail.productMismatchDetail(seen, others, comparison.reason)
      : detail.matchedDetail(seen, others, comparison, record);
  }
  const item: ReconcileItem = {
    status,
    serialNumber: best.serialNumber.trim(),
    device: seen.device.name,
    site: seen.device.site,
    ibSite: record?.siteId ?? null,
    kind: best.kind,
    partNumber: firstOf(seen, 'partNumber'),
    modelNumber: firstOf(seen, 'modelNumber'),
    sku: record?.sku ?? null,
    contract: record === null ? null : contractState(record.contracts, clock),
    pairedWith: null,
    detail: text,
  };
  return { key, item, record, seen };
}

/** An installed-base serial nobody reported: missing, or not-verified when its site has no current inventory to look in. */
function unseenItem(key: string, record: IbRecord, clock: ContractClock, siteLookedAt: boolean): WorkItem {
  const item: ReconcileItem = {
    status: siteLookedAt ? 'missing' : 'not-verified',
    serialNumber: record.serialNumber.trim(),
    device: null,
    site: null,
    ibSite: record.siteId,
    kind: null,
    partNumber: null,
    modelNumber: null,
    sku: record.sku,
    contract: contractState(record.contracts, clock),
    pairedWith: null,
    detail: siteLookedAt ? detail.missingDetail(record) : detail.siteNotCollectedDetail(record),
  };
  return { key, item, record, seen: null };
}

function markRmaSuspects(work: readonly WorkItem[], families: ProductFamilyTable): void {
  const missing: MissingCandidate<WorkItem>[] = [];
  const unregistered: UnregisteredCandidate<WorkItem>[] = [];
  for (const w of work) {
    if (w.item.status === 'missing') missing.push({ ref: w, key: w.key, site: w.record!.siteId, sku: w.record!.sku });
    else if (w.item.status === 'unregistered') unregistered.push({ ref: w, key: w.key, site: w.seen!.device.site!, components: w.seen!.components });
  }
  for (const pair of pairRmaSuspects(missing, unregistered, families)) {
    const m = pair.missing;
    const u = pair.unregistered;
    m.item.status = 'rma-suspected';
    m.item.pairedWith = u.item.serialNumber;
    m.item.detail = detail.rmaMissingDetail(m.record!, u.item.serialNumber, u.seen!, pair.basis);
    u.item.status = 'rma-suspected';
    u.item.pairedWith = m.item.serialNumber;
    u.item.detail = detail.rmaUnregisteredDetail(u.seen!, m.item.serialNumber, m.record!, pair.basis);
  }
}

export function reconcile(input: ReconcileInput, families: ProductFamilyTable): ReconcileResult {
  const siteIds = [...new Set(input.sites.map((s) => s.id))];
  const sites = new Set(siteIds);
  const kinds = new Set(input.kinds);
  const devices = new Map(input.devices.map((d) => [d.name, d] as const));
  const clock = contractClock(input.now, input.expiringDays);
  const serials = collectSightings(input.components, devices, sites, kinds);

  // Attach each record to its serial's sightings; keep the in-scope records nobody reported.
  const notSeen = new Map<string, IbRecord>();
  for (const record of input.installedBase) {
    const key = serialKey(record.serialNumber);
    if (key === null) continue;
    const entry = serials.get(key);
    if (entry !== undefined) entry.record ??= record;
    else if (sites.has(record.siteId) && !notSeen.has(key)) notSeen.set(key, record);
  }

  const work: WorkItem[] = [];
  for (const [key, entry] of serials) {
    const record = entry.record;
    if (!entry.reconciled && (record === null || !sites.has(record.siteId))) continue;
    work.push(seenItem(key, rankSightings(entry.sightings, record), record, sites, families, clock));
  }
  const sitesLookedAt = new Set(input.devices.filter((d) => d.inventoryCurrent && d.site !== null).map((d) => d.site));
  for (const [key, record] of notSeen) work.push(unseenItem(key, record, clock, sitesLookedAt.has(record.siteId)));
  markRmaSuspects(work, families);

  const items = sortItems(work, (w) => w.item, (w) => w.key).map((w) => w.item);
  const { summary, perSite } = countItems(items, siteIds);
  return { summary, perSite, items };
}
