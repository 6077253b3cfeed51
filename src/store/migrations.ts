/**
 * Versioned schema migrations, in code. Applied in name order at open by schema-migrator.ts, each
 * in its own transaction together with its row in `schema_migrations`. Never edit a released
 * migration: add the next one.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Runs DDL statements one by one (better-sqlite3 prepares a single statement at a time). */
async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Inventory, runs and outcomes, and the latest records of every collector. */
const core: Migration = {
  up: (db) =>
    run(db, [
      `CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT)`,
      `CREATE TABLE devices (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL UNIQUE,
         host TEXT NOT NULL DEFAULT '',
         port INTEGER NOT NULL DEFAULT 830,
         site_id TEXT REFERENCES sites(id),
         in_inventory INTEGER NOT NULL DEFAULT 0,
         hostname TEXT, model TEXT, os TEXT, version TEXT, chassis_serial TEXT,
         last_status TEXT, last_attempt TEXT, last_run_id INTEGER, last_collected TEXT, failing_since TEXT,
         last_error_code TEXT, last_error_message TEXT, last_error_at TEXT,
         inventory_at TEXT, inventory_hash TEXT, config_snapshot_id INTEGER)`,
      `CREATE INDEX devices_chassis_serial ON devices(chassis_serial)`,
      `CREATE TABLE runs (
         id INTEGER PRIMARY KEY,
         run_key TEXT NOT NULL UNIQUE,
         kind TEXT NOT NULL,
         started_at TEXT NOT NULL,
         finished_at TEXT, duration_ms INTEGER,
         total INTEGER, ok INTEGER, partial INTEGER, failed INTEGER,
         collectors TEXT NOT NULL)`,
      `CREATE INDEX runs_started_at ON runs(started_at)`,
      `CREATE TABLE device_runs (
         run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         collected_at TEXT NOT NULL, source TEXT NOT NULL, outcome TEXT NOT NULL, duration_ms INTEGER NOT NULL,
         error_code TEXT, error_message TEXT,
         PRIMARY KEY (run_id, device_id)) WITHOUT ROWID`,
      `CREATE INDEX device_runs_device ON device_runs(device_id, run_id)`,
      `CREATE TABLE collector_runs (
         run_id INTEGER NOT NULL,
         device_id INTEGER NOT NULL,
         collector TEXT NOT NULL, status TEXT NOT NULL, code TEXT, message TEXT, reason TEXT,
         duration_ms INTEGER NOT NULL,
         PRIMARY KEY (run_id, device_id, collector),
         FOREIGN KEY (run_id, device_id) REFERENCES device_runs(run_id, device_id) ON DELETE CASCADE) WITHOUT ROWID`,
      `CREATE TABLE latest_records (
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         collector TEXT NOT NULL, status TEXT NOT NULL, code TEXT, message TEXT, reason TEXT,
         at TEXT NOT NULL, duration_ms INTEGER NOT NULL, records_json TEXT, records_at TEXT)`,
      `CREATE UNIQUE INDEX latest_records_key ON latest_records(device_id, collector)`,
    ]),
};

/** Components with first/last seen and moves, software per member, configuration snapshots. */
const inventoryHistory: Migration = {
  up: (db) =>
    run(db, [
      `CREATE TABLE components (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         ident TEXT NOT NULL, member TEXT, path TEXT NOT NULL, position INTEGER NOT NULL,
         name TEXT, kind TEXT NOT NULL, part_number TEXT, serial_number TEXT,
         serial_placeholder INTEGER NOT NULL, model_number TEXT, version TEXT, description TEXT, clei_code TEXT,
         first_seen TEXT NOT NULL, first_run_id INTEGER NOT NULL, last_seen TEXT,
         removed_at TEXT, removed_run_id INTEGER)`,
      `CREATE INDEX components_device ON components(device_id, removed_at)`,
      `CREATE INDEX components_serial ON components(serial_number) WHERE serial_number IS NOT NULL`,
      `CREATE INDEX components_first_run ON components(first_run_id)`,
      `CREATE INDEX components_removed_run ON components(removed_run_id) WHERE removed_run_id IS NOT NULL`,
      `CREATE TABLE component_moves (
         id INTEGER PRIMARY KEY,
         serial_number TEXT NOT NULL,
         from_component_id INTEGER NOT NULL, to_component_id INTEGER NOT NULL,
         from_device TEXT NOT NULL, from_path TEXT NOT NULL, to_device TEXT NOT NULL, to_path TEXT NOT NULL,
         run_id INTEGER NOT NULL, at TEXT NOT NULL)`,
      `CREATE INDEX component_moves_run ON component_moves(run_id)`,
      `CREATE TABLE software (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         member TEXT, hostname TEXT, model TEXT, version TEXT, os TEXT NOT NULL,
         first_seen TEXT NOT NULL, first_run_id INTEGER NOT NULL, last_seen TEXT NOT NULL, ended_at TEXT)`,
      `CREATE INDEX software_device ON software(device_id, ended_at)`,
      `CREATE INDEX software_first_run ON software(first_run_id)`,
      `CREATE TABLE config_snapshots (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         hash TEXT NOT NULL, format TEXT NOT NULL, text TEXT, set_lines TEXT,
         commit_time TEXT, commit_user TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
         UNIQUE (device_id, hash))`,
      `CREATE TABLE config_changes (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         from_snapshot_id INTEGER REFERENCES config_snapshots(id) ON DELETE SET NULL,
         to_snapshot_id INTEGER NOT NULL REFERENCES config_snapshots(id) ON DELETE CASCADE,
         run_id INTEGER NOT NULL, at TEXT NOT NULL)`,
      `CREATE INDEX config_changes_run ON config_changes(run_id)`,
      `CREATE INDEX config_changes_from ON config_changes(from_snapshot_id)`,
      `CREATE INDEX config_changes_to ON config_changes(to_snapshot_id)`,
    ]),
};

