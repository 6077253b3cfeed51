/**
 * Benchmark: collector parse throughput (issue 3). For every collector, the largest real reply in
 * ../shared/data/junos-public that it parses to records, plus a synthetic 5 MB chassis inventory.
 * Side by side in one run: `parseXml` alone (the floor: XML parsing) and `parseXml` + the
 * collector's parse, so `collectorShare` tells how much the collector itself adds.
 *
 * Prints ONE JSON line:
 *   {"bench":"parse","results":{"<collector>":{"file","bytes","mbPerSec","xmlOnlyMbPerSec","collectorShare"}},
 *    "syntheticInventory":{...},"target":{"chassisInventoryMbPerSec":50,"met":true}}
 * Run: `npm run build && node dist/bench/parse.js` (env BENCH_MS per measurement, default 1000).
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { collectors } from '../collectors/index.js';
import type { Collector } from '../collectors/collector.js';
import { parseReplies } from '../collectors/outcome.js';
import { parseXml } from '../src/xml/parse.js';
import { syntheticInventory } from './synthetic-inventory.js';
import { junosPublicDir, loadXmlFixtures } from './xml-parse.js';

const BENCH_MS = Number(process.env.BENCH_MS ?? 1000);
const CONTEXT = { scrubKey: Buffer.from('bench-scrub-key-0123456789abcdef') };
const TARGET_MB_PER_SEC = 50;

function parsesToRecords(collector: Collector, text: string): boolean {
  try {
    const outcome = parseReplies(collector, [{ key: null, root: parseXml(text) }], CONTEXT);
    return outcome.status === 'ok' && JSON.stringify(outcome.records) !== '[]';
  } catch {
    return false;
  }
}

/** MB/s of `fn(text)` over repeated runs for about BENCH_MS after a short warm-up. */
function throughput(text: string, fn: (t: string) => unknown): number {
  const bytes = Buffer.byteLength(text);
  const warmUntil = performance.now() + BENCH_MS / 5;
  while (performance.now() < warmUntil) fn(text);
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < BENCH_MS) {
    fn(text);
    rounds++;
    elapsed = performance.now() - start;
  }
  return (bytes * rounds) / (elapsed / 1000) / 1e6;
}

function measure(collector: Collector, text: string): { mbPerSec: number; xmlOnlyMbPerSec: number; collectorShare: number } {
  const xmlOnly = throughput(text, (t) => parseXml(t));
  const full = throughput(text, (t) => parseReplies(collector, [{ key: null, root: parseXml(t) }], CONTEXT));
  const round = (n: number): number => Math.round(n * 10) / 10;
  // share of the time spent in the collector itself: 1 - t(xml) / t(xml + collector)
  return { mbPerSec: round(full), xmlOnlyMbPerSec: round(xmlOnly), collectorShare: Math.round((1 - full / xmlOnly) * 100) / 100 };
}

function main(): void {
  const dir = junosPublicDir();
  const fixtures = loadXmlFixtures(dir).sort((a, b) => statSync(b.path).size - statSync(a.path).size);
  const results: Record<string, unknown> = {};
  for (const collector of collectors) {
    const largest = fixtures.find((f) => parsesToRecords(collector, f.text));
    if (!largest) {
      results[collector.name] = { file: null, note: 'no real reply parses to records' };
      continue;
    }
    results[collector.name] = { file: relative(dir, largest.path), bytes: Buffer.byteLength(largest.text), ...measure(collector, largest.text) };
  }
  const inventory = collectors.find((c) => c.name === 'chassis-inventory')!;
  const synthetic = syntheticInventory(5 * 1024 * 1024);
  const syntheticResult = { bytes: Buffer.byteLength(synthetic), ...measure(inventory, synthetic) };
  process.stdout.write(
    `${JSON.stringify({
      bench: 'parse',
      node: process.version,
      results,
      syntheticInventory: syntheticResult,
      target: { chassisInventoryMbPerSec: TARGET_MB_PER_SEC, met: syntheticResult.mbPerSec >= TARGET_MB_PER_SEC },
    })}\n`,
  );
}

main();
