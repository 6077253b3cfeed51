/**
 * Lifecycle catalogs and findings (SPEC §8, docs/lifecycle-catalog.md): the milestone names, a
 * catalog entry as read from a file, the merged catalog with its lower-cased key indexes, the
 * problems a read reports, and the input and output of the pure findings function
 * (src/analysis/lifecycle-findings.ts). Juniper's terms throughout: EOS is End of Support (the
 * last day of support), End of Sale is `lastOrder`, EOE is End of (Software) Engineering.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';

/** Hardware milestones, in the order they happen. */
export const HARDWARE_MILESTONES = [
  'eolAnnounced',
  'lastOrder',
  'lastWarrantyConversion',
  'endOfSoftwareEngineering',
  'endOfSupport',
] as const;
export type HardwareMilestone = (typeof HARDWARE_MILESTONES)[number];

/** Software (per train) milestones, in order. `frs` is a date of the catalog but never a finding. */
export const SOFTWARE_MILESTONES = ['frs', 'endOfEngineering', 'endOfSupport'] as const;
export type SoftwareMilestone = (typeof SOFTWARE_MILESTONES)[number];

/**
 * The milestones that give findings, and the keys of `lifecycle.milestoneHorizonMonths`.
 * `endOfSupport` is one name for hardware and software alike.
 */
export const FINDING_MILESTONES = [
  'eolAnnounced',
  'lastOrder',
  'lastWarrantyConversion',
  'endOfSoftwareEngineering',
  'endOfEngineering',
  'endOfSupport',
] as const;
export type LifecycleMilestone = (typeof FINDING_MILESTONES)[number];

/** Where an entry came from. `line` is 1-based: the YAML entry's first line, the CSV row's line. */
export interface EntryOrigin {
  file: string;
  line: number;
}

/** Fields an entry of either kind may carry besides its key and dates. */
interface EntryExtras {
  /** Free text shown in reports (product name). */
  description: string | null;
  /** Successor product (hardware) or recommended train (software). */
  replacement: string | null;
  note: string | null;
  /** http(s) URL of the vendor notice the dates come from. */
  link: string | null;
  /** True when the entry comes from a file marked `example` (illustrative dates, not Juniper's). */
  example: boolean;
  origin: EntryOrigin;
}

/** A hardware row: keyed by `model` (model number, product model) or by `partNumber`. Dates are `YYYY-MM-DD` or null. */
export interface HardwareEntry extends EntryExtras, Record<HardwareMilestone, string | null> {
  kind: 'hardware';
  keyType: 'model' | 'partNumber';
  /** The key as written (trimmed); matched lower-cased. */
  key: string;
}

/** A software row: keyed by release train (`21.4`, `22.4-EVO`, `15.1X49`). */
export interface SoftwareEntry extends EntryExtras, Record<SoftwareMilestone, string | null> {
  kind: 'software';
  keyType: 'train';
  /** The train in canonical form (`22.4-EVO`). */
  key: string;
  /** An Extended End of Life (EEOL) release; null when the catalog does not say. */
  extended: boolean | null;
}

export type LifecycleEntry = HardwareEntry | SoftwareEntry;

export type CatalogFormat = 'yaml' | 'csv';

/** One file that went into a catalog. */
export interface CatalogSource {
  file: string;
  format: CatalogFormat;
  /** The file says its dates are illustrative (`example: true`). */
  example: boolean;
  title: string | null;
  /** Entries accepted from the file (before later files override some of them). */
  entries: number;
  /** Rows refused with an error. */
  rejected: number;
}

/** The merged catalog: the entries in effect and their indexes by lower-cased key. */
export interface LifecycleCatalog {
  entries: readonly LifecycleEntry[];
  sources: readonly CatalogSource[];
  /** Any source is an example: a report must say its dates are not Juniper's. */
  example: boolean;
  byModel: ReadonlyMap<string, HardwareEntry>;
  byPartNumber: ReadonlyMap<string, HardwareEntry>;
  byTrain: ReadonlyMap<string, SoftwareEntry>;
}

