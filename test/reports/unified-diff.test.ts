/**
 * The unified diff behind `ibsight config-diff` (src/diff/): the edit script is a shortest one
 * (checked against a dynamic-programming LCS on seeded random inputs), its text is applied by
 * the real GNU `patch` to give back the new text byte for byte (newline-at-end cases included),
 * it changes as few lines as `diff --minimal`, and for edits with one right answer it is the
 * very text GNU `diff -u` prints, on a real Junos configuration of the simulator profiles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diffLines } from '../../src/diff/myers-diff.js';
import { unifiedDiff } from '../../src/diff/unified-diff.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** mulberry32: a small seeded generator, so every run tests the same cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

function randomLines(next: () => number, maxLen: number, alphabet: number): string[] {
  const n = Math.floor(next() * (maxLen + 1));
  return Array.from({ length: n }, () => `line ${String.fromCharCode(97 + Math.floor(next() * alphabet))}`);
}

/** A copy of `lines` with a few random deletions, insertions and replacements. */
function edited(next: () => number, lines: string[], edits: number): string[] {
  const out = lines.slice();
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const what = next();
    if (what < 0.33 && out.length > 0) out.splice(Math.min(at, out.length - 1), 1);
    else if (what < 0.66) out.splice(at, 0, `    inserted ${e};`);
    else if (out.length > 0) out[Math.min(at, out.length - 1)] = `    replaced ${e};`;
  }
  return out;
}

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { encoding: 'utf8' });
}

const haveTools = existsSync('/usr/bin/patch') && existsSync('/usr/bin/diff');
if (!haveTools) {
  if (process.env.CI === 'true') throw new Error('GNU diff and patch are required (/usr/bin/diff, /usr/bin/patch)');
  console.warn('SKIPPED: GNU diff/patch comparisons: /usr/bin/diff or /usr/bin/patch is missing');
}

/** Applies `patchText` to `from` with GNU patch and returns the result. */
function applyWithPatch(name: string, from: string, patchText: string): string {
  const src = join(dir, `${name}.old`);
  const patchFile = join(dir, `${name}.patch`);
  const result = join(dir, `${name}.new`);
  writeFileSync(src, from);
  writeFileSync(patchFile, patchText);
  const r = run('/usr/bin/patch', ['--quiet', '--force', '-o', result, src, patchFile]);
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  return readFileSync(result, 'utf8');
}

function changedLineCount(patchText: string): number {
  return patchText.split('\n').filter((l) => /^[+-]/.test(l) && !/^(---|\+\+\+) /.test(l)).length;
}

const CONFIG = readFileSync(join(ROOT, 'src/sim/profiles/mx480/get-configuration@format=text.xml'), 'utf8');