/** Alarms, core dumps and reboots with first/last seen and cleared/removed times. */
const healthHistory: Migration = {
  up: (db) =>
    run(db, [
      `CREATE TABLE alarms (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         ident TEXT NOT NULL, source TEXT NOT NULL, member TEXT, class TEXT, severity TEXT, type TEXT,
         description TEXT, short_description TEXT, time TEXT,
         first_seen TEXT NOT NULL, first_run_id INTEGER NOT NULL, last_seen TEXT NOT NULL,
         cleared_at TEXT, cleared_run_id INTEGER)`,
      `CREATE INDEX alarms_device ON alarms(device_id, cleared_at)`,
      `CREATE TABLE core_dumps (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         ident TEXT NOT NULL, member TEXT, file TEXT NOT NULL, process TEXT, size_bytes INTEGER, time TEXT,
         first_seen TEXT NOT NULL, first_run_id INTEGER NOT NULL, last_seen TEXT NOT NULL,
         removed_at TEXT, removed_run_id INTEGER)`,
      `CREATE INDEX core_dumps_device ON core_dumps(device_id, removed_at)`,
      `CREATE TABLE reboots (
         id INTEGER PRIMARY KEY,
         device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
         ident TEXT NOT NULL, member TEXT, slot INTEGER, boot_time TEXT NOT NULL, reason TEXT,
         detected_at TEXT NOT NULL, run_id INTEGER NOT NULL,
         UNIQUE (device_id, ident, boot_time))`,
    ]),
};

/**
 * The vendor's installed base (SPEC §4) with its contracts and imports, and stored
 * reconciliations (SPEC §5) with their per-site counts and items. Items name devices and sites by
 * value (no foreign key to devices or components): pruning device history never touches them.
 * An installed-base record keeps the import that last wrote it (ib_records.import_id).
 */
const installedBase: Migration = {
  up: (db) =>
    run(db, [
      `CREATE TABLE ib_imports (
         id INTEGER PRIMARY KEY,
         file TEXT NOT NULL, imported_at TEXT NOT NULL, replace_mode TEXT NOT NULL,
         rows_read INTEGER NOT NULL, records INTEGER NOT NULL, rejected_rows INTEGER NOT NULL,
         records_removed INTEGER NOT NULL, sites_replaced TEXT NOT NULL)`,
      `CREATE INDEX ib_imports_at ON ib_imports(imported_at)`,
      `CREATE TABLE ib_records (
         serial_number TEXT PRIMARY KEY,
         sku TEXT, description TEXT, site_id TEXT NOT NULL, site_name TEXT,
         ship_date TEXT, warranty_end TEXT, parent_serial TEXT,
         import_id INTEGER NOT NULL REFERENCES ib_imports(id),
         lines TEXT NOT NULL) WITHOUT ROWID`,
      `CREATE INDEX ib_records_site ON ib_records(site_id)`,
      `CREATE INDEX ib_records_import ON ib_records(import_id)`,
      `CREATE TABLE ib_contracts (
         serial_number TEXT NOT NULL REFERENCES ib_records(serial_number) ON DELETE CASCADE,
         position INTEGER NOT NULL,
         contract_id TEXT, service_level TEXT, start_date TEXT, end_date TEXT,
         PRIMARY KEY (serial_number, position)) WITHOUT ROWID`,
      `CREATE TABLE reconciliations (
         id INTEGER PRIMARY KEY,
         at TEXT NOT NULL,
         in_scope INTEGER NOT NULL, matched INTEGER NOT NULL, unregistered INTEGER NOT NULL, missing INTEGER NOT NULL,
         site_mismatch INTEGER NOT NULL, product_mismatch INTEGER NOT NULL, rma_suspected INTEGER NOT NULL,
         not_verified INTEGER NOT NULL, accuracy_pct REAL NOT NULL, items INTEGER NOT NULL)`,
      `CREATE INDEX reconciliations_at ON reconciliations(at)`,
      `CREATE TABLE reconciliation_sites (
         reconciliation_id INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
         position INTEGER NOT NULL,
         site TEXT NOT NULL,
         in_scope INTEGER NOT NULL, matched INTEGER NOT NULL, unregistered INTEGER NOT NULL, missing INTEGER NOT NULL,
         site_mismatch INTEGER NOT NULL, product_mismatch INTEGER NOT NULL, rma_suspected INTEGER NOT NULL,
         not_verified INTEGER NOT NULL, accuracy_pct REAL NOT NULL,
         PRIMARY KEY (reconciliation_id, position)) WITHOUT ROWID`,
      `CREATE TABLE reconciliation_items (
         id INTEGER PRIMARY KEY,
         reconciliation_id INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
         status TEXT NOT NULL, serial_number TEXT NOT NULL, device TEXT, site TEXT, ib_site TEXT, kind TEXT,
         part_number TEXT, model_number TEXT, sku TEXT, contract TEXT, paired_with TEXT, detail TEXT NOT NULL)`,
      `CREATE INDEX reconciliation_items_of ON reconciliation_items(reconciliation_id)`,
    ]),
};

