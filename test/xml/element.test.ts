/**
 * The navigation helpers of src/xml/element.ts: lookup by local name, null for what is missing,
 * document order, and escaping that round-trips through parseXml. Includes a walk over a real
 * multi-routing-engine reply from ../shared/data/junos-public.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JUNOS_PUBLIC } from '../support/junos-public.js';
import { child, childText, childrenNamed, escapeXml, findAll, findFirst, textOf } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';


const reply = parseXml(`<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">
  <software-information>
    <host-name>  mx1  </host-name>
    <product-model>mx960</product-model>
    <package-information><name>junos</name><comment>JUNOS Base OS [21.4R3-S5.4]</comment></package-information>
    <package-information><name>jkernel</name><comment/></package-information>
    <junos:comment>spare</junos:comment>
    <empty>   </empty>
  </software-information>
</nc:rpc-reply>`);
const software = reply.children[0]!;

describe('child / childrenNamed', () => {
  it('finds direct children by local name, prefixed or not', () => {
    expect(child(software, 'product-model')?.text).toBe('mx960');
    expect(child(software, 'comment')?.qname).toBe('junos:comment');
    expect(child(reply, 'software-information')).toBe(software);
  });

  it('looks at direct children only and returns the first match', () => {
    expect(child(reply, 'product-model')).toBeNull();
    expect(childText(child(software, 'package-information'), 'name')).toBe('junos');
  });

  it('returns every match in document order, or an empty list', () => {
    expect(childrenNamed(software, 'package-information').map((p) => childText(p, 'name'))).toEqual(['junos', 'jkernel']);
    expect(childrenNamed(software, 'absent')).toEqual([]);
  });

  it('accepts a missing element', () => {
    expect(child(null, 'x')).toBeNull();
    expect(child(undefined, 'x')).toBeNull();
    expect(childrenNamed(null, 'x')).toEqual([]);
  });
});

describe('textOf / childText', () => {
  it('trims, and turns blank or absent text into null', () => {
    expect(childText(software, 'host-name')).toBe('mx1');
    expect(childText(software, 'empty')).toBeNull();
    expect(childText(childrenNamed(software, 'package-information')[1], 'comment')).toBeNull();
    expect(childText(software, 'absent')).toBeNull();
    expect(textOf(null)).toBeNull();
    expect(textOf(undefined)).toBeNull();
  });

  it('reads direct text only, not the text of descendants', () => {
    expect(textOf(child(software, 'package-information'))).toBeNull();
  });
});

describe('findFirst / findAll', () => {
  const tree = parseXml('<r><a id="1"><a id="2"/><b><a id="3"/></b></a><a id="4"/><x:a xmlns:x="urn:x" id="5"/></r>');

  it('findFirst searches depth-first, the element itself included', () => {
    expect(findFirst(tree, 'a')?.attrs['id']).toBe('1');
    expect(findFirst(tree, 'r')).toBe(tree);
    expect(findFirst(child(tree, 'a'), 'b')?.children[0]?.attrs['id']).toBe('3');
    expect(findFirst(tree, 'absent')).toBeNull();
    expect(findFirst(null, 'a')).toBeNull();
  });

  it('findAll returns every match in document order, nested ones and prefixed ones included', () => {
    expect(findAll(tree, 'a').map((e) => e.attrs['id'])).toEqual(['1', '2', '3', '4', '5']);
    expect(findAll(tree, 'r')).toEqual([tree]);
    expect(findAll(tree, 'absent')).toEqual([]);
    expect(findAll(undefined, 'a')).toEqual([]);
  });

  it('walks the deepest tree parseXml accepts', () => {
    const deep = parseXml('<e>'.repeat(256) + '</e>'.repeat(256));
    expect(findAll(deep, 'e')).toHaveLength(256);
    expect(findFirst(deep, 'absent')).toBeNull();
  });

  it('finds every RE of a real dual-RE reply (multi-routing-engine-results)', () => {
    const text = readFileSync(`${JUNOS_PUBLIC}/pyez/facts/personality_m_command.xml`, 'utf8');
    const items = findAll(parseXml(text), 'multi-routing-engine-item');
    expect(items.map((item) => childText(item, 're-name'))).toEqual(['re0', 're1']);
    for (const item of items) expect(childText(findFirst(item, 'software-information'), 'product-model')).toBe('m320');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });

  it('leaves plain text as it is', () => {
    expect(escapeXml('ge-0/0/0.0 up')).toBe('ge-0/0/0.0 up');
    expect(escapeXml('')).toBe('');
  });

  it('round-trips through parseXml, in text and in attributes', () => {
    const nasty = `]]> <!DOCTYPE x> &amp; &lol; "q" 'a' <tag/>`;
    const root = parseXml(`<error-message note="${escapeXml(nasty)}">${escapeXml(nasty)}</error-message>`);
    expect(root.text).toBe(nasty);
    expect(root.attrs['note']).toBe(nasty);
  });
});
