/**
 * The single-pass XML scanner behind parseXml: walks the document with indexOf/charCodeAt and
 * builds the XmlElement tree directly (no intermediate tag or event objects; each element object
 * is made once, complete, at its end tag; a leaf holding plain text or none, the commonest
 * element, is read in one step, without going through the stacks). Character data stays a range
 * of the document unless it holds `&`, CR or `]]>` (found with indexOf, lazily, once per
 * occurrence); only then does it go through entities.ts. Names are checked with char-classes.ts
 * tables; the rest of the markup (declaration, comments, PIs, CDATA, prolog and epilog) is
 * markup.ts. Character validity (XML `Char`) is not checked here: parseXml runs one separate scan
 * for it (`firstInvalidChar`).
 */
import type { XmlElement } from './parse.js';
import { isSpace, nameEnd } from './char-classes.js';
import { attributeNeedsDecoding, decodeAttribute, decodeText } from './entities.js';
import { cdataClose, commentEnd, isXmlDeclaration, miscEnd, processingInstructionEnd, skipSpaces, xmlDeclarationEnd } from './markup.js';
import { ScanError, malformedAt } from './scan-error.js';
import { type CachedName, NameCache, occursAt } from './string-cache.js';
import { TextSegments } from './text-segments.js';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Where the next `&`, CR and `]]>` are (text.length when there is none), found lazily. */
class SpecialChars {
  amp = -1;
  cr = -1;
  cdataEnd = -1;
  constructor(private readonly text: string) {}

  private next(what: string, from: number): number {
    const at = this.text.indexOf(what, from);
    return at === -1 ? this.text.length : at;
  }

  /** True when `text[start, end)` holds a `&`, a CR or a `]]>`. */
  within(start: number, end: number): boolean {
    if (this.amp < start) this.amp = this.next('&', start);
    if (this.cr < start) this.cr = this.next('\r', start);
    if (this.cdataEnd < start) this.cdataEnd = this.next(']]>', start);
    return this.amp < end || this.cr < end || this.cdataEnd < end;
  }
}

/** Where readAttributes leaves the attribute map of the tag it read. */
interface TagAttributes {
  attrs: Record<string, string>;
}

/**
 * Reads the attributes and the end of the start tag whose name ends at `j` into `tag.attrs`: a
 * fresh map (newAttributes) from the first attribute on, else NO_ATTRIBUTES. Returns the offset
 * after `>` (positive) for a start tag, or minus the offset after `/>` for an empty-element tag.
 */
function readAttributes(text: string, j: number, end: number, tag: TagAttributes, small: boolean, names: NameCache): number {
  let attrs = NO_ATTRIBUTES;
  tag.attrs = attrs;
  for (;;) {
    let c = text.charCodeAt(j);
    if (c === GT) return j + 1;
    if (c === SLASH) {
      if (text.charCodeAt(j + 1) === GT) return -(j + 2);
      throw malformedAt(j, "'/' in a tag not followed by '>'");
    }
    if (j >= end) throw malformedAt(end, 'unexpected end of document inside a tag');
    if (!isSpace(c)) throw malformedAt(j, 'disallowed character in a tag (white space, attribute, > or /> expected)');
    j = skipSpaces(text, j + 1, end);
    c = text.charCodeAt(j);
    if (c === GT || c === SLASH) continue;
    const nameStop = nameEnd(text, j, end);
    if (nameStop === j) {
      if (j >= end) throw malformedAt(end, 'unexpected end of document inside a tag');
      throw malformedAt(j, 'disallowed character in an attribute name');
    }
    const name = names.get(j, nameStop).qname;
    j = nameStop;
    if (text.charCodeAt(j) !== EQUALS) j = skipSpaces(text, j, end);
    if (text.charCodeAt(j) !== EQUALS) throw malformedAt(j, `attribute ${name} without a value`);
    j = skipSpaces(text, j + 1, end);
    const quote = text.charCodeAt(j);
    if (quote !== DQUOTE && quote !== SQUOTE) throw malformedAt(j, `value of attribute ${name} not quoted`);
    const close = text.indexOf(quote === DQUOTE ? '"' : "'", j + 1);
    if (close === -1) throw malformedAt(end, 'unterminated attribute value');
    const value = attributeNeedsDecoding(text, j + 1, close) ? decodeAttribute(text, j + 1, close) : text.slice(j + 1, close);
    if (attrs === NO_ATTRIBUTES) tag.attrs = attrs = newAttributes(small);
    else if (attrs[name] !== undefined) throw malformedAt(j, `duplicate attribute ${name}`);
    attrs[name] = value;
    j = close + 1;
    // after a value: white space, '>' or '/>' (checked at the top of the loop)
  }
}

