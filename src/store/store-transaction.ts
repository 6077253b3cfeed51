/**
 * Transactions and errors of the store. Writes take the database lock up front
 * (`BEGIN IMMEDIATE`) so two processes on one file wait on `busy_timeout` instead of failing on
 * a read-to-write upgrade; any SQLite failure surfaces as IbsightError('STORE_FAILED') with the
 * SQLite code in its context.
 */
import { sql, type Kysely } from 'kysely';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Database } from './database-schema.js';

export type Db = Kysely<Database>;

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
