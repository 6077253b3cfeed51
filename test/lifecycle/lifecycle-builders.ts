/**
 * Small builders for lifecycle tests: catalog entries with only the dates a case needs, a catalog
 * of them, components and findings input with the defaults most cases share.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';
import { buildLifecycleCatalog } from '../../src/lifecycle/lifecycle-catalog.js';
import type {
  HardwareEntry,
  HardwareMilestone,
  LifecycleCatalog,
  LifecycleEntry,
  LifecycleInput,
  SoftwareEntry,
  SoftwareMilestone,
} from '../../src/lifecycle/lifecycle-types.js';

/** "Today" of the findings tests: 2026-12-01 (UTC). */
export const NOW = new Date('2026-12-01T10:00:00Z');

const EXTRAS = { description: null, replacement: null, note: null, link: null, example: false, origin: { file: 'test.yaml', line: 1 } };

export function hardware(key: string, dates: Partial<Record<HardwareMilestone, string>>, keyType: 'model' | 'partNumber' = 'model'): HardwareEntry {
  return {
    kind: 'hardware',
    keyType,
    key,
    ...EXTRAS,
    eolAnnounced: null,
    lastOrder: null,
    lastWarrantyConversion: null,
    endOfSoftwareEngineering: null,
    endOfSupport: null,
    ...dates,
  };
}

export function software(train: string, dates: Partial<Record<SoftwareMilestone, string>>, extended: boolean | null = null): SoftwareEntry {
  return { kind: 'software', keyType: 'train', key: train, extended, ...EXTRAS, frs: null, endOfEngineering: null, endOfSupport: null, ...dates };
}

export function catalogOf(...entries: LifecycleEntry[]): LifecycleCatalog {
  return buildLifecycleCatalog(entries);
}

type Component = LifecycleInput['components'][number];

export function part(
  device: string,
  path: string[],
  kind: ComponentKind,
  ids: { model?: string; part?: string; serial?: string | null; description?: string; member?: string | null } = {},
): Component {
  return {
    device,
    member: ids.member ?? null,
    serialNumber: ids.serial === undefined ? `S-${device}-${path.join('-')}` : ids.serial,
    kind,
    path,
    partNumber: ids.part ?? null,
    modelNumber: ids.model ?? null,
    description: ids.description ?? null,
  };
}

export function lifecycleInput(catalog: LifecycleCatalog, input: Partial<Omit<LifecycleInput, 'catalog'>> = {}): LifecycleInput {
  return {
    devices: [],
    software: [],
    components: [],
    now: NOW,
    horizon: { horizonMonths: 12, milestoneHorizonMonths: {} },
    ...input,
    catalog,
  };
}
