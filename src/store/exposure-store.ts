/**
 * Exposure in the store (issue 6): the loaded catalogs (advisories, lifecycle entries), the
 * snapshot of the devices that exposure reads, and stored exposure runs with their findings.
 *
 * Rules:
 *  - Catalog entries are kept as their JSON body keyed by id (advisories) or (kind, key type,
 *    lower-cased key) (lifecycle). An import replaces the entries it carries and keeps the others;
 *    `replaceAll` clears that catalog first. Every import is recorded (files, count, warnings).
 *  - The snapshot is read in ONE read transaction: the devices of the current inventory with model,
 *    OS, version and status; the current software per member; every current component (placeholder
 *    serials too: a BUILTIN card still has an end of support); the set lines of each device's
 *    current configuration (null when never collected or the device refused set format); and the
 *    contracts of the installed-base records whose serial is on a current component.
 *  - Recording a run: each finding's `firstSeen` is the first_seen of its key in
 *    `finding_first_seen` (inserted at this run's time when new), and the key's last_seen moves to
 *    this run. Written through raw prepared statements in one transaction (a large fleet on old
 *    releases has millions of findings: 10,000 devices × ~200 advisories each).
 *  - Findings are kept for the latest FINDINGS_KEPT_RUNS runs only (reports read the latest; the
 *    one before lets a report say what is new); older runs keep their counts (the trend) until
 *    retention removes them. First-seen days live in `finding_first_seen`, not in old findings.
 */
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import type { ExposureCounts, ExposureResult, Finding, StoredExposureRun } from '../analysis/exposure-types.js';
import type { IbContract } from '../installed-base/installed-base-types.js';
import { inReadSnapshot } from './read-snapshot.js';
import { isoTime, type Db, type RawDb } from './store-transaction.js';

export type CatalogName = 'advisories' | 'lifecycle';

/** One catalog entry as stored: its identity columns and its JSON-serialisable body. */
export interface CatalogRow {
  /** advisories: the advisory id; lifecycle: the entry key (stored lower-cased). */
  key: string;
  /** advisories: `cve` | `catalog`; lifecycle: `hardware` | `software`. */
  group: string;
  /** advisories: the file it came from; lifecycle: the key type (`model`, `partNumber`, `train`). */
  detail: string;
  body: unknown;
}

export interface CatalogImportMeta {
  files: string[];
  importedAt: string;
  replaceAll: boolean;
  warnings: string[];
}

export interface CatalogImportSummary {
  importId: number;
  catalog: CatalogName;
  importedAt: string;
  files: string[];
  entries: number;
  replacedAll: boolean;
  warnings: number;
  /** Entries in the catalog after the import. */
  total: number;
}

