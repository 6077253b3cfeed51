/**
 * Applies the schema migrations (migrations.ts) at open. Each migration runs in ONE write
 * transaction together with its row in `schema_migrations`, so a process killed mid-migration
 * leaves the schema either before or after it (Kysely's own Migrator runs SQLite DDL outside a
 * transaction, which a kill could leave half-applied). Two processes opening the same file at
 * once serialise on the write lock; the second finds the migration applied and skips it.
 * A database that lists a migration this code does not know was written by a newer ibsight and
 * is refused with STORE_SCHEMA_NEWER.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Database } from './database-schema.js';
import { MIGRATIONS } from './migrations.js';
import { inTransaction } from './store-transaction.js';

export const MIGRATIONS_TABLE = 'schema_migrations';

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATIONS_TABLE)} order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Brings the schema up to date (or up to `upTo`, for tests of old versions); returns the migrations applied now. */
export async function migrateSchema(db: Kysely<Database>, options: { file: string; logger: Logger; upTo?: string }): Promise<string[]> {
  await sql`create table if not exists ${sql.table(MIGRATIONS_TABLE)} (name text primary key, applied_at text not null)`.execute(db);
  const unknown = (await appliedMigrations(db)).filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new IbsightError('STORE_SCHEMA_NEWER', `the store ${options.file} was written by a newer ibsight (schema ${unknown.join(', ')}); upgrade ibsight to use it`, {
      context: { file: options.file, migrations: unknown },
    });
  }
  const applied: string[] = [];
  for (const name of Object.keys(MIGRATIONS).sort()) {
    if (options.upTo !== undefined && name > options.upTo) break;
    const ran = await inTransaction(db, `store: migration ${name} of ${options.file}`, async (trx) => {
      const { rows } = await sql`select 1 from ${sql.table(MIGRATIONS_TABLE)} where name = ${name}`.execute(trx);
      if (rows.length > 0) return false;
      await MIGRATIONS[name]!.up(trx);
      await sql`insert into ${sql.table(MIGRATIONS_TABLE)} (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(trx);
      return true;
    });
    if (ran) {
      applied.push(name);
      options.logger.info({ file: options.file, migration: name }, 'store schema migrated');
    }
  }
  return applied;
}
