/**
 * The reference parser for the differential tests: the saxes-based tree builder parseXml used
 * before it had its own scanner, kept here verbatim in behaviour (same options, same tree, same
 * refusals). Returns the tree, or the error code and saxes' message instead of throwing.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { XmlElement } from '../../src/xml/parse.js';

export type ReferenceResult = { ok: true; root: XmlElement } | { ok: false; code: 'XML_MALFORMED' | 'XML_DTD_REFUSED'; message: string };

class Refusal extends Error {
  constructor(
    readonly code: 'XML_MALFORMED' | 'XML_DTD_REFUSED',
    message: string,
  ) {
    super(message);
  }
}

/** Leading byte-order mark and whitespace, skipped before saxes sees the document (as parseXml did). */
function startOfDocument(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else break;
  }
  return i;
}

export function saxesParse(text: string, maxDepth = 256): ReferenceResult {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
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
      current.children.push(element);
      open.push(current);
      if (open.length >= maxDepth) throw new Refusal('XML_MALFORMED', `nesting deeper than ${maxDepth}`);
    }
    current = element;
  });
  parser.on('closetag', () => {
    current = open.pop();
  });
  const onText = (t: string): void => {
    if (current !== undefined) current.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('doctype', () => {
    throw new Refusal('XML_DTD_REFUSED', 'DOCTYPE');
  });
  try {
    parser.write(text.slice(startOfDocument(text))).close();
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'XML_MALFORMED', message: err instanceof Error ? err.message : String(err) };
  }
  if (root === undefined) return { ok: false, code: 'XML_MALFORMED', message: 'no root' };
  return { ok: true, root };
}
