/**
 * Installed-base CSV benchmark (issue 5): how fast `readInstalledBaseFile` reads and merges a
 * 1,000,000-row native CSV, and how much memory it takes. The file is generated in a temp dir
 * (ib-csv-generator.ts: ≈ 600k serials, contract lines, a few bad rows and contradicting serials).
 * Candidates, each in its own child process (so peak RSS is its own), alternated BENCH_ROUNDS times
 * (default 2), best time kept:
 *  - readInstalledBaseFile (baseline): guard + our tokenizer + row rules + merge, the whole reader;
 *  - our tokenizer alone (guard, decode, tokenize; rows counted and dropped): the reader's floor;
 *  - csv-parse alone, the options the reader used before it had its own tokenizer, rows counted
 *    and dropped.
 * Prints ONE JSON line:
 *   {"bench":"ib-import","node","file":{"rows","bytes","serials"},
 *    "results":{"readInstalledBaseFile":{"seconds","rowsPerSec","records","rejected","rejectedSerials","peakRssMiB"},
 *               "tokenizerAlone":{...},"csvParseAlone":{"seconds","rowsPerSec","peakRssMiB"}},
 *    "ratios":{"tokenizerAlone":<its rows/s over ours>,"csvParseAlone":<its rows/s over ours>}}
 * Run: `npm run build && node dist/bench/ib-import.js` (env BENCH_ROWS, default 1000000; BENCH_ROUNDS;
 * BENCH_ORDER=site for a file grouped by site instead of sorted by serial).
 * To profile: `node dist/bench/ib-import.js --write /tmp/ib.csv`, then
 * `node --cpu-prof dist/bench/ib-import.js --measure ours /tmp/ib.csv` (or `tokenizer`, `csv`).
 * The whole import, CSV to store: ib-import-e2e.ts.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { CsvTokenizer } from '../src/installed-base/csv-tokenizer.js';
import { MAX_ROW_CHARS, readInstalledBaseFile, readTextChunks } from '../src/installed-base/installed-base-csv.js';
import { writeIbCsv } from './ib-csv-generator.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** `serial` (default) or `site`: the generated file's row order (ib-csv-generator.ts). */
const ORDER = process.env.BENCH_ORDER === 'site' ? 'site' : 'serial';

interface Measured {
  seconds: number;
  rows: number;
  records?: number;
  rejected?: number;
  rejectedSerials?: number;
  peakRssMiB: number;
}

/** In a child: one candidate over the file, reported as JSON on stdout. */
async function measureChild(candidate: string, file: string): Promise<void> {
  const start = performance.now();
  let result: Omit<Measured, 'seconds' | 'peakRssMiB'>;
  if (candidate === 'ours') {
    const contents = await readInstalledBaseFile(file);
    result = { rows: contents.rowsRead, records: contents.records.length, rejected: contents.rejected.length, rejectedSerials: contents.rejectedSerials.length };
  } else if (candidate === 'tokenizer') {
    let rows = -1;
    const tokenizer = new CsvTokenizer(() => rows++, { source: file, maxRecordChars: MAX_ROW_CHARS });
    await readTextChunks(file, Number.MAX_SAFE_INTEGER, (text) => tokenizer.push(text), () => tokenizer.end());
    result = { rows };
  } else {
    let rows = -1;
    const parser = parse({ bom: true, trim: true, relax_quotes: true, relax_column_count: true, max_record_size: 1 << 20 });
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), parser, new Writable({ objectMode: true, highWaterMark: 1024, write: (_r, _e, done) => {
      rows++;
      done();
    } }));
    result = { rows };
  }
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(JSON.stringify({ ...result, seconds, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

function runChild(candidate: string, file: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', candidate, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Measured) : reject(new Error(`${candidate}: exit ${code}`))));
  });
}

function best(runs: Measured[]): Measured {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-ib-'));
  try {
    const file = join(dir, 'installed-base.csv');
    const serials = await writeIbCsv(file, ROWS, ORDER);
    const runs: Record<'ours' | 'tokenizer' | 'csv', Measured[]> = { ours: [], tokenizer: [], csv: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['ours', 'tokenizer', 'csv'] as const) : (['csv', 'tokenizer', 'ours'] as const);
      for (const candidate of order) runs[candidate].push(await runChild(candidate, file));
    }
    const ours = best(runs.ours);
    const tokenizer = best(runs.tokenizer);
    const csv = best(runs.csv);
    const rate = (m: Measured) => Math.round(ROWS / m.seconds);
    const round2 = (n: number) => Math.round(n * 100) / 100;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ib-import',
        node: process.version,
        file: { rows: ROWS, bytes: statSync(file).size, serials, order: ORDER },
        results: {
          readInstalledBaseFile: { seconds: round2(ours.seconds), rowsPerSec: rate(ours), rowsRead: ours.rows, records: ours.records, rejected: ours.rejected, rejectedSerials: ours.rejectedSerials, peakRssMiB: ours.peakRssMiB },
          tokenizerAlone: { seconds: round2(tokenizer.seconds), rowsPerSec: rate(tokenizer), peakRssMiB: tokenizer.peakRssMiB },
          csvParseAlone: { seconds: round2(csv.seconds), rowsPerSec: rate(csv), peakRssMiB: csv.peakRssMiB },
        },
        ratios: { tokenizerAlone: round2(rate(tokenizer) / rate(ours)), csvParseAlone: round2(rate(csv) / rate(ours)) },
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') await measureChild(process.argv[3]!, process.argv[4]!);
else if (process.argv[2] === '--write') await writeIbCsv(process.argv[3]!, ROWS, ORDER);
else await main();
