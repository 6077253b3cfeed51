/**
 * RMA suspicion (SPEC §5 `rma-suspected`): after a part is replaced under RMA, the failed part's
 * serial stays in the installed base (now `missing`) and the replacement's serial shows up on the
 * device (`unregistered`). This pairs such serials one to one.
 *
 * Rules:
 *  - Only within one site: a missing record's site is its installed-base site, an unregistered
 *    serial's site is where it was seen.
 *  - Same product, in two passes so an exact match is never taken by a looser one:
 *      1. the missing record's SKU equals a model number or part number the device reported for the
 *         unregistered serial (case-insensitive);
 *      2. the SKU's product family (product-family.ts) equals the family of a model number, part
 *         number or description reported for the unregistered serial, on a component whose kind the
 *         family lists (a family without kinds: any kind).
 *    A missing record without an SKU is never paired.
 *  - Deterministic: missing records are taken in serial order, each pairs with the unregistered
 *    serial of lowest serial order still free. Serial order is the serial key (trimmed, upper case).
 */
import type { ProductFamilyTable } from './product-family.js';
import type { SeenComponent } from './reconcile-types.js';
import { serialKey } from './serial-sightings.js';

export interface MissingCandidate<T> {
  ref: T;
  /** Serial key (see serial-sightings.ts). */
  key: string;
  site: string;
  sku: string | null;
}

export interface UnregisteredCandidate<T> {
  ref: T;
  key: string;
  site: string;
  /** The components of that serial on the device it was seen on. */
  components: readonly SeenComponent[];
}

export interface RmaPair<M, U> {
  missing: M;
  unregistered: U;
  /** Why they are the same product, e.g. `same model or part number MPC7E-MRATE`. */
  basis: string;
}

interface Queue<U> {
  list: UnregisteredCandidate<U>[];
  head: number;
}

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function numberKeys(components: readonly SeenComponent[]): Set<string> {
  const keys = new Set<string>();
  for (const c of components) {
    for (const text of [c.modelNumber, c.partNumber]) {
      const key = serialKey(text);
      if (key !== null) keys.add(`n:${key}`);
    }
  }
  return keys;
}

function familyKeys(components: readonly SeenComponent[], families: ProductFamilyTable): Set<string> {
  const keys = new Set<string>();
  for (const r of families.reportedFamilies(components)) {
    const kinds = families.family(r.family)?.kinds ?? null;
    const component = r.component as SeenComponent;
    if (kinds === null || kinds.includes(component.kind)) keys.add(`f:${r.family.toUpperCase()}`);
  }
  return keys;
}

function take<U>(queue: Queue<U> | undefined, paired: Set<UnregisteredCandidate<U>>): UnregisteredCandidate<U> | null {
  if (queue === undefined) return null;
  while (queue.head < queue.list.length) {
    const candidate = queue.list[queue.head++]!;
    if (!paired.has(candidate)) return candidate;
  }
  return null;
}

export function pairRmaSuspects<M, U>(
  missing: readonly MissingCandidate<M>[],
  unregistered: readonly UnregisteredCandidate<U>[],
  families: ProductFamilyTable,
): RmaPair<M, U>[] {
  if (missing.length === 0 || unregistered.length === 0) return [];
  const queues = new Map<string, Queue<U>>();
  for (const u of [...unregistered].sort(byKey)) {
    for (const k of [...numberKeys(u.components), ...familyKeys(u.components, families)]) {
      const id = `${u.site}\u0000${k}`;
      const queue = queues.get(id);
      if (queue === undefined) queues.set(id, { list: [u], head: 0 });
      else queue.list.push(u);
    }
  }
  const pairs: RmaPair<M, U>[] = [];
  const paired = new Set<UnregisteredCandidate<U>>();
  const left: MissingCandidate<M>[] = [];
  const sorted = missing.filter((m) => m.sku !== null && m.sku.trim() !== '').sort(byKey);
  for (const m of sorted) {
    const sku = m.sku!.trim();
    const u = take(queues.get(`${m.site}\u0000n:${sku.toUpperCase()}`), paired);
    if (u === null) left.push(m);
    else {
      paired.add(u);
      pairs.push({ missing: m.ref, unregistered: u.ref, basis: `same model or part number ${sku}` });
    }
  }
  for (const m of left) {
    const family = families.familyOf(m.sku);
    if (family === null) continue;
    const u = take(queues.get(`${m.site}\u0000f:${family.toUpperCase()}`), paired);
    if (u === null) continue;
    paired.add(u);
    pairs.push({ missing: m.ref, unregistered: u.ref, basis: `same product family ${family}` });
  }
  return pairs;
}
