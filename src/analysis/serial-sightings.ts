/**
 * Where each serial number was seen, for the reconciliation: the in-scope components grouped by
 * serial, then by device.
 *
 * Rules:
 *  - A serial's key is the serial trimmed and upper-cased: `abc123 ` and `ABC123` are one serial.
 *    Empty serials and placeholders (BUILTIN, NONE, N/A, all zeros...: isPlaceholderSerial) are
 *    dropped here too, although the store already leaves them out.
 *  - In scope: components of devices of the input that belong to a site of the scope. Components of
 *    unknown devices, of devices without a site, or of sites outside the scope are dropped.
 *  - Components of every kind are kept (an installed-base serial seen as a transceiver was seen);
 *    `reconciled` says whether any of a device's components of that serial is of a reconciled kind.
 *  - The components of one serial on one device are ordered best first: reconciled kinds first,
 *    then highest in the tree (shortest path: Chassis before FPC 0 before PIC 0), then at equal
 *    depth a chassis, then an FPC, then a routing engine before other kinds (a virtual-chassis
 *    member is its `FPC n`, often reported again as `Routing Engine n`), then as given.
 */
import { isPlaceholderSerial } from '../../collectors/chassis-inventory-kind.js';
import type { IbRecord } from '../installed-base/installed-base-types.js';
import type { ReconcileDevice, SeenComponent } from './reconcile-types.js';

/** One device's components carrying one serial. */
export interface DeviceSighting {
  device: ReconcileDevice;
  /** Best first (see the header). */
  components: SeenComponent[];
  /** Some component of a reconciled kind. */
  reconciled: boolean;
}

/** Everything known about one serial: where it was seen, and its installed-base record (set by the caller). */
export interface SerialEntry {
  /** One per device that reported it; usually one. */
  sightings: DeviceSighting[];
  /** Some sighting has a component of a reconciled kind. */
  reconciled: boolean;
  record: IbRecord | null;
}

/** The key two serials compare by; null for an empty or placeholder serial. */
export function serialKey(serial: string | null): string | null {
  if (serial === null) return null;
  const trimmed = serial.trim();
  if (trimmed === '' || isPlaceholderSerial(trimmed)) return null;
  return trimmed.toUpperCase();
}

const KIND_RANK: ReadonlyMap<string, number> = new Map([
  ['chassis', 0],
  ['fpc', 1],
  ['routing-engine', 2],
]);

function componentOrder(kinds: ReadonlySet<string>): (a: SeenComponent, b: SeenComponent) => number {
  return (a, b) => {
    const ra = kinds.has(a.kind) ? 0 : 1;
    const rb = kinds.has(b.kind) ? 0 : 1;
    if (ra !== rb) return ra - rb;
    if (a.path.length !== b.path.length) return a.path.length - b.path.length;
    return (KIND_RANK.get(a.kind) ?? KIND_RANK.size) - (KIND_RANK.get(b.kind) ?? KIND_RANK.size);
  };
}

/**
 * The in-scope sightings by serial key (records not yet attached). `devices` and `sites` define the
 * scope; `kinds` the reconciled component kinds.
 */
export function collectSightings(
  components: readonly SeenComponent[],
  devices: ReadonlyMap<string, ReconcileDevice>,
  sites: ReadonlySet<string>,
  kinds: ReadonlySet<string>,
): Map<string, SerialEntry> {
  const bySerial = new Map<string, SerialEntry>();
  const several = new Set<DeviceSighting>();
  for (const component of components) {
    const device = devices.get(component.device);
    if (device === undefined || device.site === null || !sites.has(device.site)) continue;
    const key = serialKey(component.serialNumber);
    if (key === null) continue;
    const reconciled = kinds.has(component.kind);
    const entry = bySerial.get(key);
    if (entry === undefined) {
      bySerial.set(key, { sightings: [{ device, components: [component], reconciled }], reconciled, record: null });
      continue;
    }
    entry.reconciled ||= reconciled;
    const same = entry.sightings.find((s) => s.device === device);
    if (same === undefined) entry.sightings.push({ device, components: [component], reconciled });
    else {
      same.components.push(component);
      same.reconciled ||= reconciled;
      several.add(same);
    }
  }
  const order = componentOrder(kinds);
  for (const sighting of several) sighting.components.sort(order);
  return bySerial;
}