describe('diffLines', () => {
  it('finds a shortest edit script (against an LCS table) on 2,000 random pairs', () => {
    const next = random(42);
    for (let i = 0; i < 2000; i++) {
      const a = randomLines(next, 14, 1 + (i % 5));
      const b = i % 3 === 0 ? edited(next, a, 1 + (i % 4)) : randomLines(next, 14, 1 + (i % 5));
      const runs = diffLines(a, b);
      const rebuiltA: string[] = [];
      const rebuiltB: string[] = [];
      let edits = 0;
      for (const r of runs) {
        expect(r.count).toBeGreaterThan(0);
        if (r.kind !== 'insert') rebuiltA.push(...a.slice(r.aStart, r.aStart + r.count));
        if (r.kind !== 'delete') rebuiltB.push(...b.slice(r.bStart, r.bStart + r.count));
        if (r.kind === 'equal') expect(a.slice(r.aStart, r.aStart + r.count)).toEqual(b.slice(r.bStart, r.bStart + r.count));
        else edits += r.count;
      }
      expect(rebuiltA).toEqual(a);
      expect(rebuiltB).toEqual(b);
      expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
    }
  });

  it('handles empty sides and identical inputs', () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines([], ['x'])).toEqual([{ kind: 'insert', aStart: 0, bStart: 0, count: 1 }]);
    expect(diffLines(['x', 'y'], [])).toEqual([{ kind: 'delete', aStart: 0, bStart: 0, count: 2 }]);
    expect(diffLines(['x', 'y'], ['x', 'y'])).toEqual([{ kind: 'equal', aStart: 0, bStart: 0, count: 2 }]);
  });

  it('diffs two unrelated 20,000-line texts sharing no line as one delete and one insert', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a ${i}`);
    const b = Array.from({ length: 20_000 }, (_, i) => `b ${i}`);
    const runs = diffLines(a, b);
    expect(runs.map((r) => [r.kind, r.count])).toEqual([
      ['delete', 20_000],
      ['insert', 20_000],
    ]);
  });
});

describe('a rewritten 20,000-line configuration that shares only its braces', () => {
  const a = Array.from({ length: 20_000 }, (_, i) => (i % 5 === 4 ? '}' : `old statement ${i};`));
  const b = Array.from({ length: 20_000 }, (_, i) => (i % 5 === 4 ? '}' : `new statement ${i};`));

  it('still gives a correct script (past the cost limit, not necessarily the shortest)', () => {
    const runs = diffLines(a, b);
    const rebuiltA: string[] = [];
    const rebuiltB: string[] = [];
    for (const r of runs) {
      if (r.kind !== 'insert') rebuiltA.push(...a.slice(r.aStart, r.aStart + r.count));
      if (r.kind !== 'delete') rebuiltB.push(...b.slice(r.bStart, r.bStart + r.count));
    }
    expect(rebuiltA).toEqual(a);
    expect(rebuiltB).toEqual(b);
  });

  it.skipIf(!haveTools)('is applied by GNU patch', () => {
    const from = `${a.join('\n')}\n`;
    const to = `${b.join('\n')}\n`;
    expect(applyWithPatch('rewrite', from, unifiedDiff(from, to, { fromLabel: 'a', toLabel: 'b' }))).toBe(to);
  });
});

describe('unifiedDiff', () => {
  const labels = { fromLabel: 'a/juniper.conf', toLabel: 'b/juniper.conf' };

  it('is empty for identical texts', () => {
    expect(unifiedDiff(CONFIG, CONFIG, labels)).toBe('');
  });

  it('marks a missing newline at the end and tells "x" from "x\\n"', () => {
    expect(unifiedDiff('x', 'x\n', labels)).toBe('--- a/juniper.conf\n+++ b/juniper.conf\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n');
    expect(unifiedDiff('', 'a\nb\n', labels)).toBe('--- a/juniper.conf\n+++ b/juniper.conf\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it.skipIf(!haveTools)('prints what GNU diff -u prints for single edits of a real configuration', () => {
    const lines = CONFIG.split('\n');
    const cases: [string, string][] = [
      ['replace', lines.map((l, i) => (i === 40 ? `${l} # changed` : l)).join('\n')],
      ['delete', lines.filter((_, i) => i !== 12).join('\n')],
      ['insert-at-end', `${CONFIG}extra line\n`],
      ['two-hunks', lines.map((l, i) => (i === 5 || i === lines.length - 5 ? `${l} # edited` : l)).join('\n')],
    ];
    for (const [name, changed] of cases) {
      const oldFile = join(dir, `${name}.a`);
      const newFile = join(dir, `${name}.b`);
      writeFileSync(oldFile, CONFIG);
      writeFileSync(newFile, changed);
      const gnu = run('/usr/bin/diff', ['-u', '--label', labels.fromLabel, '--label', labels.toLabel, oldFile, newFile]);
      expect(gnu.status).toBe(1);
      expect(unifiedDiff(CONFIG, changed, labels), name).toBe(gnu.stdout);
    }
  });

  it.skipIf(!haveTools)('is applied by GNU patch and is as small as diff --minimal, on 300 random edits', () => {
    const next = random(7);
    const base = CONFIG.split('\n');
    for (let i = 0; i < 300; i++) {
      const from = i % 2 === 0 ? base.join('\n') : randomLines(next, 60, 4).join('\n') + (i % 3 === 0 ? '' : '\n');
      const fromLines = from.split('\n');
      let to = edited(next, fromLines, 1 + (i % 9)).join('\n');
      if (i % 5 === 0) to = to.replace(/\n$/, '');
      if (to === from) continue;
      const text = unifiedDiff(from, to, { ...labels, context: i % 4 });
      expect(applyWithPatch(`case${i}`, from, text), `case ${i}`).toBe(to);
      writeFileSync(join(dir, 'min.a'), from);
      writeFileSync(join(dir, 'min.b'), to);
      const gnu = run('/usr/bin/diff', ['--minimal', '-U', String(i % 4), join(dir, 'min.a'), join(dir, 'min.b')]);
      expect(changedLineCount(text), `case ${i}`).toBe(changedLineCount(gnu.stdout));
    }
  });
});
