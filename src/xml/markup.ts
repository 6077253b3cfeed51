/**
 * Everything in a document besides elements, attributes and text: the XML declaration, comments,
 * processing instructions, CDATA sections, and what may surround the root element (the prolog and
 * the epilog: white space, comments, PIs). A DOCTYPE is refused (XML_DTD_REFUSED) as soon as it
 * is seen, before any of its content could matter. Each function takes the offset of a construct
 * and returns the offset after it, or throws a ScanError.
 */
import { isSpace, nameEnd } from './char-classes.js';
import { ScanError, malformedAt } from './scan-error.js';

const LT = 0x3c;

/** Offset of the first non-`S` character at or after `i`. */
export function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Offset after the `-->` of the comment whose `<!--` is at `i`. `--` may not appear inside. */
export function commentEnd(text: string, i: number): number {
  const dashes = text.indexOf('--', i + 4);
  if (dashes === -1) throw malformedAt(text.length, 'unterminated comment');
  if (text.charCodeAt(dashes + 2) !== 0x3e) throw malformedAt(dashes, "'--' inside a comment");
  return dashes + 3;
}

/** `<![CDATA[` at `i`: its content starts at `i + 9`; the offset of its closing `]]>`. */
export function cdataClose(text: string, i: number): number {
  const close = text.indexOf(']]>', i + 9);
  if (close === -1) throw malformedAt(text.length, 'unterminated CDATA section');
  return close;
}

/**
 * Offset after the processing instruction whose `<?` is at `i` (not the XML declaration). The
 * target must be a name other than `xml` in any case; it is followed by white space and the body,
 * or directly by `?>`.
 */
export function processingInstructionEnd(text: string, i: number, end: number): number {
  const targetEnd = nameEnd(text, i + 2, end);
  if (targetEnd === i + 2) throw malformedAt(i + 2, 'processing instruction without a valid target');
  if (targetEnd - (i + 2) === 3 && text.slice(i + 2, targetEnd).toLowerCase() === 'xml') {
    throw malformedAt(i, 'the XML declaration must be at the start of the document');
  }
  const c = text.charCodeAt(targetEnd);
  if (!isSpace(c) && !text.startsWith('?>', targetEnd)) {
    throw malformedAt(targetEnd, 'disallowed character after a processing instruction target');
  }
  const close = text.indexOf('?>', targetEnd);
  if (close === -1) throw malformedAt(end, 'unterminated processing instruction');
  return close + 2;
}

/** True when a `<?xml` at `i` is the XML declaration (and not a PI such as `<?xml-stylesheet`). */
export function isXmlDeclaration(text: string, i: number): boolean {
  if (!text.startsWith('<?xml', i)) return false;
  const c = text.charCodeAt(i + 5);
  return isSpace(c) || c === 0x3f;
}

const DECLARATION_NAMES = ['version', 'encoding', 'standalone'] as const;
const DECLARATION_VALUES: Record<(typeof DECLARATION_NAMES)[number], RegExp> = {
  version: /^1\.[0-9]+$/,
  encoding: /^[A-Za-z][A-Za-z0-9._-]*$/,
  standalone: /^(?:yes|no)$/,
};

/**
 * Offset after the XML declaration at `i`:
 * `<?xml` S `version` Eq VersionNum (S `encoding` Eq EncName)? (S `standalone` Eq ('yes'|'no'))? S? `?>`.
 * Every version 1.x is read by XML 1.0 rules (XML 1.0 fifth edition, 2.8).
 */
