/**
 * One input, parsed by parseXml and by the saxes reference: the same tree, or the same refusal
 * (same error code), or else a description of the difference. Three differences are by design
 * and checked here rather than reported (see KNOWN_DIFFERENCES); anything else is a mismatch.
 */
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';
import { saxesParse } from './saxes-reference.js';

export type Outcome = { ok: true; root: XmlElement } | { ok: false; code: string; message: string; line: unknown };

export function parseOutcome(text: string, maxDepth?: number): Outcome {
  try {
    return { ok: true, root: parseXml(text, maxDepth === undefined ? {} : { maxDepth }) };
  } catch (err) {
    if (isIbsightError(err)) return { ok: false, code: err.code, message: err.message, line: err.context['line'] };
    throw err;
  }
}

/** The tree as plain data (attrs copied out of their prototype-less object) for deep equality. */
export function plainTree(e: XmlElement): unknown {
  return { name: e.name, qname: e.qname, attrs: { ...e.attrs }, text: e.text, children: e.children.map(plainTree) };
}

/**
 * Where parseXml and saxes 6 differ on purpose:
 *  - a DOCTYPE anywhere before the root is XML_DTD_REFUSED for parseXml as soon as `<!DOCTYPE`
 *    is seen; saxes reads it first and says XML_MALFORMED when it is broken (unterminated, or
 *    with a forbidden character inside);
 *  - a processing instruction whose target is followed by `?` but not `?>` (`<?pi?x?>`): the
 *    grammar wants white space or `?>` after the target; saxes accepts it, parseXml refuses it;
 *  - `<?xml version="1.1"?>` (any 1.x but 1.0): saxes switches to XML 1.1 rules (NEL and U+2028 as
 *    line ends, C0 controls allowed as references, raw C1 controls refused); parseXml reads every
 *    1.x document by XML 1.0 rules, as XML 1.0 (fifth edition, 2.8) asks of a 1.0 processor.
 * Lone surrogates are the fourth (saxes accepts a lone high surrogate and swallows the character
 * after it; parseXml refuses it as not an XML Char), unit-tested in parse.test.ts: they cannot
 * come out of decoding UTF-8, which is how every input here is made.
 */
export const KNOWN_DIFFERENCES = {
  doctype: /<!DOCTYPE/,
  piTargetThenQuestionMark: /<\?[^\s?>]+\?(?!>)/,
  xmlVersionNot10: /^[\s\uFEFF]*<\?xml[\s]+version[\s]*=[\s]*(["'])1\.(?!0\1)[0-9]+\1/,
};

/** null when both agree (or differ only as KNOWN_DIFFERENCES allow), else what differs. */
export function compareWithSaxes(text: string, maxDepth?: number): string | null {
  const ours = parseOutcome(text, maxDepth);
  if (KNOWN_DIFFERENCES.xmlVersionNot10.test(text)) {
    // read by XML 1.0 rules: exactly as the same document declaring version 1.0
    const as10 = text.replace(/(version\s*=\s*["'])1\.[0-9]+/, (_m, head: string) => `${head}1.0`);
    const reference = parseOutcome(as10, maxDepth);
    if (ours.ok !== reference.ok) return `version 1.x read unlike version 1.0: ${describe(ours)} vs ${describe(reference)}`;
    if (ours.ok && reference.ok && !sameTree(ours.root, reference.root)) return 'version 1.x tree unlike version 1.0';
    return compareWithSaxes(as10, maxDepth);
  }
  const theirs = saxesParse(text, maxDepth);
  if (ours.ok && theirs.ok) return sameTree(ours.root, theirs.root) ? null : 'different trees';
  if (!ours.ok && !theirs.ok) {
    if (ours.code === theirs.code) return null;
    if (ours.code === 'XML_DTD_REFUSED' && KNOWN_DIFFERENCES.doctype.test(text)) return null;
    return `different codes: ours ${ours.code} (${ours.message}), saxes ${theirs.code} (${theirs.message})`;
  }
  if (!ours.ok && KNOWN_DIFFERENCES.piTargetThenQuestionMark.test(text)) return null;
  return ours.ok ? `saxes refuses (${theirs.ok ? '' : theirs.message}), parseXml accepts` : `parseXml refuses (${ours.message}), saxes accepts`;
}

function sameTree(a: XmlElement, b: XmlElement): boolean {
  return JSON.stringify(plainTree(a)) === JSON.stringify(plainTree(b));
}

function describe(outcome: Outcome): string {
  return outcome.ok ? 'accepted' : `${outcome.code} ${outcome.message}`;
}
