/**
 * parseXml over every real Junos reply under ../shared/data/junos-public (cross-checked against an
 * independent parser), and over the constructs a hostile or broken device may send: DOCTYPE
 * (internal subset, external SYSTEM, billion laughs), undefined entities, deep nesting, huge input,
 * truncated documents.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { JUNOS_PUBLIC } from '../support/junos-public.js';
import { parseXml, type ParseXmlOptions, type XmlElement } from '../../src/xml/parse.js';
import { isIbsightError, type ErrorCode } from '../../src/errors/ibsight-error.js';


/** Fixtures known not to be well-formed XML (relative paths). None so far: every one parses. */
const NOT_WELL_FORMED = new Set<string>([]);

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every `.xml` fixture, and every `.txt` fixture whose content is XML. */
function xmlFixtures(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const path of walk(JUNOS_PUBLIC)) {
    const isXml = path.endsWith('.xml');
    if (!isXml && !path.endsWith('.txt')) continue;
    const text = readFileSync(path, 'utf8');
    if (isXml || /^\uFEFF?\s*</.test(text)) found.push({ file: relative(JUNOS_PUBLIC, path), text });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

function parseError(text: string, options?: ParseXmlOptions): { code: ErrorCode; context: Record<string, unknown> } {
  try {
    parseXml(text, options);
  } catch (err) {
    if (isIbsightError(err)) return { code: err.code, context: err.context };
    throw err;
  }
  throw new Error('expected parseXml to fail');
}

/** fast-xml-parser's order-preserving output, turned into our tree shape, for the cross-check. */
const independent = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});
type FxpNode = Record<string, unknown>;
function fromFxp(node: FxpNode): XmlElement {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const children: XmlElement[] = [];
  const element: XmlElement = {
    name: qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname,
    qname,
    attrs: { ...((node[':@'] as Record<string, string> | undefined) ?? {}) },
    children,
    text: '',
  };
  for (const item of node[qname] as FxpNode[]) {
    if ('#text' in item) element.text += String(item['#text']);
    else children.push(fromFxp(item));
  }
  return element;
}
function plain(e: XmlElement): unknown {
  return { name: e.name, qname: e.qname, attrs: { ...e.attrs }, text: e.text, children: e.children.map(plain) };
}

describe('parseXml over the real Junos fixtures', () => {
  const fixtures = xmlFixtures();

  it('finds the fixture set', () => {
    expect(fixtures.length).toBeGreaterThan(100);
    for (const name of NOT_WELL_FORMED) expect(fixtures.map((f) => f.file)).toContain(name);
  });

  it.each(fixtures.map((f) => [f.file, f.text]))('%s parses (or fails as XML_MALFORMED if listed)', (file, text) => {
    if (NOT_WELL_FORMED.has(file)) {
      expect(parseError(text).code).toBe('XML_MALFORMED');
      return;
    }
    const root = parseXml(text);
    expect(root.name.length).toBeGreaterThan(0);
    // the same tree as an independent parser builds
    const roots = (independent.parse(text) as FxpNode[]).filter((n) => !('#text' in n));
    expect(roots).toHaveLength(1);
    expect(plain(root)).toEqual(plain(fromFxp(roots[0]!)));
  });

  it('reads a real chassis inventory: junos:style attribute, default namespace, nested modules', () => {
    const text = fixtures.find((f) => f.file === join('pyez', 'facts', 'chassis_serialnumber_get-chassis-inventory.xml'))!.text;
    const root = parseXml(text);
    expect(root.name).toBe('rpc-reply');
    expect(root.attrs['xmlns:junos']).toBe('http://xml.juniper.net/junos/15.1F5/junos');
    const inventory = root.children[0]!;
    expect(inventory.name).toBe('chassis-inventory');
    expect(inventory.attrs['xmlns']).toBe('http://xml.juniper.net/junos/15.1F5/junos-chassis');
    const chassis = inventory.children[0]!;
    expect(chassis.attrs['junos:style']).toBe('inventory');
    expect(chassis.children.filter((c) => c.name === 'serial-number').map((c) => c.text)).toEqual(['JN1249018AFB']);
  });

  it('a real reply cut short anywhere is XML_MALFORMED, never a partial tree', () => {
    const text = fixtures.find((f) => f.file.endsWith('chassis_serialnumber_get-chassis-inventory.xml'))!.text.trimEnd();
    for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
      expect(parseError(text.slice(0, Math.floor(text.length * fraction))).code).toBe('XML_MALFORMED');
    }
    expect(parseError(text.slice(0, -1)).code).toBe('XML_MALFORMED');
  });
});

