/**
 * Small builders for reconciliation inputs in tests: devices, seen components, installed-base
 * records with their contracts, and the shipped product-family table.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';
import type { ReconcileDevice, ReconcileInput, SeenComponent } from '../../src/analysis/reconcile-types.js';
import type { IbContract, IbRecord } from '../../src/installed-base/installed-base-types.js';
import { loadProductFamilyTable, SHIPPED_SKU_FAMILIES } from '../../src/analysis/sku-family-table.js';

export const SITE_A = '0100000001';
export const SITE_B = '0100000002';
export const SITE_OUT = '0199999999';
export const NOW = new Date('2026-06-15T12:00:00Z');

export const shippedFamilies = loadProductFamilyTable([SHIPPED_SKU_FAMILIES]);

export function device(name: string, site: string | null, current = true): ReconcileDevice {
  return { name, site, inventoryCurrent: current, lastCollected: current ? '2026-06-15T06:00:00.000Z' : '2026-06-01T06:00:00.000Z' };
}

export function component(
  deviceName: string,
  serialNumber: string,
  kind: ComponentKind,
  path: string[],
  product: { model?: string; part?: string; description?: string } = {},
): SeenComponent {
  return {
    device: deviceName,
    serialNumber,
    kind,
    path,
    partNumber: product.part ?? null,
    modelNumber: product.model ?? null,
    description: product.description ?? null,
  };
}

export function contract(start: string | null, end: string | null): IbContract {
  return { contractId: 'C-1', serviceLevel: 'Next Day', start, end };
}

export function record(serialNumber: string, siteId: string, sku: string | null, contracts: IbContract[] = [contract('2026-01-01', '2027-12-31')]): IbRecord {
  return {
    serialNumber,
    sku,
    description: null,
    siteId,
    siteName: null,
    shipDate: null,
    warrantyEnd: null,
    parentSerial: null,
    contracts,
    lines: [2],
  };
}

export function input(parts: Partial<ReconcileInput>): ReconcileInput {
  return {
    sites: [{ id: SITE_A, name: 'AMS' }, { id: SITE_B, name: 'FRA' }],
    devices: [],
    components: [],
    installedBase: [],
    kinds: ['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan'],
    expiringDays: 90,
    now: NOW,
    ...parts,
  };
}
