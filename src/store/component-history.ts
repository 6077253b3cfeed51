/**
 * Component history of one device from a successful chassis-inventory (inside recordDevice's
 * transaction). Identity across runs is (member, path, serialNumber): a matching current row is
 * kept (attributes updated in place when they changed), an unmatched new item is a new row
 * (first-seen = this collection), an unmatched current row is removed (removed-at = this
 * collection, last-seen = the previous inventory). So a swapped FPC — another serial at the same
 * path — is the old row removed and a new one added. A new row whose real serial was seen before
 * at another device or path records a move (component_moves; changes() reports it once the old
 * location no longer shows it).
 *
 * Guards that keep what was known: an empty inventory changes nothing, and in a multi-RE reply
 * (cluster nodes) the rows of a member absent from the whole reply (a node that did not answer)
 * are kept, with their last-seen frozen. An inventory identical to the previous one (same hash)
 * costs no reads or writes here: the device's `inventory_at` carries the last-seen of its rows.
 */
import { createHash } from 'node:crypto';
import type { InventoryComponent } from '../../collectors/chassis-inventory.js';
import type { ComponentKind } from '../../collectors/chassis-inventory-kind.js';
import type { ComponentsTable } from './database-schema.js';
import type { StoredComponent } from './store-api.js';
import { QueryTemplate, RowsTemplate } from './query-templates.js';
import { idBatches, rowBatches, type Db } from './store-transaction.js';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type ComponentRow = Selectable<ComponentsTable>;

export interface InventoryContext {
  deviceId: number;
  deviceName: string;
  runId: number;
  at: string;
  /** The device's previous successful inventory time and hash. */
  previousAt: string | null;
  previousHash: string | null;
}

export interface InventoryResult {
  hash: string;
  chassisSerial: string | null;
  added: number;
  removed: number;
}

export function inventoryHash(components: readonly InventoryComponent[]): string {
  return createHash('sha1').update(JSON.stringify(components)).digest('hex');
}

/** The chassis serial (SPEC §2.5): node0's in a cluster, else the first chassis item's. */
export function chassisSerialOf(components: readonly InventoryComponent[]): string | null {
  let first: InventoryComponent | undefined;
  for (const c of components) {
    if (c.kind !== 'chassis') continue;
    if (c.member === 'node0') return c.serialNumber;
    first ??= c;
  }
  return first?.serialNumber ?? null;
}

export function componentIdent(c: { member: string | null; path: readonly string[]; serialNumber: string | null }): string {
  return JSON.stringify([c.member, c.path, c.serialNumber]);
}

function isRealSerial(c: InventoryComponent): c is InventoryComponent & { serialNumber: string } {
  return c.serialNumber !== null && !c.serialPlaceholder;
}

type Attributes = Pick<ComponentsTable, 'name' | 'kind' | 'part_number' | 'serial_placeholder' | 'model_number' | 'version' | 'description' | 'clei_code'>;

function attributesOf(c: InventoryComponent): Attributes {
  return {
    name: c.name,
    kind: c.kind,
    part_number: c.partNumber,
    serial_placeholder: c.serialPlaceholder ? 1 : 0,
    model_number: c.modelNumber,
    version: c.version,
    description: c.description,
    clei_code: c.cleiCode,
  };
}

function sameAttributes(row: ComponentRow, a: Attributes): boolean {
  return (
    row.name === a.name &&
    row.kind === a.kind &&
    row.part_number === a.part_number &&
    row.serial_placeholder === a.serial_placeholder &&
    row.model_number === a.model_number &&
    row.version === a.version &&
    row.description === a.description &&
    row.clei_code === a.clei_code
  );
}

/** A stored row as the API shows it; `inventoryAt` is the device's last successful inventory. */
export function storedComponent(row: ComponentRow, inventoryAt: string | null): StoredComponent {
  return {
    member: row.member,
    path: JSON.parse(row.path) as string[],
    name: row.name,
    kind: row.kind as ComponentKind,
    partNumber: row.part_number,
    serialNumber: row.serial_number,
    serialPlaceholder: row.serial_placeholder === 1,
    modelNumber: row.model_number,
    version: row.version,
    description: row.description,
    cleiCode: row.clei_code,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen ?? inventoryAt ?? row.first_seen,
    removedAt: row.removed_at,
  };
}

const SELECT_CURRENT = new QueryTemplate<ComponentRow>(1, (db, s) =>
  db.selectFrom('components').selectAll().where('device_id', '=', s(0)).where('removed_at', 'is', null),
);

const COMPONENT_COLUMNS = [
  'device_id', 'ident', 'member', 'path', 'position', 'name', 'kind', 'part_number', 'serial_number', 'serial_placeholder', 'model_number',
  'version', 'description', 'clei_code', 'first_seen', 'first_run_id', 'last_seen', 'removed_at', 'removed_run_id',
] as const satisfies readonly (keyof ComponentsTable)[];

const INSERT_COMPONENTS = new RowsTemplate<Insertable<ComponentsTable>, { id: number; position: number }>(COMPONENT_COLUMNS, (db, rows) =>
  db.insertInto('components').values(rows).returning(['id', 'position']),
);

