/**
 * Safe XML parsing into a small element tree. Device replies are untrusted:
 * a DOCTYPE (and with it any entity declaration) is refused, undefined entities
 * are errors, and only the five predefined entities and character references expand.
 * Names are kept as written (`qname`) and by local name (`name`, prefix dropped), so
 * collectors match `rpc-reply` whether or not the device used `nc:` prefixes.
 */
import { SaxesParser } from 'saxes';
import { IbsightError } from '../errors/ibsight-error.js';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  /** Name as written, e.g. `junos:comment` or `nc:rpc-reply`. */
  qname: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content, concatenated, untrimmed. */
  text: string;
}

export interface ParseXmlOptions {
  /** Largest document accepted, in characters (default 256 MiB). */
  maxChars?: number;
  /** Deepest element nesting accepted (default 256). */
  maxDepth?: number;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

export function parseXml(text: string, options: ParseXmlOptions = {}): XmlElement {
  const maxChars = options.maxChars ?? 256 * 1024 * 1024;
  const maxDepth = options.maxDepth ?? 256;
  if (text.length > maxChars) {
    throw new IbsightError('XML_MALFORMED', `XML document of ${text.length} characters exceeds the limit of ${maxChars}`);
  }
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: IbsightError | undefined;

  parser.on('doctype', () => {
    failure ??= new IbsightError('XML_DTD_REFUSED', 'XML with a DOCTYPE (DTD or entity declarations) is refused', {
      context: { line: parser.line },
    });
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: localName(tag.name),
      qname: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    if (stack.length > maxDepth) {
      failure ??= new IbsightError('XML_MALFORMED', `XML nesting deeper than ${maxDepth} elements`, { context: { line: parser.line } });
    }
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    failure ??= new IbsightError('XML_MALFORMED', `malformed XML: ${err.message}`, { cause: err, context: { line: parser.line } });
  });

  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= new IbsightError('XML_MALFORMED', `malformed XML: ${(err as Error).message}`, { cause: err });
  }
  if (failure) throw failure;
  if (!root) throw new IbsightError('XML_MALFORMED', 'XML document has no root element');
  return root;
}
