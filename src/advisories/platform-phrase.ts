/**
 * Platform phrases of advisories → platform rules. Juniper writes platforms as free phrases, in
 * `affected[].platforms` and sometimes only in the title ("Junos OS: SRX Series and EX Series: ..."):
 *
 *   "SRX Series"                       series: every srx + digits model (srx345, srx5800)
 *   "SRX5000 series"                   sub-series: a round number stands for its first digit(s)
 *                                      (5000 → srx5xxx; 10000 → mx1xxxx); any other number is exact
 *                                      ("EX4300 Series" → ex4300 and its variants)
 *   "MX304", "ACX7100-32C", "MX150"    one model (and its variants: ex4300 covers ex4300-48t)
 *   "vMX", "vSRX", "cSRX"              a virtual model
 *   "vMX and MX150", "A, B and C"      several rules ("," "and" "or" "&" "/" separate them;
 *                                      "EX and QFX Series" names two series)
 *   "MX Series with MPC10 MPC11 or LC9600"
 *                                      the rule with a hardware condition: a device of that series
 *                                      is only potentially affected (its line cards are not known)
 *   "All platforms", "all"             no rule (every platform)
 * Anything else is an `unrecognised` rule: matching reports doubt (potentially-affected), and the
 * reader warns about it. A trailing "devices", "platforms", "routers", "switches" is ignored.
 */
import type { PlatformRule, PlatformTarget } from './advisory-types.js';

/** Longer phrases are not platform names. */
export const MAX_PLATFORM_PHRASE = 200;

const TERM_SEPARATOR = /\s*(?:,|;|&|\/|\band\b|\bor\b)\s*/i;
const TRAILING_NOUN = /\s+(?:devices|platforms|routers|switches|firewalls|gateways)$/i;
const ALL_PLATFORMS = /^(?:all(?:\s+(?:junos(?:\s+os)?\s+)?(?:platforms|devices|models))?|any)$/i;
const SERIES = /^([a-z]+)\s*(?:series|family|line)$/i;
const SUB_SERIES = /^([a-z]+)(\d+)\s*(?:series|family|line)$/i;
const VIRTUAL_MODEL = /^(?:v|c)(?:mx|srx|qfx|ex|ptx|bng|rr|junos)[a-z0-9.-]*$/i;
const MODEL = /^[a-z]+\d+[a-z0-9.-]*$/i;
const BARE_FAMILY = /^[a-z]+$/i;

export interface PlatformPhraseReading {
  rules: PlatformRule[];
  /** Terms that were not understood (each is also an `unrecognised` rule). */
  unrecognised: string[];
}

function targetOf(term: string): PlatformTarget {
  const sub = SUB_SERIES.exec(term);
  if (sub) {
    const digits = sub[2]!;
    const round = /^[1-9]0+$/.test(digits);
    return { kind: 'sub-series', family: sub[1]!.toLowerCase(), prefix: round ? digits.charAt(0) : digits, digits: digits.length };
  }
  const series = SERIES.exec(term);
  if (series) return { kind: 'series', family: series[1]!.toLowerCase() };
  if (VIRTUAL_MODEL.test(term)) return { kind: 'model', model: term.toLowerCase(), virtual: true };
  if (MODEL.test(term)) return { kind: 'model', model: term.toLowerCase(), virtual: false };
  return { kind: 'unrecognised', term };
}

/** "EX and QFX Series" → ["EX Series", "QFX Series"]: bare family words before a "... Series" term. */
function distributeSeries(terms: string[]): string[] {
  const last = terms[terms.length - 1];
  if (last === undefined || !SERIES.test(last)) return terms;
  const noun = /\s*(series|family|line)$/i.exec(last)![1]!;
  return terms.map((t, i) => (i < terms.length - 1 && BARE_FAMILY.test(t) && !VIRTUAL_MODEL.test(t) ? `${t} ${noun}` : t));
}

/** Reads one platform phrase into rules (empty for "all platforms"). */
export function readPlatformPhrase(phrase: string, origin: PlatformRule['origin']): PlatformPhraseReading {
  const text = phrase.replace(/\s+/g, ' ').trim();
  if (text.length === 0 || ALL_PLATFORMS.test(text)) return { rules: [], unrecognised: [] };
  if (text.length > MAX_PLATFORM_PHRASE) {
    const rule: PlatformRule = { phrase: text.slice(0, MAX_PLATFORM_PHRASE), target: { kind: 'unrecognised', term: text.slice(0, 60) }, condition: null, origin };
    return { rules: [rule], unrecognised: [rule.phrase] };
  }
  const withAt = text.search(/\s+with\s+/i);
  const base = withAt < 0 ? text : text.slice(0, withAt);
  const condition = withAt < 0 ? null : text.slice(withAt).replace(/^\s+with\s+/i, '').trim() || null;
  const terms = distributeSeries(
    base
      .split(TERM_SEPARATOR)
      .map((t) => t.trim().replace(TRAILING_NOUN, ''))
      .filter((t) => t.length > 0),
  );
  const rules: PlatformRule[] = [];
  const unrecognised: string[] = [];
  for (const term of terms) {
    const target = targetOf(term);
    if (target.kind === 'unrecognised') unrecognised.push(term);
    rules.push({ phrase: text, target, condition, origin });
  }
  return { rules, unrecognised };
}

/** Platforms named in a Juniper title ("Junos OS: SRX Series and EX Series: ..."), or none when the segment is not wholly platforms. */
export function platformsFromTitle(title: string): PlatformRule[] {
  const segments = title.split(/:\s+/);
  if (segments.length < 3) return [];
  const reading = readPlatformPhrase(segments[1]!, 'title');
  if (reading.unrecognised.length > 0 || reading.rules.some((r) => r.condition !== null)) return [];
  return reading.rules;
}
