/**
 * Is a Junos version inside one advisory version range? Three answers: 'yes', 'no', 'maybe' (with
 * the doubt spelled out). Ranges are compiled once (bounds parsed once); checking allocates
 * nothing on the common paths (only a 'maybe' builds its reason).
 *
 * Semantics (docs/advisories.md):
 *  - lower bound none: every version; a train: versions on that train only (isOnTrain); a release:
 *    versions at or above it.
 *  - fixed-in F1..Fn: a version is fixed (outside the range) when it is at or above every fix it is
 *    ordered against (the highest), or on the maintenance line of one fix (same train and R number,
 *    or the same X-train D release / F release) and at or above it: with "22.4R2-S2, 22.4R3",
 *    22.4R2-S1 and 22.4R1-S9 are inside, 22.4R2-S2, 22.4R2-S5 and 22.4R3 are fixed.
 *  - whole-train W: versions on W or on an earlier train; at-most V: at or below V; only: the lower
 *    bound alone (one release, or the whole train).
 *
 * When a bound cannot be ordered against the version (compareJunosVersions says 'unordered': an X
 * train or F line against mainline bounds, another X train, a build that is not a release), the
 * version is placed by its MAJOR.MINOR instead: wholly below the bound's MAJOR.MINOR counts as
 * below (15.1X49-D170 is inside "all versions before 20.4R3-S9"), wholly above counts as above,
 * and the same MAJOR.MINOR is 'maybe' (15.1X49 against "before 15.1R7-S9", a 21.2 daily build
 * against "21.2 before 21.2R3-S6"): never a silent "not affected".
 */
import type { AdvisoryProduct, LowerBound, UpperBound, VersionRange } from '../advisories/advisory-types.js';
import { compareJunosVersions, compareTrains, isOnTrain, parseJunosTrain, parseJunosVersion, type JunosTrain, type JunosVersion } from './junos-version.js';

export type RangeAnswer = 'yes' | 'no' | 'maybe';

type CompiledLower = { kind: 'none' } | { kind: 'train'; train: JunosTrain } | { kind: 'release'; version: JunosVersion };
type CompiledUpper =
  | { kind: 'fixed-in'; fixes: JunosVersion[] }
  | { kind: 'whole-train'; train: JunosTrain }
  | { kind: 'at-most'; version: JunosVersion }
  | { kind: 'only' };

export interface CompiledRange {
  readonly range: VersionRange;
  readonly lower: CompiledLower;
  readonly upper: CompiledUpper;
  /** MAJOR*10000+MINOR span outside which the range cannot hold a version (a quick filter). */
  readonly lowKey: number;
  readonly highKey: number;
}

/** Parses bounds; compileAdvisories shares one memoising parser across advisories (bounds repeat a lot). */
export interface BoundParser {
  version(text: string, product: AdvisoryProduct): JunosVersion;
  train(text: string, product: AdvisoryProduct): JunosTrain;
}

export function memoBoundParser(): BoundParser {
  const versions = new Map<string, JunosVersion>();
  const trains = new Map<string, JunosTrain>();
  return {
    version(text, product) {
      const key = `${product}\u0000${text}`;
      let v = versions.get(key);
      if (v === undefined) versions.set(key, (v = parseJunosVersion(text, product)));
      return v;
    },
    train(text, product) {
      const key = `${product}\u0000${text}`;
      let t = trains.get(key);
      if (t === undefined) trains.set(key, (t = parseJunosTrain(text, product)));
      return t;
    },
  };
}

/** MAJOR.MINOR as one number, for the quick filter. */
export function trainKey(x: { major: number; minor: number }): number {
  return x.major * 10000 + x.minor;
}

export function compileRange(range: VersionRange, product: AdvisoryProduct, parse: BoundParser = memoBoundParser()): CompiledRange {
  const from: LowerBound = range.from;
  const to: UpperBound = range.to;
  const lower: CompiledLower =
    from.kind === 'none'
      ? { kind: 'none' }
      : from.kind === 'train'
        ? { kind: 'train', train: parse.train(from.train, product) }
        : { kind: 'release', version: parse.version(from.version, product) };
  const upper: CompiledUpper =
    to.kind === 'fixed-in'
      ? { kind: 'fixed-in', fixes: to.fixes.map((f) => parse.version(f, product)) }
      : to.kind === 'whole-train'
        ? { kind: 'whole-train', train: parse.train(to.train, product) }
        : to.kind === 'at-most'
          ? { kind: 'at-most', version: parse.version(to.version, product) }
          : { kind: 'only' };
  let lowKey = lower.kind === 'none' ? -Infinity : trainKey(lower.kind === 'train' ? lower.train : lower.version);
  let highKey =
    upper.kind === 'fixed-in'
      ? Math.max(...upper.fixes.map(trainKey))
      : upper.kind === 'whole-train'
        ? trainKey(upper.train)
        : upper.kind === 'at-most'
          ? trainKey(upper.version)
          : lowKey === -Infinity ? Infinity : lowKey;
  if (lower.kind === 'train') highKey = lowKey = trainKey(lower.train);
  return { range, lower, upper, lowKey, highKey };
}

