/**
 * One shared string per distinct value of a column whose cells repeat across an installed-base
 * file (site ids, SKUs, descriptions, service levels, dates): a 1M-row file then holds each of
 * them once instead of once per row. One pool per column, so a column of many distinct values
 * cannot crowd out the others; the previous value is checked first (exports sorted by site or
 * SKU repeat it row after row). Bounded: past MAX_POOLED distinct values, new ones are kept as
 * they come (correct, just not shared); a pool made without limit holds every value shared.
 * Dates have their own pool (DatePool).
 * Every string the pool hands out for the first time is a copy of its own (`keptCopy`): cells
 * from the CSV tokenizer may be views into a whole decoded chunk, which a kept view would keep
 * alive.
 */

import { calendarDay, isoDateOfDay, type DateFormat } from './calendar-date.js';

const MAX_POOLED = 50_000;

/**
 * V8 makes a substring of 13 characters or more a view into its parent string (a "sliced
 * string"); a shorter one is already a copy.
 */
const SHORTEST_VIEW = 13;

/**
 * `value` as a string that keeps nothing else alive: a view of a longer string is copied (the
 * concatenation is flattened into a new string, of which the view is then taken).
 */
export function keptCopy(value: string): string {
  return value.length < SHORTEST_VIEW ? value : (' ' + value).slice(1);
}

export class ValuePool {
  private readonly pooled = new Map<string, string>();
  private last = '';

  constructor(private readonly limit = MAX_POOLED) {}

  /** The pooled copy of `value` (or a copy of its own), null for null. */
  share(value: string | null): string | null {
    if (value === null) return null;
    if (value === this.last) return this.last;
    let known = this.pooled.get(value);
    if (known === undefined) {
      known = keptCopy(value);
      if (this.pooled.size < this.limit) this.pooled.set(known, known);
    }
    this.last = known;
    return known;
  }

  /** Every value pooled (all values shared, for a pool without limit). */
  values(): string[] {
    return [...this.pooled.keys()];
  }
}

/** Day slots of a DatePool: years 1900 to 2999, 12 × 31 slots a year. */
const DAY_SLOTS = 1100 * 372;

/** The slot of a calendarDay number (yyyymmdd). */
function daySlot(day: number): number {
  return (Math.floor(day / 10_000) - 1900) * 372 + (Math.floor(day / 100) % 100 - 1) * 31 + (day % 100) - 1;
}

/**
 * The calendar dates of a file, each held once as `YYYY-MM-DD` and found by its day in an array
 * (no string hashing, no map probe); bounded by the calendar (years 1900 to 2999: 3.3 MB of slots).
 */
export class DatePool {
  private readonly days: (string | undefined)[] = [];

  constructor(private readonly format: DateFormat) {
    for (let i = 0; i < DAY_SLOTS; i++) this.days.push(undefined);
  }

  /** The shared `YYYY-MM-DD` of the date in `value` (in the pool's layout); null when it is not a date. */
  share(value: string): string | null {
    const day = calendarDay(value, this.format);
    if (day < 0) return null;
    const slot = daySlot(day);
    let known = this.days[slot];
    if (known === undefined) {
      known = this.format === 'YYYY-MM-DD' ? keptCopy(value) : isoDateOfDay(day);
      this.days[slot] = known;
    }
    return known;
  }
}
