/**
 * The installed base in the store (SPEC §4): one import in ONE transaction, and the stored records
 * and imports read back. The store holds the current installed base only (an import replaces rows;
 * the imports themselves are the history). Rules of an import:
 *  - Replace scope: with `sites`, the stored records of the sites in the file (`contents.sites`,
 *    plus the site of every record should a reader ever miss one); with `all`, every stored record.
 *    A stored record in scope that the file no longer lists is removed — except the serials in
 *    `contents.rejectedSerials` (every row of theirs was refused): their stored record stays as is.
 *  - Every record of the file is written, replacing its stored record wherever it was: a serial
 *    stored under a site this import does not replace is MOVED to the file's site (the file is the
 *    newer truth for that serial). A moved serial is not counted as removed.
 *  - `recordsRemoved` = stored records deleted and not re-imported.
 *  - The file must not list a serial twice (the reader merges a serial's rows into one record):
 *    INPUT_INVALID naming the serial, and nothing is stored.
 * How, for a million records (bench/ib-store.ts): records are written in serial order (appends to
 * the serial-keyed B-trees instead of random inserts) as large multi-row INSERTs compiled once
 * from flat value arrays (multi-row-insert.ts); when the store held records, a file record replaces its
 * stored one in place (INSERT ... ON CONFLICT DO UPDATE, after deleting the contracts of the
 * slice's serials: they are written again); every written record carries this import's id, so ONE
 * DELETE of the scope's records with another import id removes exactly the records the file no
 * longer lists, and SQLite counts them. Contracts follow their record (ON DELETE CASCADE).
 * Reads run in one read transaction (a consistent snapshot of records and contracts): pages of
 * records in serial order with the contracts of the same serial range, each page one JSON text
 * from SQLite, joined in JS by walking both lists.
 */
import { sql, type Selectable } from 'kysely';
import { IbsightError } from '../errors/ibsight-error.js';
import type { IbContract, IbFileContents, IbImportSummary, IbRecord, IbReplaceMode } from '../installed-base/installed-base-types.js';
import type { IbImportsTable } from './database-schema.js';
import { MultiRowInsert } from './multi-row-insert.js';
import { RowsTemplate } from './query-templates.js';
import { inReadSnapshot } from './read-snapshot.js';
import { isoTime, type Db } from './store-transaction.js';

/** Records written per round (bounds the rows built in memory at once). */
const SLICE = 10_000;
/** Records read per query. */
const READ_PAGE = 20_000;

const DELETE_CONTRACTS = new RowsTemplate<{ serial_number: string }>(
  ['serial_number'],
  (db, rows) => db.deleteFrom('ib_contracts').where('serial_number', 'in', rows.map((r) => r.serial_number)),
  500,
);

const RECORD_COLUMNS = ['serial_number', 'sku', 'description', 'site_id', 'site_name', 'ship_date', 'warranty_end', 'parent_serial', 'import_id', 'lines'] as const;
const INSERT_RECORDS = new MultiRowInsert('ib_records', RECORD_COLUMNS, 200);
/** A stored serial's row is updated in place (its contracts are deleted first and written again). */
const UPSERT_RECORDS = new MultiRowInsert('ib_records', RECORD_COLUMNS, 200, ['serial_number']);

const INSERT_CONTRACTS = new MultiRowInsert('ib_contracts', ['serial_number', 'position', 'contract_id', 'service_level', 'start_date', 'end_date'], 300);

/** The records in serial order (sorted only when the file was not); INPUT_INVALID on a serial listed twice. */
function inSerialOrder(records: readonly IbRecord[], file: string): readonly IbRecord[] {
  let ordered = true;
  for (let i = 1; i < records.length && ordered; i++) ordered = records[i - 1]!.serialNumber < records[i]!.serialNumber;
  if (ordered) return records;
  const sorted = [...records].sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (a.serialNumber === b.serialNumber) {
      throw new IbsightError('INPUT_INVALID', `${file}: serial ${a.serialNumber} is listed as two records (lines ${[...a.lines, ...b.lines].join(', ')}); nothing imported`, {
        context: { file, serialNumber: a.serialNumber, line: Math.min(...a.lines, ...b.lines) },
      });
    }
  }
  return sorted;
}

function replaceModeOf(value: string): IbReplaceMode {
  if (value === 'sites' || value === 'all') return value;
  throw new IbsightError('INPUT_INVALID', `store: replace must be "sites" or "all", not ${JSON.stringify(value)}`, { context: { keyPath: 'replace' } });
}

async function writeRecords(trx: Db, records: readonly IbRecord[], importId: number, replacing: boolean): Promise<void> {
  for (let start = 0; start < records.length; start += SLICE) {
    const slice = records.slice(start, start + SLICE);
    // flat values in the column order of INSERT_RECORDS / INSERT_CONTRACTS
    const rows: unknown[] = [];
    const contracts: unknown[] = [];
    for (const r of slice) {
      rows.push(r.serialNumber, r.sku, r.description, r.siteId, r.siteName, r.shipDate, r.warrantyEnd, r.parentSerial, importId, JSON.stringify(r.lines));
      for (let position = 0; position < r.contracts.length; position++) {
        const c = r.contracts[position]!;
        contracts.push(r.serialNumber, position, c.contractId, c.serviceLevel, c.start, c.end);
      }
    }
    if (replacing) {
      await DELETE_CONTRACTS.execute(trx, slice.map((r) => ({ serial_number: r.serialNumber })));
      await UPSERT_RECORDS.execute(trx, rows);
    } else {
      await INSERT_RECORDS.execute(trx, rows);
    }
    await INSERT_CONTRACTS.execute(trx, contracts);
  }
}

