/**
 * The grammar of Junos version strings and train designators (issue 6; the order on the parsed
 * parts lives in junos-version.ts). A hand-written scanner, so that a string that does not parse
 * gets a message naming the string, what came before the failure, what was expected there and
 * what was found:
 *   "21.4Q3" is not a Junos version: after "21.4", expected a release type R, B, X, F or I, found "Q3"
 *
 * Version (after trimming; a trailing `-EVO`, any case, marks Junos OS Evolved and is taken off first):
 *   MAJOR "." MINOR ( "R" n | "B" n ) REST           mainline release or beta    21.4R3-S5.4, 21.4B1
 *   MAJOR "." MINOR "X" x "-D" n REST                X train D release           15.1X49-D200.3
 *   MAJOR "." MINOR "F" n REST                       F line release              15.1F6-S3
 *   REST   = [ "-S" n ] [ "." spin ] [ CUSTOM | JET ]
 *   CUSTOM = "-C" n [ "." n ]                        custom build (not a release)  15.1F5.15-C1.12
 *   JET    = "-jet" [ "-" n ]  (any case)            JET build (not a release)     16.1X70-D10.5-jet-1
 *   MAJOR "." MINOR [ "X" x | "F" ] DAILY            daily build (not a release)   16.1-20160720.0,
 *   DAILY  = "-" ( YYYYMMDD | YYYY-MM-DD ) [ ("." | "_") tail ]      15.1F-20151115.0,
 *                                                                 17.4-20170718_dev_common.1-secure
 *   MAJOR "." MINOR "I" digit tail                   internal build (not a release) 18.3I20180716_1639
 * Numbers are decimal, at most 9 digits. Release letters are upper case, as Junos writes them.
 *
 * Train designator, as advisories write it: MAJOR "." MINOR [ "X" x | "F" ] [ "*" ] [ "-EVO" | "EVO" ]
 *   (21.2, 21.4-EVO, 15.1X49, 15.1F, 21.1*, 21.1*-EVO, 21.1*EVO).
 * Inputs longer than MAX_VERSION_LENGTH characters are refused before scanning.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import type { JunosBuildKind, JunosProduct, JunosTrain, JunosVersion } from './junos-version.js';

export const MAX_VERSION_LENGTH = 100;
const MAX_DIGITS = 9;

/** Thrown inside the scanner (a plain object: no stack to capture) and turned into a message. */
interface GrammarFailure {
  readonly grammarFailure: true;
  readonly pos: number;
  readonly expected: string;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isTailChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

function quote(s: string): string {
  return JSON.stringify(s.length > MAX_VERSION_LENGTH ? `${s.slice(0, MAX_VERSION_LENGTH)}…` : s);
}

/** Scans `core` (the trimmed text without its `-EVO`); a failure is thrown as a GrammarFailure at `pos`. */
class Scanner {
  pos = 0;
  constructor(readonly core: string) {}

  atEnd(): boolean {
    return this.pos >= this.core.length;
  }

  peek(): string {
    return this.core.charAt(this.pos);
  }

  startsWith(s: string): boolean {
    return this.core.startsWith(s, this.pos);
  }

  startsWithIgnoreCase(s: string): boolean {
    return this.core.slice(this.pos, this.pos + s.length).toLowerCase() === s.toLowerCase();
  }

  fail(expected: string, pos = this.pos): never {
    const failure: GrammarFailure = { grammarFailure: true, pos, expected };
    throw failure;
  }