/**
 * The attribute map of every element without attributes, and the children of every element
 * without children: one object and one array shared by all of them (parse.ts, XmlElement). In a
 * large reply most elements are leaves without attributes; giving each its own empty map and
 * array made half of the tree's objects, and the garbage collector copies every object of a tree
 * that is still being built (bench/parse.ts). They are read-only by type (XmlElement's `readonly`
 * members), NOT frozen: a frozen array has its own V8 elements kind, and code iterating over a mix
 * of frozen and ordinary arrays (`for…of`, as collectors do) is no longer optimised to a plain
 * loop: it allocated an iterator per element and ran ~3× slower on a tree walk; per device it
 * was 15 % more allocation (bench/reply-parse.ts).
 */
export const NO_ATTRIBUTES: Record<string, string> = Object.create(null) as Record<string, string>;
export const NO_CHILDREN: XmlElement[] = [];

/** Instances are the smallest plain objects V8 makes (no in-object property slots). */
class BareObject {}

/**
 * A fresh attribute map: prototype-less, so `__proto__` or `constructor` are plain names.
 * Object.create(null) is the quickest to make but V8 builds it as a hash table (~180 bytes): for a
 * large document, one per element made that the largest part of the tree and of the garbage
 * collector's work. There an instance of an empty class whose prototype is then set to null is
 * used instead, a fast-properties object of 24 bytes (bench/xml-parse.ts).
 */
function newAttributes(small: boolean): Record<string, string> {
  if (small) return Object.create(null) as Record<string, string>;
  return Object.setPrototypeOf(new BareObject(), null) as Record<string, string>;
}

/**
 * Parses `text` from `start` (just after any BOM and leading white space) to its end, into the
 * root element. Throws ScanError at the first error found. An element object is created once,
 * complete, when its end tag is read: until then its name, attributes, children (on `kids`) and
 * text (on `segments`) wait on stacks.
 */
