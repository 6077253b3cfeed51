/**
 * One reconciliation against the store (SPEC §5): what `ibsight reconcile`, the demo and the agent's
 * schedule run. Reads the scope from the inventory (its sites and devices: a device's site is the
 * inventory's, not an older one the store remembers), the latest inventory from the store
 * (`reconcileSnapshot`), the installed base, and the product-family tables (the shipped
 * config/sku-families.yaml, then `reconcile.skuFamilies`), reconciles (src/analysis/reconcile.ts),
 * and records the result for trends. Refuses to run — INPUT_INVALID, nothing recorded — when no
 * installed base was imported or no device was ever collected: a 0 % accuracy made of missing data
 * would poison the trend.
 */
import type { IbsightConfig, Inventory } from '../config/config-types.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { reconcile } from '../analysis/reconcile.js';
import type { ReconcileDevice, ReconcileResult } from '../analysis/reconcile-types.js';
import { loadProductFamilyTable, SHIPPED_SKU_FAMILIES } from '../analysis/sku-family-table.js';
import type { Store } from '../store/store-api.js';

export interface ReconcileJobResult {
  reconciliationId: number;
  at: string;
  result: ReconcileResult;
}

/** The inventory's devices with their collection state from the store (never collected: not current). */
export function scopedDevices(inventory: Inventory, stored: readonly ReconcileDevice[]): ReconcileDevice[] {
  const byName = new Map(stored.map((d) => [d.name, d] as const));
  return inventory.devices.map((d) => {
    const known = byName.get(d.name);
    return { name: d.name, site: d.site, inventoryCurrent: known?.inventoryCurrent ?? false, lastCollected: known?.lastCollected ?? null };
  });
}

/** The inventory's sites, plus any site a device names without listing it under `sites`. */
export function scopeSites(inventory: Inventory): { id: string; name: string | null }[] {
  const sites = new Map<string, string | null>(inventory.sites.map((s) => [s.id, s.name] as const));
  for (const d of inventory.devices) if (d.site !== null && !sites.has(d.site)) sites.set(d.site, null);
  return [...sites].map(([id, name]) => ({ id, name }));
}

export async function runReconcileJob(options: { config: IbsightConfig; inventory: Inventory; store: Store; now?: Date }): Promise<ReconcileJobResult> {
  const { config, inventory, store } = options;
  const now = options.now ?? new Date();
  const families = loadProductFamilyTable([SHIPPED_SKU_FAMILIES, ...config.reconcile.skuFamilies]);
  const installedBase = await store.installedBase();
  if (installedBase.length === 0) {
    throw new IbsightError('INPUT_INVALID', 'no installed base in the store: import one first with `ibsight ib import FILE`');
  }
  const snapshot = await store.reconcileSnapshot();
  const devices = scopedDevices(inventory, snapshot.devices);
  if (!devices.some((d) => d.lastCollected !== null)) {
    throw new IbsightError('INPUT_INVALID', 'no device of the inventory was ever collected: run `ibsight collect` first');
  }
  const names = new Set(devices.map((d) => d.name));
  const result = reconcile(
    {
      sites: scopeSites(inventory),
      devices,
      components: snapshot.components.filter((c) => names.has(c.device)),
      installedBase,
      kinds: config.reconcile.kinds,
      expiringDays: config.reconcile.expiringDays,
      now,
    },
    families,
  );
  const at = now.toISOString();
  const reconciliationId = await store.recordReconciliation(result, at);
  return { reconciliationId, at, result };
}