describe('parseXml names, attributes and text', () => {
  it('keeps prefixed names as written and matches by local name', () => {
    const root = parseXml(
      '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos">' +
        '<configuration><junos:comment>/* spare */</junos:comment><system/></configuration></nc:rpc-reply>',
    );
    expect(root).toMatchObject({ name: 'rpc-reply', qname: 'nc:rpc-reply' });
    const [comment, system] = root.children[0]!.children;
    expect(comment).toMatchObject({ name: 'comment', qname: 'junos:comment', text: '/* spare */' });
    expect(system).toMatchObject({ name: 'system', qname: 'system', text: '', children: [] });
  });

  it('reads attributes (junos:style, entities, both quote styles) into a prototype-less object', () => {
    const root = parseXml(`<interface-information junos:style="terse" a='x &amp; &quot;y&quot;' __proto__="p"/>`);
    expect(root.attrs['junos:style']).toBe('terse');
    expect(root.attrs['a']).toBe('x & "y"');
    expect(root.attrs['__proto__']).toBe('p');
    expect(Object.getPrototypeOf(root.attrs)).toBeNull();
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });

  it('gives elements without attributes or children one shared empty map and array', () => {
    const root = parseXml('<r><a x="1"/><b/><c>text</c><d y="2"><e/></d></r>');
    const [a, b, c, d] = root.children;
    const e = d!.children[0]!;
    expect(a!.attrs).toEqual({ x: '1' });
    expect(d!.attrs).not.toBe(a!.attrs);
    for (const empty of [root, b!, c!, e]) {
      expect(empty.attrs).toBe(b!.attrs);
      expect(Object.keys(empty.attrs)).toEqual([]);
      expect(Object.getPrototypeOf(empty.attrs)).toBeNull();
    }
    for (const leaf of [a!, b!, c!, e]) expect(leaf.children).toBe(b!.children);
    expect(b!.children).toEqual([]);
    expect(parseXml('<s/>').attrs).toBe(b!.attrs);
    expect(parseXml('<s><t/></s>').children[0]!.children).toBe(b!.children);
  });

  // The shared map and array are protected by their types, not by Object.freeze (scanner.ts says
  // why): the compiler must refuse every write through XmlElement. Checked with the project's tsc.
  it('refuses at compile time any write to attrs or children', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibsight-xml-readonly-'));
    try {
      const parseModule = fileURLToPath(new URL('../../src/xml/parse.js', import.meta.url));
      const lines = [
        `import type { XmlElement } from ${JSON.stringify(parseModule)};`,
        'export function reads(e: XmlElement): string | undefined { return e.children[0]?.attrs["x"]; }',
        'export function pushes(e: XmlElement): void { e.children.push(e); }',
        'export function sets(e: XmlElement): void { e.attrs["x"] = "1"; }',
        'export function replaces(e: XmlElement): void { e.children = []; }',
        'export function deletes(e: XmlElement): void { delete e.attrs["x"]; }',
      ];
      writeFileSync(join(dir, 'writes.ts'), `${lines.join('\n')}\n`);
      const nodeTypes = fileURLToPath(new URL('../../node_modules/@types', import.meta.url));
      const compilerOptions = { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: true, typeRoots: [nodeTypes], types: ['node'] };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['writes.ts'] }));
      const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
      const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
      const errorLines = [...result.stdout.matchAll(/writes\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1]));
      // every write is refused, the read is accepted, and nothing else (e.g. in parse.ts) fails
      expect(errorLines).toEqual([3, 4, 5, 6]);
      expect(result.stdout.split('\n').filter((l) => l.includes('error TS') && !l.includes('writes.ts('))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps CDATA as text, concatenated with the text around it', () => {
    const root = parseXml('<output>before <![CDATA[<b>&amp; ]]]]><![CDATA[>]]> after</output>');
    expect(root.text).toBe('before <b>&amp; ]]> after');
  });

  it('expands character references and the five predefined entities', () => {
    const root = parseXml('<d>&#233;&#xE9;&#x1F600; &lt;&gt;&amp;&quot;&apos;</d>');
    expect(root.text).toBe('éé😀 <>&"\'');
  });

  it('keeps direct text untrimmed and concatenated around children; CRLF becomes LF', () => {
    const root = parseXml('<a>\r\n  x<b>inner</b>y\r\n</a>');
    expect(root.text).toBe('\n  xy\n');
    expect(root.children[0]!.text).toBe('inner');
  });

  it('accepts an XML declaration, comments and whitespace before the root, and after it', () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- reply --><!-- second -->\n<rpc-reply><ok/></rpc-reply>\n<!-- end -->\n';
    expect(parseXml(text).children[0]!.name).toBe('ok');
  });

  it('accepts a byte-order mark and the newline NETCONF framing leaves before the declaration', () => {
    expect(parseXml('\uFEFF<?xml version="1.0"?><a/>').name).toBe('a');
    expect(parseXml('\n<?xml version="1.0" encoding="UTF-8"?>\n<rpc-reply/>\n').name).toBe('rpc-reply');
  });
});

