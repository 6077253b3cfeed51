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
 * How, for a million records (bench/ib-store.ts, bench/ib-import-e2e.ts): the import runs
 * synchronously on the raw better-sqlite3 connection (store-transaction.ts `inRawTransaction`),
 * with foreign-key enforcement off for that transaction (the references are right by
 * construction: a contract is written after its record, the import row before both, and the
 * contracts of a removed record are deleted with it here; the tests check `foreign_key_check`).
 * Records are written in serial order (appends to the serial-keyed B-trees), then contracts, as
 * 16-row INSERTs from one reusable values array (multi-row-insert.ts RawRowsInsert), with this
 * import's id written into the statement; when the store held records, a file record replaces its
 * stored one in place (INSERT ... ON CONFLICT DO UPDATE) and the stored contracts of the file's
 * serials are deleted in one statement before the file's are written. Every written record
 * carries this import's id, so ONE DELETE of the scope's records with another import id removes
 * exactly the records the file no longer lists (their contracts first), and SQLite counts them.
 * A large import (10,000 records and a quarter of those stored) drops the tables' secondary
 * indexes (as sqlite_master defines them) and creates them again at the end (maintaining them
 * row by row measured 2× slower), and the page cache is 64 MiB during the import. Measured on
 * 600k records / 1M contracts (2026-12-04, bench/RESULTS.md): 5.5–8 s for a first import, 7–10 s
 * for a re-import, depending on the machine's load (Kysely multi-row INSERTs with foreign keys
 * and indexes: 9.5–12 s and 13–16 s).
 * Reads run in one read transaction (a consistent snapshot of records and contracts): pages of
 * records in serial order with the contracts of the same serial range, each page one JSON text
 * from SQLite, joined in JS by walking both lists.
 */
import { sql, type Selectable } from 'kysely';
import { IbsightError } from '../errors/ibsight-error.js';
import type { IbContract, IbFileContents, IbImportSummary, IbRecord, IbReplaceMode } from '../installed-base/installed-base-types.js';
import type { IbImportsTable } from './database-schema.js';
import { RawRowsInsert } from './multi-row-insert.js';
import { inReadSnapshot } from './read-snapshot.js';
import { isoTime, type Db, type RawDb } from './store-transaction.js';

/** Records read per query. */
const READ_PAGE = 20_000;
/** Rows per INSERT statement (see RawRowsInsert). */
const ROWS_PER_STATEMENT = 16;
/**
 * The page cache during an import (KiB; the store's default is 2 MiB): the B-tree pages being
 * filled stay in memory until the commit instead of being spilled to the WAL and written again, and
 * the index rebuild sorts in memory. 64 MiB measured as fast as 256 MiB (first import of 600k
 * records: ~1 s less than with the default).
 */
const IMPORT_CACHE_KIB = 64 * 1024;
/** From this many records (and a quarter of those stored), an import drops and recreates the secondary indexes. */
const REBUILD_INDEXES_FROM = 10_000;

/** The bound columns of a record row (import_id is written into the statement). */
const RECORD_COLUMNS = ['serial_number', 'sku', 'description', 'site_id', 'site_name', 'ship_date', 'warranty_end', 'parent_serial', 'lines'];
const CONTRACT_COLUMNS = ['serial_number', 'position', 'contract_id', 'service_level', 'start_date', 'end_date'];

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

/**
 * Writes every record, then every contract. `replacing`: records may be stored already — a stored
 * serial's record is updated in place (upsert), then the stored contracts of all the file's serials
 * (the records now carrying this import's id) are deleted in one statement before the file's are
 * written. (Upserting contracts and deleting each serial's surplus ones took one statement per
 * serial: 1–7 µs each, growing with the store.)
 */
