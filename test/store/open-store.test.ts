/**
 * Opening the store: file modes, pragmas, migrations from an older schema, refusal of a newer
 * schema and of a file that is not a database.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import type { Database as Tables } from '../../src/store/database-schema.js';
import { LATEST_MIGRATION, MIGRATIONS } from '../../src/store/migrations.js';
import { migrateSchema } from '../../src/store/schema-migrator.js';
import { openStore } from '../../src/store/open-store.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import { collection, collectorsOf, profileData, run } from './collection-builder.js';

const logger = silentLogger();

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ibsight-open-store-'));
}

describe('openStore', () => {
  it('creates the directory 0700 and the database 0600, in WAL mode with the pragmas set', async () => {
    const dir = tempDir();
    const file = join(dir, 'deep', 'data', 'ibsight.db');
    const store = await openStore({ sqlite: file, logger });
    await run(store, 'r1', '2025-01-01T00:00:00Z');
    await store.recordDevice(collection('r1', 'mx1', '2025-01-01T00:00:01Z', collectorsOf(profileData('mx960'))));
    expect(statSync(join(dir, 'deep')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'deep', 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    expect(await (store as SqliteStore).diagnostics()).toEqual({
      journalMode: 'wal',
      synchronous: 1,
      foreignKeys: 1,
      busyTimeoutMs: 5000,
      walAutocheckpointPages: 10_000,
      migrations: Object.keys(MIGRATIONS).sort(),
    });
    await store.close();
    await store.close(); // idempotent
    // reopening keeps everything and applies nothing new
    const again = await openStore({ sqlite: file, logger });
    expect((await again.listDevices()).map((d) => d.name)).toEqual(['mx1']);
    await again.close();
  });

  it('migrates a database written by an older schema version and keeps its data', async () => {
    const file = join(tempDir(), 'old.db');
    // an ibsight that only knew the first migration wrote this file (and stopped there)
    const raw = new Database(file);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    expect(await migrateSchema(db, { file, logger, upTo: '0001-core' })).toEqual(['0001-core']);
    raw.pragma('foreign_keys = ON');
    raw.exec(`INSERT INTO sites (id, name) VALUES ('0100012345', 'AMS-DC1')`);
    raw.exec(`INSERT INTO devices (name, host, port, site_id, in_inventory, hostname, model, os, version, chassis_serial, last_status, last_attempt, last_collected)
              VALUES ('mx-old', '192.0.2.1', 830, '0100012345', 1, 'old-mx', 'mx480', 'junos', '21.4R3.15', 'JN1234', 'ok', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`);
    raw.exec(`INSERT INTO runs (run_key, kind, started_at, collectors) VALUES ('old-run', 'collect', '2024-01-01T00:00:00.000Z', '[]')`);
    await db.destroy();

    const store = await openStore({ sqlite: file, logger });
    expect((await (store as SqliteStore).diagnostics()).migrations.at(-1)).toBe(LATEST_MIGRATION);
    expect(await store.listDevices()).toEqual([
      { name: 'mx-old', site: '0100012345', hostname: 'old-mx', model: 'mx480', os: 'junos', version: '21.4R3.15', serialNumber: 'JN1234', lastCollected: '2024-01-01T00:00:00.000Z', status: 'ok' },
    ]);
    // and the migrated store works: the new history tables are there
    await run(store, 'r2', '2025-01-01T00:00:00Z');
    await store.recordDevice(collection('r2', 'mx-old', '2025-01-01T00:00:01Z', collectorsOf(profileData('mx960'))));
    expect((await store.deviceDetail('mx-old'))!.components).toHaveLength(57);
    await store.close();
  });

  it('applies each migration in one transaction: one failing half-way leaves the schema before it', async () => {
    const file = join(tempDir(), 'half.db');
    const raw = new Database(file);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateSchema(db, { file, logger, upTo: '0001-core' });
    // something already holds a name that 0002 creates after its first tables
    raw.exec('CREATE TABLE software (x)');
    await expect(migrateSchema(db, { file, logger })).rejects.toMatchObject({ code: 'STORE_FAILED' });
    const tables = raw.prepare(`select name from sqlite_master where type = 'table' and name in ('components', 'component_moves', 'config_snapshots')`).all();
    expect(tables).toEqual([]);
    expect(raw.prepare('select name from schema_migrations').all()).toEqual([{ name: '0001-core' }]);
    // once the obstacle is gone, the next open applies it
    raw.exec('DROP TABLE software');
    await db.destroy();
    const store = await openStore({ sqlite: file, logger });
    expect((await (store as SqliteStore).diagnostics()).migrations).toEqual(Object.keys(MIGRATIONS).sort());
    await store.close();
  });

  it('refuses a database written by a newer ibsight', async () => {
    const file = join(tempDir(), 'newer.db');
    const store = await openStore({ sqlite: file, logger });
    await store.close();
    const raw = new Database(file);
    raw.prepare(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`).run();
    raw.close();
    await expect(openStore({ sqlite: file, logger })).rejects.toMatchObject({ code: 'STORE_SCHEMA_NEWER', context: { file } });
  });

  it('refuses a file that is not a database', async () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'these are not the pages you are looking for\n'.repeat(200), { mode: 0o600 });
    await expect(openStore({ sqlite: file, logger })).rejects.toMatchObject({ code: 'STORE_FAILED', context: { sqliteCode: 'SQLITE_NOTADB' } });
  });

  it('opens an in-memory store', async () => {
    const store = await openStore({ sqlite: ':memory:', logger });
    await run(store, 'r1', '2025-01-01T00:00:00Z');
    await store.recordDevice(collection('r1', 'mx1', '2025-01-01T00:00:01Z', collectorsOf(profileData('mx960'))));
    expect((await store.listDevices())[0]!.status).toBe('ok');
    await store.close();
  });
});
