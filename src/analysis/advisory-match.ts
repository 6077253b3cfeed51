/**
 * Does an advisory apply to a device (version, model, configuration)? Pure and built for speed:
 * compile each advisory once (bounds parsed once, config patterns split once), then match many
 * devices. `matchTargets` evaluates a fleet and caches by version text + model, since devices share
 * few distinct pairs; only config conditions are evaluated per device.
 *
 * Result (SPEC §7): null when the advisory does not apply, else an ExposureMatch:
 *  - affected: the version is inside an affected range (and in no unaffected one) of a product
 *    scope whose platforms include the model (or no model was given: platforms are then not applied,
 *    and the reason says which platforms the advisory names);
 *  - potentially-affected: a doubt in the version (cannot be ordered against a bound, see
 *    advisory-range-check.ts) or in the platform (virtual vs physical, a hardware condition, a phrase
 *    not understood);
 *  - affected-not-exposed: affected or potentially affected, but the device's stored configuration
 *    lacks the catalog's config condition. With no stored configuration the status stays and the
 *    reason says the condition was not checked.
 * `unaffected` ranges win over affected ones; outside every range the scope's defaultStatus holds
 * ('unknown' is read as not affected). Of several scopes of the version's product, the strongest
 * answer wins (affected over potentially-affected).
 */
import type { Advisory, AdvisoryWarning, ExposureMatch, ExposureStatus, ProductScope, VersionRange } from '../advisories/advisory-types.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { checkRange, compileRange, doubtReason, memoBoundParser, trainKey, type BoundParser, type CompiledRange } from './advisory-range-check.js';
import { compilePattern, findMatchingLine, type CompiledPattern } from './config-condition.js';
import type { JunosVersion } from './junos-version.js';
import { deviceModel, matchPlatform, platformPhrases, type DeviceModel } from './platform-match.js';

export interface ExposureTarget {
  version: JunosVersion;
  /** As the device reports it (any case); null = platforms not applied. */
  model: string | null;
  /** The stored configuration in set form; null = not stored. */
  setLines: readonly string[] | null;
}

interface CompiledScope {
  readonly scope: ProductScope;
  readonly affected: readonly CompiledRange[];
  readonly unaffected: readonly CompiledRange[];
  /** MAJOR.MINOR span (trainKey) outside which no version can be affected: a quick reject. */
  readonly lowKey: number;
  readonly highKey: number;
}

export interface CompiledAdvisory {
  readonly advisory: Advisory;
  readonly scopes: readonly CompiledScope[];
  readonly patterns: readonly CompiledPattern[] | null;
  readonly cvss: ExposureMatch['cvss'];
}

/**
 * Before the config condition: the match from version and platform. The three config outcomes
 * (exposed, not exposed, not checked) are built once per hit and shared by every device.
 */
interface BaseHit {
  readonly compiled: CompiledAdvisory;
  readonly match: ExposureMatch;
  outcomes?: { exposed?: ExposureMatch; notExposed?: ExposureMatch; notChecked?: ExposureMatch };
}

/** Compiles one advisory; throws INPUT_INVALID naming it when a stored bound does not parse. */
export function compileAdvisory(advisory: Advisory, parse: BoundParser = memoBoundParser()): CompiledAdvisory {
  try {
    const scopes = advisory.products.map((scope): CompiledScope => {
      const ranges = scope.ranges.map((r) => compileRange(r, scope.product, parse));
      const affected = ranges.filter((r) => r.range.status === 'affected');
      const open = scope.defaultStatus === 'affected';
      const lowKey = open ? -Infinity : Math.min(...affected.map((r) => r.lowKey));
      const highKey = open ? Infinity : Math.max(...affected.map((r) => r.highKey));
      return { scope, affected, unaffected: ranges.filter((r) => r.range.status === 'unaffected'), lowKey, highKey };
    });
    const patterns = advisory.configCondition === null ? null : advisory.configCondition.map(compilePattern);
    const cvss = advisory.cvss === null ? null : { version: advisory.cvss.version, score: advisory.cvss.score };
    return { advisory, scopes, patterns, cvss };
  } catch (err) {
    throw new IbsightError('INPUT_INVALID', `advisory ${advisory.id} (${advisory.file}): ${(err as Error).message}`, {
      cause: err,
      context: { file: advisory.file, advisory: advisory.id },
    });
  }
}

