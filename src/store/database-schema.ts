/**
 * The store's tables as Kysely sees them (the typed query layer; migrations.ts creates them).
 * Times are ISO-8601 UTC strings (`toISOString()`), which sort as text. JSON columns hold
 * `JSON.stringify` text. `ident` columns are the identity of a row across runs, computed in code
 * (e.g. a component's `[member, path, serialNumber]`), so NULL parts compare equal.
 *
 * Last-seen of current components is not rewritten every run: it is the device's
 * `inventory_at` (its last successful chassis-inventory) while `removed_at` is NULL, and the
 * stored `last_seen` once removed. That keeps a steady-state run from rewriting every row.
 */
import type { Generated } from 'kysely';

export interface SitesTable {
  id: string;
  name: string | null;
}

export interface DevicesTable {
  id: Generated<number>;
  name: string;
  host: Generated<string>;
  port: Generated<number>;
  site_id: string | null;
  in_inventory: Generated<number>;
  hostname: string | null;
  model: string | null;
  os: string | null;
  version: string | null;
  chassis_serial: string | null;
  /** Outcome of the last recorded collection: ok | partial | failed. */
  last_status: string | null;
  last_attempt: string | null;
  last_run_id: number | null;
  /** Time of the last collection that stored data (outcome ok or partial). */
  last_collected: string | null;
  /** Start of the current streak of non-ok outcomes; null while ok. */
  failing_since: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  /** Time of the last successful chassis-inventory: the last-seen of every current component. */
  inventory_at: string | null;
  /** Hash of that inventory: an unchanged one skips the component diff. */
  inventory_hash: string | null;
  config_snapshot_id: number | null;
}

export interface RunsTable {
  id: Generated<number>;
  run_key: string;
  kind: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  total: number | null;
  ok: number | null;
  partial: number | null;
  failed: number | null;
  /** JSON array of collector names. */
  collectors: string;
}

export interface DeviceRunsTable {
  run_id: number;
  device_id: number;
  collected_at: string;
  source: string;
  outcome: string;
  duration_ms: number;
  error_code: string | null;
  error_message: string | null;
}

export interface CollectorRunsTable {
  run_id: number;
  device_id: number;
  collector: string;
  status: string;
  code: string | null;
  message: string | null;
  reason: string | null;
  duration_ms: number;
}

export interface LatestRecordsTable {
  device_id: number;
  collector: string;
  /** Latest outcome of this collector on this device. */
  status: string;
  code: string | null;
  message: string | null;
  reason: string | null;
  at: string;
  duration_ms: number;
  /** Latest good records (JSON), kept through later errors; null after not-applicable. */
  records_json: string | null;
  records_at: string | null;
}

export interface ComponentsTable {
  id: Generated<number>;
  device_id: number;
  ident: string;
  member: string | null;
  /** JSON array of names from the chassis down. */
  path: string;
  position: number;
  name: string | null;
  kind: string;
  part_number: string | null;
  serial_number: string | null;
  serial_placeholder: number;
  model_number: string | null;
  version: string | null;
  description: string | null;
  clei_code: string | null;
  first_seen: string;
  first_run_id: number;
  /** Set when removed (the last inventory that showed it); see the header. */
  last_seen: string | null;
  removed_at: string | null;
  removed_run_id: number | null;
}

export interface ComponentMovesTable {
  id: Generated<number>;
  serial_number: string;
  from_component_id: number;
  to_component_id: number;
  from_device: string;
  from_path: string;
  to_device: string;
  to_path: string;
  run_id: number;
  at: string;
}

export interface SoftwareTable {
  id: Generated<number>;
  device_id: number;
  member: string | null;
  hostname: string | null;
  model: string | null;
  version: string | null;
  os: string;
  first_seen: string;
  first_run_id: number;
  last_seen: string;
  /** When another version replaced it (or the member stopped answering); null while current. */
  ended_at: string | null;
}

export interface ConfigSnapshotsTable {
  id: Generated<number>;
  device_id: number;
  hash: string;
  format: string;
  text: string | null;
  /** JSON array of set lines, or null. */
  set_lines: string | null;
  commit_time: string | null;
  commit_user: string | null;
  first_seen: string;
  last_seen: string;
}

export interface ConfigChangesTable {
  id: Generated<number>;
  device_id: number;
  from_snapshot_id: number | null;
  to_snapshot_id: number;
  run_id: number;
  at: string;
}

export interface AlarmsTable {
  id: Generated<number>;
  device_id: number;
  ident: string;
  source: string;
  member: string | null;
  class: string | null;
  severity: string | null;
  type: string | null;
  description: string | null;
  short_description: string | null;
  time: string | null;
  first_seen: string;
  first_run_id: number;
  last_seen: string;
  cleared_at: string | null;
  cleared_run_id: number | null;
}

export interface CoreDumpsTable {
  id: Generated<number>;
  device_id: number;
  ident: string;
  member: string | null;
  file: string;
  process: string | null;
  size_bytes: number | null;
  time: string | null;
  first_seen: string;
  first_run_id: number;
  last_seen: string;
  removed_at: string | null;
  removed_run_id: number | null;
}