/** A problem found reading catalogs: an error refused a row (or a whole file); a warning did not. */
export interface CatalogProblem {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line, null when the problem is the whole file. */
  line: number | null;
  /** The row's key as written (`MX960`, `21.4`), null when unknown. */
  key: string | null;
  /** The field (column or YAML key) at fault, null when the whole row or file. */
  field: string | null;
  /** The whole message, naming file, line, key and field: `a.csv: line 4: hardware MX960: endOfSupport: ...`. */
  message: string;
}

/** What one catalog file gave (per-format readers): its entries in file order and its problems. */
export interface CatalogFileContents {
  example: boolean;
  title: string | null;
  entries: LifecycleEntry[];
  rejected: number;
  problems: CatalogProblem[];
}

/** Months ahead to report each milestone (config `lifecycle`). */
export interface LifecycleHorizon {
  horizonMonths: number;
  /** Per-milestone overrides of `horizonMonths`; 0 reports only milestones already passed. */
  milestoneHorizonMonths: Partial<Record<LifecycleMilestone, number>>;
}

/** What the findings are computed from (filled from the store by the caller). */
export interface LifecycleInput {
  devices: { name: string; site: string | null; model: string | null; os: string | null }[];
  /** One row per routing engine / VC member / cluster node (member null for a single one). */
  software: { device: string; member: string | null; version: string | null }[];
  /** Current components of every device, with or without a serial (a BUILTIN card still has an EOS). */
  components: {
    device: string;
    /** SRX cluster node (`node0`) when the inventory is per node; left out or null otherwise. */
    member?: string | null;
    serialNumber: string | null;
    kind: ComponentKind;
    path: string[];
    partNumber: string | null;
    modelNumber: string | null;
    description: string | null;
  }[];
  catalog: LifecycleCatalog;
  now: Date;
  horizon: LifecycleHorizon;
}

export type FindingSeverity = 'high' | 'medium' | 'low' | 'info';
export type FindingState = 'passed' | 'upcoming';

export interface LifecycleFinding {
  device: string;
  site: string | null;
  /** RE / VC member / cluster node for software; cluster node for hardware when known; else null. */
  member: string | null;
  kind: 'hardware' | 'software';
  /** Hardware: the component's path (`["Chassis","FPC 1"]`), kind and serial as reported. Null for software. */
  path: string[] | null;
  componentKind: ComponentKind | null;
  serialNumber: string | null;
  /** Software: the version the member runs and its train. Null for hardware. */
  version: string | null;
  /** Which catalog key matched: `model`, `partNumber` or `train`, and the key as the catalog writes it. */
  matchedBy: 'model' | 'partNumber' | 'train';
  key: string;
  /** What the device reported that matched (`mx960`, `MPC5EQ-40G10G`, `750-033307`, the train). */
  matchedValue: string;
  milestone: LifecycleMilestone;
  date: string;
  state: FindingState;
  /** Days from today (UTC) to the milestone: 0 today, negative once passed. */
  daysUntil: number;
  severity: FindingSeverity;
  description: string | null;
  replacement: string | null;
  note: string | null;
  link: string | null;
  /** Software: the train is an Extended End of Life release (null unknown, null for hardware). */
  extended: boolean | null;
  /** The entry comes from an example catalog. */
  example: boolean;
}

export interface LifecycleSummary {
  /** The catalog (or part of it) is an example: its dates are illustrative. */
  catalogExample: boolean;
  devices: number;
  findings: number;
  bySeverity: Record<FindingSeverity, number>;
  byState: Record<FindingState, number>;
  hardware: {
    componentsChecked: number;
    /** Distinct hardware items matched by the catalog (after folding repeats of one item). */
    itemsMatched: number;
    /** Devices whose chassis no catalog row matched, by model (what the report could not judge). */
    chassisNotInCatalog: { model: string; devices: number }[];
  };
  software: {
    membersChecked: number;
    membersMatched: number;
    /** Trains no catalog row covers: no finding for them, they are not judged. */
    notInCatalog: { train: string; members: number; devices: number }[];
    /** Versions that are not Junos versions (no train), and members that reported none. */
    unparsedVersions: { version: string; members: number }[];
    membersWithoutVersion: number;
  };
}

export interface LifecycleResult {
  findings: LifecycleFinding[];
  summary: LifecycleSummary;
}
