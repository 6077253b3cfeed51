/**
 * Reconciliation of what the devices reported with the installed base (SPEC §5): its input (a
 * snapshot read from the store) and its result (the `reconcile --json` document).
 */
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import type { IbRecord } from '../installed-base/installed-base-types.js';

export type ReconcileStatus =
  | 'matched'
  | 'unregistered'
  | 'missing'
  | 'site-mismatch'
  | 'product-mismatch'
  | 'rma-suspected'
  | 'not-verified';

export type ContractState = 'active' | 'expiring' | 'expired' | 'none';

/** One device of the inventory and how its latest collection went. */
export interface ReconcileDevice {
  name: string;
  site: string | null;
  /**
   * True when the device's latest attempt gave a successful chassis inventory (status ok or
   * partial): its current components are what it has now. False when the latest attempt failed
   * (stale: the components are those of an earlier run) or it was never collected.
   */
  inventoryCurrent: boolean;
  /** When the current components were collected (ISO), null when never. */
  lastCollected: string | null;
}

/** A current (not removed) component with a real (non-placeholder) serial, of any kind. */
export interface SeenComponent {
  device: string;
  serialNumber: string;
  kind: ComponentKind;
  path: string[];
  partNumber: string | null;
  modelNumber: string | null;
  description: string | null;
}

export interface ReconcileInput {
  /** The scope: the sites of the inventory. */
  sites: { id: string; name: string | null }[];
  devices: ReconcileDevice[];
  components: SeenComponent[];
  installedBase: IbRecord[];
  /** Kinds reconciled (config `reconcile.kinds`); components of other kinds are ignored. */
  kinds: readonly string[];
  /** Contracts ending within this many days are `expiring` (config `reconcile.expiringDays`). */
  expiringDays: number;
  /** "Today" for contract states. */
  now: Date;
}

/** One in-scope serial (SPEC §5 `items[]`). */
export interface ReconcileItem {
  status: ReconcileStatus;
  serialNumber: string;
  /** The device that reported it, null when not seen. */
  device: string | null;
  /** The site it was seen at (its device's site), null when not seen. */
  site: string | null;
  /** The site the installed base records, null when not in the installed base. */
  ibSite: string | null;
  kind: ComponentKind | null;
  partNumber: string | null;
  modelNumber: string | null;
  sku: string | null;
  contract: ContractState | null;
  /** rma-suspected: the serial it is paired with. */
  pairedWith: string | null;
  /** Human explanation: what was compared, why this status. */
  detail: string;
}

export interface ReconcileCounts {
  inScope: number;
  matched: number;
  unregistered: number;
  missing: number;
  siteMismatch: number;
  productMismatch: number;
  rmaSuspected: number;
  notVerified: number;
  accuracyPct: number;
}

export interface ReconcileResult {
  summary: ReconcileCounts;
  perSite: (ReconcileCounts & { site: string })[];
  items: ReconcileItem[];
}

/** A stored reconciliation (for trends and the accuracy report). */
export interface StoredReconciliation {
  id: number;
  at: string;
  summary: ReconcileCounts;
  perSite: (ReconcileCounts & { site: string })[];
}
