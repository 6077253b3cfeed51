/**
 * Benchmark: the per-device path of a collection on small replies: parseXml of every reply and
 * parseReplies with its collector, i.e. what one device costs in parsing. Unlike bench/parse.ts
 * (the largest reply per collector, MB/s) this counts replies: what matters for 1,000 devices is
 * the fixed cost per small reply, including allocation (iterators, closures, small arrays).
 * Two reply sources, measured and reported separately:
 *  - `simulator`: for each built-in simulator profile (src/sim/profiles/<name>) and each
 *    collector, the replies the simulator sends a collection run (request bodies tried in order
 *    as the run does, a refused body falling back to the next; each reply framed as the simulator
 *    writes it, `<rpc-reply>` root included);
 *  - `real`: every real reply in ../shared/data/junos-public with each collector that parses it
 *    to records (as `ibsight parse FILE` does: request key unknown).
 * For each: replies/s (wall clock and per CPU second of this process) and bytes allocated per
 * reply, from `process.memoryUsage().heapUsed` around batches, measured in a child process started
 * with `--expose-gc` and a young generation large enough that no collection happens inside a
 * batch (so the difference is what was allocated). Both run the same warm-up first, so optimised
 * code is measured, not the interpreter.
 *
 * Variants of the parser or collectors are compared by alternating runs of this file built from
 * each variant, or in one process by a driver importing each build's loadSimulatorSets/runAll.
 *
 * Prints ONE JSON line on stdout:
 *   {"bench":"reply-parse","node":..,"simulator":{"sources":6,"replies":N,"bytes":B,"results":{
 *    "repliesPerSec":..,"mbPerSec":..,"repliesPerCpuSec":..,"allocatedBytesPerReply":..},
 *    "byCollector":{"<collector>":{"replies":n,"allocatedBytesPerReply":..}}},"real":{...}}
 * Run: `npm run build && node dist/bench/reply-parse.js` (env BENCH_MS per source, default 3000;
 * JUNOS_PUBLIC_DIR to point at another fixture folder).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectors } from '../collectors/index.js';
import type { Collector, CollectorReply } from '../collectors/collector.js';
import { parseReplies } from '../collectors/outcome.js';
import { extractIssues } from '../src/netconf/rpc-reply.js';
import { builtinProfileDir, listBuiltinProfiles } from '../src/sim/builtin-profile-dir.js';
import { loadProfile, type Profile } from '../src/sim/profile.js';
import { chooseReply } from '../src/sim/request-match.js';
import { REPLY_CLOSE, replyOpenTag, unknownRpcError } from '../src/sim/rpc-reply.js';
import { parseXml } from '../src/xml/parse.js';
import { junosPublicDir, loadXmlFixtures } from './xml-parse.js';

const BENCH_MS = Number(process.env.BENCH_MS ?? 3000);
const ALLOCATION_ROUNDS = 20;
const CONTEXT = { scrubKey: Buffer.from('bench-scrub-key-0123456789abcdef') };
const ALLOCATION_FLAG = '--allocation';

/** One collector's replies from one device (or one saved file): what parseReplies is handed. */
export interface ReplySet {
  source: string;
  collector: Collector;
  replies: { key: string | null; text: string }[];
}

/** The reply the simulator sends for one request body (a file, or the unknown-RPC error). */
function replyText(profile: Profile, body: string): string {
  const op = parseXml(body);
  const choice = chooseReply(op, (key) => profile.replies.has(key));
  const echoed = ' message-id="101"';
  if (choice.kind === 'file') {
    const file = profile.replies.get(choice.key)!;
    return `${replyOpenTag(profile.junosNs, file.namespaces, echoed)}${file.body}${REPLY_CLOSE}`;
  }
  if (choice.kind === 'unknown') return `${replyOpenTag(profile.junosNs, '', echoed)}${unknownRpcError(choice.badElement, choice.message)}${REPLY_CLOSE}`;
  throw new Error(`unexpected reply choice ${choice.kind}`);
}

/** Every profile × collector reply set, each request answered by its first body not refused. */
export function loadSimulatorSets(): ReplySet[] {
  const sets: ReplySet[] = [];
  for (const name of listBuiltinProfiles()) {
    const profile = loadProfile(builtinProfileDir(name));
    for (const collector of collectors) {
      const replies: { key: string | null; text: string }[] = [];
      for (const request of collector.requests) {
        let chosen: string | null = null;
        for (const body of request.bodies) {
          chosen = replyText(profile, body);
          const issues = extractIssues(parseXml(chosen));
          if (issues.hasData || issues.errors.length === 0) break;
        }
        if (chosen !== null) replies.push({ key: request.key, text: chosen });
      }
      if (replies.length > 0) sets.push({ source: name, collector, replies });
    }
  }
  return sets;
}