export function importCatalogIn(raw: RawDb, catalog: CatalogName, rows: readonly CatalogRow[], meta: CatalogImportMeta): CatalogImportSummary {
  const at = isoTime(meta.importedAt, 'importedAt');
  const table = catalog === 'advisories' ? 'advisories' : 'lifecycle_entries';
  if (meta.replaceAll) raw.prepare(`DELETE FROM ${table}`).run();
  const importId = Number(
    raw
      .prepare('INSERT INTO catalog_imports (catalog, imported_at, files, entries, replaced_all, warnings) VALUES (?, ?, ?, ?, ?, ?)')
      .run(catalog, at, JSON.stringify(meta.files), rows.length, meta.replaceAll ? 1 : 0, JSON.stringify(meta.warnings)).lastInsertRowid,
  );
  const insert =
    catalog === 'advisories'
      ? raw.prepare('INSERT OR REPLACE INTO advisories (id, source, file, import_id, body) VALUES (?, ?, ?, ?, ?)')
      : raw.prepare('INSERT OR REPLACE INTO lifecycle_entries (key, kind, key_type, import_id, body) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows) {
    const key = catalog === 'advisories' ? r.key : r.key.trim().toLowerCase();
    insert.run(key, r.group, r.detail, importId, JSON.stringify(r.body));
  }
  const total = (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { importId, catalog, importedAt: at, files: meta.files, entries: rows.length, replacedAll: meta.replaceAll, warnings: meta.warnings.length, total };
}

/** Every stored body of a catalog, in key order. */
export async function catalogBodies(db: Db, catalog: CatalogName): Promise<unknown[]> {
  const rows =
    catalog === 'advisories'
      ? await db.selectFrom('advisories').select('body').orderBy('id').execute()
      : await db.selectFrom('lifecycle_entries').select('body').orderBy('kind').orderBy('key_type').orderBy('key').execute();
  return rows.map((r) => JSON.parse(r.body) as unknown);
}

export async function catalogImports(db: Db): Promise<CatalogImportSummary[]> {
  const rows = await db.selectFrom('catalog_imports').selectAll().orderBy('imported_at').orderBy('id').execute();
  return rows.map((r) => ({
    importId: r.id,
    catalog: r.catalog as CatalogName,
    importedAt: r.imported_at,
    files: JSON.parse(r.files) as string[],
    entries: r.entries,
    replacedAll: r.replaced_all === 1,
    warnings: (JSON.parse(r.warnings) as string[]).length,
    total: r.entries,
  }));
}

export interface ExposureDevice {
  name: string;
  site: string | null;
  model: string | null;
  os: string | null;
  version: string | null;
  /** ok | partial | failed | null (never collected). */
  lastStatus: string | null;
  lastCollected: string | null;
  /** The current configuration's set lines; null when none is stored in set form. */
  setLines: string[] | null;
}

export interface ExposureSoftware {
  device: string;
  member: string | null;
  model: string | null;
  version: string | null;
}

export interface ExposureComponent {
  device: string;
  path: string[];
  kind: ComponentKind;
  serialNumber: string | null;
  serialPlaceholder: boolean;
  partNumber: string | null;
  modelNumber: string | null;
  description: string | null;
}

export interface ExposureSnapshot {
  devices: ExposureDevice[];
  software: ExposureSoftware[];
  components: ExposureComponent[];
  /** Installed-base contracts of serials on current components, by serial. */
  contracts: Map<string, { siteId: string; sku: string | null; contracts: IbContract[] }>;
}

export function exposureSnapshot(db: Db): Promise<ExposureSnapshot> {
  return inReadSnapshot(db, async (conn) => {
    const deviceRows = await conn
      .selectFrom('devices')
      .leftJoin('config_snapshots as cfg', 'cfg.id', 'devices.config_snapshot_id')
      .select(['devices.name', 'devices.site_id', 'devices.model', 'devices.os', 'devices.version', 'devices.last_status', 'devices.last_collected', 'cfg.set_lines'])
      .where('devices.in_inventory', '=', 1)
      .orderBy('devices.name')
      .execute();
    const softwareRows = await conn
      .selectFrom('software')
      .innerJoin('devices', 'devices.id', 'software.device_id')
      .select(['devices.name', 'software.member', 'software.model', 'devices.model as device_model', 'software.version'])
      .where('devices.in_inventory', '=', 1)
      .where('software.ended_at', 'is', null)
      .orderBy('devices.name')
      .orderBy('software.member')
      .execute();
    const componentRows = await conn
      .selectFrom('components')
      .innerJoin('devices', 'devices.id', 'components.device_id')
      .select(['devices.name', 'components.path', 'components.kind', 'components.serial_number', 'components.serial_placeholder',
        'components.part_number', 'components.model_number', 'components.description'])
      .where('devices.in_inventory', '=', 1)
      .where('components.removed_at', 'is', null)
      .orderBy('devices.name')
      .orderBy('components.position')
      .orderBy('components.id')
      .execute();
    const contractRows = await conn
      .selectFrom('ib_records as r')
      .leftJoin('ib_contracts as c', 'c.serial_number', 'r.serial_number')
      .select(['r.serial_number', 'r.site_id', 'r.sku', 'c.contract_id', 'c.service_level', 'c.start_date', 'c.end_date'])
      .where('r.serial_number', 'in', (eb) =>
        eb.selectFrom('components').innerJoin('devices', 'devices.id', 'components.device_id').select('components.serial_number')
          .where('devices.in_inventory', '=', 1).where('components.removed_at', 'is', null).where('components.serial_placeholder', '=', 0)
          .where('components.serial_number', 'is not', null).$narrowType<{ serial_number: string }>())
      .orderBy('r.serial_number')
      .orderBy('c.position')
      .execute();
    const contracts: ExposureSnapshot['contracts'] = new Map();
    for (const r of contractRows) {
      let entry = contracts.get(r.serial_number);
      if (entry === undefined) contracts.set(r.serial_number, (entry = { siteId: r.site_id, sku: r.sku, contracts: [] }));
      if (r.contract_id !== null || r.service_level !== null || r.start_date !== null || r.end_date !== null) {
        entry.contracts.push({ contractId: r.contract_id, serviceLevel: r.service_level, start: r.start_date, end: r.end_date });
      }
    }
    return {
      devices: deviceRows.map((d) => ({
        name: d.name, site: d.site_id, model: d.model, os: d.os, version: d.version, lastStatus: d.last_status, lastCollected: d.last_collected,
        setLines: d.set_lines === null ? null : (JSON.parse(d.set_lines) as string[]),
      })),
      software: softwareRows.map((s) => ({ device: s.name, member: s.member, model: s.model ?? s.device_model, version: s.version })),
      components: componentRows.map((c) => ({
        device: c.name, path: JSON.parse(c.path) as string[], kind: c.kind as ComponentKind, serialNumber: c.serial_number,
        serialPlaceholder: c.serial_placeholder === 1, partNumber: c.part_number, modelNumber: c.model_number, description: c.description,
      })),
      contracts,
    };
  });
}

/** Runs whose findings are kept (see the header). */
export const FINDINGS_KEPT_RUNS = 2;

/** Stores one exposure run; fills each finding's firstSeen (see the header); returns the run id. */
export function recordExposureIn(raw: RawDb, result: ExposureResult, atText: string): number {
  const at = isoTime(atText, 'at');
  const runId = Number(
    raw
      .prepare('INSERT INTO exposure_runs (at, findings, summary, per_site, notes) VALUES (?, ?, ?, ?, ?)')
      .run(at, result.findings.length, JSON.stringify(result.summary), JSON.stringify(result.perSite), JSON.stringify(result.notes)).lastInsertRowid,
  );
  const firstSeen = raw.prepare('SELECT first_seen FROM finding_first_seen WHERE finding_key = ?').pluck();
  const insertKey = raw.prepare('INSERT INTO finding_first_seen (finding_key, first_seen, last_seen) VALUES (?, ?, ?)');
  const touchKey = raw.prepare('UPDATE finding_first_seen SET last_seen = ? WHERE finding_key = ? AND last_seen < ?');
  const insertFinding = raw.prepare(
    'INSERT INTO exposure_findings (exposure_run_id, finding_key, kind, device, site, severity, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const f of result.findings) {
    const known = firstSeen.get(f.key) as string | undefined;
    if (known === undefined) {
      insertKey.run(f.key, at, at);
      f.firstSeen = at;
    } else {
      touchKey.run(at, f.key, at);
      f.firstSeen = known < at ? known : at;
    }
    insertFinding.run(runId, f.key, f.kind, f.device, f.site, f.severity, f.status, JSON.stringify(f));
  }
  raw
    .prepare(`DELETE FROM exposure_findings WHERE exposure_run_id NOT IN
      (SELECT id FROM exposure_runs ORDER BY at DESC, id DESC LIMIT ${FINDINGS_KEPT_RUNS})`)
    .run();
  return runId;
}

/** Stored exposure runs (counts overall and per site), oldest first: the exposure trend. */
export async function exposureRuns(db: Db, last?: number): Promise<StoredExposureRun[]> {
  const all = db.selectFrom('exposure_runs').selectAll();
  const rows =
    last === undefined
      ? await all.orderBy('at').orderBy('id').execute()
      : (await all.orderBy('at', 'desc').orderBy('id', 'desc').limit(last).execute()).reverse();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    summary: JSON.parse(r.summary) as ExposureCounts,
    perSite: JSON.parse(r.per_site) as StoredExposureRun['perSite'],
    notes: JSON.parse(r.notes) as string[],
  }));
}

/** The findings of one stored exposure run, in stored order (empty for an unknown id). */
export async function exposureFindings(db: Db, runId: number): Promise<Finding[]> {
  const rows = await db.selectFrom('exposure_findings').select('body').where('exposure_run_id', '=', runId).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.body) as Finding);
}
