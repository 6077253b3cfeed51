/**
 * Installed-base import benchmark (issue 5): how fast `readInstalledBaseFile` reads and merges a
 * 1,000,000-row native CSV, and how much memory it takes. The file is generated in a temp dir
 * (≈ 600k serials: per six serials, three of one row, two of two contract rows, one of three; 20
 * sites, 24 SKUs, contracts, dates, parent serials of components; every 100,000th row bad in turn:
 * missing serial, bad date, missing site, short row; and a few serials with contradicting sites).
 * Candidates, each in its own child process (so peak RSS is its own), alternated BENCH_ROUNDS times
 * (default 2), best time kept:
 *  - readInstalledBaseFile (baseline): guard + csv-parse + row rules + merge, the whole reader;
 *  - csv-parse alone, same options, rows counted and dropped: the floor the reader is built on.
 * Prints ONE JSON line:
 *   {"bench":"ib-import","node","file":{"rows","bytes","serials"},
 *    "results":{"readInstalledBaseFile":{"seconds","rowsPerSec","records","rejected","rejectedSerials","peakRssMiB"},
 *               "csvParseAlone":{"seconds","rowsPerSec","peakRssMiB"}},
 *    "ratios":{"csvParseAlone":<its rows/s over ours>}}
 * Run: `npm run build && node dist/bench/ib-import.js` (env BENCH_ROWS, default 1000000; BENCH_ROUNDS).
 * To profile: `node dist/bench/ib-import.js --write /tmp/ib.csv`, then
 * `node --cpu-prof dist/bench/ib-import.js --measure ours /tmp/ib.csv` (or `--measure csv`).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readInstalledBaseFile } from '../src/installed-base/installed-base-csv.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const HEADER = 'serial_number,sku,description,site_id,site_name,contract_id,service_level,contract_start,contract_end,warranty_end,ship_date,parent_serial';
const SKUS = Array.from({ length: 24 }, (_, i) => [`MX${[204, 304, 480, 960, 10004, 10008][i % 6]}-${['BASE', 'PREMIUM', 'SCBE3', 'MPC7E', 'PEM', 'FAN'][Math.floor(i / 4)]}`, `Juniper part family ${i}`] as const);
const LEVELS = ['SVC-CORE', 'SVC-NBD', 'SVC-4H', 'SVC-SDCS'];
/** Rows per serial, repeating: 10 rows per 6 serials, so 1M rows ≈ 600k serials. */
const ROWS_PER_SERIAL = [1, 1, 1, 2, 2, 3];

function serialOf(n: number): string {
  return `JN${(0x1a2b3c0 + n * 7919).toString(16).toUpperCase().padStart(10, '0')}`;
}

function row(serialIndex: number, contractLine: number, rowIndex: number): string {
  const serial = serialOf(serialIndex);
  const [sku, description] = SKUS[serialIndex % SKUS.length]!;
  let site = `01000${12000 + (serialIndex % 20)}`;
  if (serialIndex % 100_000 === 5 && contractLine === 1) site = '0100099999'; // a contradicting site
  const parent = serialIndex % 4 === 0 ? '' : serialOf(serialIndex - (serialIndex % 4));
  const year = 2023 + contractLine;
  let startDate = `${year}-0${1 + (serialIndex % 9)}-01`;
  let serialCell = serial;
  let siteCell = site;
  const bad = rowIndex > 0 && rowIndex % 100_000 === 0 ? (rowIndex / 100_000) % 4 : -1;
  if (bad === 0) serialCell = '';
  if (bad === 1) startDate = `${year}-02-30`;
  if (bad === 2) siteCell = '';
  if (bad === 3) return `${serial},${sku},${description}\n`;
  return `${serialCell},${sku},${description},${siteCell},AMS-DC${serialIndex % 20},C${400000 + (serialIndex % 50_000)}-${contractLine},${LEVELS[(serialIndex + contractLine) % 4]},${startDate},${year + 1}-12-31,2021-06-30,2019-05-17,${parent}\n`;
}

async function generate(file: string): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${HEADER}\n`);
  let buffer = '';
  let rows = 0;
  let serial = 0;
  for (; rows < ROWS; serial++) {
    for (let line = 0; line < ROWS_PER_SERIAL[serial % 6]! && rows < ROWS; line++, rows++) {
      buffer += row(serial, line, rows);
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = '';
      }
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return serial;
}

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
    const serials = await generate(file);
    const runs: Record<'ours' | 'csv', Measured[]> = { ours: [], csv: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['ours', 'csv'] as const) : (['csv', 'ours'] as const);
      for (const candidate of order) runs[candidate].push(await runChild(candidate, file));
    }
    const ours = best(runs.ours);
    const csv = best(runs.csv);
    const rate = (m: Measured) => Math.round(ROWS / m.seconds);
    const round2 = (n: number) => Math.round(n * 100) / 100;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ib-import',
        node: process.version,
        file: { rows: ROWS, bytes: statSync(file).size, serials },
        results: {
          readInstalledBaseFile: { seconds: round2(ours.seconds), rowsPerSec: rate(ours), rowsRead: ours.rows, records: ours.records, rejected: ours.rejected, rejectedSerials: ours.rejectedSerials, peakRssMiB: ours.peakRssMiB },
          csvParseAlone: { seconds: round2(csv.seconds), rowsPerSec: rate(csv), peakRssMiB: csv.peakRssMiB },
        },
        ratios: { csvParseAlone: round2(rate(csv) / rate(ours)) },
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') await measureChild(process.argv[3]!, process.argv[4]!);
else if (process.argv[2] === '--write') await generate(process.argv[3]!);
else await main();