export function xmlDeclarationEnd(text: string, i: number, end: number): number {
  let j = i + 5;
  let expected = 0; // index in DECLARATION_NAMES of the first name still allowed
  for (;;) {
    const afterSpace = skipSpaces(text, j, end);
    const hadSpace = afterSpace > j;
    j = afterSpace;
    if (text.startsWith('?>', j)) {
      if (expected === 0) throw malformedAt(j, 'the XML declaration must contain a version');
      return j + 2;
    }
    if (j >= end) throw malformedAt(end, 'unterminated XML declaration');
    if (!hadSpace) throw malformedAt(j, 'white space required in the XML declaration');
    let found = -1;
    for (let k = expected; k < DECLARATION_NAMES.length && found === -1; k++) {
      const name = DECLARATION_NAMES[k]!;
      const after = text.charCodeAt(j + name.length);
      if (text.startsWith(name, j) && (isSpace(after) || after === 0x3d)) found = k;
      if (expected === 0) break; // the version comes first
    }
    if (found === -1) throw malformedAt(j, 'unexpected name in the XML declaration');
    const name = DECLARATION_NAMES[found]!;
    j = skipSpaces(text, j + name.length, end);
    if (text.charCodeAt(j) !== 0x3d) throw malformedAt(j, "'=' expected in the XML declaration");
    j = skipSpaces(text, j + 1, end);
    const quote = text.charCodeAt(j);
    if (quote !== 0x22 && quote !== 0x27) throw malformedAt(j, 'quoted value expected in the XML declaration');
    const close = text.indexOf(quote === 0x22 ? '"' : "'", j + 1);
    if (close === -1) throw malformedAt(end, 'unterminated XML declaration');
    if (!DECLARATION_VALUES[name].test(text.slice(j + 1, close))) {
      throw malformedAt(j, `invalid ${name} in the XML declaration`);
    }
    expected = found + 1;
    j = close + 1;
  }
}

/**
 * Offset of the `>` that ends the DOCTYPE at `i`, skipping quoted strings, and in the internal
 * subset comments and PIs; -1 if it never ends. Used only to say on which line the refused
 * DOCTYPE is (where it ends, as saxes did), never to read it.
 */
function doctypeClose(text: string, i: number, end: number): number {
  let j = i + 9;
  let inSubset = false;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === 0x22 || c === 0x27) {
      const close = text.indexOf(c === 0x22 ? '"' : "'", j + 1);
      if (close === -1) return -1;
      j = close + 1;
    } else if (inSubset && text.startsWith('<!--', j)) {
      const close = text.indexOf('-->', j + 4);
      if (close === -1) return -1;
      j = close + 3;
    } else if (inSubset && text.startsWith('<?', j)) {
      const close = text.indexOf('?>', j + 2);
      if (close === -1) return -1;
      j = close + 2;
    } else if (c === 0x5b /* [ */ && !inSubset) {
      inSubset = true;
      j++;
    } else if (c === 0x5d /* ] */ && inSubset) {
      inSubset = false;
      j++;
    } else if (c === 0x3e && !inSubset) {
      return j;
    } else {
      j++;
    }
  }
  return -1;
}

function refuseDoctype(text: string, i: number, end: number): ScanError {
  const close = doctypeClose(text, i, end);
  return new ScanError('XML_DTD_REFUSED', 'XML with a DOCTYPE (DTD or entity declarations) is refused', i, close === -1 ? i : close);
}

/**
 * Skips what may stand outside the root element — white space, comments, PIs — from `i`.
 * Before the root (`prolog`), returns the offset of the root's `<`, refusing a DOCTYPE;
 * after it, returns `end` once only such things are left.
 */
export function miscEnd(text: string, i: number, end: number, prolog: boolean): number {
  for (;;) {
    i = skipSpaces(text, i, end);
    if (i >= end) {
      if (prolog) throw malformedAt(end, 'document must contain a root element');
      return end;
    }
    if (text.charCodeAt(i) !== LT) throw malformedAt(i, 'text outside the root element');
    const c = text.charCodeAt(i + 1);
    if (c === 0x3f /* ? */) {
      i = processingInstructionEnd(text, i, end);
    } else if (text.startsWith('<!--', i)) {
      i = commentEnd(text, i);
    } else if (prolog && text.startsWith('<!DOCTYPE', i)) {
      throw refuseDoctype(text, i, end);
    } else if (prolog && nameEnd(text, i + 1, end) > i + 1) {
      return i;
    } else if (i + 1 >= end) {
      throw malformedAt(end, 'unexpected end of document');
    } else {
      throw malformedAt(i, prolog ? 'markup not allowed before the root element' : 'only one root element is allowed');
    }
  }
}