/** Stores one file's records (see the header); runs inside the caller's write transaction. */
export async function importInstalledBaseIn(
  trx: Db,
  contents: IbFileContents,
  options: { replace: IbReplaceMode; importedAt: string },
): Promise<IbImportSummary> {
  const replace = replaceModeOf(options.replace);
  const importedAt = isoTime(options.importedAt, 'importedAt');
  const records = inSerialOrder(contents.records, contents.file);
  const scope = new Set(contents.sites);
  for (const r of records) scope.add(r.siteId);
  if (replace === 'all') {
    for (const r of await trx.selectFrom('ib_records').select('site_id').distinct().execute()) scope.add(r.site_id);
  }
  const sitesReplaced = [...scope].sort();
  const hadRecords = (await trx.selectFrom('ib_records').select('serial_number').limit(1).execute()).length > 0;

  const { id: importId } = await trx
    .insertInto('ib_imports')
    .values({ file: contents.file, imported_at: importedAt, replace_mode: replace, rows_read: contents.rowsRead, records: records.length,
      rejected_rows: contents.rejected.length, records_removed: 0, sites_replaced: JSON.stringify(sitesReplaced) })
    .returning('id')
    .executeTakeFirstOrThrow();

  await writeRecords(trx, records, importId, hadRecords);

  let recordsRemoved = 0;
  if (hadRecords) {
    let removal = trx.deleteFrom('ib_records').where('import_id', '<>', importId);
    if (replace === 'sites') removal = removal.where(sql<boolean>`site_id in (select value from json_each(${JSON.stringify(sitesReplaced)}))`);
    if (contents.rejectedSerials.length > 0) {
      removal = removal.where(sql<boolean>`serial_number not in (select value from json_each(${JSON.stringify(contents.rejectedSerials)}))`);
    }
    recordsRemoved = Number((await removal.executeTakeFirst()).numDeletedRows);
    await trx.updateTable('ib_imports').set({ records_removed: recordsRemoved }).where('id', '=', importId).execute();
  }
  return {
    importId, file: contents.file, importedAt, replace, rowsRead: contents.rowsRead, records: records.length,
    rejectedRows: contents.rejected.length, sitesReplaced, recordsRemoved,
  };
}

type RecordTuple = [string, string | null, string | null, string, string | null, string | null, string | null, string | null, number[]];
type ContractTuple = [string, string | null, string | null, string | null, string | null];

/**
 * The stored installed base in serial order, each record with its contracts in file order.
 * Pages of records by serial (keyset) with the contracts of the same serial range, each page
 * handed over by SQLite as ONE JSON text of row arrays (far cheaper than a JS object per row and
 * column); both lists come in the same (SQLite BINARY) order and every contract has its record
 * (foreign key), so one walk per page attaches each record's contracts.
 */
export function installedBase(db: Db): Promise<IbRecord[]> {
  return inReadSnapshot(db, async (conn) => {
    const out: IbRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const above = after === null ? sql`` : sql`where serial_number > ${after}`;
      const records = JSON.parse(
        (await sql<{ page: string }>`select json_group_array(json_array(serial_number, sku, description, site_id, site_name, ship_date, warranty_end,
            parent_serial, json(lines)) order by serial_number) as page
          from (select * from ib_records ${above} order by serial_number limit ${READ_PAGE})`.execute(conn)).rows[0]!.page,
      ) as RecordTuple[];
      if (records.length === 0) break;
      const last = records[records.length - 1]![0];
      const contracts = JSON.parse(
        (await sql<{ page: string }>`select json_group_array(json_array(serial_number, contract_id, service_level, start_date, end_date)
            order by serial_number, position) as page
          from ib_contracts ${above} ${after === null ? sql`where` : sql`and`} serial_number <= ${last}`.execute(conn)).rows[0]!.page,
      ) as ContractTuple[];
      let next = 0;
      for (const r of records) {
        const own: IbContract[] = [];
        for (; next < contracts.length && contracts[next]![0] === r[0]; next++) {
          const c = contracts[next]!;
          own.push({ contractId: c[1], serviceLevel: c[2], start: c[3], end: c[4] });
        }
        out.push({
          serialNumber: r[0], sku: r[1], description: r[2], siteId: r[3], siteName: r[4], shipDate: r[5], warrantyEnd: r[6], parentSerial: r[7],
          contracts: own, lines: r[8],
        });
      }
      if (records.length < READ_PAGE) break;
      after = last;
    }
    return out;
  });
}

function importSummaryOf(row: Selectable<IbImportsTable>): IbImportSummary {
  return {
    importId: row.id, file: row.file, importedAt: row.imported_at, replace: row.replace_mode as IbReplaceMode, rowsRead: row.rows_read,
    records: row.records, rejectedRows: row.rejected_rows, sitesReplaced: JSON.parse(row.sites_replaced) as string[], recordsRemoved: row.records_removed,
  };
}

/** Every recorded import, oldest first. */
export async function installedBaseImports(db: Db): Promise<IbImportSummary[]> {
  const rows = await db.selectFrom('ib_imports').selectAll().orderBy('imported_at').orderBy('id').execute();
  return rows.map(importSummaryOf);
}