/** -1 / 0 / 1 by MAJOR.MINOR only. */
function trainPosition(v: JunosVersion, b: { major: number; minor: number }): -1 | 0 | 1 {
  if (v.major !== b.major) return v.major < b.major ? -1 : 1;
  if (v.minor !== b.minor) return v.minor < b.minor ? -1 : 1;
  return 0;
}

/** v against a release bound: -1 below, 1 at or above, 0 doubt (unordered, same MAJOR.MINOR). */
function placeAgainst(v: JunosVersion, bound: JunosVersion): -1 | 0 | 1 {
  const order = compareJunosVersions(v, bound);
  if (order !== 'unordered') return order < 0 ? -1 : 1;
  return trainPosition(v, bound) < 0 ? -1 : trainPosition(v, bound) > 0 ? 1 : 0;
}

function checkLower(v: JunosVersion, lower: CompiledLower): RangeAnswer {
  switch (lower.kind) {
    case 'none':
      return 'yes';
    case 'train':
      return isOnTrain(v, lower.train) ? 'yes' : 'no';
    case 'release': {
      const p = placeAgainst(v, lower.version);
      return p > 0 ? 'yes' : p < 0 ? 'no' : 'maybe';
    }
  }
}

/** Below the fixes (inside the range), fixed (outside), or doubt. */
function checkFixes(v: JunosVersion, fixes: readonly JunosVersion[]): RangeAnswer {
  let ordered = 0;
  let aboveAll = true;
  let belowAll = true;
  let doubt = false;
  for (const f of fixes) {
    const order = compareJunosVersions(v, f);
    if (order === 'unordered') {
      const p = trainPosition(v, f);
      if (p === 0) doubt = true;
      else if (p < 0) aboveAll = false;
      else belowAll = false;
      continue;
    }
    ordered++;
    if (order >= 0 && v.maintenanceLine === f.maintenanceLine) return 'no';
    if (order < 0) aboveAll = false;
  }
  if (ordered > 0) return aboveAll ? 'no' : 'yes';
  if (doubt) return 'maybe';
  return belowAll ? 'yes' : aboveAll ? 'no' : 'maybe';
}

function checkUpper(v: JunosVersion, upper: CompiledUpper): RangeAnswer {
  switch (upper.kind) {
    case 'fixed-in':
      return checkFixes(v, upper.fixes);
    case 'whole-train': {
      if (isOnTrain(v, upper.train)) return 'yes';
      const order = compareTrains(v, upper.train);
      if (order !== 'unordered') return order <= 0 ? 'yes' : 'no';
      const p = trainPosition(v, upper.train);
      return p < 0 ? 'yes' : p > 0 ? 'no' : 'maybe';
    }
    case 'at-most': {
      const order = compareJunosVersions(v, upper.version);
      if (order !== 'unordered') return order <= 0 ? 'yes' : 'no';
      const p = trainPosition(v, upper.version);
      return p < 0 ? 'yes' : p > 0 ? 'no' : 'maybe';
    }
    case 'only':
      // A train alone: the whole train (the lower bound decided). A release alone: checkRange.
      return 'yes';
  }
}

/** Is `v` (of the range's product) inside the range? */
export function checkRange(v: JunosVersion, compiled: CompiledRange): RangeAnswer {
  const lower = checkLower(v, compiled.lower);
  if (lower === 'no') return 'no';
  if (compiled.upper.kind === 'only' && compiled.lower.kind === 'release') {
    // One release: that release exactly (a build of it is not it).
    return compareJunosVersions(v, compiled.lower.version) === 0 ? 'yes' : 'no';
  }
  const upper = checkUpper(v, compiled.upper);
  if (upper === 'no') return 'no';
  return lower === 'maybe' || upper === 'maybe' ? 'maybe' : 'yes';
}

/** Why a 'maybe': the version cannot be ordered against the range's bounds. */
export function doubtReason(v: JunosVersion, range: VersionRange): string {
  const what = !v.isRelease ? `${v.text} is a ${v.build} build, not a release` : v.lineKind === 'x' ? `${v.text} is on X train ${v.train}` : v.lineKind === 'f' ? `${v.text} is on F line ${v.train}` : `${v.text}`;
  return `${what}: cannot be ordered against ${range.text} (same ${v.major}.${v.minor} base)`;
}
