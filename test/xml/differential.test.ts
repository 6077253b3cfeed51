/**
 * parseXml against the saxes tree builder it replaced (test/xml/saxes-reference.ts): every real
 * Junos reply under ../shared/data/junos-public and thousands of generated documents covering
 * every construct parseXml accepts must give identical trees — names, attributes (entities,
 * normalised white space), text (references, CDATA, CR LF), element order.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { junosPublic, listJunosPublic } from '../support/junos-public.js';
import { compareWithSaxes, parseOutcome, plainTree } from './compare-with-saxes.js';
import { saxesParse } from './saxes-reference.js';
import { generatedDocuments } from './xml-corpus.js';

/** Every `.xml` reply, and every `.txt` one whose content is XML. */
function realReplies(): { file: string; text: string }[] {
  return listJunosPublic()
    .filter((file) => file.endsWith('.xml') || file.endsWith('.txt'))
    .map((file) => ({ file, text: readFileSync(junosPublic(file), 'utf8') }))
    .filter(({ file, text }) => file.endsWith('.xml') || /^\uFEFF?\s*</.test(text));
}

/** Up to `limit` mismatches, labelled, for a readable failure. */
function mismatches(inputs: { label: string; text: string }[], maxDepth?: number, limit = 5): string[] {
  const found: string[] = [];
  for (const { label, text } of inputs) {
    const difference = compareWithSaxes(text, maxDepth);
    if (difference !== null && found.length < limit) found.push(`${label}: ${difference} — ${JSON.stringify(text.slice(0, 200))}`);
  }
  return found;
}

describe('parseXml builds the same tree as saxes', () => {
  const replies = realReplies();

  it('over every real Junos reply', () => {
    expect(replies.length).toBeGreaterThan(100);
    for (const { file, text } of replies) {
      const ours = parseOutcome(text);
      const theirs = saxesParse(text);
      expect(ours.ok, file).toBe(true);
      expect(theirs.ok, file).toBe(true);
      if (ours.ok && theirs.ok) expect(plainTree(ours.root), file).toEqual(plainTree(theirs.root));
    }
  });

  it('over 3000 generated documents (prefixes, non-ASCII names, entities, CDATA, comments, PIs, CR LF, BOM)', () => {
    const documents = generatedDocuments(20240601, 3000);
    // the generator makes well-formed documents only: a refusal here is a bug in either parser
    expect(documents.filter((text) => !parseOutcome(text).ok)).toEqual([]);
    expect(mismatches(documents.map((text, k) => ({ label: `generated #${k}`, text })))).toEqual([]);
  });

  it('with a small nesting limit, refusing exactly the same documents', () => {
    const documents = generatedDocuments(77, 1000);
    const refused = documents.filter((text) => !parseOutcome(text, 3).ok).length;
    expect(refused).toBeGreaterThan(100); // the limit does bite
    expect(mismatches(documents.map((text, k) => ({ label: `maxDepth 3, generated #${k}`, text })), 3)).toEqual([]);
  });

  it('generated documents do exercise what they claim to', () => {
    const all = generatedDocuments(20240601, 3000).join('\n');
    for (const construct of ['<![CDATA[', '<!--', '<?pi', '&#x1F600;', '&amp;', '\r\n', '\uFEFF', 'junos:', '名前', '\u00b7', "='", '<?xml version']) {
      expect(all).toContain(construct);
    }
  });
});
