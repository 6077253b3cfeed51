/**
 * A shortest edit script between two sequences of lines (Myers, "An O(ND) difference algorithm
 * and its variations", 1986), in linear space: find the middle snake of the edit graph by
 * searching forward and backward at once, split there, recurse on both halves. Common prefix
 * and suffix are taken off first (configurations mostly differ in a few places). Lines are
 * interned to integers so the inner loop compares numbers.
 *
 * Past COST_LIMIT edits in one middle-snake search (two large, unrelated texts that share only
 * `}` lines) the search stops and splits at its furthest point, as GNU diff does for "too
 * expensive" inputs: the script stays correct, may no longer be the shortest, and the time stays
 * near-linear. Below the limit (every realistic configuration change) it is the shortest.
 *
 * The result is a list of runs: `equal`, `delete` (lines of a only) and `insert` (lines of b
 * only), covering both inputs in order, with as few deleted + inserted lines as possible.
 */

export type EditKind = 'equal' | 'delete' | 'insert';

export interface EditRun {
  kind: EditKind;
  /** Start index in a (equal, delete) or where it would be (insert). */
  aStart: number;
  /** Start index in b (equal, insert) or where it would be (delete). */
  bStart: number;
  count: number;
}

const COST_LIMIT = 2048;

class RunBuilder {
  readonly runs: EditRun[] = [];
  add(kind: EditKind, aStart: number, bStart: number, count: number): void {
    if (count <= 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.kind === kind && last.aStart + (kind === 'insert' ? 0 : last.count) === aStart && last.bStart + (kind === 'delete' ? 0 : last.count) === bStart) {
      last.count += count;
      return;
    }
    this.runs.push({ kind, aStart, bStart, count });
  }
}

/**
 * The furthest x on diagonal k reachable with d edits, before following its snake: one step
 * right from diagonal k - 1 or one step down from k + 1, whichever goes further while staying
 * inside the n × m grid; -1 when neither can.
 */
function furthest(v: Int32Array, i: number, k: number, d: number, n: number, m: number): number {
  if (d === 0) return 0;
  let x = -1;
  if (k > -d) {
    const from = v[i - 1]!;
    if (from >= 0 && from + 1 <= n && from + 1 - k >= 0 && from + 1 - k <= m) x = from + 1;
  }
  if (k < d) {
    const from = v[i + 1]!;
    if (from > x && from - k >= 0 && from - k <= m) x = from;
  }
  return x;
}

/**
 * The middle snake of a[aLo..aHi) against b[bLo..bHi) (both non-empty, no common prefix or
 * suffix needed): returns the point (x, y) where an optimal path crosses the middle diagonal
 * band, so both halves can be solved separately.
 */
function middle(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): [number, number] {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.ceil((n + m) / 2);
  const offset = max + 1;
  const size = 2 * max + 3;
  const fwd = new Int32Array(size).fill(-1);
  const bwd = new Int32Array(size).fill(-1);
  const delta = n - m;
  const oddDelta = (delta & 1) !== 0;
  for (let d = 0; d <= max; d++) {
    // forward: furthest x on diagonal k = x - y
    for (let k = -d; k <= d; k += 2) {
      const i = offset + k;
      let x = furthest(fwd, i, k, d, n, m);
      if (x < 0) continue;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      fwd[i] = x;
      if (oddDelta) {
        const j = offset + (delta - k);
        if (j >= 0 && j < size && bwd[j]! >= 0 && x + bwd[j]! >= n) return [aLo + x, bLo + y];
      }
    }
    // backward: the same from the ends, on reversed diagonal k (forward diagonal delta - k)
    for (let k = -d; k <= d; k += 2) {
      const i = offset + k;
      let x = furthest(bwd, i, k, d, n, m);
      if (x < 0) continue;
      let y = x - k;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x++;
        y++;
      }
      bwd[i] = x;
      if (!oddDelta) {
        const j = offset + (delta - k);
        if (j >= 0 && j < size && fwd[j]! >= 0 && fwd[j]! + x >= n) {
          const fx = fwd[j]!;
          return [aLo + fx, bLo + fx - (delta - k)];
        }
      }
    }
    if (d >= COST_LIMIT) return furthestForward(fwd, offset, d, aLo, bLo);
  }
  /* c8 ignore next */
  throw new Error('myers: no middle snake (unreachable)');
}

/** The forward point furthest from the start after d edits: a valid, if not optimal, split. */
function furthestForward(fwd: Int32Array, offset: number, d: number, aLo: number, bLo: number): [number, number] {
  let best: [number, number] = [aLo, bLo];
  let bestSum = -1;
  for (let k = -d; k <= d; k += 2) {
    const x = fwd[offset + k]!;
    if (x >= 0 && 2 * x - k > bestSum) {
      bestSum = 2 * x - k;
      best = [aLo + x, bLo + x - k];
    }
  }
  return best;
}

/** Whether any line of a[aLo..aHi) also occurs in b[bLo..bHi). */
function shareALine(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): boolean {
  const seen = new Set<number>();
  for (let i = aLo; i < aHi; i++) seen.add(a[i]!);
  for (let j = bLo; j < bHi; j++) if (seen.has(b[j]!)) return true;
  return false;
}

function solve(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: RunBuilder): void {
  let start = 0;
  while (aLo + start < aHi && bLo + start < bHi && a[aLo + start] === b[bLo + start]) start++;
  out.add('equal', aLo, bLo, start);
  aLo += start;
  bLo += start;
  let end = 0;
  while (aHi - end > aLo && bHi - end > bLo && a[aHi - 1 - end] === b[bHi - 1 - end]) end++;
  aHi -= end;
  bHi -= end;
  if (aLo === aHi) out.add('insert', aLo, bLo, bHi - bLo);
  else if (bLo === bHi) out.add('delete', aLo, bLo, aHi - aLo);
  else if (!shareALine(a, aLo, aHi, b, bLo, bHi)) {
    out.add('delete', aLo, bLo, aHi - aLo);
    out.add('insert', aHi, bLo, bHi - bLo);
  } else {
    const [x, y] = middle(a, aLo, aHi, b, bLo, bHi);
    solve(a, aLo, x, b, bLo, y, out);
    solve(a, x, aHi, b, y, bHi, out);
  }
  out.add('equal', aHi, bHi, end);
}

/** Maps each distinct line to a small integer, shared by both sides. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const encode = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  return [encode(a), encode(b)];
}

export function diffLines(a: readonly string[], b: readonly string[]): EditRun[] {
  const [ia, ib] = intern(a, b);
  const out = new RunBuilder();
  solve(ia, 0, ia.length, ib, 0, ib.length, out);
  return out.runs;
}