/** Compiles a list; an advisory that does not compile is a warning and left out. */
export function compileAdvisories(advisories: readonly Advisory[]): { compiled: CompiledAdvisory[]; warnings: AdvisoryWarning[] } {
  const compiled: CompiledAdvisory[] = [];
  const warnings: AdvisoryWarning[] = [];
  const parse = memoBoundParser();
  for (const a of advisories) {
    try {
      compiled.push(compileAdvisory(a, parse));
    } catch (err) {
      warnings.push({ file: a.file, id: a.id, entry: null, message: `not usable: ${(err as Error).message}` });
    }
  }
  return { compiled, warnings };
}

interface Answer {
  answer: 'yes' | 'maybe';
  reason: string;
}

/** For a version placed by its MAJOR.MINOR (an X train, an F line, a build against mainline bounds), say so. */
function placementNote(v: JunosVersion, range: VersionRange): string {
  if (v.lineKind === 'mainline' && v.isRelease) return '';
  if (range.from.kind === 'train' && range.from.train === v.train && v.isRelease) return '';
  const what = !v.isRelease ? `a ${v.build} build` : v.lineKind === 'x' ? `X train ${v.train}` : `F line ${v.train}`;
  return ` (${what}, placed by its ${v.major}.${v.minor} base)`;
}

function versionAnswer(s: CompiledScope, v: JunosVersion): Answer | null {
  let unaffectedDoubt: CompiledRange | null = null;
  for (const r of s.unaffected) {
    const a = checkRange(v, r);
    if (a === 'yes') return null;
    if (a === 'maybe') unaffectedDoubt ??= r;
  }
  let doubt: CompiledRange | null = null;
  for (const r of s.affected) {
    const a = checkRange(v, r);
    if (a === 'yes') {
      if (unaffectedDoubt === null) return { answer: 'yes', reason: `${v.text} is in ${r.range.text}${placementNote(v, r.range)}` };
      return { answer: 'maybe', reason: `${v.text} is in ${r.range.text}, but may be in unaffected ${unaffectedDoubt.range.text} (${doubtReason(v, unaffectedDoubt.range)})` };
    }
    if (a === 'maybe') doubt ??= r;
  }
  if (doubt !== null) return { answer: 'maybe', reason: doubtReason(v, doubt.range) };
  if (s.scope.defaultStatus === 'affected' && unaffectedDoubt === null) {
    return { answer: 'yes', reason: `${v.text} is outside every listed range, and the default status is affected` };
  }
  return null;
}

function scopeAnswer(s: CompiledScope, v: JunosVersion, model: DeviceModel | null): Answer | null {
  const va = versionAnswer(s, v);
  if (va === null) return null;
  const parts = [va.reason];
  let answer = va.answer;
  if (model === null) {
    if (s.scope.platforms.length > 0) parts.push(`platform not checked (no model): applies to ${platformPhrases(s.scope.platforms)}`);
  } else {
    const pa = matchPlatform(s.scope.platforms, model);
    if (pa.answer === 'no') return null;
    if (pa.answer === 'maybe') answer = 'maybe';
    if (s.scope.platforms.length > 0) parts.push(pa.reason);
  }
  if (s.scope.condition !== null) parts.push(`applies ${s.scope.condition} (from the product name; not checked)`);
  return { answer, reason: parts.join('; ') };
}

function baseMatch(c: CompiledAdvisory, v: JunosVersion, model: DeviceModel | null): ExposureMatch | null {
  let best: Answer | null = null;
  const key = trainKey(v);
  for (const s of c.scopes) {
    if (s.scope.product !== v.product || key < s.lowKey || key > s.highKey) continue;
    const a = scopeAnswer(s, v, model);
    if (a === null) continue;
    if (best === null || (best.answer === 'maybe' && a.answer === 'yes')) best = a;
    if (best.answer === 'yes') break;
  }
  if (best === null) return null;
  const a = c.advisory;
  const status: ExposureStatus = best.answer === 'yes' ? 'affected' : 'potentially-affected';
  return { id: a.id, status, title: a.title, severity: a.severity, cvss: c.cvss, kev: a.kev, reason: best.reason };
}

type ConfigOutcome = 'exposed' | 'notExposed' | 'notChecked';

