/**
 * XML 1.0 (fifth edition) character classes for the scanner: `Char` (which characters a document
 * may contain at all), `S` (white space), `NameStartChar` and `NameChar`. ASCII goes through a
 * lookup table; everything above it through the ranges of the specification, surrogate pairs
 * decoded, so astral name characters are accepted and lone surrogates refused.
 */

/** Not part of a name. */
const NONE = 0;
/** May appear in a name, but not first (`-`, `.`, digits). */
const NAME = 1;
/** May start a name (letters, `_`, `:`). */
const START = 2;

const ASCII_NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (letter || c === 0x3a || c === 0x5f) ASCII_NAME_CLASS[c] = START;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) ASCII_NAME_CLASS[c] = NAME;
  else ASCII_NAME_CLASS[c] = NONE;
}

/** `S`: space, tab, line feed, carriage return. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** `Char`: the code points an XML 1.0 document may contain (also what a character reference may name). */
export function isXmlChar(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0xd7ff) ||
    cp === 0x0a ||
    cp === 0x0d ||
    cp === 0x09 ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** `NameStartChar` for a code point above ASCII. */
function isNonAsciiNameStart(cp: number): boolean {
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** `NameChar` (beyond `NameStartChar`) for a code point above ASCII. */
function isNonAsciiNameOnly(cp: number): boolean {
  return cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x203f || cp === 0x2040;
}

/**
 * Width in UTF-16 units (1 or 2) of the non-ASCII name character at `i`, or 0 when there is none
 * (a lone surrogate is never part of a name).
 */
function nonAsciiNameWidth(text: string, i: number, end: number, first: boolean): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    if (i + 1 >= end) return 0;
    const low = text.charCodeAt(i + 1);
    if (low < 0xdc00 || low > 0xdfff) return 0;
    const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    return cp <= 0xeffff ? 2 : 0;
  }
  if (isNonAsciiNameStart(c)) return 1;
  return !first && isNonAsciiNameOnly(c) ? 1 : 0;
}

/**
 * End (exclusive) of the XML `Name` that starts at `i`, or `i` itself when no name starts there.
 * Names are scanned, not validated afterwards: the first character that is not a `NameChar` ends it.
 */
export function nameEnd(text: string, i: number, end: number): number {
  if (i >= end) return i;
  let c = text.charCodeAt(i);
  if (c < 128) {
    if (ASCII_NAME_CLASS[c] !== START) return i;
    i++;
  } else {
    const width = nonAsciiNameWidth(text, i, end, true);
    if (width === 0) return i;
    i += width;
  }
  while (i < end) {
    c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_NAME_CLASS[c] === NONE) return i;
      i++;
    } else {
      const width = nonAsciiNameWidth(text, i, end, false);
      if (width === 0) return i;
      i += width;
    }
  }
  return i;
}

/** The C0 control characters XML forbids (all but tab, line feed and carriage return). */
const FORBIDDEN_CONTROLS: readonly string[] = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).filter(
  (ch) => ch !== '\t' && ch !== '\n' && ch !== '\r',
);

/** Any code unit above Latin-1: a string without one is stored one byte per character by V8. */
const WIDE_CHAR = /[\u0100-\uFFFF]/;

/** Documents shorter than this are checked with the regular expression alone. */
const INDEXOF_FROM_LENGTH = 16 * 1024;

/** Characters that may not appear in an XML 1.0 document, plus every surrogate (checked in pairs). */
const SUSPECT_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/**
 * Index of the first character at or after `from` that is not an XML `Char` (a control character,
 * U+FFFE/U+FFFF, or a surrogate that is not half of a well-formed pair), or -1 when there is none.
 * Text the scanner skips with `indexOf` is never looked at character by character, so this runs
 * once over the whole document: for a long Latin-1 document (most replies) as one `indexOf` per
 * forbidden control character, which V8 runs as a vectorised memchr, several times faster than a
 * regular expression; otherwise (short documents: 29 calls cost more than they save) as one
 * regular-expression scan.
 */
export function firstInvalidChar(text: string, from: number): number {
  if (text.length - from >= INDEXOF_FROM_LENGTH && !WIDE_CHAR.test(text)) {
    let first = -1;
    for (const control of FORBIDDEN_CONTROLS) {
      const at = text.indexOf(control, from);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    return first;
  }
  SUSPECT_CHAR.lastIndex = from;
  for (;;) {
    const match = SUSPECT_CHAR.exec(text);
    if (match === null) return -1;
    const at = match.index;
    const c = text.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        SUSPECT_CHAR.lastIndex = at + 2;
        continue;
      }
    }
    return at;
  }
}
