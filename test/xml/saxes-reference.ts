/**
 * The reference parser for the differential tests: the saxes-based tree builder parseXml used
 * before it had its own scanner (bench/saxes-tree.ts, also a benchmark candidate). Returns the
 * tree, or the error code and message instead of throwing.
 */
import { saxesTree, SaxesTreeRefusal } from '../../bench/saxes-tree.js';
import type { XmlElement } from '../../src/xml/parse.js';

export type ReferenceResult = { ok: true; root: XmlElement } | { ok: false; code: 'XML_MALFORMED' | 'XML_DTD_REFUSED'; message: string };

export function saxesParse(text: string, maxDepth = 256): ReferenceResult {
  try {
    return { ok: true, root: saxesTree(text, maxDepth) };
  } catch (err) {
    if (err instanceof SaxesTreeRefusal) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'XML_MALFORMED', message: err instanceof Error ? err.message : String(err) };
  }
}
