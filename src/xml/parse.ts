/**
 * Safe XML parsing into a small element tree, built on saxes (chosen by measurement:
 * bench/xml-parse.ts). Device replies are untrusted:
 *  - a DOCTYPE (and with it any entity declaration, internal or external) is refused with
 *    XML_DTD_REFUSED, so entity bombs never expand and nothing external is ever fetched;
 *  - only the five predefined entities and character references expand; an undefined entity,
 *    like any other well-formedness error (truncated document, mismatched tags...), is XML_MALFORMED;
 *  - input size and element nesting are bounded (XML_MALFORMED, context `limit`).
 * The first error stops the parse. Names are kept as written (`qname`) and by local name (`name`,
 * prefix dropped), so collectors match `rpc-reply` whether or not the device used `nc:` prefixes.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { IbsightError } from '../errors/ibsight-error.js';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  /** Name as written, e.g. `junos:comment` or `nc:rpc-reply`. */
  qname: string;
  /** Attributes by name as written (`junos:style`); a prototype-less object. */
  attrs: Record<string, string>;
  children: XmlElement[];
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

/** Namespace processing off: names stay as written, attributes are plain strings. */
type PlainOptions = { xmlns: false; position: true };

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

/** Builds the element tree from saxes events; throws at the first refused construct. */
class TreeBuilder {
  root: XmlElement | undefined;
  private current: XmlElement | undefined;
  private readonly open: XmlElement[] = [];

  constructor(
    private readonly parser: SaxesParser<PlainOptions>,
    private readonly maxDepth: number,
  ) {}

  onOpenTag(tag: SaxesTagPlain): void {
    const qname = tag.name;
    const colon = qname.indexOf(':');
    const element: XmlElement = {
      name: colon === -1 ? qname : qname.slice(colon + 1),
      qname,
      attrs: tag.attributes,
      children: [],
      text: '',
    };
    const parent = this.current;
    if (parent === undefined) {
      this.root = element;
    } else {
      parent.children.push(element);
      this.open.push(parent);
      if (this.open.length >= this.maxDepth) {
        throw new IbsightError('XML_MALFORMED', `XML nesting deeper than ${this.maxDepth} elements`, {
          context: { line: this.parser.line, limit: 'maxDepth', maxDepth: this.maxDepth },
        });
      }
    }
    this.current = element;
  }

  onCloseTag(): void {
    this.current = this.open.pop();
  }

  onText(text: string): void {
    // text outside the root is whitespace only (saxes rejects anything else)
    const current = this.current;
    if (current !== undefined) current.text = current.text.length === 0 ? text : current.text + text;
  }

  onDoctype(): never {
    throw new IbsightError('XML_DTD_REFUSED', 'XML with a DOCTYPE (DTD or entity declarations) is refused', {
      context: { line: this.parser.line },
    });
  }
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
  const body = start === 0 ? text : text.slice(start);
  // no error handler: saxes throws at the first well-formedness error
  const parser = new SaxesParser<PlainOptions>({ xmlns: false, position: true });
  const builder = new TreeBuilder(parser, maxDepth);
  parser.on('opentag', (tag) => builder.onOpenTag(tag));
  parser.on('closetag', () => builder.onCloseTag());
  parser.on('text', (t) => builder.onText(t));
  parser.on('cdata', (t) => builder.onText(t));
  parser.on('doctype', () => builder.onDoctype());
  try {
    parser.write(body).close();
  } catch (err) {
    if (err instanceof IbsightError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new IbsightError('XML_MALFORMED', `malformed XML: ${message}`, { cause: err, context: { line: parser.line } });
  }
  if (builder.root === undefined) throw new IbsightError('XML_MALFORMED', 'XML document has no root element');
  return builder.root;
}
