/**
 * Unified diff text (the `diff -u` / `git diff` format) between two texts: `---` / `+++` header
 * lines, then hunks `@@ -l,s +l,s @@` with `context` unchanged lines around each change (3 by
 * default; hunks closer than twice that merge). Line numbers follow GNU diff: a count of 1 is
 * left out, an empty range names the line before it. A text not ending in a newline gets the
 * `\ No newline at end of file` marker, so `patch` reproduces it byte for byte.
 */
import { diffLines, type EditRun } from './myers-diff.js';

export interface UnifiedDiffOptions {
  /** Label of the old side (`--- label`). */
  fromLabel: string;
  /** Label of the new side (`+++ label`). */
  toLabel: string;
  context?: number;
}

interface SplitText {
  lines: string[];
  /** False when the last line has no newline after it. */
  endsWithNewline: boolean;
}

function split(text: string): SplitText {
  if (text === '') return { lines: [], endsWithNewline: true };
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

function range(start: number, count: number): string {
  if (count === 1) return String(start + 1);
  return `${count === 0 ? start : start + 1},${count}`;
}

/** The lines as compared: a last line without newline differs from the same text with one. */
function comparable(t: SplitText): string[] {
  if (t.endsWithNewline || t.lines.length === 0) return t.lines;
  const lines = t.lines.slice();
  lines[lines.length - 1] += '\u0000no-newline';
  return lines;
}

/** Groups the runs into hunks: changed runs plus up to `context` equal lines each side. */
function hunksOf(runs: EditRun[], context: number): EditRun[][] {
  const hunks: EditRun[][] = [];
  let current: EditRun[] | null = null;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (run.kind !== 'equal') {
      if (!current) {
        current = [];
        const before = runs[i - 1];
        if (before && context > 0) {
          const n = Math.min(context, before.count);
          current.push({ kind: 'equal', aStart: before.aStart + before.count - n, bStart: before.bStart + before.count - n, count: n });
        }
        hunks.push(current);
      }
      current.push(run);
      continue;
    }
    if (!current) continue;
    const last = i === runs.length - 1;
    if (!last && run.count <= 2 * context) {
      current.push(run);
      continue;
    }
    const n = Math.min(context, run.count);
    if (n > 0) current.push({ kind: 'equal', aStart: run.aStart, bStart: run.bStart, count: n });
    current = null;
  }
  return hunks;
}

/** The unified diff, or '' when the texts are identical. */
export function unifiedDiff(fromText: string, toText: string, options: UnifiedDiffOptions): string {
  if (fromText === toText) return '';
  const a = split(fromText);
  const b = split(toText);
  const context = Math.max(0, options.context ?? 3);
  const runs = diffLines(comparable(a), comparable(b));
  const out: string[] = [`--- ${options.fromLabel}`, `+++ ${options.toLabel}`];
  const noNewline = '\\ No newline at end of file';
  for (const hunk of hunksOf(runs, context)) {
    const first = hunk[0]!;
    let aCount = 0;
    let bCount = 0;
    for (const r of hunk) {
      if (r.kind !== 'insert') aCount += r.count;
      if (r.kind !== 'delete') bCount += r.count;
    }
    out.push(`@@ -${range(first.aStart, aCount)} +${range(first.bStart, bCount)} @@`);
    for (const r of hunk) {
      for (let j = 0; j < r.count; j++) {
        if (r.kind === 'insert') {
          const idx = r.bStart + j;
          out.push(`+${b.lines[idx]}`);
          if (idx === b.lines.length - 1 && !b.endsWithNewline) out.push(noNewline);
        } else {
          const idx = r.aStart + j;
          out.push(`${r.kind === 'delete' ? '-' : ' '}${a.lines[idx]}`);
          if (idx === a.lines.length - 1 && !a.endsWithNewline) out.push(noNewline);
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}