export function scanDocument(text: string, start: number, maxDepth: number): XmlElement {
  const end = text.length;
  let i = start;
  if (isXmlDeclaration(text, i)) i = xmlDeclarationEnd(text, i, end);
  i = miscEnd(text, i, end, true);

  const special = new SpecialChars(text);
  const names = new NameCache(text);
  const segments = new TextSegments(text, names.sharing);
  const small = !names.sharing;
  const tag: TagAttributes = { attrs: NO_ATTRIBUTES };
  // open elements, innermost last
  const openNames: CachedName[] = [];
  const openAttrs: Record<string, string>[] = [];
  const openKids: number[] = [];
  const openSegments: number[] = [];
  let depth = 0;
  // children of the open elements, one run per open element
  const kids: XmlElement[] = [];
  let kidsTop = 0;

  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) throw malformedAt(end, `unexpected end of document: unclosed element ${openNames[depth - 1]!.qname}`);
    if (lt > i) {
      // character data (only inside the root: the loop starts at the root's '<' and ends with it)
      if (special.within(i, lt)) segments.pushString(decodeText(text, i, lt));
      else segments.pushRange(i, lt);
    }
    const c = text.charCodeAt(lt + 1);
    if (c === SLASH) {
      // end tag: must name the element it closes, exactly as written
      if (depth === 0) throw malformedAt(lt, 'end tag without a start tag');
      const d = depth - 1;
      const { qname, name } = openNames[d]!;
      let j = lt + 2 + qname.length;
      if (!occursAt(text, lt + 2, qname) || (text.charCodeAt(j) !== GT && !isSpace(text.charCodeAt(j)))) {
        if (lt + 2 >= end) throw malformedAt(end, 'unexpected end of document in an end tag');
        throw malformedAt(lt, `end tag does not match the start tag <${qname}>`);
      }
      if (text.charCodeAt(j) !== GT) {
        j = skipSpaces(text, j, end);
        if (text.charCodeAt(j) !== GT) throw malformedAt(j >= end ? end : j, 'unexpected character in an end tag');
      }
      i = j + 1;
      const firstKid = openKids[d]!;
      const element: XmlElement = {
        name,
        qname,
        attrs: openAttrs[d]!,
        children: kidsTop === firstKid ? NO_CHILDREN : kids.slice(firstKid, kidsTop),
        text: segments.popText(openSegments[d]!),
      };
      kidsTop = firstKid;
      depth = d;
      if (d === 0) {
        miscEnd(text, i, end, false);
        return element;
      }
      kids[kidsTop++] = element;
    } else if (c === BANG) {
      if (text.startsWith('<!--', lt)) {
        i = commentEnd(text, lt);
      } else if (text.startsWith('<![CDATA[', lt)) {
        const close = cdataClose(text, lt);
        const data = text.slice(lt + 9, close);
        segments.pushString(data.indexOf('\r') === -1 ? data : data.replace(/\r\n?/g, '\n'));
        i = close + 3;
      } else {
        throw malformedAt(lt, 'markup not allowed inside an element (only comments and CDATA start with <!)');
      }
    } else if (c === QUESTION) {
      i = processingInstructionEnd(text, lt, end);
    } else {
      // start tag or empty-element tag
      const nameStop = nameEnd(text, lt + 1, end);
      if (nameStop === lt + 1) {
        if (lt + 1 >= end) throw malformedAt(end, 'unexpected end of document after <');
        throw malformedAt(lt + 1, 'disallowed character in a tag name');
      }
      const tagName = names.get(lt + 1, nameStop);
      let after: number;
      let attrs = NO_ATTRIBUTES;
      if (text.charCodeAt(nameStop) === GT) after = nameStop + 1;
      else {
        after = readAttributes(text, nameStop, end, tag, small, names);
        attrs = tag.attrs;
      }
      // the new element has `depth` ancestors; the root is always accepted
      if (depth > 0 && depth >= maxDepth) {
        throw new ScanError('XML_MALFORMED', `XML nesting deeper than ${maxDepth} elements`, lt, lt, { limit: 'maxDepth', maxDepth });
      }
      if (after > 0) {
        if (depth > 0) {
          // a leaf: plain text (or none) straight up to its own end tag is read at once, without
          // going through the stacks; anything else takes the general path below
          const close = text.indexOf('<', after);
          const qname = tagName.qname;
          const gt = close + 2 + qname.length;
          if (
            close !== -1 &&
            text.charCodeAt(close + 1) === SLASH &&
            text.charCodeAt(gt) === GT &&
            occursAt(text, close + 2, qname) &&
            (close === after || !special.within(after, close))
          ) {
            kids[kidsTop++] = { name: tagName.name, qname, attrs, children: NO_CHILDREN, text: close === after ? '' : text.slice(after, close) };
            i = gt + 1;
            continue;
          }
        }
        openNames[depth] = tagName;
        openAttrs[depth] = attrs;
        openKids[depth] = kidsTop;
        openSegments[depth] = segments.top;
        depth++;
        i = after;
      } else {
        const element: XmlElement = { name: tagName.name, qname: tagName.qname, attrs, children: NO_CHILDREN, text: '' };
        i = -after;
        if (depth === 0) {
          miscEnd(text, i, end, false);
          return element; // an empty root element
        }
        kids[kidsTop++] = element;
      }
    }
  }
}
