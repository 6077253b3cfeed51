/**
 * Reconciliation in the store (SPEC §5): the snapshot of what the devices reported that reconcile
 * reads, and the stored reconciliations (summary, per site, every item) for trends and reports.
 *
 * Snapshot rules:
 *  - Devices: those of the current inventory (`in_inventory = 1`), by name, with their site.
 *  - `inventoryCurrent` is true when ALL of: the device's latest attempt did not fail
 *    (`devices.last_status` ok or partial — a failed attempt, e.g. no connection, makes it stale);
 *    the latest outcome of its chassis-inventory collector (`latest_records`) is `ok`; and that
 *    outcome's inventory is the one stored (`devices.inventory_at` = the outcome's time — an empty
 *    inventory reply, which keeps the older components, or an ok reply of a device whose attempt
 *    failed, stores nothing). A latest run that did not ask for chassis-inventory at all (a
 *    `--collectors` subset) on a reachable device leaves the inventory current: nothing says it
 *    changed. Never collected: false. `lastCollected` is `inventory_at` (when the components were seen).
 *  - Components: the current ones (`removed_at IS NULL`) of those devices with a real serial
 *    (`serial_placeholder = 0`, serial not null), every kind, in device then inventory order. A
 *    stale device keeps its components (reconcile marks what they cover as not verified).
 * Stored reconciliations name devices and sites by value: no foreign key to device history, so
 * pruning it never touches them. Items are written as large multi-row INSERTs compiled once
 * (multi-row-insert.ts) and read back in stored order, in pages of one JSON text each.
 */
import { sql, type Insertable } from 'kysely';
import type { ComponentKind } from '../../collectors/chassis-inventory.js';
import type {
  ContractState, ReconcileCounts, ReconcileDevice, ReconcileItem, ReconcileResult, ReconcileStatus, SeenComponent, StoredReconciliation,
} from '../analysis/reconcile-types.js';
import type { ReconcileCountColumns, ReconciliationSitesTable } from './database-schema.js';
import { MultiRowInsert } from './multi-row-insert.js';
import { inReadSnapshot } from './read-snapshot.js';
import { isoTime, rowBatches, type Db } from './store-transaction.js';

/** Items written per round (bounds the rows built in memory at once). */
const SLICE = 10_000;
/** Items read per query. */
const READ_PAGE = 20_000;

const INSERT_ITEMS = new MultiRowInsert(
  'reconciliation_items',
  ['reconciliation_id', 'status', 'serial_number', 'device', 'site', 'ib_site', 'kind', 'part_number', 'model_number', 'sku', 'contract', 'paired_with', 'detail'],
  150,
);

export async function reconcileSnapshot(db: Db): Promise<{ devices: ReconcileDevice[]; components: SeenComponent[] }> {
  return inReadSnapshot(db, async (conn) => {
    const deviceRows = await conn
      .selectFrom('devices')
      .leftJoin('latest_records as inv', (join) => join.onRef('inv.device_id', '=', 'devices.id').on('inv.collector', '=', 'chassis-inventory'))
      .select(['devices.name', 'devices.site_id', 'devices.last_status', 'devices.inventory_at', 'inv.status as inventory_status', 'inv.at as inventory_outcome_at'])
      .where('devices.in_inventory', '=', 1)
      .orderBy('devices.name')
      .execute();
    const componentRows = await conn
      .selectFrom('components')
      .innerJoin('devices', 'devices.id', 'components.device_id')
      .select(['devices.name', 'components.serial_number', 'components.kind', 'components.path', 'components.part_number', 'components.model_number', 'components.description'])
      .where('devices.in_inventory', '=', 1)
      .where('components.removed_at', 'is', null)
      .where('components.serial_placeholder', '=', 0)
      .where('components.serial_number', 'is not', null)
      .orderBy('devices.name')
      .orderBy('components.position')
      .orderBy('components.id')
      .execute();
    const devices = deviceRows.map((d): ReconcileDevice => ({
      name: d.name,
      site: d.site_id,
      inventoryCurrent:
        (d.last_status === 'ok' || d.last_status === 'partial') &&
        d.inventory_status === 'ok' &&
        d.inventory_at !== null &&
        d.inventory_at === d.inventory_outcome_at,
      lastCollected: d.inventory_at,
    }));
    const components = componentRows.map((c): SeenComponent => ({
      device: c.name,
      serialNumber: c.serial_number!,
      kind: c.kind as ComponentKind,
      path: JSON.parse(c.path) as string[],
      partNumber: c.part_number,
      modelNumber: c.model_number,
      description: c.description,
    }));
    return { devices, components };
  });
}

