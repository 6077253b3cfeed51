/**
 * Findings of `ibsight exposure` (issue 6): for every known device and component, each advisory,
 * lifecycle and contract finding, with its severity and the day it was first seen. One shape for
 * the three kinds so the store, the reports and the metrics treat them alike.
 *
 * Identity: a finding is "the same finding" across runs when its `key` is equal. The key is built
 * from the kind, the device, the member (software findings), the component (path and serial,
 * hardware and contract findings) and the reference (advisory id, catalog key + milestone,
 * contract state). `firstSeen` is carried over from the earliest stored run that had the key.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory.js';

export type FindingKind = 'advisory' | 'lifecycle' | 'contract';
export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

export interface FindingComponent {
  path: string[];
  kind: ComponentKind | null;
  serialNumber: string | null;
  partNumber: string | null;
  modelNumber: string | null;
}

export interface Finding {
  key: string;
  kind: FindingKind;
  device: string;
  site: string | null;
  model: string | null;
  /** The RE / VC member / cluster node a software finding is about (its version), else null. */
  member: string | null;
  /** The device's software version the finding is about (advisory and software lifecycle findings). */
  version: string | null;
  component: FindingComponent | null;
  /** Advisory id (CVE / bug id), lifecycle `milestone` of `ref`, contract state. */
  ref: string;
  title: string;
  severity: FindingSeverity;
  /**
   * advisory: `affected` | `potentially-affected` | `affected-not-exposed`;
   * lifecycle: `passed` | `upcoming`; contract: `expired` | `expiring` | `none`.
   */
  status: string;
  /** Advisory: CISA KEV (known exploited). */
  kev: boolean;
  /** Advisory: the CVSS base score the severity comes from; null otherwise. */
  cvss: { version: string; score: number } | null;
  /** A milestone or contract end day (`YYYY-MM-DD`), null when not a dated finding. */
  date: string | null;
  /** Why: the rule, range or milestone that decided. */
  detail: string;
  /** ISO time of the first stored exposure run that had this key (this run's time when new). */
  firstSeen: string;
}

/** Counts of one scope (overall or one site), for trends. */
export interface ExposureCounts {
  devices: number;
  devicesWithFindings: number;
  findings: number;
  /** By kind, then by severity. */
  byKind: Record<FindingKind, Record<FindingSeverity, number>>;
  /** Advisory findings with status `affected` on a KEV advisory. */
  kev: number;
  /** Devices running a release past End of Engineering (no more security fixes). */
  pastEndOfEngineering: number;
}

export interface ExposureResult {
  summary: ExposureCounts;
  perSite: (ExposureCounts & { site: string })[];
  findings: Finding[];
  /** What could not be judged (versions that do not parse, trains not in the catalog...). */
  notes: string[];
}

export interface StoredExposureRun {
  id: number;
  at: string;
  summary: ExposureCounts;
  perSite: (ExposureCounts & { site: string })[];
  /** What the run could not judge (ExposureResult.notes). */
  notes: string[];
}

export function emptyExposureCounts(): ExposureCounts {
  const bySeverity = (): Record<FindingSeverity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 });
  return {
    devices: 0,
    devicesWithFindings: 0,
    findings: 0,
    byKind: { advisory: bySeverity(), lifecycle: bySeverity(), contract: bySeverity() },
    kev: 0,
    pastEndOfEngineering: 0,
  };
}