/** Applies a successful, non-empty inventory. Callers skip empty ones (see the header). */
export async function applyInventory(trx: Db, ctx: InventoryContext, components: readonly InventoryComponent[]): Promise<InventoryResult> {
  const hash = inventoryHash(components);
  const chassisSerial = chassisSerialOf(components);
  if (hash === ctx.previousHash) return { hash, chassisSerial, added: 0, removed: 0 };

  const current = await SELECT_CURRENT.execute(trx, [ctx.deviceId]);
  const byIdent = new Map<string, ComponentRow[]>();
  for (const row of current) {
    const queue = byIdent.get(row.ident);
    if (queue) queue.push(row);
    else byIdent.set(row.ident, [row]);
  }

  const matched = new Set<number>();
  const inserts: Insertable<ComponentsTable>[] = [];
  const updates: { id: number; values: Updateable<ComponentsTable> }[] = [];
  components.forEach((c, position) => {
    const ident = componentIdent(c);
    const row = byIdent.get(ident)?.shift();
    const attributes = attributesOf(c);
    if (row === undefined) {
      inserts.push({
        device_id: ctx.deviceId,
        ident,
        member: c.member,
        path: JSON.stringify(c.path),
        position,
        serial_number: c.serialNumber,
        ...attributes,
        first_seen: ctx.at,
        first_run_id: ctx.runId,
        last_seen: null,
        removed_at: null,
        removed_run_id: null,
      });
      return;
    }
    matched.add(row.id);
    if (!sameAttributes(row, attributes) || row.position !== position || row.last_seen !== null) {
      updates.push({ id: row.id, values: { ...attributes, position, last_seen: null } });
    }
  });

  // members of a multi-RE reply that are absent from it did not answer: keep their rows
  const members = new Set(components.map((c) => c.member));
  const multiMember = components.some((c) => c.member !== null);
  const removed: number[] = [];
  const frozen: number[] = [];
  for (const row of current) {
    if (matched.has(row.id)) continue;
    if (multiMember && row.member !== null && !members.has(row.member)) {
      if (row.last_seen === null) frozen.push(row.id);
    } else removed.push(row.id);
  }
  const previousAt = ctx.previousAt ?? ctx.at;

  for (const ids of idBatches(removed)) {
    await trx
      .updateTable('components')
      .set((eb) => ({ removed_at: ctx.at, removed_run_id: ctx.runId, last_seen: eb.fn.coalesce('last_seen', eb.val(previousAt)) }))
      .where('id', 'in', ids)
      .execute();
  }
  for (const ids of idBatches(frozen)) {
    await trx.updateTable('components').set({ last_seen: previousAt }).where('id', 'in', ids).execute();
  }
  for (const update of updates) await trx.updateTable('components').set(update.values).where('id', '=', update.id).execute();

  const insertedIds = new Map<number, number>(); // position → id
  for (const r of await INSERT_COMPONENTS.execute(trx, inserts)) insertedIds.set(r.position, r.id);
  await recordMoves(trx, ctx, components, insertedIds);
  return { hash, chassisSerial, added: inserts.length, removed: removed.length };
}

/** Moves: each new row with a real serial that an older row (another device or path) carried. */
async function recordMoves(trx: Db, ctx: InventoryContext, components: readonly InventoryComponent[], insertedIds: Map<number, number>): Promise<void> {
  const added: { position: number; component: InventoryComponent & { serialNumber: string } }[] = [];
  for (const [position] of insertedIds) {
    const component = components[position]!;
    if (isRealSerial(component)) added.push({ position, component });
  }
  if (added.length === 0) return;
  const serials = [...new Set(added.map((a) => a.component.serialNumber))];
  const candidates: (ComponentRow & { device_name: string })[] = [];
  for (const chunk of idBatches(serials)) {
    const rows = await trx
      .selectFrom('components')
      .innerJoin('devices', 'devices.id', 'components.device_id')
      .selectAll('components')
      .select('devices.name as device_name')
      .where('components.serial_number', 'in', chunk)
      .where('components.first_run_id', '!=', ctx.runId)
      .execute();
    candidates.push(...rows);
  }
  if (candidates.length === 0) return;
  // current rows first, then the most recently removed
  candidates.sort((a, b) => (a.removed_at === null ? 0 : 1) - (b.removed_at === null ? 0 : 1) || (b.removed_at ?? '').localeCompare(a.removed_at ?? '') || b.id - a.id);
  const moves = [];
  for (const { position, component } of added) {
    const toPath = JSON.stringify(component.path);
    const from = candidates.find(
      (r) => r.serial_number === component.serialNumber && !(r.device_id === ctx.deviceId && r.member === component.member && r.path === toPath),
    );
    if (from === undefined) continue;
    moves.push({
      serial_number: component.serialNumber,
      from_component_id: from.id,
      to_component_id: insertedIds.get(position)!,
      from_device: from.device_name,
      from_path: from.path,
      to_device: ctx.deviceName,
      to_path: toPath,
      run_id: ctx.runId,
      at: ctx.at,
    });
  }
  for (const rows of rowBatches(moves)) await trx.insertInto('component_moves').values(rows).execute();
}
