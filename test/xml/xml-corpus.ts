/**
 * Inputs for the differential tests of parseXml against the saxes reference: a seeded generator
 * of well-formed documents that exercises every construct parseXml accepts (prefixed and
 * non-ASCII names, attributes with entities, tabs and line ends, character references, CDATA,
 * comments, PIs, CR LF, XML declarations, BOM), and the malformed inputs derived from documents:
 * truncations and byte flips. Everything is deterministic (fixed seeds).
 */

/** Mulberry32: a small seeded PRNG, so every run sees the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

const NAMES = ['rpc-reply', 'chassis', 'name', 'serial-number', 'a', 'b', 'x.y', '_z', 'module-2', 'été', '名前', 'n\u00b7m', 'q\u0301', 'α𐀀'];
const PREFIXES = ['', '', '', 'junos:', 'nc:', 'xnm:'];
const ATTRIBUTE_NAMES = ['junos:style', 'xmlns', 'xmlns:junos', 'id', 'format', 'seconds', '__proto__', 'constructor', 'é'];
const TEXT_PIECES = [
  'BUILTIN', 'REV 01', ' ', '\n    ', '\r\n  ', '\r', '\t', 'Chassis', '750-045372', 'é€😀', '&amp;', '&lt;', '&gt;', '&quot;',
  '&apos;', '&#233;', '&#xE9;', '&#x1F600;', '&#10;', '&#13;', '&#9;', ']', ']]', '>', "'", '"', 'a]b', '-', '--', '?', '%',
];
const ATTRIBUTE_PIECES = ['x', ' ', '\t', '\n', '\r\n', '\r', '&amp;', '&lt;', '&#10;', '&#x9;', '&#13;', '>', ']]>', 'é', '😀', '/'];

function attributeValue(random: Random, quote: string): string {
  let value = '';
  for (let k = between(random, 0, 4); k > 0; k--) value += pick(random, ATTRIBUTE_PIECES);
  return value + (quote === '"' ? "'" : '"').repeat(between(random, 0, 1));
}

function markupBetween(random: Random): string {
  if (chance(random, 0.1)) return `<!--${pick(random, ['', ' c ', '-x', 'a-b', '<x>', '&'])}-->`;
  if (chance(random, 0.05)) return `<?${pick(random, ['pi', 'xml-stylesheet', 'x:y'])}${pick(random, ['', ' ', ' body ', ' a?b '])}?>`;
  return '';
}

function element(random: Random, depth: number): string {
  const qname = pick(random, PREFIXES) + pick(random, NAMES);
  let tag = `<${qname}`;
  const used = new Set<string>();
  for (let k = between(random, 0, 3); k > 0; k--) {
    const name = pick(random, ATTRIBUTE_NAMES);
    if (used.has(name)) continue;
    used.add(name);
    const quote = chance(random, 0.5) ? '"' : "'";
    tag += `${pick(random, [' ', '\n', '\t', '  '])}${name}${pick(random, ['=', ' = ', '\n=\t'])}${quote}${attributeValue(random, quote)}${quote}`;
  }
  tag += pick(random, ['', '', ' ', '\n']);
  if (depth > 5 || chance(random, 0.2)) return `${tag}/>`;
  let body = '';
  for (let k = between(random, 0, 5); k > 0; k--) {
    const roll = random();
    if (roll < 0.35) {
      const piece = pick(random, TEXT_PIECES);
      // ']]>' may not appear in text: skip a piece that would complete one
      if (!(body.slice(-2) + piece).includes(']]>')) body += piece;
    }
    else if (roll < 0.7) body += element(random, depth + 1);
    else if (roll < 0.8) body += `<![CDATA[${pick(random, ['', 'x', '<b>&amp;', ']]', '] ]>', '\r\n', 'é'])}]]>`;
    else body += markupBetween(random);
  }
  return `${tag}>${body}</${qname}${pick(random, ['', '', ' ', '\n'])}>`;
}

/** One well-formed document (parseXml and saxes both accept it). */
export function generatedDocument(random: Random): string {
  const start = pick(random, ['', '', '\uFEFF', '\n', ' \r\n', '\uFEFF\n']);
  const declaration = pick(random, [
    '',
    '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    "<?xml version='1.0' encoding='us-ascii' standalone='yes' ?>",
    '<?xml version = "1.0"\nstandalone="no"?>',
  ]);
  const prolog = markupBetween(random) + pick(random, ['', '\n', ' ']) + markupBetween(random);
  const epilog = pick(random, ['', '\n', ' \n ']) + markupBetween(random) + pick(random, ['', '\n']);
  return start + declaration + prolog + element(random, 0) + epilog;
}

/** One generated element (with its content), as found inside a generated document. */
export function generatedElement(random: Random): string {
  return element(random, 0);
}

/** `count` generated documents from `seed`. */
export function generatedDocuments(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => generatedDocument(random));
}

/** The document cut at `count` offsets spread over its length (every prefix of a short one). */
export function truncations(text: string, count: number): string[] {
  const out: string[] = [];
  if (text.length <= count) {
    for (let n = 0; n < text.length; n++) out.push(text.slice(0, n));
    return out;
  }
  for (let k = 0; k < count; k++) out.push(text.slice(0, Math.floor((text.length * k) / count)));
  return out;
}

/**
 * The document's UTF-8 bytes with 1 to 3 random changes (a flipped bit, or a byte replaced by an
 * XML-significant one), decoded back as a device reply would be (invalid UTF-8 becomes U+FFFD).
 */
export function byteFlips(text: string, random: Random, count: number): string[] {
  const source = Buffer.from(text, 'utf8');
  const significant = [0x3c, 0x3e, 0x2f, 0x26, 0x3b, 0x22, 0x27, 0x3d, 0x5d, 0x21, 0x3f, 0x2d, 0x23, 0x78, 0x20, 0x0d, 0x00, 0x01, 0x0b];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const bytes = Buffer.from(source);
    for (let k = between(random, 1, 3); k > 0; k--) {
      const at = Math.floor(random() * bytes.length);
      bytes[at] = chance(random, 0.5) ? bytes[at]! ^ (1 << between(random, 0, 7)) : pick(random, significant);
    }
    out.push(bytes.toString('utf8'));
  }
  return out;
}
