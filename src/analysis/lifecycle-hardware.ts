/**
 * Which hardware of each device a lifecycle catalog covers: chassis and modules alike (a supported
 * chassis with an end-of-support line card is a finding). Rules kept (docs/lifecycle-catalog.md
 * "Matching"), all comparisons case-insensitive on trimmed text, through the catalog's indexes:
 * - every component: its `modelNumber` against `model` keys, else its `partNumber` against
 *   `partNumber` keys (the first that matches is the key matched);
 * - the chassis component, besides: its `description` (`MX960`), else the device's model
 *   (`mx960`, from software-information), against `model` keys. A device without a chassis
 *   component in its inventory (none collected) is judged on its model alone, as `["Chassis"]`.
 * - One physical item is reported once: a component matching the same entry as one of its
 *   ancestors on its path (a BUILTIN PIC of a switch repeating the switch's model number) is part
 *   of that ancestor; components of one device with the same real serial matching the same entry
 *   (a VC member's FPC, routing engine and PIC) fold into one, the one nearest the chassis
 *   (then a chassis before an FPC before anything else, then inventory order).
 * - A device whose chassis matches nothing is counted under its model as "not in catalog".
 */
import { isPlaceholderSerial } from '../../collectors/chassis-inventory-kind.js';
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';
import type { HardwareEntry, LifecycleCatalog, LifecycleInput } from '../lifecycle/lifecycle-types.js';

type Component = LifecycleInput['components'][number];
type Device = LifecycleInput['devices'][number];

export interface HardwareMatch {
  device: string;
  member: string | null;
  path: string[];
  componentKind: ComponentKind;
  serialNumber: string | null;
  entry: HardwareEntry;
  matchedBy: 'model' | 'partNumber';
  matchedValue: string;
}

export interface HardwareMatches {
  matches: HardwareMatch[];
  componentsChecked: number;
  /** Model (or chassis description) → devices whose chassis is not in the catalog. */
  chassisNotInCatalog: Map<string, number>;
}

interface Candidate extends HardwareMatch {
  order: number;
}

function lookup(index: ReadonlyMap<string, HardwareEntry>, value: string | null | undefined): HardwareEntry | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return index.get(value.trim().toLowerCase());
}

/** The entry a component matches and how, or null. */
function matchComponent(c: Component, deviceModel: string | null, catalog: LifecycleCatalog): Omit<HardwareMatch, 'device' | 'member' | 'path' | 'componentKind' | 'serialNumber'> | null {
  let entry = lookup(catalog.byModel, c.modelNumber);
  if (entry !== undefined) return { entry, matchedBy: 'model', matchedValue: c.modelNumber! };
  entry = lookup(catalog.byPartNumber, c.partNumber);
  if (entry !== undefined) return { entry, matchedBy: 'partNumber', matchedValue: c.partNumber! };
  if (c.kind !== 'chassis') return null;
  entry = lookup(catalog.byModel, c.description);
  if (entry !== undefined) return { entry, matchedBy: 'model', matchedValue: c.description! };
  entry = lookup(catalog.byModel, deviceModel);
  if (entry !== undefined) return { entry, matchedBy: 'model', matchedValue: deviceModel! };
  return null;
}

const KIND_RANK: Partial<Record<ComponentKind, number>> = { chassis: 0, fpc: 1 };

/** True when `a` is the better one to report of two components that are one item. */
function preferred(a: Candidate, b: Candidate): boolean {
  if (a.path.length !== b.path.length) return a.path.length < b.path.length;
  const ra = KIND_RANK[a.componentKind] ?? 2;
  const rb = KIND_RANK[b.componentKind] ?? 2;
  return ra !== rb ? ra < rb : a.order < b.order;
}

function pathKey(member: string | null, path: readonly string[], length: number): string {
  let key = member ?? '';
  for (let i = 0; i < length; i++) key += `\u0000${path[i]}`;
  return key;
}

/** Drops candidates that repeat an ancestor's entry or another candidate's serial and entry. */
function oneReportPerItem(candidates: Candidate[]): Candidate[] {
  const entryAt = new Map<string, HardwareEntry>();
  for (const c of candidates) entryAt.set(pathKey(c.member, c.path, c.path.length), c.entry);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let partOfAncestor = false;
    for (let n = 1; n < c.path.length && !partOfAncestor; n++) partOfAncestor = entryAt.get(pathKey(c.member, c.path, n)) === c.entry;
    if (!partOfAncestor) kept.push(c);
  }
  const bySerial = new Map<string, Candidate>();
  const out: Candidate[] = [];
  for (const c of kept) {
    const serial = c.serialNumber;
    if (serial === null || isPlaceholderSerial(serial)) {
      out.push(c);
      continue;
    }
    const key = `${c.entry.keyType}\u0000${c.entry.key.toLowerCase()}\u0000${serial.toUpperCase()}`;
    const other = bySerial.get(key);
    if (other === undefined || preferred(c, other)) bySerial.set(key, c);
  }
  out.push(...bySerial.values());
  return out.sort((a, b) => a.order - b.order);
}

/** Matches every device's components (and chassis model) against the catalog. */
export function matchHardware(devices: readonly Device[], components: readonly Component[], catalog: LifecycleCatalog): HardwareMatches {
  const byDevice = new Map<string, Component[]>();
  for (const d of devices) byDevice.set(d.name, []);
  for (const c of components) {
    const list = byDevice.get(c.device);
    if (list === undefined) byDevice.set(c.device, [c]);
    else list.push(c);
  }
  const models = new Map<string, string | null>();
  for (const d of devices) models.set(d.name, d.model);
  const matches: HardwareMatch[] = [];
  const chassisNotInCatalog = new Map<string, number>();
  for (const [device, list] of byDevice) {
    const model = models.get(device) ?? null;
    const candidates: Candidate[] = [];
    let chassisSeen = false;
    let chassisMatched = false;
    let chassisLabel: string | null = model;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      if (c.kind === 'chassis') {
        chassisSeen = true;
        chassisLabel ??= c.description ?? c.modelNumber;
      }
      const m = matchComponent(c, model, catalog);
      if (m === null) continue;
      if (c.kind === 'chassis') chassisMatched = true;
      const member = c.member ?? null;
      candidates.push({ device, member, path: c.path, componentKind: c.kind, serialNumber: c.serialNumber, ...m, order: i });
    }
    if (!chassisSeen) {
      const entry = lookup(catalog.byModel, model);
      if (entry !== undefined) {
        chassisMatched = true;
        candidates.push({ device, member: null, path: ['Chassis'], componentKind: 'chassis', serialNumber: null, entry, matchedBy: 'model', matchedValue: model!, order: -1 });
      }
    }
    if (!chassisMatched && chassisLabel !== null) chassisNotInCatalog.set(chassisLabel, (chassisNotInCatalog.get(chassisLabel) ?? 0) + 1);
    for (const c of oneReportPerItem(candidates)) {
      const { order: _order, ...match } = c;
      matches.push(match);
    }
  }
  return { matches, componentsChecked: components.length, chassisNotInCatalog };
}
