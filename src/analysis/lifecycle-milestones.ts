/**
 * When a lifecycle milestone is a finding, and how severe (docs/lifecycle-catalog.md "Findings").
 * Rules kept:
 * - Days are calendar days in UTC: "today" is the UTC date of `now`. A milestone dated today is
 *   `upcoming` with 0 days (End of Support is the last day of support); from the next day it is
 *   `passed`, with negative days.
 * - An upcoming milestone is a finding when it falls within the horizon: today plus
 *   `milestoneHorizonMonths[milestone]` months, else `horizonMonths` (calendar months; the 31st
 *   plus one month is the last day of the next month). A horizon of 0 months reports only passed ones.
 * - Severity by milestone and state (SEVERITY below): a passed End of Support is high (no support,
 *   no RMA, no fixes), a passed End of (Software) Engineering medium (no more fixes, security
 *   ones included), an upcoming End of Support medium; the commercial milestones are low or info.
 * - Hardware entries give findings for their five milestones; software entries for
 *   endOfEngineering and endOfSupport (FRS is never a finding).
 */
import type {
  FindingSeverity,
  FindingState,
  LifecycleEntry,
  LifecycleHorizon,
  LifecycleMilestone,
} from '../lifecycle/lifecycle-types.js';
import { HARDWARE_MILESTONES } from '../lifecycle/lifecycle-types.js';

export const SEVERITY: Readonly<Record<LifecycleMilestone, Readonly<Record<FindingState, FindingSeverity>>>> = {
  endOfSupport: { passed: 'high', upcoming: 'medium' },
  endOfEngineering: { passed: 'medium', upcoming: 'low' },
  endOfSoftwareEngineering: { passed: 'medium', upcoming: 'low' },
  lastWarrantyConversion: { passed: 'low', upcoming: 'low' },
  lastOrder: { passed: 'low', upcoming: 'info' },
  eolAnnounced: { passed: 'info', upcoming: 'info' },
};

const SOFTWARE_FINDING_MILESTONES = ['endOfEngineering', 'endOfSupport'] as const;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** The UTC calendar day of an instant, as a day number. */
export function dayOf(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS);
}

/** `day` plus `months` calendar months, the day of month clamped to the target month's length. */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) / DAY_MS;
}

/** The entry's date for a milestone (null when not given or not a milestone of its kind). */
export function milestoneDate(entry: LifecycleEntry, milestone: LifecycleMilestone): string | null {
  const dates = entry as Partial<Record<LifecycleMilestone, string | null>>;
  return dates[milestone] ?? null;
}

/** One milestone of an entry that is a finding today. */
export interface MilestoneHit {
  milestone: LifecycleMilestone;
  date: string;
  state: FindingState;
  daysUntil: number;
  severity: FindingSeverity;
}

/** Judges entries against one "today" and horizon; each entry is judged once. */
export class MilestoneJudge {
  readonly today: number;
  private readonly horizonEnd: Record<LifecycleMilestone, number>;
  private readonly cache = new Map<LifecycleEntry, MilestoneHit[]>();

  constructor(now: Date, horizon: LifecycleHorizon) {
    this.today = dayOf(now);
    const end = (m: LifecycleMilestone) => addMonths(this.today, horizon.milestoneHorizonMonths[m] ?? horizon.horizonMonths);
    this.horizonEnd = {
      eolAnnounced: end('eolAnnounced'),
      lastOrder: end('lastOrder'),
      lastWarrantyConversion: end('lastWarrantyConversion'),
      endOfSoftwareEngineering: end('endOfSoftwareEngineering'),
      endOfEngineering: end('endOfEngineering'),
      endOfSupport: end('endOfSupport'),
    };
  }

  /** A date's state today, or null when it is beyond the milestone's horizon. */
  judge(milestone: LifecycleMilestone, date: string): MilestoneHit | null {
    const day = dayNumber(date);
    if (day > this.horizonEnd[milestone]) return null;
    const state: FindingState = day < this.today ? 'passed' : 'upcoming';
    return { milestone, date, state, daysUntil: day - this.today, severity: SEVERITY[milestone][state] };
  }

  /** The entry's milestones that are findings today, in milestone order. */
  hits(entry: LifecycleEntry): MilestoneHit[] {
    const known = this.cache.get(entry);
    if (known !== undefined) return known;
    const hits: MilestoneHit[] = [];
    const names: readonly LifecycleMilestone[] = entry.kind === 'hardware' ? HARDWARE_MILESTONES : SOFTWARE_FINDING_MILESTONES;
    for (const milestone of names) {
      const date = milestoneDate(entry, milestone);
      if (date === null) continue;
      const hit = this.judge(milestone, date);
      if (hit !== null) hits.push(hit);
    }
    this.cache.set(entry, hits);
    return hits;
  }

  /** Whether a date (YYYY-MM-DD) is before today. */
  passed(date: string): boolean {
    return dayNumber(date) < this.today;
  }
}
