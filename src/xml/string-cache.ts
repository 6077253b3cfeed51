/**
 * Strings shared across the elements of one large document: element and attribute names (a
 * per-document cache), and the text of elements holding only indentation (constants, and a cache
 * of their concatenations). A large reply repeats the same few hundred names and indentation
 * patterns tens of thousands of times, and for it garbage collection, not scanning, is the cost
 * of a parse: the fewer objects its tree holds, the faster (with attribute maps that are no hash
 * tables, scanner.ts, the tree of the 5 MiB synthetic inventory takes 13 MB, against 33 MB when
 * built from saxes events; with the shared empty attribute map and children array, 8 MB). A
 * lookup hashes a few sampled characters and compares in place (`occursAt`), so a hit allocates
 * nothing. A cached name is interned (V8's own table of property names): collectors compare
 * element names with string constants for every element, and interned strings compare as
 * pointers (the chassis-inventory collector on that tree: ~9 ms → ~6.5 ms).
 * Direct-mapped (a collision replaces the entry), sized from the document, dropped after the parse.
 * Only documents from SHARE_FROM_LENGTH on share: the tree of a smaller one dies young, where
 * fresh slices cost less than lookups. Leaf text (values) is never looked up: checking it cost
 * more than the memory it saved. (Measured on synthetic inventories, bench/xml-parse.ts.)
 */

/** Documents at least this long (in UTF-16 units) share strings; shorter ones slice. */
export const SHARE_FROM_LENGTH = 1536 * 1024;

/** A power of two between `min` and `max`, about `wanted`. */
function tableSize(wanted: number, min: number, max: number): number {
  let size = min;
  while (size < wanted && size < max) size <<= 1;
  return size;
}

/** True when `s` occurs in `text` at offset `at` (for short strings: names). */
export function occursAt(text: string, at: number, s: string): boolean {
  const n = s.length;
  if (at + n > text.length) return false;
  for (let k = 0; k < n; k++) if (text.charCodeAt(at + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** A cheap hash of `text[start, end)` (non-empty): its length and five sampled characters. */
function sampledHash(text: string, start: number, end: number): number {
  const length = end - start;
  let h = Math.imul(length, 0x9e3779b1) ^ text.charCodeAt(start);
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(end - 1);
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(start + (length >> 1));
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(start + (length >> 2));
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(end - 1 - (length >> 2));
  return h ^ (h >>> 15);
}

/** A name as written and its local part (after the first colon). */
export interface CachedName {
  qname: string;
  name: string;
}

function newName(qname: string): CachedName {
  const colon = qname.indexOf(':');
  return { qname, name: colon === -1 ? qname : qname.slice(colon + 1) };
}

/**
 * The string V8 keeps in its table of property names for `s` (the same characters): comparing
 * two such strings is one pointer comparison, where a slice of the document is compared
 * character by character, every time a collector matches an element name (`c.name === 'name'`).
 * Also a compact copy that keeps no reference to the document.
 */
function interned(s: string): string {
  // prototype-less, so that `__proto__` is a key like any other (an XML name never looks like
  // an array index: it cannot start with a digit)
  const holder = Object.create(null) as Record<string, number>;
  holder[s] = 0;
  return Object.keys(holder)[0]!;
}

function internedName(qname: string): CachedName {
  const colon = qname.indexOf(':');
  const q = interned(qname);
  return { qname: q, name: colon === -1 ? q : interned(qname.slice(colon + 1)) };
}

/** Distinct element and attribute names of one document. */
export class NameCache {
  /** False for a document shorter than SHARE_FROM_LENGTH: every name is a fresh slice. */
  readonly sharing: boolean;
  private readonly slots: (CachedName | undefined)[];
  private readonly mask: number;

  constructor(private readonly text: string) {
    this.sharing = text.length >= SHARE_FROM_LENGTH;
    const size = this.sharing ? tableSize(text.length >> 8, 64, 2048) : 1;
    this.slots = new Array<CachedName | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  /** The name `text[start, end)` (non-empty, already scanned as an XML Name). */
  get(start: number, end: number): CachedName {
    if (!this.sharing) return newName(this.text.slice(start, end));
    const slot = sampledHash(this.text, start, end) & this.mask;
    const cached = this.slots[slot];
    if (cached !== undefined && cached.qname.length === end - start && occursAt(this.text, start, cached.qname)) return cached;
    const fresh = internedName(this.text.slice(start, end));
    this.slots[slot] = fresh;
    return fresh;
  }
}

/** Longest indentation (a line feed and spaces) with a shared constant. */
export const MAX_INDENT = 160;

/** `INDENTS[n]`: a line feed followed by n - 1 spaces. */
const INDENTS: readonly string[] = Array.from({ length: MAX_INDENT + 1 }, (_, n) => (n === 0 ? '' : `\n${' '.repeat(n - 1)}`));

/**
 * The text of an element whose direct text is only indentation (pretty-printed XML: a line feed
 * and spaces before each child and before the end tag), by the lengths of its segments.
 */
export class IndentJoinCache {
  private readonly lengths: (number[] | undefined)[];
  private readonly values: string[];
  private readonly mask: number;

  constructor(documentLength: number) {
    const size = tableSize(documentLength >> 10, 16, 1024);
    this.lengths = new Array<number[] | undefined>(size).fill(undefined);
    this.values = new Array<string>(size).fill('');
    this.mask = size - 1;
  }

  /** The indentations of `lengths[from, to)` put together. */
  get(lengths: number[], from: number, to: number): string {
    let h = to - from;
    for (let k = from; k < to; k++) h = Math.imul(h ^ lengths[k]!, 0x01000193);
    const slot = (h ^ (h >>> 15)) & this.mask;
    const cached = this.lengths[slot];
    if (cached !== undefined && cached.length === to - from) {
      let same = true;
      for (let k = from; k < to && same; k++) same = cached[k - from] === lengths[k];
      if (same) return this.values[slot]!;
    }
    const parts = new Array<string>(to - from);
    for (let k = from; k < to; k++) parts[k - from] = INDENTS[lengths[k]!]!;
    const joined = parts.join('');
    this.lengths[slot] = lengths.slice(from, to);
    this.values[slot] = joined;
    return joined;
  }
}