/**
 * Exposure (issue 6): the loaded catalogs — advisories and lifecycle entries, each kept as its
 * JSON body keyed by id (an import replaces the entries it names, `--replace` clears the catalog
 * first) with the import that wrote it — and stored exposure runs: counts (JSON, overall and per
 * site) for trends and every finding of the run. `finding_first_seen` carries the day a finding
 * key was first seen across runs; it is pruned with history when the key was not seen since.
 */
const exposure: Migration = {
  up: (db) =>
    run(db, [
      `CREATE TABLE catalog_imports (
         id INTEGER PRIMARY KEY,
         catalog TEXT NOT NULL, imported_at TEXT NOT NULL, files TEXT NOT NULL,
         entries INTEGER NOT NULL, replaced_all INTEGER NOT NULL, warnings TEXT NOT NULL)`,
      `CREATE TABLE advisories (
         id TEXT PRIMARY KEY,
         source TEXT NOT NULL, file TEXT NOT NULL,
         import_id INTEGER NOT NULL REFERENCES catalog_imports(id),
         body TEXT NOT NULL) WITHOUT ROWID`,
      `CREATE TABLE lifecycle_entries (
         kind TEXT NOT NULL, key_type TEXT NOT NULL, key TEXT NOT NULL,
         import_id INTEGER NOT NULL REFERENCES catalog_imports(id),
         body TEXT NOT NULL,
         PRIMARY KEY (kind, key_type, key)) WITHOUT ROWID`,
      `CREATE TABLE exposure_runs (
         id INTEGER PRIMARY KEY,
         at TEXT NOT NULL, findings INTEGER NOT NULL,
         summary TEXT NOT NULL, per_site TEXT NOT NULL, notes TEXT NOT NULL)`,
      `CREATE INDEX exposure_runs_at ON exposure_runs(at)`,
      `CREATE TABLE exposure_findings (
         id INTEGER PRIMARY KEY,
         exposure_run_id INTEGER NOT NULL REFERENCES exposure_runs(id) ON DELETE CASCADE,
         finding_key TEXT NOT NULL, kind TEXT NOT NULL, device TEXT NOT NULL, site TEXT,
         severity TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL)`,
      `CREATE INDEX exposure_findings_of ON exposure_findings(exposure_run_id)`,
      `CREATE TABLE finding_first_seen (
         finding_key TEXT PRIMARY KEY, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL) WITHOUT ROWID`,
    ]),
};

/**
 * The installed-base import index goes (bench/ib-import-e2e.ts): rebuilding `ib_records(import_id)`
 * cost every large import 0.4 s (600k records) and only the retention prune read it, which now
 * asks for the imports still referenced in one pass over the records instead.
 */
const dropImportIndex: Migration = {
  up: (db) => run(db, ['DROP INDEX IF EXISTS ib_records_import']),
};

/** Every migration, by name; names sort in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': core,
  '0002-inventory-history': inventoryHistory,
  '0003-health-history': healthHistory,
  '0004-installed-base': installedBase,
  '0006-exposure': exposure,
  '0007-drop-ib-import-index': dropImportIndex,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
