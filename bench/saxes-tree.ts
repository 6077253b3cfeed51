/**
 * The saxes-based tree builder that `src/xml/parse.ts` was built on before it had its own scanner
 * (until the 5 MB inventory of issue 3 showed it at ~30 MB/s), kept as a candidate of
 * bench/xml-parse.ts so the two stay measured side by side. Same options, tree and refusals as
 * the old parseXml (DOCTYPE refused, saxes throwing at the first error, depth bounded). It is
 * also the reference of the differential tests (test/xml/saxes-reference.ts): its own refusals
 * carry parseXml's codes.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { XmlElement } from '../src/xml/parse.js';

type PlainOptions = { xmlns: false; position: true };

function startOfDocument(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else break;
  }
  return i;
}

/** A refusal by the builder itself, with the code parseXml gives for the same input. */
export class SaxesTreeRefusal extends Error {
  constructor(
    readonly code: 'XML_MALFORMED' | 'XML_DTD_REFUSED',
    message: string,
  ) {
    super(message);
  }
}

export function saxesTree(text: string, maxDepth = 256): XmlElement {
  const parser = new SaxesParser<PlainOptions>({ xmlns: false, position: true });
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  const open: XmlElement[] = [];
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const qname = tag.name;
    const colon = qname.indexOf(':');
    const element: XmlElement = { name: colon === -1 ? qname : qname.slice(colon + 1), qname, attrs: tag.attributes, children: [], text: '' };
    if (current === undefined) {
      root = element;
    } else {
      (current.children as XmlElement[]).push(element); // saxes builds a mutable tree of its own
      open.push(current);
      if (open.length >= maxDepth) throw new SaxesTreeRefusal('XML_MALFORMED', `XML nesting deeper than ${maxDepth} elements`);
    }
    current = element;
  });
  parser.on('closetag', () => {
    current = open.pop();
  });
  const onText = (t: string): void => {
    if (current !== undefined) current.text = current.text.length === 0 ? t : current.text + t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('doctype', () => {
    throw new SaxesTreeRefusal('XML_DTD_REFUSED', 'XML with a DOCTYPE is refused');
  });
  parser.write(text.slice(startOfDocument(text))).close();
  if (root === undefined) throw new SaxesTreeRefusal('XML_MALFORMED', 'XML document has no root element');
  return root;
}
