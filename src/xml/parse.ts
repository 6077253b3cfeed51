/**
 * Safe XML parsing into a small element tree, with our own single-pass scanner (scanner.ts; chosen
 * by measurement over saxes and others: bench/xml-parse.ts). Device replies are untrusted:
 *  - a DOCTYPE (and with it any entity declaration, internal or external) is refused with
 *    XML_DTD_REFUSED, so entity bombs never expand and nothing external is ever fetched;
 *  - only the five predefined entities and character references expand; an undefined entity,
 *    like any other well-formedness error (truncated document, mismatched tags, a character XML
 *    forbids...), is XML_MALFORMED, with the line it is on;
 *  - input size and element nesting are bounded (XML_MALFORMED, context `limit`).
 * The first error stops the parse. Names are kept as written (`qname`) and by local name (`name`,
 * prefix dropped), so collectors match `rpc-reply` whether or not the device used `nc:` prefixes.
 * The tree is read-only (by type: `readonly` members): elements without attributes or children
 * share one empty map and array (scanner.ts; half of a large tree's objects otherwise), not
 * frozen, since iterating over frozen arrays mixed with ordinary ones deoptimises `for…of`. Namespaces are not resolved
 * (names with colons are just names). Every XML 1.x version is read by XML 1.0 rules, as the
 * XML 1.0 (fifth edition) specification asks of a 1.0 processor.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { firstInvalidChar } from './char-classes.js';
import { ScanError, lineAt } from './scan-error.js';
import { scanDocument } from './scanner.js';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  /** Name as written, e.g. `junos:comment` or `nc:rpc-reply`. */
  qname: string;
  /**
   * Attributes by name as written (`junos:style`); a prototype-less object. Every element
   * without attributes shares one empty map (scanner.ts NO_ATTRIBUTES): never write to it.
   */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements in document order; every leaf shares one empty array (NO_CHILDREN): never write to it. */
  readonly children: readonly XmlElement[];
  /** Direct text content (text and CDATA), concatenated, untrimmed; line ends normalised to `\n`. */
  text: string;
}

export interface ParseXmlOptions {
  /** Largest document accepted, in characters (default 256 MiB). */
  maxChars?: number;
  /** Deepest element nesting accepted (default 256). */
  maxDepth?: number;
}

export const DEFAULT_MAX_CHARS = 256 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 256;

/** Leading byte-order mark and whitespace (NETCONF framing often leaves a newline before `<?xml`). */
function startOfDocument(text: string): number {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else break;
  }
  return i;
}

function toIbsightError(text: string, error: ScanError): IbsightError {
  const line = lineAt(text, error.linePosition);
  const message = error.code === 'XML_MALFORMED' ? `malformed XML: ${error.message} (line ${line})` : error.message;
  return new IbsightError(error.code, message, { context: { line, ...error.context } });
}

export function parseXml(text: string, options: ParseXmlOptions = {}): XmlElement {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.length > maxChars) {
    throw new IbsightError('XML_MALFORMED', `XML document of ${text.length} characters exceeds the limit of ${maxChars}`, {
      context: { limit: 'maxChars', maxChars, chars: text.length },
    });
  }
  const start = startOfDocument(text);
  // Characters XML forbids are found by one scan of their own; the structure scan then reports
  // whichever error comes first in the document.
  const invalid = firstInvalidChar(text, start);
  const invalidChar = (): ScanError => {
    const code = text.charCodeAt(invalid).toString(16).toUpperCase().padStart(4, '0');
    return new ScanError('XML_MALFORMED', `character U+${code} is not allowed in XML`, invalid);
  };
  let root: XmlElement;
  try {
    root = scanDocument(text, start, maxDepth);
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    throw toIbsightError(text, invalid !== -1 && invalid < err.position ? invalidChar() : err);
  }
  if (invalid !== -1) throw toIbsightError(text, invalidChar());
  return root;
}
