/**
 * Malformed input: parseXml must refuse exactly what the saxes reference refuses, with the same
 * error code, apart from the documented, deliberate differences (compare-with-saxes.ts
 * KNOWN_DIFFERENCES, each pinned by a test below). The corpus: every real Junos reply cut at 60
 * offsets (every offset of the short ones), random byte changes in the small replies and in
 * generated documents (fixed seeds), and short random sequences of XML tokens.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { junosPublic, listJunosPublic } from '../support/junos-public.js';
import { compareWithSaxes, parseOutcome } from './compare-with-saxes.js';
import { saxesParse } from './saxes-reference.js';
import { byteFlips, generatedDocuments, seededRandom, truncations } from './xml-corpus.js';

const replies = listJunosPublic()
  .filter((file) => file.endsWith('.xml') || file.endsWith('.txt'))
  .map((file) => ({ file, text: readFileSync(junosPublic(file), 'utf8') }))
  .filter(({ file, text }) => file.endsWith('.xml') || /^\uFEFF?\s*</.test(text));

interface Tally {
  inputs: number;
  refused: number;
  mismatches: string[];
}

function check(inputs: { label: string; text: string }[]): Tally {
  const tally: Tally = { inputs: inputs.length, refused: 0, mismatches: [] };
  for (const { label, text } of inputs) {
    if (!parseOutcome(text).ok) tally.refused++;
    const difference = compareWithSaxes(text);
    if (difference !== null && tally.mismatches.length < 5) tally.mismatches.push(`${label}: ${difference} — ${JSON.stringify(text.slice(-120))}`);
  }
  return tally;
}

const TOKENS = [
  '<', '>', '/', 'a', 'b', 'a:b', '=', '"', "'", '&amp;', '&', ';', '#', 'x', '&#65;', '&#x41;', '&#1;', '&#x85;', '<!--', '-->', '-',
  '<?', '?>', '?', '<![CDATA[', ']]>', ']', '[', '<!DOCTYPE', '<!', ' ', '\n', '\r', '\t', 'xml', '<?xml', 'version="1.0"',
  'encoding="UTF-8"', 'standalone="yes"', '<a>', '</a>', '<a/>', '<b>', '</b>', '</a >', '<a b="1"/>', ' y="&lt;"', 'é', '\u00b7',
  '1', '.', '\uFEFF', '\u0000', '\u007f', '\u0085', '\u0086', '\u2028', '\uFFFE', '😀',
];

describe('parseXml refuses what saxes refuses', () => {
  it('every real reply cut at 60 offsets (every offset of the short ones)', () => {
    const inputs = replies.flatMap(({ file, text }) => truncations(text, 60).map((cut) => ({ label: `${file} cut at ${cut.length}`, text: cut })));
    const tally = check(inputs);
    expect(tally.mismatches).toEqual([]);
    expect(tally.refused).toBeGreaterThan(tally.inputs * 0.95);
  });

  it('random byte changes in the small real replies (fixed seed)', () => {
    const random = seededRandom(0x1b2c3d);
    const inputs = replies
      .filter(({ text }) => text.length < 6000)
      .flatMap(({ file, text }) => byteFlips(text, random, 40).map((flipped, k) => ({ label: `${file} flip #${k}`, text: flipped })));
    const tally = check(inputs);
    expect(tally.mismatches).toEqual([]);
    expect(tally.inputs).toBeGreaterThan(1000);
    // some changes land in text and keep the reply well-formed; most do not
    expect(tally.refused).toBeGreaterThan(tally.inputs * 0.3);
    expect(tally.refused).toBeLessThan(tally.inputs);
  });

  it('random byte changes and truncations of generated documents (fixed seed)', () => {
    const random = seededRandom(4242);
    const inputs = generatedDocuments(99, 400).flatMap((text, n) => [
      ...byteFlips(text, random, 10).map((flipped, k) => ({ label: `generated #${n} flip #${k}`, text: flipped })),
      ...truncations(text, 15).map((cut) => ({ label: `generated #${n} cut at ${cut.length}`, text: cut })),
    ]);
    const tally = check(inputs);
    expect(tally.mismatches).toEqual([]);
    expect(tally.refused).toBeGreaterThan(tally.inputs * 0.5);
  });

  it('40000 short random sequences of XML tokens, bare and inside an element (fixed seed)', () => {
    const random = seededRandom(99);
    const inputs: { label: string; text: string }[] = [];
    for (let n = 0; n < 40000; n++) {
      let text = '';
      for (let k = 1 + Math.floor(random() * 14); k > 0; k--) text += TOKENS[Math.floor(random() * TOKENS.length)];
      if (random() < 0.5) text = `<a>${text}</a>`;
      if (random() < 0.2) text = `<?xml version="1.1"?>${text}`;
      inputs.push({ label: `tokens #${n}`, text });
    }
    const tally = check(inputs);
    expect(tally.mismatches).toEqual([]);
    expect(tally.refused).toBeGreaterThan(tally.inputs * 0.5);
    expect(tally.refused).toBeLessThan(tally.inputs * 0.99);
  });
});

describe('the deliberate differences from saxes', () => {
  it('a broken DOCTYPE is still XML_DTD_REFUSED (saxes: XML_MALFORMED)', () => {
    for (const text of ['<!DOCTYPE a [', '<!DOCTYPE a [\u0001]><a/>', '<!DOCTYPE']) {
      expect(parseOutcome(text)).toMatchObject({ ok: false, code: 'XML_DTD_REFUSED' });
      expect(saxesParse(text)).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
    }
  });

  it('a PI target followed by ? without > is refused (the grammar wants white space or ?>; saxes accepts)', () => {
    expect(parseOutcome('<a><?pi?x?></a>')).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
    expect(saxesParse('<a><?pi?x?></a>').ok).toBe(true);
    expect(parseOutcome('<a><?pi?></a>').ok).toBe(true);
    expect(parseOutcome('<a><?pi x?y?></a>').ok).toBe(true);
  });

  it('a version 1.1 document is read by XML 1.0 rules (saxes applies XML 1.1)', () => {
    // NEL is no line end in XML 1.0, and a reference to U+0001 no Char
    const nel = parseOutcome('<?xml version="1.1"?><a>x\u0085y</a>');
    expect(nel.ok && nel.root.text).toBe('x\u0085y');
    expect(saxesParse('<?xml version="1.1"?><a>x\u0085y</a>')).toMatchObject({ ok: true, root: { text: 'x\ny' } });
    expect(parseOutcome('<?xml version="1.1"?><a>&#1;</a>')).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
    expect(saxesParse('<?xml version="1.1"?><a>&#1;</a>').ok).toBe(true);
  });

  it('a lone surrogate is refused (saxes accepts a lone high surrogate and swallows the next character)', () => {
    for (const text of ['<a>\uD800</a>', '<a>x\uD800</a>', '<a b="\uD800"/>', '<a>\uDC00</a>', '<a\uD800/>', '<a/>\uD800']) {
      expect(parseOutcome(text), JSON.stringify(text)).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
    }
    expect(saxesParse('<a>x\uD800y</a>')).toMatchObject({ ok: true, root: { text: 'x\uD800y' } });
    expect(parseOutcome('<a>x\uD800y</a>').ok).toBe(false);
    // a well-formed pair is one character, in text and in names
    const pair = parseOutcome('<a\uD800\uDC00 b="\uD83D\uDE00">\uD83D\uDE00</a\uD800\uDC00>');
    expect(pair.ok && [pair.root.qname, pair.root.text, pair.root.attrs['b']]).toEqual(['a\uD800\uDC00', '😀', '😀']);
  });
});
