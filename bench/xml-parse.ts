/**
 * Benchmark: which XML parser to build `parseXml` on. Two input sets, measured and reported
 * separately: every real Junos reply under ../shared/data/junos-public (`.xml` files, and `.txt`
 * files whose content is XML), and one synthetic 5 MiB chassis inventory (bench/synthetic-
 * inventory.ts, the large reply of issue 3). Each set is loaded into memory, then parsed
 * repeatedly with each candidate for a fixed time after a warm-up; throughput in MB/s (UTF-8
 * bytes). Candidates run side by side in one process, so the ratios (relative to our `parseXml`)
 * are what to read, not the absolute numbers. Candidates: xml2js, fast-xml-parser, saxes events
 * alone (no tree), `saxes-tree` (the saxes tree builder parseXml used to be: bench/saxes-tree.ts)
 * and `parseXml` (our own scanner, src/xml/scanner.ts).
 *
 * Prints ONE JSON line on stdout:
 *   {"bench":"xml-parse","files":N,"bytes":B,"results":{"<name>":{"mbPerSec":..}},"ratios":{..},
 *    "syntheticInventory":{"bytes":B,"results":{..},"ratios":{..}},...}
 * Run: `npm run build && node dist/bench/xml-parse.js` (env: BENCH_MS per candidate, default 2000;
 * JUNOS_PUBLIC_DIR to point at another fixture folder).
 *
 * No fast-xml-parser-based variant of parseXml is measured: fast-xml-parser alone is several times
 * slower than parseXml on these replies, and its parse() is not a well-formedness check (truncated
 * or mismatched documents come back as partial trees, undefined entities stay as literal text), so a
 * safe variant would need its validator on top — slower still.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { XMLParser } from 'fast-xml-parser';
import xml2js from 'xml2js';
import { parseXml } from '../src/xml/parse.js';
import { saxesTree } from './saxes-tree.js';
import { syntheticInventory } from './synthetic-inventory.js';

interface Candidate {
  name: string;
  parse: (text: string) => unknown;
}

interface Measurement {
  mbPerSec: number;
  docsPerSec: number;
  rounds: number;
}

/** The fixture folder: $JUNOS_PUBLIC_DIR, else ../shared/data/junos-public next to the repository. */
export function junosPublicDir(): string {
  if (process.env.JUNOS_PUBLIC_DIR) return resolve(process.env.JUNOS_PUBLIC_DIR);
  // compiled to dist/bench/xml-parse.js: the repository root is two levels up
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  return resolve(repoRoot, '..', 'shared', 'data', 'junos-public');
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every `.xml` file, and every `.txt` file that starts (after whitespace) with `<`. */
export function loadXmlFixtures(dir: string): { path: string; text: string }[] {
  const docs: { path: string; text: string }[] = [];
  for (const path of walk(dir)) {
    const isXml = path.endsWith('.xml');
    if (!isXml && !path.endsWith('.txt')) continue;
    const text = readFileSync(path, 'utf8');
    if (isXml || /^\uFEFF?\s*</.test(text)) docs.push({ path, text });
  }
  return docs;
}

function saxesEventsOnly(text: string): number {
  let events = 0;
  const parser = new SaxesParser();
  parser.on('opentag', () => void events++);
  parser.on('closetag', () => void events++);
  parser.on('text', () => void events++);
  parser.on('cdata', () => void events++);
  parser.write(text).close();
  return events;
}

function xml2jsSync(text: string): unknown {
  let result: unknown;
  let failure: unknown;
  // with async: false (the default) the callback runs before parseString returns
  xml2js.parseString(text, { async: false, strict: true }, (err, value) => {
    failure = err;
    result = value;
  });
  if (failure) throw failure;
  return result;
}

/** fast-xml-parser set up for what collectors need: attributes, prefixes kept, strings only. */
const fxp = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: false,
  // the tightest entity settings it offers while &lt; &amp; ... still decode
  processEntities: { enabled: true, maxEntityCount: 1, maxEntitySize: 1, maxExpansionDepth: 1, maxExpandedLength: 1 },
  maxNestedTags: 256,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export const candidates: Candidate[] = [
  { name: 'xml2js', parse: xml2jsSync },
  { name: 'fast-xml-parser', parse: (text) => fxp.parse(text) },
  { name: 'saxes-events', parse: saxesEventsOnly },
  { name: 'saxes-tree', parse: (text) => saxesTree(text) },
  { name: 'parseXml', parse: (text) => parseXml(text) },
];

function parseAll(candidate: Candidate, texts: string[]): void {
  for (const text of texts) candidate.parse(text);
}

interface Tally {
  rounds: number;
  nanos: bigint;
}

/** Parses the whole set repeatedly for about `ms` milliseconds; adds rounds and time to the tally. */
function run(candidate: Candidate, texts: string[], ms: number, tally: Tally): void {
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  do {
    parseAll(candidate, texts);
    tally.rounds++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  tally.nanos += elapsed;
}

interface SetResult {
  results: Record<string, Measurement>;
  ratios: Record<string, number>;
}

/** Every candidate over one input set, interleaved; ratios relative to parseXml. */
function measureSet(texts: string[], bytes: number, durationMs: number): SetResult {
  const slices = 4; // each candidate's time is split into slices, interleaved, so drift hits all alike
  // every candidate must accept every document before it is timed; then a warm-up for the JIT
  for (const c of candidates) parseAll(c, texts);
  for (const c of candidates) run(c, texts, Math.min(500, durationMs / 4), { rounds: 0, nanos: 0n });
  const tallies = new Map(candidates.map((c) => [c.name, { rounds: 0, nanos: 0n }]));
  for (let s = 0; s < slices; s++) for (const c of candidates) run(c, texts, durationMs / slices, tallies.get(c.name)!);

  const results: Record<string, Measurement> = {};
  for (const [name, { rounds, nanos }] of tallies) {
    const seconds = Number(nanos) / 1e9;
    results[name] = {
      mbPerSec: Math.round(((bytes * rounds) / 1e6 / seconds) * 10) / 10,
      docsPerSec: Math.round((texts.length * rounds) / seconds),
      rounds,
    };
  }
  const base = results['parseXml']!.mbPerSec;
  const ratios: Record<string, number> = {};
  for (const [name, r] of Object.entries(results)) ratios[name] = Math.round((r.mbPerSec / base) * 100) / 100;
  return { results, ratios };
}

function main(): void {
  const durationMs = Number(process.env.BENCH_MS ?? 2000);
  const docs = loadXmlFixtures(junosPublicDir());
  const texts = docs.map((d) => d.text);
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
  const real = measureSet(texts, bytes, durationMs);
  const inventory = syntheticInventory(5 * 1024 * 1024);
  const inventoryBytes = Buffer.byteLength(inventory, 'utf8');
  const synthetic = measureSet([inventory], inventoryBytes, durationMs);
  const line = {
    bench: 'xml-parse',
    files: docs.length,
    bytes,
    ...real,
    syntheticInventory: { bytes: inventoryBytes, ...synthetic },
    node: process.version,
    durationMs,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
