/**
 * The stored exposure runs as the exposure and lifecycle reports read them: oldest first (by
 * time, then id), the latest one, or INPUT_INVALID (exit 2) telling to run `ibsight exposure`
 * first when none is stored — as the accuracy report does for `ibsight reconcile`. Also the
 * `run` header both report documents carry (the latest run's counts, site names beside the ids)
 * and the severity order and labels both use.
 */
import type { ExposureCounts, Finding, FindingKind, FindingSeverity, StoredExposureRun } from '../analysis/exposure-types.js';
import { FINDING_SEVERITIES } from '../analysis/exposure-types.js';
import { IbsightError } from '../errors/ibsight-error.js';

export const NO_EXPOSURE_RUN_MESSAGE = 'no exposure run stored yet: run `ibsight exposure` first';

export interface ExposureRunHeader {
  id: number;
  at: string;
  summary: ExposureCounts;
  perSite: (ExposureCounts & { site: string; siteName: string | null })[];
  /** What the run could not judge (devices never collected, trains not in the catalog...). */
  notJudged: string[];
}

const byTime = (a: StoredExposureRun, b: StoredExposureRun): number => {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return (Number.isFinite(ta) && Number.isFinite(tb) ? ta - tb : a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || a.id - b.id;
};

export function exposureRunsInOrder(runs: readonly StoredExposureRun[]): StoredExposureRun[] {
  return [...runs].sort(byTime);
}

/** The latest stored exposure run; INPUT_INVALID when none is stored. */
export function latestExposureRun(runs: readonly StoredExposureRun[]): StoredExposureRun {
  const latest = exposureRunsInOrder(runs).at(-1);
  if (!latest) throw new IbsightError('INPUT_INVALID', NO_EXPOSURE_RUN_MESSAGE);
  return latest;
}

export function runHeader(run: StoredExposureRun, siteNames: ReadonlyMap<string, string | null>): ExposureRunHeader {
  return {
    id: run.id,
    at: run.at,
    summary: structuredClone(run.summary),
    perSite: run.perSite.map((s) => ({ ...structuredClone(s), siteName: siteNames.get(s.site) ?? null })),
    notJudged: [...(run.notes ?? [])],
  };
}

/** A copy of a finding that shares nothing with it (cheaper than structuredClone on large runs). */
export function copyFinding(f: Finding): Finding {
  return { ...f, component: f.component === null ? null : { ...f.component, path: [...f.component.path] } };
}

/** `S1 (AMS-DC1)`, the id alone without a name, null without a site. */
export function siteText(site: string | null, name: string | null): string | null {
  return site === null ? null : name ? `${site} (${name})` : site;
}

/** Findings of one kind in a counts record, all severities together (0 when the record lacks it). */
export function kindTotal(counts: ExposureCounts, kind: FindingKind): number {
  const bySeverity = counts.byKind?.[kind];
  if (!bySeverity) return 0;
  return FINDING_SEVERITIES.reduce((sum, s) => sum + (bySeverity[s] ?? 0), 0);
}

/** One severity of one kind in a counts record (0 when absent). */
export function kindSeverity(counts: ExposureCounts, kind: FindingKind, severity: FindingSeverity): number {
  return counts.byKind?.[kind]?.[severity] ?? 0;
}

/** Most severe first; an unknown value last. */
export function severityRank(severity: string): number {
  const i = (FINDING_SEVERITIES as readonly string[]).indexOf(severity);
  return i === -1 ? FINDING_SEVERITIES.length : i;
}

export const SEVERITY_LABELS: Readonly<Record<FindingSeverity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'None',
  unknown: 'Unknown',
};

export const SEVERITY_COLORS: Readonly<Record<FindingSeverity, string>> = {
  critical: '#7d1128',
  high: '#c0392b',
  medium: '#c98a00',
  low: '#1f5fbf',
  none: '#7f8c8d',
  unknown: '#aab2bd',
};

/** Whole days from `from` to the day `date` (`YYYY-MM-DD`, UTC): 0 the same day, negative once passed; null when not a date. */
export function daysFrom(from: Date, date: string | null): number | null {
  if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const day = Date.parse(`${date}T00:00:00.000Z`);
  if (!Number.isFinite(day)) return null;
  const today = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((day - today) / 86_400_000);
}