function countColumns(c: ReconcileCounts): ReconcileCountColumns {
  return {
    in_scope: c.inScope, matched: c.matched, unregistered: c.unregistered, missing: c.missing, site_mismatch: c.siteMismatch,
    product_mismatch: c.productMismatch, rma_suspected: c.rmaSuspected, not_verified: c.notVerified, accuracy_pct: c.accuracyPct,
  };
}

function countsOf(r: ReconcileCountColumns): ReconcileCounts {
  return {
    inScope: r.in_scope, matched: r.matched, unregistered: r.unregistered, missing: r.missing, siteMismatch: r.site_mismatch,
    productMismatch: r.product_mismatch, rmaSuspected: r.rma_suspected, notVerified: r.not_verified, accuracyPct: r.accuracy_pct,
  };
}

/** Stores one reconciliation inside the caller's write transaction; returns its id. */
export async function recordReconciliationIn(trx: Db, result: ReconcileResult, at: string): Promise<number> {
  const { id } = await trx
    .insertInto('reconciliations')
    .values({ at: isoTime(at, 'at'), ...countColumns(result.summary), items: result.items.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sites: Insertable<ReconciliationSitesTable>[] = result.perSite.map((s, position) => ({ reconciliation_id: id, position, site: s.site, ...countColumns(s) }));
  for (const rows of rowBatches(sites)) await trx.insertInto('reconciliation_sites').values(rows).execute();
  for (let start = 0; start < result.items.length; start += SLICE) {
    // flat values in the column order of INSERT_ITEMS
    const values: unknown[] = [];
    for (let i = start; i < Math.min(start + SLICE, result.items.length); i++) {
      const t = result.items[i]!;
      values.push(id, t.status, t.serialNumber, t.device, t.site, t.ibSite, t.kind, t.partNumber, t.modelNumber, t.sku, t.contract, t.pairedWith, t.detail);
    }
    await INSERT_ITEMS.execute(trx, values);
  }
  return id;
}

/** Stored reconciliations with their per-site counts, oldest first; with `last`, only the newest `last` of them. */
export function reconciliations(db: Db, last?: number): Promise<StoredReconciliation[]> {
  return inReadSnapshot(db, async (conn) => {
    const all = conn.selectFrom('reconciliations').selectAll();
    const rows =
      last === undefined
        ? await all.orderBy('at').orderBy('id').execute()
        : (await all.orderBy('at', 'desc').orderBy('id', 'desc').limit(last).execute()).reverse();
    if (rows.length === 0) return [];
    let sites = conn.selectFrom('reconciliation_sites').selectAll();
    if (last !== undefined) sites = sites.where('reconciliation_id', 'in', rows.map((r) => r.id));
    const siteRows = await sites.orderBy('reconciliation_id').orderBy('position').execute();
    const perSite = new Map<number, StoredReconciliation['perSite']>();
    for (const s of siteRows) {
      let list = perSite.get(s.reconciliation_id);
      if (list === undefined) perSite.set(s.reconciliation_id, (list = []));
      list.push({ site: s.site, ...countsOf(s) });
    }
    return rows.map((r) => ({ id: r.id, at: r.at, summary: countsOf(r), perSite: perSite.get(r.id) ?? [] }));
  });
}

type ItemTuple = [number, string, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string];

/**
 * The items of one reconciliation in stored order; empty for an unknown id (or one whose items
 * were pruned). Pages by item id (keyset), each handed over by SQLite as ONE JSON text of row
 * arrays (far cheaper than a JS object per row and column).
 */
export function reconciliationItems(db: Db, id: number): Promise<ReconcileItem[]> {
  return inReadSnapshot(db, async (conn) => {
    const out: ReconcileItem[] = [];
    let after = 0;
    for (;;) {
      const { rows } = await sql<{ page: string }>`select json_group_array(json_array(id, status, serial_number, device, site, ib_site, kind, part_number,
          model_number, sku, contract, paired_with, detail) order by id) as page
        from (select * from reconciliation_items where reconciliation_id = ${id} and id > ${after} order by id limit ${READ_PAGE})`.execute(conn);
      const page = JSON.parse(rows[0]!.page) as ItemTuple[];
      for (const t of page) {
        out.push({
          status: t[1] as ReconcileStatus, serialNumber: t[2], device: t[3], site: t[4], ibSite: t[5], kind: t[6] as ComponentKind | null,
          partNumber: t[7], modelNumber: t[8], sku: t[9], contract: t[10] as ContractState | null, pairedWith: t[11], detail: t[12],
        });
      }
      if (page.length < READ_PAGE) break;
      after = page[page.length - 1]![0];
    }
    return out;
  });
}
