/**
 * Does a device model fall under an advisory's platform rules? 'yes', 'no' or 'maybe' with a reason.
 * Models are compared lower case, as devices report them (mx960, srx345, ex4300-48t, vSRX → vsrx).
 *
 *  - series (SRX Series): the model is the family letters followed by digits (srx345, srx5800).
 *    A virtual model of the family (vsrx, vmx, csrx, firefly-perimeter) is 'maybe': the phrase
 *    does not say whether the virtual platform is meant.
 *  - sub-series (SRX5000 series): same family, number of the same digit count starting with the
 *    prefix (srx5400, srx5800; not srx550, not srx345). Virtual models: 'no'.
 *  - model (MX304, ACX7100-32C, vMX): the same model, or a variant of it: the next character after
 *    the rule's text must not continue its last run (digits after digits, letters after letters),
 *    so ex4300 covers ex4300-48t and srx210 covers srx210he2, but mx150 does not cover mx1500.
 *  - a rule with a hardware condition (MX Series with MPC10 ...) that matches is only 'maybe'.
 *  - an unrecognised phrase is 'maybe'; a model of no recognisable form (txp, junos_node_slicing)
 *    against a series is 'maybe'.
 * The best answer over the rules wins (yes > maybe > no).
 */
import type { PlatformRule } from '../advisories/advisory-types.js';

export interface PlatformAnswer {
  answer: 'yes' | 'no' | 'maybe';
  /** 'mx960 is in MX Series', or the doubt; '' for 'no'. */
  reason: string;
}

export interface DeviceModel {
  /** Lower case, trimmed. */
  text: string;
  /** Letters before the first digit ('srx' of srx345), when the model is letters + digits. */
  family: string | null;
  /** The first digit run ('345'). */
  number: string | null;
  /** The family of a virtual model (vsrx → 'srx'), else null. */
  virtualFamily: string | null;
}

const VIRTUAL_ALIASES: Readonly<Record<string, string>> = { 'firefly-perimeter': 'srx' };

export function deviceModel(model: string): DeviceModel {
  const text = model.trim().toLowerCase();
  const alias = VIRTUAL_ALIASES[text];
  if (alias !== undefined) return { text, family: null, number: null, virtualFamily: alias };
  const virtual = /^[vc](mx|srx|qfx|ex|ptx|bng|rr)(?![a-z])/.exec(text);
  if (virtual) return { text, family: null, number: null, virtualFamily: virtual[1]! };
  const m = /^([a-z]+)(\d+)/.exec(text);
  return { text, family: m ? m[1]! : null, number: m ? m[2]! : null, virtualFamily: null };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return c >= 'a' && c <= 'z';
}

/** `model` is `rule` or a variant of it (see the header). */
function coversModel(rule: string, model: string): boolean {
  if (!model.startsWith(rule)) return false;
  if (model.length === rule.length) return true;
  const last = rule.charAt(rule.length - 1);
  const next = model.charAt(rule.length);
  if (isDigit(last)) return !isDigit(next);
  if (isLetter(last)) return !isLetter(next);
  return true;
}

function answerFor(rule: PlatformRule, m: DeviceModel): PlatformAnswer {
  const t = rule.target;
  switch (t.kind) {
    case 'series':
      if (m.family === t.family) return { answer: 'yes', reason: `${m.text} is in ${t.family.toUpperCase()} Series` };
      if (m.virtualFamily === t.family) return { answer: 'maybe', reason: `${m.text} is a virtual platform; "${rule.phrase}" may or may not include it` };
      if (m.family === null && m.virtualFamily === null) return { answer: 'maybe', reason: `model ${m.text} not recognised against "${rule.phrase}"` };
      return { answer: 'no', reason: '' };
    case 'sub-series':
      if (m.family === t.family && m.number !== null && m.number.length === t.digits && m.number.startsWith(t.prefix)) {
        return { answer: 'yes', reason: `${m.text} is in "${rule.phrase}"` };
      }
      return { answer: 'no', reason: '' };
    case 'model':
      return coversModel(t.model, m.text) ? { answer: 'yes', reason: `${m.text} matches "${rule.phrase}"` } : { answer: 'no', reason: '' };
    case 'unrecognised':
      return { answer: 'maybe', reason: `platform "${t.term}" not understood` };
  }
}

/** The answer for one model against the rules of one product scope (empty rules = every platform). */
export function matchPlatform(rules: readonly PlatformRule[], model: DeviceModel): PlatformAnswer {
  if (rules.length === 0) return { answer: 'yes', reason: 'all platforms' };
  let maybe: PlatformAnswer | null = null;
  for (const rule of rules) {
    const a = answerFor(rule, model);
    if (a.answer === 'no') continue;
    if (a.answer === 'yes' && rule.condition === null) return a;
    const answer: PlatformAnswer =
      a.answer === 'yes' ? { answer: 'maybe', reason: `${a.reason}, but "${rule.phrase}" applies only with ${rule.condition} (not checked)` } : a;
    maybe ??= answer;
  }
  return maybe ?? { answer: 'no', reason: '' };
}

/** "MX Series with MPC10 MPC11 or LC9600, MX304" for reasons. */
export function platformPhrases(rules: readonly PlatformRule[]): string {
  return [...new Set(rules.map((r) => r.phrase))].join(', ');
}