/** The hit's match for one config outcome, built once per hit and shared by every device. */
function configOutcome(hit: BaseHit, outcome: ConfigOutcome): ExposureMatch {
  const cached = hit.outcomes?.[outcome];
  if (cached !== undefined) return cached;
  const base = hit.match;
  const patterns = hit.compiled.patterns!;
  const condition = patterns.map((p) => `"${p.text}"`).join(hit.compiled.advisory.configMatch === 'all' ? ' and ' : ' or ');
  const match: ExposureMatch =
    outcome === 'exposed'
      ? { ...base, reason: `${base.reason}; configuration has ${condition}` }
      : outcome === 'notExposed'
        ? { ...base, status: 'affected-not-exposed', reason: `${base.reason}; configuration lacks ${condition}` }
        : { ...base, reason: `${base.reason}; no stored configuration: config condition ${condition} not checked` };
  hit.outcomes ??= {};
  hit.outcomes[outcome] = match;
  return match;
}

/** The hit with its config condition applied; `found` caches pattern answers for one device. */
function withConfig(hit: BaseHit, setLines: readonly string[] | null, found: Map<string, boolean>): ExposureMatch {
  const patterns = hit.compiled.patterns;
  if (patterns === null) return hit.match;
  if (setLines === null) return configOutcome(hit, 'notChecked');
  const present = (p: CompiledPattern): boolean => {
    let answer = found.get(p.text);
    if (answer === undefined) found.set(p.text, (answer = findMatchingLine(p, setLines) !== null));
    return answer;
  };
  const exposed = hit.compiled.advisory.configMatch === 'all' ? patterns.every(present) : patterns.some(present);
  return configOutcome(hit, exposed ? 'exposed' : 'notExposed');
}

/** One advisory against one device. */
export function matchAdvisory(compiled: CompiledAdvisory, target: ExposureTarget): ExposureMatch | null {
  const match = baseMatch(compiled, target.version, target.model === null ? null : deviceModel(target.model));
  return match === null ? null : withConfig({ compiled, match }, target.setLines, new Map());
}

function baseHits(advisories: readonly CompiledAdvisory[], version: JunosVersion, model: DeviceModel | null): BaseHit[] {
  const hits: BaseHit[] = [];
  for (const c of advisories) {
    const match = baseMatch(c, version, model);
    if (match !== null) hits.push({ compiled: c, match });
  }
  return hits;
}

/** Every advisory against one device, in the order of `advisories`. */
export function matchAdvisories(advisories: readonly CompiledAdvisory[], target: ExposureTarget): ExposureMatch[] {
  const model = target.model === null ? null : deviceModel(target.model);
  const found = new Map<string, boolean>();
  return baseHits(advisories, target.version, model).map((h) => withConfig(h, target.setLines, found));
}

/**
 * Every advisory against every target: result[i] belongs to targets[i]. Version and platform
 * answers are computed once per distinct (version, model); config patterns once per device and
 * pattern; match objects are shared between devices (treat the result as read-only), and devices
 * with the same (version, model) and no stored configuration share one array.
 */
export function matchTargets(advisories: readonly CompiledAdvisory[], targets: readonly ExposureTarget[]): (readonly ExposureMatch[])[] {
  const cache = new Map<string, { hits: BaseHit[]; withoutConfig: ExposureMatch[] | null; conditioned: boolean }>();
  const models = new Map<string, DeviceModel>();
  const none = new Map<string, boolean>();
  return targets.map((t) => {
    const modelKey = t.model === null ? '' : t.model.trim().toLowerCase();
    const key = `${t.version.product}\u0000${t.version.text}\u0000${t.model === null ? '\u0001' : modelKey}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      let model: DeviceModel | null = null;
      if (t.model !== null) {
        model = models.get(modelKey) ?? deviceModel(modelKey);
        models.set(modelKey, model);
      }
      const hits = baseHits(advisories, t.version, model);
      entry = { hits, withoutConfig: null, conditioned: hits.some((h) => h.compiled.patterns !== null) };
      cache.set(key, entry);
    }
    if (!entry.conditioned || t.setLines === null) {
      entry.withoutConfig ??= entry.hits.map((h) => withConfig(h, null, none));
      return entry.withoutConfig;
    }
    const found = new Map<string, boolean>();
    return entry.hits.map((h) => withConfig(h, t.setLines, found));
  });
}
