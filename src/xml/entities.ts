/**
 * The slow path for character data and attribute values that hold something to rewrite: entity
 * and character references (only the five predefined entities exist — there is never a DTD —
 * and a character reference must name an XML `Char`), line ends (CR LF and lone CR become LF),
 * and, in attribute values, white space normalised to spaces. Also refuses what such a segment
 * may not contain: `]]>` in text, `<` in an attribute value, a bare `&`.
 */
import { isXmlChar, nameEnd } from './char-classes.js';
import { malformedAt } from './scan-error.js';

const AMP = 0x26;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const LT = 0x3c;
const SEMICOLON = 0x3b;
const RBRACKET = 0x5d;

function predefinedEntity(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * The reference starting with `&` at `amp`, decoded; `next` receives the offset after its `;`.
 * `&name;` must be a predefined entity; `&#123;` / `&#x7B;` must name a `Char`.
 */
function decodeReference(text: string, amp: number, end: number, next: { at: number }): string {
  let i = amp + 1;
  if (i < end && text.charCodeAt(i) === 0x23 /* # */) {
    i++;
    const hex = i < end && text.charCodeAt(i) === 0x78; /* x (lower case only, as the grammar says) */
    if (hex) i++;
    const digitsStart = i;
    let value = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      const digit = hex ? hexDigit(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
      if (digit < 0) break;
      // past the Unicode range the value can only stay invalid: stop growing it
      if (value <= 0x10ffff) value = value * (hex ? 16 : 10) + digit;
    }
    if (i === digitsStart || i >= end || text.charCodeAt(i) !== SEMICOLON) {
      throw malformedAt(amp, 'malformed character reference');
    }
    if (!isXmlChar(value)) throw malformedAt(amp, `character reference to a character XML forbids (${text.slice(amp, i + 1)})`);
    next.at = i + 1;
    return String.fromCodePoint(value);
  }
  const nameStop = nameEnd(text, i, end);
  if (nameStop === i || nameStop >= end || text.charCodeAt(nameStop) !== SEMICOLON) {
    throw malformedAt(amp, "'&' not starting an entity or character reference");
  }
  const name = text.slice(i, nameStop);
  const value = predefinedEntity(name);
  if (value === undefined) throw malformedAt(amp, `undefined entity &${name}; (no DTD is ever read)`);
  next.at = nameStop + 1;
  return value;
}

/**
 * Character data `text[start, end)` (between markup inside the root element) with references
 * expanded and line ends normalised. `]]>` may not appear in it.
 */
export function decodeText(text: string, start: number, end: number): string {
  let out = '';
  let run = start;
  const next = { at: 0 };
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === AMP) {
      out += text.slice(run, i) + decodeReference(text, i, end, next);
      i = run = next.at;
    } else if (c === CR) {
      out += text.slice(run, i) + '\n';
      i += i + 1 < end && text.charCodeAt(i + 1) === LF ? 2 : 1;
      run = i;
    } else if (c === RBRACKET && text.startsWith(']]>', i) && i + 2 < end) {
      throw malformedAt(i, "']]>' in character data");
    } else {
      i++;
    }
  }
  return run === start ? text.slice(start, end) : out + text.slice(run, end);
}

/**
 * Attribute value `text[start, end)` (inside the quotes): references expanded; tab, LF, CR and
 * CR LF each become one space (attribute-value normalisation; a character reference such as
 * `&#10;` stays as the character it names). `<` may not appear in it.
 */
export function decodeAttribute(text: string, start: number, end: number): string {
  let out = '';
  let run = start;
  const next = { at: 0 };
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c > LT) {
      i++;
    } else if (c === AMP) {
      out += text.slice(run, i) + decodeReference(text, i, end, next);
      i = run = next.at;
    } else if (c === LT) {
      throw malformedAt(i, "'<' in an attribute value");
    } else if (c === CR || c === LF || c === TAB) {
      out += text.slice(run, i) + ' ';
      i += c === CR && i + 1 < end && text.charCodeAt(i + 1) === LF ? 2 : 1;
      run = i;
    } else {
      i++;
    }
  }
  return run === start ? text.slice(start, end) : out + text.slice(run, end);
}

/** True when `text[start, end)` is an attribute value that needs `decodeAttribute` (not a plain slice). */
export function attributeNeedsDecoding(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= LT && (c === AMP || c === LT || c === CR || c === LF || c === TAB)) return true;
  }
  return false;
}
