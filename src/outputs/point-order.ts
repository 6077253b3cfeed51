/**
 * The stable order of metric points (metric-points.ts and its builders): tag values and series
 * keys sorted by UTF-16 code unit, so the same store state always gives the same points in the
 * same order (diffable `ibsight metrics` output, deterministic tests).
 */

export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Map keys of joined tag values, sorted. */
export function sortedKeys<V>(map: ReadonlyMap<string, V>): string[] {
  return [...map.keys()].sort(byCodeUnit);
}
