/**
 * The counts of a reconciliation (SPEC §5 `summary` and `perSite`) and the order of its items.
 *
 * Rules:
 *  - `inScope` is the number of items; each status has its count (an RMA pair counts two
 *    `rmaSuspected`).
 *  - `accuracyPct` = 100 × matched ÷ (inScope − notVerified); 100 when the divisor is 0 (nothing
 *    verifiable is not a failure). Rounded to one decimal, halves up: computed as
 *    round(1000 × matched ÷ divisor) ÷ 10 so the rounding sees the exact quotient of integers.
 *  - Per site: an item counts at the site it was seen at, else at its installed-base site. Every
 *    site of the scope appears, with zeros when it has no item; sites sorted by id (code-unit order).
 *  - Items are sorted by that same site, then status in SPEC order (matched, unregistered, missing,
 *    site-mismatch, product-mismatch, rma-suspected, not-verified), then serial key (trimmed, upper
 *    case, code-unit order), then serial as shown.
 */
import type { ReconcileCounts, ReconcileItem, ReconcileStatus } from './reconcile-types.js';

export const STATUS_ORDER: readonly ReconcileStatus[] = [
  'matched',
  'unregistered',
  'missing',
  'site-mismatch',
  'product-mismatch',
  'rma-suspected',
  'not-verified',
];

/** The count (SPEC §5 `summary` key) of each status. */
export const COUNT_KEY: Record<ReconcileStatus, Exclude<keyof ReconcileCounts, 'inScope' | 'accuracyPct'>> = {
  matched: 'matched',
  unregistered: 'unregistered',
  missing: 'missing',
  'site-mismatch': 'siteMismatch',
  'product-mismatch': 'productMismatch',
  'rma-suspected': 'rmaSuspected',
  'not-verified': 'notVerified',
};

export function accuracyPct(matched: number, inScope: number, notVerified: number): number {
  const divisor = inScope - notVerified;
  if (divisor <= 0) return 100;
  return Math.round((1000 * matched) / divisor) / 10;
}

export function emptyCounts(): ReconcileCounts {
  return { inScope: 0, matched: 0, unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 100 };
}

/** The site an item counts at: where it was seen, else where the installed base records it. */
export function itemSite(item: ReconcileItem): string {
  return item.site ?? item.ibSite ?? '';
}

export function countItems(
  items: readonly ReconcileItem[],
  siteIds: readonly string[],
): { summary: ReconcileCounts; perSite: (ReconcileCounts & { site: string })[] } {
  const summary = emptyCounts();
  const bySite = new Map<string, ReconcileCounts>();
  for (const id of siteIds) bySite.set(id, emptyCounts());
  for (const item of items) {
    const site = itemSite(item);
    let counts = bySite.get(site);
    if (counts === undefined) {
      counts = emptyCounts();
      bySite.set(site, counts);
    }
    const key = COUNT_KEY[item.status];
    summary.inScope++;
    summary[key]++;
    counts.inScope++;
    counts[key]++;
  }
  summary.accuracyPct = accuracyPct(summary.matched, summary.inScope, summary.notVerified);
  const perSite = [...bySite.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([site, c]) => ({ site, ...c, accuracyPct: accuracyPct(c.matched, c.inScope, c.notVerified) }));
  return { summary, perSite };
}

/** Items in report order (see the header); `keyOf` gives an item's serial key. */
export function sortItems<T>(entries: T[], itemOf: (entry: T) => ReconcileItem, keyOf: (entry: T) => string): T[] {
  const rank = new Map(STATUS_ORDER.map((s, i) => [s, i] as const));
  return entries.sort((x, y) => {
    const a = itemOf(x);
    const b = itemOf(y);
    const sa = itemSite(a);
    const sb = itemSite(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (a.status !== b.status) return rank.get(a.status)! - rank.get(b.status)!;
    const ka = keyOf(x);
    const kb = keyOf(y);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0;
  });
}
