/**
 * The well-formedness rules parseXml enforces, one case each, named — and for every case the saxes
 * reference agrees (compare-with-saxes.ts): XML declaration, comments, PIs, CDATA, references,
 * attributes, names, end tags, what may stand outside the root, forbidden characters. Also what
 * an error says: the line, counted from the very start of the text.
 */
import { describe, expect, it } from 'vitest';
import { compareWithSaxes, parseOutcome } from './compare-with-saxes.js';

const accepted: [string, string][] = [
  ['declaration with encoding and standalone', `<?xml version='1.0' encoding="ISO-8859-1" standalone='no' ?><a/>`],
  ['declaration with spaces around =', '<?xml version = "1.0"\n?><a/>'],
  ['PI named like xml-stylesheet before the root', '<?xml-stylesheet href="x"?><a/>'],
  ['PI and comment inside and after the root', '<a><?pi body?><!-- c --></a><?pi?><!---->'],
  ['comment with single dashes', '<a><!-- a-b - c --></a>'],
  ['CDATA with brackets', '<a><![CDATA[]]]]><![CDATA[>]]]></a>'],
  ['> and ]] in text', '<a>a > b ]] c</a>'],
  ['> and ]]> in an attribute value', '<a b="x > ]]> y"/>'],
  ['references in attribute values', `<a b="&lt;&#x20;&#9;&apos;" c='&quot;'/>`],
  ['end tag with trailing white space', '<a></a \n>'],
  ['empty-element tag with white space', '<a \n/>'],
  ['names with digits, dots, dashes, colons, non-ASCII', '<a-1.b:c é·="1" _x:="2"><日本/></a-1.b:c>'],
  ['leading zeros in a character reference', '<a>&#0000065;&#x0041;</a>'],
  ['astral character reference', '<a>&#x10FFFF;</a>'],
];

const refused: [string, string][] = [
  ['declaration not at the start', '<!-- c --><?xml version="1.0"?><a/>'],
  ['declaration without version', '<?xml encoding="UTF-8"?><a/>'],
  ['declaration with names out of order', '<?xml version="1.0" standalone="yes" encoding="UTF-8"?><a/>'],
  ['declaration with version 2.0', '<?xml version="2.0"?><a/>'],
  ['declaration with a bad standalone', '<?xml version="1.0" standalone="maybe"?><a/>'],
  ['declaration without white space between pairs', '<?xml version="1.0"encoding="UTF-8"?><a/>'],
  ['PI named XML', '<a><?XML x?></a>'],
  ['PI without a target', '<a><? x?></a>'],
  ['unterminated PI', '<a><?pi </a>'],
  ['-- inside a comment', '<a><!-- a -- b --></a>'],
  ['comment ending with --->', '<a><!-- a ---></a>'],
  ['unterminated comment', '<a><!-- </a>'],
  ['CDATA before the root', '<![CDATA[x]]><a/>'],
  ['CDATA after the root', '<a/><![CDATA[x]]>'],
  ['unterminated CDATA', '<a><![CDATA[x</a>'],
  ['<!x inside the root', '<a><!ELEMENT a></a>'],
  ['DOCTYPE inside the root', '<a><!DOCTYPE a></a>'],
  ['DOCTYPE after the root', '<a/><!DOCTYPE a>'],
  ['entity reference outside the root', '<a/>&amp;'],
  ['upper-case X in a hex reference', '<a>&#X41;</a>'],
  ['empty reference', '<a>&;</a>'],
  ['reference without ;', '<a>&amp </a>'],
  ['reference to U+FFFE', '<a>&#xFFFE;</a>'],
  ['reference to a surrogate', '<a>&#xD800;</a>'],
  ['< in an attribute value', '<a b="<"/>'],
  ['bare & in an attribute value', '<a b="&"/>'],
  ['attribute without value', '<a b/>'],
  ['attribute without white space before it', '<a b="1"c="2"/>'],
  ['unterminated attribute value', '<a b="1/>'],
  ['tag name starting with a digit', '<1a/>'],
  ['tag name starting with a dash', '<a><-b/></a>'],
  ['white space before a tag name', '< a/>'],
  ['/ not followed by > in a tag', '<a/ >'],
  ['end tag of another case', '<a></A>'],
  ['end tag naming a longer name', '<a></ab>'],
  ['end tag naming a prefix only', '<x:a></x>'],
  ['empty end tag', '<a></>'],
  ['end tag after the root', '<a/></a>'],
  ['unclosed root', '<a><b/>'],
  ['NUL character', '<a>\u0000</a>'],
  ['vertical tab in an attribute', '<a b="\u000b"/>'],
  ['U+FFFF in a comment', '<a><!--\uffff--></a>'],
  ['form feed in a tag', '<a\u000c/>'],
  ['BOM inside the document body', '<a/>\ufeff'],
];

describe('parseXml well-formedness (saxes agrees on each case)', () => {
  it.each(accepted)('accepts: %s', (_label, text) => {
    expect(parseOutcome(text).ok).toBe(true);
    expect(compareWithSaxes(text)).toBeNull();
  });

  it.each(refused)('refuses as XML_MALFORMED: %s', (_label, text) => {
    expect(parseOutcome(text)).toMatchObject({ ok: false, code: 'XML_MALFORMED' });
    expect(compareWithSaxes(text)).toBeNull();
  });
});

describe('parseXml values', () => {
  it('normalises white space in attribute values but keeps it when written as a reference', () => {
    const root = parseOutcome('<a b="x\ty\nz\r\nw\rv" c="&#9;&#10;&#13;"/>');
    expect(root.ok && [root.root.attrs['b'], root.root.attrs['c']]).toEqual(['x y z w v', '\t\n\r']);
  });

  it('turns CR LF and lone CR into LF in text and CDATA, and keeps a CR written as a reference', () => {
    const root = parseOutcome('<a>1\r\n2\r3<![CDATA[\r\n4\r]]>&#13;</a>');
    expect(root.ok && root.root.text).toBe('1\n2\n3\n4\n\r');
  });
});

describe('parseXml error lines', () => {
  it('counts lines from the start of the text, leading white space included', () => {
    expect(parseOutcome('\n\n<a>\n</b>')).toMatchObject({ ok: false, line: 4 });
  });

  it('counts CR LF and a lone CR as one line end each', () => {
    expect(parseOutcome('<a>\r\n\r\r\n<b>\u0001</b></a>')).toMatchObject({ ok: false, line: 4 });
  });

  it('reports the earliest error when a forbidden character comes after a structural one, and the reverse', () => {
    expect(parseOutcome('<a>\n</b>\n\u0001')).toMatchObject({ ok: false, line: 2 });
    expect(parseOutcome('<a>\n\u0001\n</b>')).toMatchObject({ ok: false, line: 2 });
    expect(parseOutcome('<a>\n\n\u0001</b>')).toMatchObject({ ok: false, line: 3 });
  });

  it('says where a truncated document ends', () => {
    expect(parseOutcome('<a>\n<b>\n')).toMatchObject({ ok: false, code: 'XML_MALFORMED', line: 3 });
  });
});
