/**
 * The whole installed-base import, end to end (issue 5: "a 1M-row file in seconds"): the real
 * `runIbImportJob` path — read the CSV (guard, tokenizer, row rules, merge), then store the
 * records — on a generated 1,000,000-row file (ib-csv-generator.ts, 140 MB, ≈ 600k serials, 1M
 * contract lines) into a fresh SQLite store on disk, then the same file imported again over it
 * (every record replaced in place). Each step runs in its own child process (peak RSS is its own),
 * BENCH_ROUNDS times (default 2), alternating the order; the best of each is kept:
 *  - first / again: open the store, import (`--replace sites`; first into an empty store, again
 *    over what the first stored), close. Read and store seconds come from the job; `totalSeconds`
 *    = read + store + close (what a user of `ibsight ib import` waits for, less the process start);
 *  - tokenizer: our CSV tokenizer alone over the file (guard, decode, tokenize, rows dropped);
 *  - csv-parse: csv-parse alone over the file with the options the reader used before.
 * `csvSeconds` is the tokenizer alone; `mergeSeconds` is the read time less that.
 * Prints ONE JSON line:
 *   {"bench":"ib-import-e2e","node","cpus","loadavg":[before,after],"file":{"rows","bytes","serials"},
 *    "results":{"firstImport":{"csvSeconds","mergeSeconds","storeSeconds","closeSeconds","totalSeconds"},
 *               "reimport":{...same},"csvParseAloneSeconds","records","rejected","peakRssMiB":{"first","reimport"},"dbMiB"},
 *    "ratios":{"firstImportOverCsvParseAlone","reimportOverCsvParseAlone"}}
 * Run: `npm run build && node dist/bench/ib-import-e2e.js` (env BENCH_ROWS, BENCH_ROUNDS, BENCH_ORDER=site
 * for a file grouped by site instead of sorted by serial).
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { CsvTokenizer } from '../src/installed-base/csv-tokenizer.js';
import { MAX_ROW_CHARS, readTextChunks } from '../src/installed-base/installed-base-csv.js';
import { runIbImportJob } from '../src/jobs/ib-import-job.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';
import { writeIbCsv } from './ib-csv-generator.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** `serial` (default) or `site`: the generated file's row order (ib-csv-generator.ts). */
const ORDER = process.env.BENCH_ORDER === 'site' ? 'site' : 'serial';

interface ImportSteps {
  readSeconds: number;
  storeSeconds: number;
  closeSeconds: number;
  totalSeconds: number;
}

interface ImportMeasure {
  steps: ImportSteps;
  records: number;
  rejected: number;
  peakRssMiB: number;
  dbMiB: number;
}

async function importOnce(file: string, db: string): Promise<Omit<ImportMeasure, 'peakRssMiB'>> {
  const store = await openStore({ sqlite: db, logger: silentLogger() });
  const result = await runIbImportJob({ store, file, replace: 'sites' });
  const closing = performance.now();
  await store.close();
  const closeSeconds = (performance.now() - closing) / 1000;
  const { read, store: stored } = result.seconds;
  return {
    steps: { readSeconds: read, storeSeconds: stored, closeSeconds, totalSeconds: read + stored + closeSeconds },
    records: result.summary.records,
    rejected: result.rejected.length,
    dbMiB: Math.round(statSync(db).size / (1024 * 1024)),
  };
}

/** In a child: one candidate over the file, reported as JSON on stdout. */
async function measureChild(candidate: string, file: string, dir: string): Promise<void> {
  let out: unknown;
  if (candidate === 'first' || candidate === 'again') {
    out = await importOnce(file, join(dir, 'store.db'));
  } else {
    const start = performance.now();
    let rows = -1;
    if (candidate === 'tokenizer') {
      const tokenizer = new CsvTokenizer(() => rows++, { source: file, maxRecordChars: MAX_ROW_CHARS });
      await readTextChunks(file, Number.MAX_SAFE_INTEGER, (text) => tokenizer.push(text), () => tokenizer.end());
    } else {
      const parser = parse({ bom: true, trim: true, relax_quotes: true, relax_column_count: true, max_record_size: MAX_ROW_CHARS });
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), parser, new Writable({ objectMode: true, highWaterMark: 1024, write: (_r, _e, done) => {
        rows++;
        done();
      } }));
    }
    if (rows !== ROWS) throw new Error(`${candidate}: ${rows} rows, expected ${ROWS}`);
    out = { seconds: (performance.now() - start) / 1000 };
  }
  process.stdout.write(JSON.stringify({ ...(out as object), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

function runChild<T>(candidate: string, file: string, dir: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', candidate, file, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${candidate}: exit ${code}`))));
  });
}

function loadavg(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function steps(s: ImportSteps, csvSeconds: number): Record<string, number> {
  return {
    csvSeconds: round2(csvSeconds), mergeSeconds: round2(s.readSeconds - csvSeconds), storeSeconds: round2(s.storeSeconds),
    closeSeconds: round2(s.closeSeconds), totalSeconds: round2(s.totalSeconds),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-ib-e2e-'));
  try {
    const file = join(dir, 'installed-base.csv');
    const serials = await writeIbCsv(file, ROWS, ORDER);
    const loadBefore = loadavg();
    const firsts: ImportMeasure[] = [];
    const agains: ImportMeasure[] = [];
    const tokenizer: number[] = [];
    const csvParse: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ['import', 'tokenizer', 'csv-parse'] : ['csv-parse', 'tokenizer', 'import'];
      for (const candidate of order) {
        if (candidate === 'import') {
          firsts.push(await runChild('first', file, dir));
          agains.push(await runChild('again', file, dir));
          for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `store.db${suffix}`), { force: true });
        } else {
          (candidate === 'tokenizer' ? tokenizer : csvParse).push((await runChild<{ seconds: number }>(candidate, file, dir)).seconds);
        }
      }
    }
    const best = (runs: ImportMeasure[]) => runs.reduce((a, b) => (b.steps.totalSeconds < a.steps.totalSeconds ? b : a));
    const first = best(firsts).steps;
    const again = best(agains).steps;
    const csvSeconds = Math.min(...tokenizer);
    const csvParseAloneSeconds = Math.min(...csvParse);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ib-import-e2e',
        node: process.version,
        cpus: cpus().length,
        loadavg: [loadBefore, loadavg()],
        file: { rows: ROWS, bytes: statSync(file).size, serials, order: ORDER },
        results: {
          firstImport: steps(first, csvSeconds),
          reimport: steps(again, csvSeconds),
          csvParseAloneSeconds: round2(csvParseAloneSeconds),
          records: firsts[0]!.records,
          rejected: firsts[0]!.rejected,
          peakRssMiB: { first: Math.max(...firsts.map((m) => m.peakRssMiB)), reimport: Math.max(...agains.map((m) => m.peakRssMiB)) },
          dbMiB: firsts[0]!.dbMiB,
        },
        ratios: { firstImportOverCsvParseAlone: round2(first.totalSeconds / csvParseAloneSeconds), reimportOverCsvParseAlone: round2(again.totalSeconds / csvParseAloneSeconds) },
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') await measureChild(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
