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
import type { Selectable } from 'kysely';
import type { ComponentsTable } from './database-schema.js';
import type { StoredComponent } from './store-api.js';
import type { RawDb } from './store-transaction.js';

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

type Value = string | number | null;

/** The statements of this file, prepared once per store. */
export class ComponentStatements {
  readonly selectCurrent;
  readonly remove;
  readonly freeze;
  readonly update;
  readonly insert;
  readonly moveCandidates;
  readonly insertMove;

  constructor(raw: RawDb) {
    this.selectCurrent = raw.prepare<[number], ComponentRow>('SELECT * FROM components WHERE device_id = ? AND removed_at IS NULL');
    this.remove = raw.prepare<[string, number, string, number]>(
      'UPDATE components SET removed_at = ?, removed_run_id = ?, last_seen = coalesce(last_seen, ?) WHERE id = ?',
    );
    this.freeze = raw.prepare<[string, number]>('UPDATE components SET last_seen = ? WHERE id = ?');
    this.update = raw.prepare<Value[]>(
      `UPDATE components SET name = ?, kind = ?, part_number = ?, serial_placeholder = ?, model_number = ?, version = ?, description = ?,
         clei_code = ?, position = ?, last_seen = NULL WHERE id = ?`,
    );
    this.insert = raw.prepare<Value[]>(
      `INSERT INTO components (device_id, ident, member, path, position, serial_number, name, kind, part_number, serial_placeholder,
         model_number, version, description, clei_code, first_seen, first_run_id, last_seen, removed_at, removed_run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)`,
    );
    // the serials as one JSON array parameter: one statement for any number of them
    this.moveCandidates = raw.prepare<[string, number], ComponentRow & { device_name: string }>(
      `SELECT components.*, devices.name AS device_name FROM components JOIN devices ON devices.id = components.device_id
       WHERE components.serial_number IN (SELECT value FROM json_each(?)) AND components.first_run_id != ?`,
    );
    this.insertMove = raw.prepare<[string, number, number, string, string, string, string, number, string]>(
      `INSERT INTO component_moves (serial_number, from_component_id, to_component_id, from_device, from_path, to_device, to_path, run_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }
}

function attributeValues(a: Attributes): Value[] {
  return [a.name, a.kind, a.part_number, a.serial_placeholder, a.model_number, a.version, a.description, a.clei_code];
}

/** Applies a successful, non-empty inventory. Callers skip empty ones (see the header). */
export function applyInventory(st: ComponentStatements, ctx: InventoryContext, components: readonly InventoryComponent[]): InventoryResult {
  const hash = inventoryHash(components);
  const chassisSerial = chassisSerialOf(components);
  if (hash === ctx.previousHash) return { hash, chassisSerial, added: 0, removed: 0 };

  const current = st.selectCurrent.all(ctx.deviceId);
  const byIdent = new Map<string, ComponentRow[]>();
  for (const row of current) {
    const queue = byIdent.get(row.ident);
    if (queue) queue.push(row);
    else byIdent.set(row.ident, [row]);
  }

  const matched = new Set<number>();
  const inserts: { position: number; ident: string; attributes: Attributes }[] = [];
  const updates: { id: number; position: number; attributes: Attributes }[] = [];
  components.forEach((c, position) => {
    const ident = componentIdent(c);
    const row = byIdent.get(ident)?.shift();
    const attributes = attributesOf(c);
    if (row === undefined) {
      inserts.push({ position, ident, attributes });
      return;
    }
    matched.add(row.id);
    if (!sameAttributes(row, attributes) || row.position !== position || row.last_seen !== null) updates.push({ id: row.id, position, attributes });
  });

  // members of a multi-RE reply that are absent from it did not answer: keep their rows
  const members = new Set(components.map((c) => c.member));
  const multiMember = components.some((c) => c.member !== null);
  const previousAt = ctx.previousAt ?? ctx.at;
  let removed = 0;
  for (const row of current) {
    if (matched.has(row.id)) continue;
    if (multiMember && row.member !== null && !members.has(row.member)) {
      if (row.last_seen === null) st.freeze.run(previousAt, row.id);
    } else {
      st.remove.run(ctx.at, ctx.runId, previousAt, row.id);
      removed++;
    }
  }
  for (const u of updates) st.update.run(...attributeValues(u.attributes), u.position, u.id);

  const insertedIds = new Map<number, number>(); // position → id
  for (const { position, ident, attributes } of inserts) {
    const c = components[position]!;
    const values = [ctx.deviceId, ident, c.member, JSON.stringify(c.path), position, c.serialNumber, ...attributeValues(attributes), ctx.at, ctx.runId];
    insertedIds.set(position, Number(st.insert.run(...values).lastInsertRowid));
  }
  recordMoves(st, ctx, components, insertedIds);
  return { hash, chassisSerial, added: inserts.length, removed };
}

/** Moves: each new row with a real serial that an older row (another device or path) carried. */
function recordMoves(st: ComponentStatements, ctx: InventoryContext, components: readonly InventoryComponent[], insertedIds: Map<number, number>): void {
  const added: { position: number; component: InventoryComponent & { serialNumber: string } }[] = [];
  for (const [position] of insertedIds) {
    const component = components[position]!;
    if (isRealSerial(component)) added.push({ position, component });
  }
  if (added.length === 0) return;
  const serials = [...new Set(added.map((a) => a.component.serialNumber))];
  const candidates = st.moveCandidates.all(JSON.stringify(serials), ctx.runId);
  if (candidates.length === 0) return;
  // current rows first, then the most recently removed
  candidates.sort((a, b) => (a.removed_at === null ? 0 : 1) - (b.removed_at === null ? 0 : 1) || (b.removed_at ?? '').localeCompare(a.removed_at ?? '') || b.id - a.id);
  for (const { position, component } of added) {
    const toPath = JSON.stringify(component.path);
    const from = candidates.find(
      (r) => r.serial_number === component.serialNumber && !(r.device_id === ctx.deviceId && r.member === component.member && r.path === toPath),
    );
    if (from === undefined) continue;
    st.insertMove.run(component.serialNumber, from.id, insertedIds.get(position)!, from.device_name, from.path, ctx.deviceName, toPath, ctx.runId, ctx.at);
  }
}
