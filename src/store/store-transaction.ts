/**
 * Transactions and errors of the store. Writes take the database lock up front
 * (`BEGIN IMMEDIATE`) so two processes on one file wait on `busy_timeout` instead of failing on
 * a read-to-write upgrade; any SQLite failure surfaces as IbsightError('STORE_FAILED') with the
 * SQLite code in its context.
 *
 * Two ways to write, both holding the store's ONE connection through Kysely's connection mutex,
 * so every reader and writer of a Store (Kysely queries, read snapshots, raw transactions) is
 * serialised on it: `inTransaction` runs async Kysely work; `inRawTransaction` runs synchronous
 * work on prepared better-sqlite3 statements (the per-device hot path), begun and committed
 * without yielding, so nothing else can run on the connection in between.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Database } from './database-schema.js';

export type Db = Kysely<Database>;

/** The better-sqlite3 connection under the store's Kysely instance. */
export type RawDb = BetterSqlite3.Database;

/** Wraps a SQLite (or any) failure into STORE_FAILED; an IbsightError passes through. */
export function storeError(err: unknown, what: string): IbsightError {
  if (err instanceof IbsightError) return err;
  const sqliteCode = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  return new IbsightError('STORE_FAILED', `${what}: ${message}`, {
    cause: err,
    context: typeof sqliteCode === 'string' ? { sqliteCode } : {},
  });
}

/** Runs `work` in one write transaction on the store's single connection; rolls back on error. */
export async function inTransaction<T>(db: Db, what: string, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        try {
          await sql`rollback`.execute(conn);
        } catch {
          // SQLite already rolled back (e.g. after SQLITE_FULL); the original error matters
        }
        throw err;
      }
    });
  } catch (err) {
    throw storeError(err, what);
  }
}

interface TransactionStatements {
  begin: BetterSqlite3.Statement<[]>;
  commit: BetterSqlite3.Statement<[]>;
  rollback: BetterSqlite3.Statement<[]>;
}

const transactionStatements = new WeakMap<RawDb, TransactionStatements>();

function transactionStatementsOf(raw: RawDb): TransactionStatements {
  let statements = transactionStatements.get(raw);
  if (statements === undefined) {
    statements = { begin: raw.prepare('BEGIN IMMEDIATE'), commit: raw.prepare('COMMIT'), rollback: raw.prepare('ROLLBACK') };
    transactionStatements.set(raw, statements);
  }
  return statements;
}

/**
 * Runs synchronous `work` on `raw` (the connection under `db`) in one write transaction, while
 * holding `db`'s connection (see the header); rolls back on error. `foreignKeys: false` turns
 * foreign-key enforcement off for this transaction only (SQLite allows the switch only outside a
 * transaction): for bulk work that keeps the references right by construction and deletes
 * children itself (the installed-base import).
 */
export async function inRawTransaction<T>(db: Db, raw: RawDb, what: string, work: () => T, options: { foreignKeys?: false } = {}): Promise<T> {
  try {
    return await db.connection().execute(async () => {
      if (raw.inTransaction) throw new IbsightError('INTERNAL', `${what}: the connection is already in a transaction`);
      const { begin, commit, rollback } = transactionStatementsOf(raw);
      const restoreForeignKeys = options.foreignKeys === false && raw.pragma('foreign_keys', { simple: true }) === 1;
      if (restoreForeignKeys) raw.pragma('foreign_keys = OFF');
      try {
        begin.run();
        try {
          const result = work();
          commit.run();
          return result;
        } catch (err) {
          try {
            if (raw.inTransaction) rollback.run();
          } catch {
            // the original error matters
          }
          throw err;
        }
      } finally {
        if (restoreForeignKeys) raw.pragma('foreign_keys = ON');
      }
    });
  } catch (err) {
    throw storeError(err, what);
  }
}

/** Runs a read, wrapping failures. */
export async function reading<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw storeError(err, what);
  }
}

/** An ISO-8601 UTC time in the store's one text form; INPUT_INVALID for anything else. */
export function isoTime(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new IbsightError('INPUT_INVALID', `store: ${field} is not a time: ${JSON.stringify(value)}`, { context: { keyPath: field } });
  return new Date(ms).toISOString();
}

/** SQLite's bound-parameter limit (32766) with room to spare. */
const MAX_PARAMETERS = 30_000;

/** Splits rows for multi-row INSERTs so one statement stays under the bound-parameter limit. */
export function rowBatches<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  return chunks(rows, Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length)));
}

/** Splits values for `IN (...)` lists. */
export function idBatches<T>(ids: readonly T[]): T[][] {
  return chunks(ids, MAX_PARAMETERS);
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