describe('parseXml refuses DTDs and undefined entities', () => {
  it('refuses a DOCTYPE with an internal subset', () => {
    expect(parseError('<!DOCTYPE a [<!ENTITY x "expanded">]><a>&x;</a>').code).toBe('XML_DTD_REFUSED');
  });

  it('refuses an external SYSTEM DOCTYPE and external entities (XXE)', () => {
    expect(parseError('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>').code).toBe('XML_DTD_REFUSED');
    expect(parseError('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>').code).toBe(
      'XML_DTD_REFUSED',
    );
    expect(parseError('<!DOCTYPE a PUBLIC "-//x//y" "http://127.0.0.1:1/x.dtd"><a/>').code).toBe('XML_DTD_REFUSED');
  });

  it('refuses a billion-laughs document before any entity expands', () => {
    const lines = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lines.push(` <!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    lines.push(']>', '<lolz>&lol9;</lolz>');
    const error = parseError(lines.join('\n'));
    expect(error.code).toBe('XML_DTD_REFUSED');
    expect(error.context['line']).toBe(13);
  });

  it('refuses a bare DOCTYPE too', () => {
    expect(parseError('<!DOCTYPE rpc-reply><rpc-reply/>').code).toBe('XML_DTD_REFUSED');
  });

  it('an undefined entity is XML_MALFORMED', () => {
    expect(parseError('<a>&nbsp;</a>').code).toBe('XML_MALFORMED');
    expect(parseError('<a>&lol9;</a>').code).toBe('XML_MALFORMED');
    expect(parseError('<a b="&undefined;"/>').code).toBe('XML_MALFORMED');
  });

  it('a character reference to a character XML forbids is XML_MALFORMED', () => {
    expect(parseError('<a>&#0;</a>').code).toBe('XML_MALFORMED');
    expect(parseError('<a>&#x110000;</a>').code).toBe('XML_MALFORMED');
  });
});

describe('parseXml bounds', () => {
  const nested = (depth: number): string => '<e>'.repeat(depth) + '</e>'.repeat(depth);

  it('accepts nesting up to maxDepth and refuses one level more', () => {
    expect(parseXml(nested(5), { maxDepth: 5 }).name).toBe('e');
    expect(parseError(nested(6), { maxDepth: 5 })).toMatchObject({ code: 'XML_MALFORMED', context: { limit: 'maxDepth' } });
  });

  it('refuses very deep nesting by default (256) without exhausting the stack', () => {
    expect(() => parseXml(nested(256))).not.toThrow();
    expect(parseError(nested(257)).code).toBe('XML_MALFORMED');
    expect(parseError(nested(200_000)).code).toBe('XML_MALFORMED');
  });

  it('accepts a document of exactly maxChars and refuses a longer one', () => {
    const text = '<a>0123456789</a>';
    expect(parseXml(text, { maxChars: text.length }).text).toBe('0123456789');
    expect(parseError(text, { maxChars: text.length - 1 })).toMatchObject({ code: 'XML_MALFORMED', context: { limit: 'maxChars' } });
  });
});

describe('parseXml malformed input', () => {
  it.each([
    ['truncated inside an element', '<rpc-reply><chassis-inventory><chassis>'],
    ['truncated inside a tag', '<rpc-reply><chassis name="x'],
    ['truncated inside text', '<rpc-reply><name>Chass'],
    ['mismatched closing tag', '<a><b></a></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>junk'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['unquoted attribute', '<a x=1/>'],
    [']]> in text', '<a>]]></a>'],
    ['bare ampersand', '<a>AT&T</a>'],
    ['empty input', ''],
    ['whitespace only', ' \n '],
    ['comment only', '<!-- nothing -->'],
    ['not XML at all', 'Hostname: mx1\nModel: mx960\n'],
    ['a control character', '<a>\u0001</a>'],
  ])('%s is XML_MALFORMED', (_label, text) => {
    expect(parseError(text).code).toBe('XML_MALFORMED');
  });

  it('says on which line the error is', () => {
    const error = parseError('<a>\n<b>\n</c>\n</a>');
    expect(error).toMatchObject({ code: 'XML_MALFORMED', context: { line: 3 } });
  });
});
