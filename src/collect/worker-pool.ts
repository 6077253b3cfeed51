/**
 * A fixed number of workers draining a list in order: at most `concurrency` items in flight,
 * the next item starting as soon as one finishes. No per-item promise chains or timers: a
 * 10,000-device run keeps `concurrency` promises alive, not 10,000. An aborted `signal` stops
 * the workers from taking new items; items already started finish.
 */

/**
 * Runs `work` over every item with at most `concurrency` at once; `work` must not throw. Returns
 * how many items were started (fewer than all only when `signal` was aborted).
 */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && signal?.aborted !== true) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  const count = Math.max(1, Math.min(Math.floor(concurrency), items.length));
  await Promise.all(Array.from({ length: count }, worker));
  return next;
}
