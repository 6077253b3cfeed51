/**
 * Exact Junos versions (issue 6, SPEC §7): the parsed parts of a version string and the order on them.
 * The grammar (what parses, and the INPUT_INVALID messages) is in junos-version-grammar.ts.
 *
 * Lines. A version belongs to one line, and only versions of one line are ordered:
 *  - the mainline: R and B releases of every MAJOR.MINOR train of one product (21.4R3, 22.1B1);
 *  - each X train on its own: 15.1X49 (D releases, 15.1X49-D200.3);
 *  - each F line on its own: 15.1F (F releases, 15.1F6-S3; the F number is the release number).
 * Junos OS Evolved (`-EVO`) is a separate product: never ordered against Junos OS, its mainline is
 * ordered within itself exactly like Junos OS's.
 *
 * Order inside a line: train (major, then minor; mainline only), then B before R (21.4B2 < 21.4R1),
 * then release number, service release, spin, all numeric; a missing part is 0:
 *   21.4R3 = 21.4R3.0 < 21.4R3.15 < 21.4R3-S1 < 21.4R3-S5 < 21.4R3-S5.4 < 21.4R4 < 22.1B1 < 22.1R1.
 *
 * `unordered`, and why:
 *  - builds that are not releases (daily 16.1-20160720.0, internal 18.3I20180716_1639, custom
 *    15.1F5.15-C1.12, JET 16.1X70-D10.5-jet-1) against anything but the identical (trimmed) text
 *    of the same product, which compares 0: a build says nothing about which fixes it carries;
 *  - two different X trains (15.1X49 vs 15.1X53), an X train or F line against the mainline;
 *  - X trains with the SAME X number on DIFFERENT majors/minors (14.1X53 vs 15.1X53): decided
 *    `unordered`. Each MAJOR.MINOR "X" N is a train of its own, built from its own base release;
 *    Juniper's advisories list them separately, each with its own fixed release ("14.1X53 versions
 *    prior to 14.1X53-D47; 15.1X53 versions prior to 15.1X53-D59"), so a D number of one says
 *    nothing about the other. Likewise F lines of different majors/minors are unordered.
 *  - Junos OS against Junos OS Evolved.
 *
 * Trains (parseJunosTrain) are designators as advisories write them ('21.2', '21.4-EVO', '15.1X49',
 * '15.1F', and the wildcards '21.1*', '21.1*-EVO', '21.1*EVO' meaning "every 21.1 version").
 * isOnTrain is train membership only (a daily build of 16.1 is on 16.1; ordering it is another matter).
 *
 * Performance: parse once, compare many times. compareJunosVersions and compareTrains read numeric
 * and interned string fields only: no allocation, no regular expression.
 */
import { scanJunosTrain, scanJunosVersion } from './junos-version-grammar.js';

export type JunosProduct = 'junos' | 'junos-evolved';

/** What kind of build a version is: only `release` is ordered against other versions. */
export type JunosBuildKind = 'release' | 'daily' | 'internal' | 'custom' | 'jet';

export interface JunosVersion {
  /** The trimmed input. */
  readonly text: string;
  readonly product: JunosProduct;
  readonly major: number;
  readonly minor: number;
  readonly lineKind: 'mainline' | 'x' | 'f';
  /** The X number of an X train (49 in 15.1X49-D200), else null. */
  readonly x: number | null;
  /** '21.4', '22.4-EVO', '15.1X49', '15.1F' (the F line); '-EVO' for Evolved. */
  readonly train: string;
  /** False for daily, internal, custom and JET builds. */
  readonly isRelease: boolean;
  readonly build: JunosBuildKind;
  /** D = an X train's D release; null for builds that are not releases. */
  readonly releaseType: 'B' | 'R' | 'D' | 'F' | null;
  /** R3 → 3, D200 → 200, F6 → 6. A custom or JET build keeps the numbers of the release it was built from; daily and internal builds have 0. */
  readonly release: number;
  /** -S5 → 5, else 0. */
  readonly service: number;
  /** .4 → 4, else 0. */
  readonly spin: number;
  /** Train + release type + number: '22.4R2', '15.1X49-D200', '15.1F6', '22.4R2-EVO'; the train for daily and internal builds. */
  readonly maintenanceLine: string;
}