export interface RebootsTable {
  id: Generated<number>;
  device_id: number;
  /** JSON `[member, slot]` of the routing engine. */
  ident: string;
  member: string | null;
  slot: number | null;
  boot_time: string;
  reason: string | null;
  detected_at: string;
  run_id: number;
}

/** One installed-base import (SPEC §4). */
export interface IbImportsTable {
  id: Generated<number>;
  file: string;
  imported_at: string;
  /** sites | all */
  replace_mode: string;
  rows_read: number;
  records: number;
  rejected_rows: number;
  records_removed: number;
  /** JSON array of site ids. */
  sites_replaced: string;
}

/** One serial of the installed base (the current one: an import replaces rows, no history). */
export interface IbRecordsTable {
  serial_number: string;
  sku: string | null;
  description: string | null;
  site_id: string;
  site_name: string | null;
  /** `YYYY-MM-DD` */
  ship_date: string | null;
  warranty_end: string | null;
  parent_serial: string | null;
  /** The import that last wrote this record. */
  import_id: number;
  /** JSON array of the file's line numbers. */
  lines: string;
}

/** The contracts of one installed-base record, in file order (`position` from 0). */
export interface IbContractsTable {
  serial_number: string;
  position: number;
  contract_id: string | null;
  service_level: string | null;
  /** `YYYY-MM-DD` */
  start_date: string | null;
  end_date: string | null;
}

/** The counts of a reconciliation (SPEC §5 `summary`), shared by the overall and per-site rows. */
export interface ReconcileCountColumns {
  in_scope: number;
  matched: number;
  unregistered: number;
  missing: number;
  site_mismatch: number;
  product_mismatch: number;
  rma_suspected: number;
  not_verified: number;
  accuracy_pct: number;
}

export interface ReconciliationsTable extends ReconcileCountColumns {
  id: Generated<number>;
  at: string;
  /** How many items were stored with it. */
  items: number;
}

export interface ReconciliationSitesTable extends ReconcileCountColumns {
  reconciliation_id: number;
  /** Order of `perSite` as recorded, from 0. */
  position: number;
  site: string;
}

/** One item of a reconciliation (SPEC §5 `items[]`); stored order is the id order. */
export interface ReconciliationItemsTable {
  id: Generated<number>;
  reconciliation_id: number;
  status: string;
  serial_number: string;
  device: string | null;
  site: string | null;
  ib_site: string | null;
  kind: string | null;
  part_number: string | null;
  model_number: string | null;
  sku: string | null;
  contract: string | null;
  paired_with: string | null;
  detail: string;
}

/** One import of a catalog: `advisories` or `lifecycle`. */
export interface CatalogImportsTable {
  id: Generated<number>;
  catalog: string;
  imported_at: string;
  /** JSON array of the files read. */
  files: string;
  entries: number;
  replaced_all: number;
  /** JSON array of warnings (strings). */
  warnings: string;
}

/** One advisory (CVE record or catalog notice) as its JSON body (src/advisories/advisory-types.ts). */
export interface AdvisoriesTable {
  id: string;
  source: string;
  file: string;
  import_id: number;
  body: string;
}

/** One lifecycle catalog entry as its JSON body (src/lifecycle/lifecycle-types.ts). */
export interface LifecycleEntriesTable {
  /** hardware | software */
  kind: string;
  /** model | partNumber | train */
  key_type: string;
  /** The key, lower-cased. */
  key: string;
  import_id: number;
  body: string;
}

export interface ExposureRunsTable {
  id: Generated<number>;
  at: string;
  findings: number;
  /** JSON ExposureCounts. */
  summary: string;
  /** JSON array of ExposureCounts & { site }. */
  per_site: string;
  /** JSON array of strings. */
  notes: string;
}

export interface ExposureFindingsTable {
  id: Generated<number>;
  exposure_run_id: number;
  finding_key: string;
  kind: string;
  device: string;
  site: string | null;
  severity: string;
  status: string;
  /** JSON Finding. */
  body: string;
}

export interface FindingFirstSeenTable {
  finding_key: string;
  first_seen: string;
  last_seen: string;
}

export interface Database {
  sites: SitesTable;
  devices: DevicesTable;
  runs: RunsTable;
  device_runs: DeviceRunsTable;
  collector_runs: CollectorRunsTable;
  latest_records: LatestRecordsTable;
  components: ComponentsTable;
  component_moves: ComponentMovesTable;
  software: SoftwareTable;
  config_snapshots: ConfigSnapshotsTable;
  config_changes: ConfigChangesTable;
  alarms: AlarmsTable;
  core_dumps: CoreDumpsTable;
  reboots: RebootsTable;
  ib_imports: IbImportsTable;
  ib_records: IbRecordsTable;
  ib_contracts: IbContractsTable;
  reconciliations: ReconciliationsTable;
  reconciliation_sites: ReconciliationSitesTable;
  reconciliation_items: ReconciliationItemsTable;
  catalog_imports: CatalogImportsTable;
  advisories: AdvisoriesTable;
  lifecycle_entries: LifecycleEntriesTable;
  exposure_runs: ExposureRunsTable;
  exposure_findings: ExposureFindingsTable;
  finding_first_seen: FindingFirstSeenTable;
}
