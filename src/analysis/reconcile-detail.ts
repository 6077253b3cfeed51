/**
 * The `detail` sentence of each reconciliation item (SPEC §5): one sentence saying what was
 * compared and why the item has its status, naming devices, components, sites, SKUs and families.
 * Wording only: reconcile.ts decides the status.
 */
import type { IbRecord } from '../installed-base/installed-base-types.js';
import { componentPlace, describeReported, type ProductComparison } from './product-family.js';
import type { SeenComponent } from './reconcile-types.js';
import type { DeviceSighting } from './serial-sightings.js';

/** `mx1 FPC 3 (model MPC7E-MRATE)`: the sighting's best component and what it reported. */
export function sightingText(s: DeviceSighting): string {
  const c: SeenComponent = s.components[0]!;
  const product =
    c.modelNumber !== null ? `model ${c.modelNumber}`
    : c.description !== null ? `description ${c.description}`
    : c.partNumber !== null ? `part number ${c.partNumber}`
    : null;
  return product === null ? componentPlace(c) : `${componentPlace(c)} (${product})`;
}

function when(s: DeviceSighting): string {
  return s.device.lastCollected ?? 'an unknown date';
}

/** `; also reported by mx2 FPC 1 (model …), whose collection failed since 2026-…` for the other devices. */
export function alsoText(others: readonly DeviceSighting[]): string {
  if (others.length === 0) return '';
  const texts = others.map((s) => {
    const state = s.device.inventoryCurrent ? '' : `, whose latest collection failed (last collected ${when(s)})`;
    return `${sightingText(s)} at site ${s.device.site}${state}`;
  });
  return `; also reported by ${texts.join(', and by ')}`;
}

export function skuText(record: IbRecord): string {
  return record.sku === null ? 'a record without SKU' : `SKU ${record.sku}`;
}

/** What the SKU comparison found, for items whose product matched or could not be compared. */
export function productText(comparison: ProductComparison, record: IbRecord): string {
  switch (comparison.verdict) {
    case 'no-sku':
      return 'no SKU is recorded to compare the product with';
    case 'same-number':
      return `${skuText(record)} is the ${comparison.field} the device reported`;
    case 'unknown-sku':
      return `${skuText(record)} has no known product family, so the product was not compared`;
    case 'unknown-reported':
      return `${skuText(record)} (family ${comparison.skuFamily}) was not compared: nothing the device reported has a known family`;
    case 'same-family':
      return `${skuText(record)} (family ${comparison.skuFamily}) agrees with ${describeReported(comparison.agreeing)}`;
    case 'contradiction':
      return comparison.reason;
  }
}

export function matchedDetail(seen: DeviceSighting, others: readonly DeviceSighting[], comparison: ProductComparison, record: IbRecord): string {
  return `Seen on ${sightingText(seen)} at site ${seen.device.site}, where the installed base records it; ${productText(comparison, record)}${alsoText(others)}.`;
}

export function productMismatchDetail(seen: DeviceSighting, others: readonly DeviceSighting[], reason: string): string {
  return `${reason}, at site ${seen.device.site} where the installed base records it${alsoText(others)}.`;
}

export function siteMismatchDetail(seen: DeviceSighting, others: readonly DeviceSighting[], record: IbRecord, ibSiteInScope: boolean): string {
  const scope = ibSiteInScope ? '' : ' (not a site of the inventory)';
  return `Seen on ${sightingText(seen)} at site ${seen.device.site}, but the installed base records it at site ${record.siteId}${scope} as ${skuText(record)}${alsoText(others)}.`;
}

export function unregisteredDetail(seen: DeviceSighting, others: readonly DeviceSighting[]): string {
  if (seen.device.inventoryCurrent) return `Seen on ${sightingText(seen)} at site ${seen.device.site}, not in the installed base${alsoText(others)}.`;
  return `Last seen on ${when(seen)} on ${sightingText(seen)} at site ${seen.device.site}, whose collection has failed since; not in the installed base${alsoText(others)}.`;
}

export function missingDetail(record: IbRecord): string {
  return `Recorded at site ${record.siteId} as ${skuText(record)}, not seen on any device of the inventory whose latest collection succeeded.`;
}

export function siteNotCollectedDetail(record: IbRecord): string {
  return `Recorded at site ${record.siteId} as ${skuText(record)}; no device of site ${record.siteId} has a current inventory (never collected, or its latest collection failed), so it could not be verified.`;
}

export function notVerifiedDetail(seen: DeviceSighting, others: readonly DeviceSighting[], record: IbRecord): string {
  return `Recorded at site ${record.siteId} as ${skuText(record)} and last seen on ${when(seen)} on ${sightingText(seen)} at site ${seen.device.site}, whose latest collection failed, so it could not be verified${alsoText(others)}.`;
}

export function rmaMissingDetail(record: IbRecord, replacement: string, replacementSeen: DeviceSighting, basis: string): string {
  return `Recorded at site ${record.siteId} as ${skuText(record)} but not seen; unregistered serial ${replacement} on ${sightingText(replacementSeen)} at the same site has the ${basis}, so it looks like this part's RMA replacement.`;
}

export function rmaUnregisteredDetail(seen: DeviceSighting, failed: string, failedRecord: IbRecord, basis: string): string {
  return `Seen on ${sightingText(seen)} at site ${seen.device.site}, not in the installed base; missing serial ${failed} (${skuText(failedRecord)}) at the same site has the ${basis}, so this looks like its RMA replacement.`;
}
