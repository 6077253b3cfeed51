/**
 * The generated installed-base CSV of the ib-import benchmarks (issue 5): N rows (default
 * 1,000,000) of native columns, ≈ 600 serials per 1,000 rows (per six serials: three of one row,
 * two of two contract rows, one of three), 20 sites, 24 SKUs, contracts, dates, parent serials of
 * components; every 100,000th row bad in turn (missing serial, bad date, missing site, short
 * row) and a few serials with contradicting sites. Deterministic: the same N and order give the
 * same file (1M rows: 140,449,929 bytes).
 */
import { createWriteStream } from 'node:fs';

export const IB_HEADER =
  'serial_number,sku,description,site_id,site_name,contract_id,service_level,contract_start,contract_end,warranty_end,ship_date,parent_serial';
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

/** The serials (by index) of a file of `rows` rows, in file order: by serial, or grouped by site (20 sites). */
function serialOrder(rows: number, order: 'serial' | 'site'): number[] {
  const serials: number[] = [];
  for (let counted = 0, serial = 0; counted < rows; serial++) {
    serials.push(serial);
    counted += ROWS_PER_SERIAL[serial % 6]!;
  }
  if (order === 'serial') return serials;
  // the same serials grouped by their site (serial % 20), by serial within a site: serial ranges overlap from site to site
  return [...serials].sort((a, b) => a % 20 - b % 20 || a - b);
}

/**
 * Writes the file; returns the number of serials it names. `order`: `serial` (default: serials
 * ascending, the file of the 2026-12-04 baseline) or `site` (rows grouped by site, as an export
 * sorted by site is; the same serials and rows, the bad rows falling on other serials).
 */
export async function writeIbCsv(file: string, rows: number, order: 'serial' | 'site' = 'serial'): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${IB_HEADER}\n`);
  let buffer = '';
  let written = 0;
  const serials = serialOrder(rows, order);
  for (const serial of serials) {
    for (let line = 0; line < ROWS_PER_SERIAL[serial % 6]! && written < rows; line++, written++) {
      buffer += row(serial, line, written);
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = '';
      }
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return serials.length;
}