/** Every real reply with each collector that parses it to records (request key unknown). */
export function loadRealSets(): ReplySet[] {
  const sets: ReplySet[] = [];
  for (const fixture of loadXmlFixtures(junosPublicDir())) {
    for (const collector of collectors) {
      try {
        const outcome = parseReplies(collector, [{ key: null, root: parseXml(fixture.text) }], CONTEXT);
        if (outcome.status !== 'ok' || JSON.stringify(outcome.records) === '[]') continue;
      } catch {
        continue;
      }
      sets.push({ source: fixture.path, collector, replies: [{ key: null, text: fixture.text }] });
    }
  }
  return sets;
}

/** What the per-device path does with one reply set; the result is returned to keep it alive. */
function runSet(set: ReplySet): unknown {
  const parsed: CollectorReply[] = [];
  for (const r of set.replies) parsed.push({ key: r.key, root: parseXml(r.text) });
  try {
    return parseReplies(set.collector, parsed, CONTEXT);
  } catch (err) {
    return err; // a refused optional RPC (e.g. cluster status on a standalone box) is part of the path
  }
}

export function runAll(sets: readonly ReplySet[]): number {
  let n = 0;
  for (const set of sets) if (runSet(set) !== undefined) n++;
  return n;
}

function warmUp(sets: readonly ReplySet[]): void {
  const until = performance.now() + Math.max(500, BENCH_MS / 3);
  while (performance.now() < until) runAll(sets);
}

/**
 * Replies per wall-clock second, MB/s, and replies per CPU second of this process (user + system,
 * GC threads included): on a shared machine the CPU figure moves less with other jobs' load.
 */
function throughput(sets: readonly ReplySet[], replies: number, bytes: number): { repliesPerSec: number; mbPerSec: number; repliesPerCpuSec: number } {
  warmUp(sets);
  let rounds = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < BENCH_MS) {
    runAll(sets);
    rounds++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const seconds = elapsed / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    repliesPerSec: Math.round((replies * rounds) / seconds),
    mbPerSec: Math.round((bytes * rounds) / seconds / 1e5) / 10,
    repliesPerCpuSec: Math.round((replies * rounds) / cpuSeconds),
  };
}

/** Bytes allocated by `fn`, ALLOCATION_ROUNDS times, divided by the rounds (needs --expose-gc). */
function allocatedBy(fn: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const keep: unknown[] = new Array(ALLOCATION_ROUNDS);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < ALLOCATION_ROUNDS; i++) keep[i] = fn();
  const after = process.memoryUsage().heapUsed;
  keep.length = 0;
  return (after - before) / ALLOCATION_ROUNDS;
}

interface Allocation {
  allocatedBytesPerReply: number;
  byCollector: Record<string, { replies: number; allocatedBytesPerReply: number }>;
}

/** Allocation per reply of a list of sets, overall and per collector (after a warm-up). */
function allocation(sets: readonly ReplySet[]): Allocation {
  warmUp(sets);
  const byCollector: Allocation['byCollector'] = {};
  let total = 0;
  let replies = 0;
  for (const set of sets) {
    const bytes = allocatedBy(() => runSet(set));
    const entry = (byCollector[set.collector.name] ??= { replies: 0, allocatedBytesPerReply: 0 });
    entry.replies += set.replies.length;
    entry.allocatedBytesPerReply += bytes; // summed here, divided below
    total += bytes;
    replies += set.replies.length;
  }
  for (const entry of Object.values(byCollector)) entry.allocatedBytesPerReply = Math.round(entry.allocatedBytesPerReply / entry.replies);
  return { allocatedBytesPerReply: Math.round(total / replies), byCollector };
}

/** In the child: the allocation of both sources, as JSON on stdout. */
function allocationChild(): void {
  const result = { simulator: allocation(loadSimulatorSets()), real: allocation(loadRealSets()) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function report(sets: readonly ReplySet[], alloc: Allocation): Record<string, unknown> {
  const replies = sets.reduce((n, s) => n + s.replies.length, 0);
  const bytes = sets.reduce((n, s) => n + s.replies.reduce((b, r) => b + Buffer.byteLength(r.text), 0), 0);
  return {
    sources: new Set(sets.map((s) => s.source)).size,
    replies,
    bytes,
    results: { ...throughput(sets, replies, bytes), allocatedBytesPerReply: alloc.allocatedBytesPerReply },
    byCollector: alloc.byCollector,
  };
}

function main(): void {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128', fileURLToPath(import.meta.url), ALLOCATION_FLAG],
    { encoding: 'utf8', env: process.env, maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`allocation child failed (${child.status}): ${child.stderr}`);
  const alloc = JSON.parse(child.stdout) as { simulator: Allocation; real: Allocation };
  const simulator = report(loadSimulatorSets(), alloc.simulator);
  const real = report(loadRealSets(), alloc.real);
  process.stdout.write(`${JSON.stringify({ bench: 'reply-parse', node: process.version, simulator, real })}\n`);
}

// run only as a program (a driver comparing builds may import loadSimulatorSets/runAll)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes(ALLOCATION_FLAG)) allocationChild();
  else main();
}
