/**
 * Prepared-statement reuse for Kysely's SQLite driver: the driver calls `prepare(sql)` for every
 * query; this keeps the prepared better-sqlite3 statements by SQL text (bounded, oldest out), so
 * repeated Kysely queries are parsed by SQLite once (recordDevice prepares its own statements,
 * record-device.ts, on the same connection: `raw`). Safe because the driver runs one
 * statement at a time on its single connection and the store never streams (`iterate`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export class CachingSqliteDatabase implements SqliteDatabase {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  readonly #limit: number;

  constructor(db: BetterSqlite3.Database, limit = 500) {
    this.#db = db;
    this.#limit = limit;
  }

  /** The underlying connection (pragmas, checkpoints). */
  get raw(): BetterSqlite3.Database {
    return this.#db;
  }

  prepare(text: string): SqliteStatement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.#db.prepare(text);
      if (this.#statements.size >= this.#limit) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(text, statement);
    }
    return statement as unknown as SqliteStatement;
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }
}
