/**
 * Version bounds as advisories write them → the normalised strings of a VersionRange, and the
 * readable text of a range. Shared by the CVE record reader and our catalog (same semantics).
 *
 *  - `version` (lower bound): '0', 'unspecified', '*', '' → none; a train ('21.2', '21.4-EVO',
 *    '15.1X49', '15.1F') → that train only; a release ('23.4R2-S3') → from there.
 *  - `lessThan`: a wildcard train ('21.1*', '21.1*-EVO') → the whole train; else one or more
 *    releases separated by commas ('22.4R2-S2, 22.4R3') → fixed-in.
 *  - `lessThanOrEqual`: a wildcard train → the whole train; a release → at-most.
 * Strings are trimmed (stray spaces, as "12.3X48-D80 " in CVE-2019-0044). In a Junos OS Evolved
 * block a bound without '-EVO' is read as Evolved ('21.2' → '21.2-EVO'); a bound of the other
 * product ('-EVO' in a Junos OS block) is an error. Versions are stored with their '-EVO'.
 */
import type { AdvisoryProduct, LowerBound, UpperBound } from './advisory-types.js';
import { parseJunosTrain, tryParseJunosVersion, type JunosTrain, type JunosVersion } from '../analysis/junos-version.js';

/** A bound string longer than this is refused (Junos versions are short). */
export const MAX_BOUND_LENGTH = 200;

const NO_BOUND = new Set(['', '0', 'unspecified', '*', 'n/a', 'all']);

export class BoundError extends Error {}

function tryTrain(text: string, product: AdvisoryProduct): JunosTrain | null {
  try {
    return parseJunosTrain(text, product);
  } catch {
    return null;
  }
}

function productName(p: AdvisoryProduct): string {
  return p === 'junos' ? 'Junos OS' : 'Junos OS Evolved';
}

function checkProduct(text: string, found: AdvisoryProduct, product: AdvisoryProduct): void {
  if (found !== product) throw new BoundError(`"${text}" is a ${productName(found)} version in a ${productName(product)} block`);
}

/** The version text with its '-EVO' when Evolved ('21.2R3-S6' in an Evolved block → '21.2R3-S6-EVO'). */
export function versionText(v: JunosVersion): string {
  const core = v.text.replace(/-?evo$/i, '');
  return v.product === 'junos-evolved' ? `${core}-EVO` : core;
}

/** A release of the block's product (throws BoundError). */
export function readRelease(raw: string, product: AdvisoryProduct): JunosVersion {
  const text = raw.trim();
  if (text.length > MAX_BOUND_LENGTH) throw new BoundError(`a bound of ${text.length} characters (at most ${MAX_BOUND_LENGTH})`);
  const v = tryParseJunosVersion(text, product);
  if (!v) throw new BoundError(`"${text}" is not a Junos version`);
  checkProduct(text, v.product, product);
  return v;
}

export function readLowerBound(raw: string, product: AdvisoryProduct): LowerBound {
  const text = raw.trim();
  if (NO_BOUND.has(text.toLowerCase())) return { kind: 'none' };
  if (text.length > MAX_BOUND_LENGTH) throw new BoundError(`a bound of ${text.length} characters (at most ${MAX_BOUND_LENGTH})`);
  const train = tryTrain(text, product);
  if (train) {
    checkProduct(text, train.product, product);
    return { kind: 'train', train: train.train };
  }
  const v = tryParseJunosVersion(text, product);
  if (!v) throw new BoundError(`lower bound "${text}" is neither a Junos train nor a Junos version`);
  checkProduct(text, v.product, product);
  return { kind: 'release', version: versionText(v) };
}

function wholeTrain(text: string, product: AdvisoryProduct): UpperBound {
  const train = tryTrain(text, product);
  if (!train) throw new BoundError(`"${text}" is not a Junos train wildcard`);
  checkProduct(text, train.product, product);
  return { kind: 'whole-train', train: train.train };
}

/** `lessThan`: a wildcard train, or fixed releases separated by commas (or a list of them). */
export function readLessThan(raw: string | readonly string[], product: AdvisoryProduct): UpperBound {
  const parts = (typeof raw === 'string' ? raw.split(',') : raw).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new BoundError('an empty upper bound');
  if (parts.some((p) => p.includes('*'))) {
    if (parts.length > 1) throw new BoundError(`a wildcard train cannot be listed with other bounds ("${parts.join(', ')}")`);
    return wholeTrain(parts[0]!, product);
  }
  return { kind: 'fixed-in', fixes: parts.map((p) => versionText(readRelease(p, product))) };
}

export function readLessThanOrEqual(raw: string, product: AdvisoryProduct): UpperBound {
  const text = raw.trim();
  if (text.includes('*')) return wholeTrain(text, product);
  return { kind: 'at-most', version: versionText(readRelease(text, product)) };
}

function lowerText(from: LowerBound): string {
  return from.kind === 'none' ? 'all versions' : from.kind === 'train' ? from.train : `from ${from.version}`;
}

/** The readable form of a range: '21.2 before 21.2R3-S6', 'all versions before 20.4R3-S9', 'all of 21.1'. */
export function rangeText(from: LowerBound, to: UpperBound): string {
  switch (to.kind) {
    case 'fixed-in':
      return `${lowerText(from)} before ${to.fixes.join(', ')}`;
    case 'whole-train':
      if (from.kind === 'train' && from.train === to.train) return `all of ${to.train}`;
      if (from.kind === 'release') return `${from.version} and every later ${to.train} version`;
      return `${lowerText(from)} through all of ${to.train}`;
    case 'at-most':
      return `${lowerText(from)} up to ${to.version}`;
    case 'only':
      return from.kind === 'train' ? `all of ${from.train}` : from.kind === 'release' ? `exactly ${from.version}` : 'all versions';
  }
}
