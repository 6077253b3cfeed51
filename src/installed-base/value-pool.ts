/**
 * One shared string per distinct value of a column whose cells repeat across an installed-base
 * file (site ids, SKUs, descriptions, service levels, dates): a 1M-row file then holds each of
 * them once instead of once per row. One pool per column, so a column of many distinct values
 * cannot crowd out the others; the previous value is checked first (exports sorted by site or
 * SKU repeat it row after row). Bounded: past MAX_POOLED distinct values, new ones are kept as
 * they come (correct, just not shared).
 */

const MAX_POOLED = 50_000;

export class ValuePool {
  private readonly values = new Map<string, string>();
  private last = '';

  /** The pooled copy of `value` (or `value` itself), null for null. */
  share(value: string | null): string | null {
    if (value === null) return null;
    if (value === this.last) return this.last;
    let known = this.values.get(value);
    if (known === undefined) {
      known = value;
      if (this.values.size < MAX_POOLED) this.values.set(value, value);
    }
    this.last = known;
    return known;
  }
}