function writeRecords(raw: RawDb, records: readonly IbRecord[], importId: number, replacing: boolean): void {
  const recordRows = new RawRowsInsert(raw, 'ib_records', RECORD_COLUMNS, ROWS_PER_STATEMENT, {
    literals: { import_id: importId },
    ...(replacing ? { upsertKey: ['serial_number'] } : {}),
  });
  const r = recordRows.values;
  for (const record of records) {
    const at = recordRows.next();
    r[at] = record.serialNumber;
    r[at + 1] = record.sku;
    r[at + 2] = record.description;
    r[at + 3] = record.siteId;
    r[at + 4] = record.siteName;
    r[at + 5] = record.shipDate;
    r[at + 6] = record.warrantyEnd;
    r[at + 7] = record.parentSerial;
    r[at + 8] = JSON.stringify(record.lines);
  }
  recordRows.flush();
  if (replacing) raw.prepare('DELETE FROM ib_contracts WHERE serial_number IN (SELECT serial_number FROM ib_records WHERE import_id = ?)').run(importId);
  const contractRows = new RawRowsInsert(raw, 'ib_contracts', CONTRACT_COLUMNS, ROWS_PER_STATEMENT);
  const c = contractRows.values;
  for (const { serialNumber, contracts } of records) {
    for (let position = 0; position < contracts.length; position++) {
      const contract = contracts[position]!;
      const at = contractRows.next();
      c[at] = serialNumber;
      c[at + 1] = position;
      c[at + 2] = contract.contractId;
      c[at + 3] = contract.serviceLevel;
      c[at + 4] = contract.start;
      c[at + 5] = contract.end;
    }
  }
  contractRows.flush();
}

/**
 * Deletes the stored records in the import's scope that the file no longer lists, with their
 * contracts, and records their number on the import; every record written carries this import's
 * id, so those are the scope's records with another one (the serials whose rows were all refused
 * keep theirs).
 */
function removeUnlisted(raw: RawDb, contents: IbFileContents, importId: number, replace: IbReplaceMode, sitesReplaced: readonly string[]): number {
  const where = ['import_id <> ?'];
  const values: unknown[] = [importId];
  if (replace === 'sites') {
    where.push('site_id IN (SELECT value FROM json_each(?))');
    values.push(JSON.stringify(sitesReplaced));
  }
  if (contents.rejectedSerials.length > 0) {
    where.push('serial_number NOT IN (SELECT value FROM json_each(?))');
    values.push(JSON.stringify(contents.rejectedSerials));
  }
  const removed = where.join(' AND ');
  raw.prepare(`DELETE FROM ib_contracts WHERE serial_number IN (SELECT serial_number FROM ib_records WHERE ${removed})`).run(values);
  const count = raw.prepare(`DELETE FROM ib_records WHERE ${removed}`).run(values).changes;
  raw.prepare('UPDATE ib_imports SET records_removed = ? WHERE id = ?').run(count, importId);
  return count;
}

/** The secondary indexes of the installed-base tables, as the schema defines them (name, CREATE statement). */
function secondaryIndexes(raw: RawDb): { name: string; sql: string }[] {
  return raw
    .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('ib_records', 'ib_contracts') AND sql IS NOT NULL ORDER BY name`)
    .all();
}

/**
 * Stores one file's records (see the header); runs synchronously inside the caller's raw write
 * transaction, with foreign-key enforcement off (the references are right by construction, and
 * the contracts of deleted records are deleted here).
 */
export function importInstalledBaseIn(raw: RawDb, contents: IbFileContents, options: { replace: IbReplaceMode; importedAt: string }): IbImportSummary {
  const replace = replaceModeOf(options.replace);
  const importedAt = isoTime(options.importedAt, 'importedAt');
  const records = inSerialOrder(contents.records, contents.file);
  const scope = new Set(contents.sites);
  for (const r of records) scope.add(r.siteId);
  if (replace === 'all') {
    for (const site of raw.prepare<[], string>('SELECT DISTINCT site_id FROM ib_records').pluck().all()) scope.add(site);
  }
  const sitesReplaced = [...scope].sort();
  const stored = raw.prepare<[], number>('SELECT count(*) FROM ib_records').pluck().get()!;
  const importId = Number(
    raw
      .prepare(`INSERT INTO ib_imports (file, imported_at, replace_mode, rows_read, records, rejected_rows, records_removed, sites_replaced)
        VALUES (?, ?, ?, ?, ?, ?, 0, ?)`)
      .run(contents.file, importedAt, replace, contents.rowsRead, records.length, contents.rejected.length, JSON.stringify(sitesReplaced)).lastInsertRowid,
  );

  let recordsRemoved = 0;
  // a large import rebuilds the secondary indexes once instead of updating them row by row
  const rebuilt = records.length >= REBUILD_INDEXES_FROM && records.length * 4 >= stored ? secondaryIndexes(raw) : [];
  for (const index of rebuilt) raw.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  const cacheSize = raw.pragma('cache_size', { simple: true }) as number;
  raw.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    writeRecords(raw, records, importId, stored > 0);
    recordsRemoved = stored > 0 ? removeUnlisted(raw, contents, importId, replace, sitesReplaced) : 0;
    for (const index of rebuilt) raw.exec(index.sql);
  } finally {
    raw.pragma(`cache_size = ${cacheSize}`);
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
