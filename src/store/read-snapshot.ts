/**
 * Reads that span several queries in ONE read transaction (a deferred `BEGIN`): every query sees
 * the same committed state (in WAL mode a reader never blocks a writer, and another process's
 * commit in between is not seen half). The connection mutex keeps this process's other callers
 * out until it ends. Used where rows of one table are joined in JS with rows of another.
 */
import { sql } from 'kysely';
import type { Db } from './store-transaction.js';

export async function inReadSnapshot<T>(db: Db, work: (conn: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`commit`.execute(conn);
    }
  });
}