  number(what: string): number {
    const start = this.pos;
    while (this.pos < this.core.length && isDigit(this.core.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(what);
    if (this.pos - start > MAX_DIGITS) this.fail(`${what} of at most ${MAX_DIGITS} digits`, start);
    return Number(this.core.slice(start, this.pos));
  }

  /** Consumes the rest of the text when every character may appear in a build tail. */
  tail(what: string): void {
    const start = this.pos;
    while (this.pos < this.core.length && isTailChar(this.core.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.fail(what);
    if (!this.atEnd()) this.fail(`only letters, digits, "_", "." and "-" in ${what}`);
  }

  private digitsAt(at: number, n: number): boolean {
    for (let i = at; i < at + n; i++) if (!isDigit(this.core.charCodeAt(i))) return false;
    return true;
  }

  /** `-YYYYMMDD` or `-YYYY-MM-DD`, then optionally `.` or `_` and a tail, then the end. */
  daily(): void {
    this.pos++; // the '-'
    const at = this.pos;
    if (this.digitsAt(at, 8)) this.pos += 8;
    else if (this.digitsAt(at, 4) && this.core.charAt(at + 4) === '-' && this.digitsAt(at + 5, 2) && this.core.charAt(at + 7) === '-' && this.digitsAt(at + 8, 2)) {
      this.pos += 10;
    } else this.fail('a daily build date YYYYMMDD or YYYY-MM-DD');
    if (this.atEnd()) return;
    const c = this.peek();
    if (c !== '.' && c !== '_') this.fail('"." or "_" and a build number, or the end');
    this.pos++;
    this.tail('the build number of a daily build');
  }
}

type ReleaseParts = { service: number; spin: number; build: JunosBuildKind };

/** REST: optional `-S` service, optional `.` spin, optional custom or JET suffix, then the end. */
function releaseRest(s: Scanner): ReleaseParts {
  const parts: ReleaseParts = { service: 0, spin: 0, build: 'release' };
  let expected = '"-S" and a service release number, "." and a spin number, or the end';
  if (s.startsWith('-S')) {
    s.pos += 2;
    parts.service = s.number('a service release number');
    expected = '"." and a spin number, or the end';
  }
  if (s.peek() === '.') {
    s.pos++;
    parts.spin = s.number('a spin (build) number');
    expected = 'the end';
  }
  if (s.atEnd()) return parts;
  if (s.startsWith('-C')) {
    s.pos += 2;
    s.number('a custom build number');
    if (s.peek() === '.') {
      s.pos++;
      s.number('a custom build spin number');
    }
    parts.build = 'custom';
  } else if (s.startsWithIgnoreCase('-jet')) {
    s.pos += 4;
    if (s.peek() === '-') {
      s.pos++;
      s.number('a JET build number');
    }
    parts.build = 'jet';
  } else s.fail(expected);
  if (!s.atEnd()) s.fail('the end');
  return parts;
}

const RELEASE_LETTERS = 'RBXFI';

function releaseTypeExpected(s: Scanner): string {
  const c = s.peek();
  const hint = c !== '' && RELEASE_LETTERS.includes(c.toUpperCase()) ? ' (release letters are upper case)' : '';
  return `a release type R, B, X, F or I${hint}`;
}

interface VersionFields {
  major: number;
  minor: number;
  lineKind: 'mainline' | 'x' | 'f';
  x: number | null;
  /** The letter of the release (of the base release, for a custom or JET build); null for daily and internal builds. */
  letter: 'B' | 'R' | 'D' | 'F' | null;
  release: number;
  service: number;
  spin: number;
  build: JunosBuildKind;
}

const NOT_RELEASED = { letter: null, release: 0, service: 0, spin: 0 } as const;

function scanVersion(s: Scanner): VersionFields {
  const major = s.number('a major number (as "21" in "21.4R3")');
  if (s.peek() !== '.') s.fail('"." and a minor number');
  s.pos++;
  const minor = s.number('a minor number (as "4" in "21.4R3")');
  const c = s.peek();
  if (c === 'R' || c === 'B') {
    s.pos++;
    const release = s.number('a release number');
    return { major, minor, lineKind: 'mainline', x: null, letter: c, release, ...releaseRest(s) };
  }
  if (c === 'F') {
    s.pos++;
    if (s.peek() === '-') {
      s.daily();
      return { major, minor, lineKind: 'f', x: null, ...NOT_RELEASED, build: 'daily' };
    }
    const release = s.number('an F release number or a daily build "-YYYYMMDD"');
    return { major, minor, lineKind: 'f', x: null, letter: 'F', release, ...releaseRest(s) };
  }
  if (c === 'X') {
    s.pos++;
    const x = s.number('an X train number (as "49" in "15.1X49-D200")');
    if (s.startsWith('-D')) {
      s.pos += 2;
      const release = s.number('a D release number');
      return { major, minor, lineKind: 'x', x, letter: 'D', release, ...releaseRest(s) };
    }
    if (s.peek() === '-' && isDigit(s.core.charCodeAt(s.pos + 1))) {
      s.daily();
      return { major, minor, lineKind: 'x', x, ...NOT_RELEASED, build: 'daily' };
    }
    s.fail('"-D" and a release number (as in "15.1X49-D200")');
  }
  if (c === 'I') {
    s.pos++;
    if (!isDigit(s.core.charCodeAt(s.pos))) s.fail('the digits of an internal build (as in "18.3I20180716_1639")');
    s.tail('an internal build');
    return { major, minor, lineKind: 'mainline', x: null, ...NOT_RELEASED, build: 'internal' };
  }
  if (c === '-') {
    s.daily();
    return { major, minor, lineKind: 'mainline', x: null, ...NOT_RELEASED, build: 'daily' };
  }
  return s.fail(releaseTypeExpected(s));
}

function isGrammarFailure(err: unknown): err is GrammarFailure {
  return typeof err === 'object' && err !== null && (err as GrammarFailure).grammarFailure === true;
}

function failureMessage(kind: string, text: string, core: string, failure: GrammarFailure): string {
  const before = core.slice(0, failure.pos);
  const rest = text.slice(failure.pos);
  const where = before.length === 0 ? 'at the start' : `after ${quote(before)}`;
  const found = rest.length === 0 ? 'the end' : quote(rest);
  return `${quote(text)} is not a Junos ${kind}: ${where}, expected ${failure.expected}, found ${found}`;
}

/**
 * Takes a trailing `-EVO` off: Evolved. Without it, the product the caller says (the advisory's product);
 * anything but 'junos-evolved' means Junos OS, so `texts.map(parseJunosVersion)` (index as 2nd argument) stays right.
 */
function splitEvolved(text: string, suffix: RegExp, unmarked: JunosProduct): { core: string; product: JunosProduct } {
  const m = suffix.exec(text);
  if (m) return { core: text.slice(0, m.index), product: 'junos-evolved' };
  return { core: text, product: unmarked === 'junos-evolved' ? 'junos-evolved' : 'junos' };
}

function refuseBadLength(kind: string, text: string): void {
  if (text.length === 0) throw new IbsightError('INPUT_INVALID', `"" is not a Junos ${kind}: it is empty`);
  if (text.length > MAX_VERSION_LENGTH) {
    throw new IbsightError('INPUT_INVALID', `${quote(text)} is not a Junos ${kind}: longer than ${MAX_VERSION_LENGTH} characters`);
  }
}

function trainName(major: number, minor: number, lineKind: 'mainline' | 'x' | 'f', x: number | null): string {
  if (lineKind === 'x') return `${major}.${minor}X${x}`;
  if (lineKind === 'f') return `${major}.${minor}F`;
  return `${major}.${minor}`;
}

/** Parses a version; throws INPUT_INVALID naming the string and the part that did not parse. */
export function scanJunosVersion(input: string, unmarked: JunosProduct): JunosVersion {
  const text = input.trim();
  refuseBadLength('version', text);
  const { core, product } = splitEvolved(text, /-evo$/i, unmarked);
  let f: VersionFields;
  try {
    f = scanVersion(new Scanner(core));
  } catch (err) {
    if (isGrammarFailure(err)) throw new IbsightError('INPUT_INVALID', failureMessage('version', text, core, err), { context: { value: text } });
    throw err;
  }
  const evo = product === 'junos-evolved' ? '-EVO' : '';
  const line = trainName(f.major, f.minor, f.lineKind, f.x);
  let maintenance = line;
  if (f.letter === 'D') maintenance = `${line}-D${f.release}`;
  else if (f.letter === 'F') maintenance = `${line}${f.release}`;
  else if (f.letter !== null) maintenance = `${line}${f.letter}${f.release}`;
  const isRelease = f.build === 'release';
  return {
    text,
    product,
    major: f.major,
    minor: f.minor,
    lineKind: f.lineKind,
    x: f.x,
    train: `${line}${evo}`,
    isRelease,
    build: f.build,
    releaseType: isRelease ? f.letter : null,
    release: f.release,
    service: f.service,
    spin: f.spin,
    maintenanceLine: `${maintenance}${evo}`,
  };
}

function scanTrain(s: Scanner): { major: number; minor: number; lineKind: 'mainline' | 'x' | 'f'; x: number | null; wildcard: boolean } {
  const major = s.number('a major number (as "21" in "21.4")');
  if (s.peek() !== '.') s.fail('"." and a minor number');
  s.pos++;
  const minor = s.number('a minor number (as "4" in "21.4")');
  let lineKind: 'mainline' | 'x' | 'f' = 'mainline';
  let x: number | null = null;
  if (s.peek() === 'X') {
    s.pos++;
    x = s.number('an X train number (as "49" in "15.1X49")');
    lineKind = 'x';
  } else if (s.peek() === 'F') {
    s.pos++;
    lineKind = 'f';
  }
  const wildcard = s.peek() === '*';
  if (wildcard) s.pos++;
  if (!s.atEnd()) {
    s.fail(lineKind === 'mainline' && !wildcard ? '"X" and a number, "F", "*", "-EVO" or the end' : wildcard ? '"-EVO" or the end' : '"*", "-EVO" or the end');
  }
  return { major, minor, lineKind, x, wildcard };
}

/** Parses a train designator; throws INPUT_INVALID naming the string and the part that did not parse. */
export function scanJunosTrain(input: string, unmarked: JunosProduct): JunosTrain {
  const text = input.trim();
  refuseBadLength('train', text);
  const { core, product } = splitEvolved(text, /-?evo$/i, unmarked);
  let t;
  try {
    t = scanTrain(new Scanner(core));
  } catch (err) {
    if (isGrammarFailure(err)) throw new IbsightError('INPUT_INVALID', failureMessage('train', text, core, err), { context: { value: text } });
    throw err;
  }
  const evo = product === 'junos-evolved' ? '-EVO' : '';
  return { text, product, ...t, train: `${trainName(t.major, t.minor, t.lineKind, t.x)}${evo}` };
}