export interface JunosTrain {
  /** The trimmed input. */
  readonly text: string;
  readonly product: JunosProduct;
  readonly major: number;
  readonly minor: number;
  readonly lineKind: 'mainline' | 'x' | 'f';
  readonly x: number | null;
  /** Canonical: '21.1', '21.1-EVO', '15.1X49', '15.1F' (no '*'). */
  readonly train: string;
  /** Written with '*' ('21.1*'): every version of the train. Membership is the same either way. */
  readonly wildcard: boolean;
}

export type JunosOrder = -1 | 0 | 1 | 'unordered';

/**
 * Parses a version string (trimmed; `-EVO` in any case). Throws IbsightError INPUT_INVALID naming the
 * part that did not parse. `unmarked` is the product of a text without `-EVO` (default Junos OS; pass
 * 'junos-evolved' for an advisory entry whose product is Junos OS Evolved); `-EVO` always means Evolved.
 */
export function parseJunosVersion(text: string, unmarked: JunosProduct = 'junos'): JunosVersion {
  return scanJunosVersion(text, unmarked);
}

/** Like parseJunosVersion, but null for a string that is not a Junos version. */
export function tryParseJunosVersion(text: string, unmarked: JunosProduct = 'junos'): JunosVersion | null {
  try {
    return scanJunosVersion(text, unmarked);
  } catch {
    return null;
  }
}

function sign(d: number): -1 | 0 | 1 {
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** The order of two parsed versions (see the header): -1, 0, 1, or 'unordered'. */
export function compareJunosVersions(a: JunosVersion, b: JunosVersion): JunosOrder {
  if (!a.isRelease || !b.isRelease) return a.text === b.text && a.product === b.product ? 0 : 'unordered';
  if (a.product !== b.product || a.lineKind !== b.lineKind) return 'unordered';
  if (a.major !== b.major) return a.lineKind === 'mainline' ? sign(a.major - b.major) : 'unordered';
  if (a.minor !== b.minor) return a.lineKind === 'mainline' ? sign(a.minor - b.minor) : 'unordered';
  if (a.x !== b.x) return 'unordered';
  if (a.releaseType !== b.releaseType) return a.releaseType === 'B' ? -1 : 1;
  if (a.release !== b.release) return sign(a.release - b.release);
  if (a.service !== b.service) return sign(a.service - b.service);
  return sign(a.spin - b.spin);
}

/** Parses both (throws INPUT_INVALID on either) and compares them. */
export function compareVersionText(a: string, b: string): JunosOrder {
  return compareJunosVersions(parseJunosVersion(a), parseJunosVersion(b));
}

/**
 * A train designator as advisories write it: '21.2', '21.4-EVO', '15.1X49', and the wildcards '21.1*',
 * '21.1*-EVO', '21.1*EVO'. Throws INPUT_INVALID. `unmarked` as for parseJunosVersion: Juniper's records
 * for Junos OS Evolved often write the train without `-EVO` ("version": "21.4" next to "lessThan": "21.4R3-S5-EVO").
 */
export function parseJunosTrain(text: string, unmarked: JunosProduct = 'junos'): JunosTrain {
  return scanJunosTrain(text, unmarked);
}

/** True when the version is on the train (same product, line and MAJOR.MINOR; same X number for X trains). */
export function isOnTrain(v: JunosVersion, t: JunosTrain): boolean {
  return v.product === t.product && v.lineKind === t.lineKind && v.major === t.major && v.minor === t.minor && v.x === t.x;
}

/**
 * -1/0/1 by major then minor for two mainline trains of one product; 0 for the same X train or
 * F line of one product; 'unordered' otherwise. Accepts versions too (their trains are compared).
 */
export function compareTrains(a: JunosTrain | JunosVersion, b: JunosTrain | JunosVersion): JunosOrder {
  if (a.product !== b.product || a.lineKind !== b.lineKind) return 'unordered';
  if (a.lineKind === 'mainline') return a.major !== b.major ? sign(a.major - b.major) : sign(a.minor - b.minor);
  return a.major === b.major && a.minor === b.minor && a.x === b.x ? 0 : 'unordered';
}
