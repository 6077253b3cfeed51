/**
 * Large documents (from 1.5 MiB on), where parseXml shares repeated strings (string-cache.ts:
 * indentation constants, per-document caches of names and short text) and builds attribute maps
 * differently: the tree must still be exactly saxes' tree, attribute maps still prototype-less
 * (their own for elements with attributes, the shared empty one otherwise), and errors
 * deep inside still found, on the right line.
 */
import { describe, expect, it } from 'vitest';
import { syntheticInventory } from '../../bench/synthetic-inventory.js';
import { SHARE_FROM_LENGTH } from '../../src/xml/string-cache.js';
import { parseOutcome, plainTree } from './compare-with-saxes.js';
import { saxesParse } from './saxes-reference.js';
import { generatedElement, seededRandom } from './xml-corpus.js';

/** Generated elements as children of one root, pretty-printed with varying indentation. */
function largeGeneratedDocument(minLength: number): string {
  const random = seededRandom(31337);
  const parts = ['<?xml version="1.0"?>\n<rpc-reply xmlns:junos="http://xml.juniper.net/junos/23.4R2/junos">'];
  let length = 0;
  for (let n = 0; length < minLength; n++) {
    const child = `\n${' '.repeat(n % 40)}${generatedElement(random)}`;
    parts.push(child);
    length += child.length;
  }
  parts.push('\n</rpc-reply>\n');
  return parts.join('');
}

describe('parseXml on large documents', () => {
  it('a 5 MiB synthetic chassis inventory gives saxes tree', () => {
    const text = syntheticInventory(5 * 1024 * 1024);
    expect(text.length).toBeGreaterThan(SHARE_FROM_LENGTH);
    const ours = parseOutcome(text);
    const theirs = saxesParse(text);
    expect(ours.ok && theirs.ok).toBe(true);
    if (ours.ok && theirs.ok) expect(plainTree(ours.root)).toEqual(plainTree(theirs.root));
  });

  it('a 2 MiB document of generated elements (entities, CDATA, CR LF, comments, PIs) gives saxes tree', () => {
    const text = largeGeneratedDocument(2 * 1024 * 1024);
    expect(text.length).toBeGreaterThan(SHARE_FROM_LENGTH);
    const ours = parseOutcome(text);
    const theirs = saxesParse(text);
    expect(ours.ok ? 'ok' : ours.message).toBe('ok');
    expect(theirs.ok ? 'ok' : theirs.message).toBe('ok');
    if (ours.ok && theirs.ok) expect(plainTree(ours.root)).toEqual(plainTree(theirs.root));
  });

  it('gives every element with attributes its own prototype-less map, the others the shared empty one', () => {
    const text = syntheticInventory(2 * 1024 * 1024)
      .replace('<rpc-reply ', '<rpc-reply __proto__="p" ')
      .replace('<chassis-module>', '<chassis-module slot="0">')
      .replace('<chassis junos:style="inventory">', '<chassis junos:style="inventory">\n        <__proto__ __proto__="q">v</__proto__>');
    const outcome = parseOutcome(text);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const inventory = outcome.root.children[0]!;
    const chassis = inventory.children[0]!;
    const [first, second, third] = chassis.children.filter((c) => c.name === 'chassis-module');
    for (const element of [outcome.root, inventory, chassis, first!, second!, third!]) {
      expect(Object.getPrototypeOf(element.attrs)).toBeNull();
    }
    expect(Object.keys(outcome.root.attrs)).toEqual(['__proto__', 'xmlns:junos']);
    // names are interned (string-cache.ts): `__proto__` stays a name like any other
    expect(chassis.children[0]).toMatchObject({ name: '__proto__', qname: '__proto__', text: 'v' });
    expect({ ...chassis.children[0]!.attrs }).toEqual({ ['__proto__']: 'q' });
    expect(chassis.attrs['junos:style']).toBe('inventory');
    expect(first!.attrs).toEqual({ slot: '0' });
    expect(new Set([outcome.root.attrs, inventory.attrs, chassis.attrs, first!.attrs]).size).toBe(4);
    expect(second!.attrs).toBe(third!.attrs);
    expect(Object.keys(second!.attrs)).toEqual([]);
    // shared strings are still the right strings: indentation-only text, and leaf text
    expect(chassis.text).toBe(`${'\n        '.repeat(chassis.children.length)}\n    `);
    expect(first!.children.map((c) => c.text)).toContain('Enhanced MX960 Backplane');
  });

  it('finds an error deep inside a large document, on the right line', () => {
    const text = syntheticInventory(2 * 1024 * 1024);
    const lines = text.split('\n');
    const target = lines.length - 1000; // 1-based line target + 1
    const broken = [...lines.slice(0, target), `\u0001${lines[target]!}`, ...lines.slice(target + 1)].join('\n');
    expect(parseOutcome(broken)).toMatchObject({ ok: false, code: 'XML_MALFORMED', line: target + 1 });
    const cut = text.slice(0, Math.floor(text.length * 0.7));
    expect(parseOutcome(cut)).toMatchObject({ ok: false, code: 'XML_MALFORMED', line: cut.split('\n').length });
    const mismatched = text.replace('</chassis-sub-module>', '</chassis-sub-modul>');
    expect(parseOutcome(mismatched)).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
  });
});
