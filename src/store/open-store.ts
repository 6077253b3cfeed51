/**
 * Opens the embedded store: a SQLite file through better-sqlite3@12 and Kysely's SqliteDialect.
 *  - Files: the parent directory is created 0700, the database file 0600 (SQLite gives its -wal
 *    and -shm files the database file's mode). An existing file readable by others is a warning.
 *  - Pragmas: journal_mode=WAL, synchronous=NORMAL (in WAL mode a committed transaction survives a
 *    crash of the process; only an OS crash or power loss may lose the last commits, never
 *    consistency), foreign_keys=ON, busy_timeout (another process holding the lock is waited for),
 *    a larger WAL auto-checkpoint interval (fewer copies of hot pages) with a WAL size limit.
 *  - Migrations (migrations.ts) are applied at open, each in one transaction (schema-migrator.ts);
 *    a database written by a newer ibsight is refused with STORE_SCHEMA_NEWER.
 * `sqlite: ':memory:'` gives a private in-memory store (tests, dry runs).
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { log } from '../log/logger.js';
import type { Database as Tables } from './database-schema.js';
import { migrateSchema } from './schema-migrator.js';
import { SqliteStore } from './sqlite-store.js';
import { CachingSqliteDatabase } from './statement-cache.js';
import type { Store } from './store-api.js';
import { storeError } from './store-transaction.js';

export interface OpenStoreOptions {
  /** Path of the SQLite file, or `:memory:`. */
  sqlite: string;
  logger?: Logger;
  /** How long to wait for another process's lock (ms). */
  busyTimeoutMs?: number;
}

const MEMORY = ':memory:';
const WAL_CHECKPOINT_PAGES = 10_000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Creates the directory (0700) and the file (0600) when missing; warns about a file open to others. */
function prepareFiles(file: string, logger: Logger): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if ((statSync(file).mode & 0o077) !== 0) logger.warn({ file }, 'the store file is readable by other users (chmod 600 it)');
  }
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? log();
  const memory = options.sqlite === MEMORY;
  const file = memory ? MEMORY : resolve(options.sqlite);
  let raw: Database.Database;
  try {
    if (!memory) prepareFiles(file, logger);
    raw = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw storeError(err, `store: opening ${file}`).withContext({ file });
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new CachingSqliteDatabase(raw) }) });
  try {
    const mode = raw.pragma('journal_mode = WAL', { simple: true }) as string;
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // checkpoint every ~40 MB of WAL instead of 4 MB: pages re-dirtied by many devices (index
    // leaves) are copied back once per interval, which halves the commit cost of a first run
    raw.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    raw.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    raw.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    if (!memory && mode !== 'wal') logger.warn({ file, journalMode: mode }, 'the store could not switch to WAL mode');
    await migrateSchema(db, { file, logger });
    return new SqliteStore(db, { raw, walMode: mode === 'wal', logger });
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw storeError(err, `store: opening ${file}`).withContext({ file });
  }
}
