/**
 * chassis-inventory: every part of the device down to transceivers (SPEC §2.2).
 *
 * RPC: `<get-chassis-inventory/>` (`show chassis hardware`), one request, no alternatives — the
 * plain RPC already covers every RE, VC member (as `FPC n`) and SRX cluster node (as a
 * `multi-routing-engine-results` item per node).
 *
 * Records: `{components: [...]}`, one entry per item at every depth (chassis, chassis-module,
 * chassis-sub-module, -sub-sub-, -sub-sub-sub-module), in document order:
 *   {"member": "node0", "path": ["Chassis", "FPC 0", "PIC 0", "Xcvr 8"], "name": "Xcvr 8",
 *    "kind": "transceiver", "partNumber": "740-011614", "serialNumber": "PMB3J7Q1K",
 *    "serialPlaceholder": false, "modelNumber": null, "version": "REV 01",
 *    "description": "SFP-LX10", "cleiCode": null}
 *  - member: the `re-name` of the enclosing multi-RE item (SRX cluster `node0`), else null
 *    (also for an item without `re-name`); empty items (no inventory, no error) add nothing.
 *  - kind: chassis-inventory-kind.ts; serialNumber trimmed, null when absent or empty;
 *    serialPlaceholder true for BUILTIN, NONE, N/A, all-zero... (kept as reported).
 *
 * Whole-reply failures: a backup RE's "only on the master" `<output>` → RE_NOT_MASTER; a bare
 * `<error>` element instead of an inventory → RPC_ERROR; nothing recognisable → PARSE_ERROR.
 * A member that answered with an `rpc-error` beside others with data is a partial reply: the
 * other members' components are returned, the error travels in the outcome's `errors`.
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import { child, childrenNamed, childText, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import { componentKind, isPlaceholderSerial, type ComponentKind } from './chassis-inventory-kind.js';
import type { Collector, CollectorReply } from './collector.js';
import { memberData, requireData } from './reply.js';

export type { ComponentKind } from './chassis-inventory-kind.js';

export interface InventoryComponent {
  member: string | null;
  path: string[];
  name: string | null;
  kind: ComponentKind;
  partNumber: string | null;
  serialNumber: string | null;
  serialPlaceholder: boolean;
  modelNumber: string | null;
  version: string | null;
  description: string | null;
  cleiCode: string | null;
}

export interface ChassisInventoryRecords {
  components: InventoryComponent[];
}

const INVENTORY = 'chassis-inventory';

/** `chassis-module`, `chassis-sub-module`, ... at any depth. */
function isModuleTag(name: string): boolean {
  return name.startsWith('chassis-') && name.endsWith('module');
}

/** Trimmed text, or null when blank (inline: this runs for every field of every item). */
function fieldText(element: XmlElement): string | null {
  const t = element.text.trim();
  return t.length > 0 ? t : null;
}

/**
 * A new array: `parent` and then `step`. Every record gets its own path array (records are
 * independent JSON data), made at its exact size: a spread grows it in steps (~140 bytes more
 * per record on the 5 MiB inventory of bench/parse.ts) and `concat` takes ten times as long.
 */
function extendedPath(parent: readonly string[], step: string): string[] {
  const n = parent.length;
  const path = new Array<string>(n + 1);
  for (let k = 0; k < n; k++) path[k] = parent[k]!;
  path[n] = step;
  return path;
}

/** Appends the item and, depth first, every module below it. */
function walk(item: XmlElement, member: string | null, parentPath: readonly string[], isChassis: boolean, out: InventoryComponent[]): void {
  let name: string | null = null;
  let partNumber: string | null = null;
  let serialNumber: string | null = null;
  let modelNumber: string | null = null;
  let version: string | null = null;
  let description: string | null = null;
  let cleiCode: string | null = null;
  let modules: XmlElement[] | null = null;
  for (const c of item.children) {
    switch (c.name) {
      case 'name': name = fieldText(c); break;
      case 'part-number': partNumber = fieldText(c); break;
      case 'serial-number': serialNumber = fieldText(c); break;
      case 'model-number': modelNumber = fieldText(c); break;
      case 'version': version = fieldText(c); break;
      case 'description': description = fieldText(c); break;
      case 'clei-code': cleiCode = fieldText(c); break;
      default:
        if (isModuleTag(c.name)) (modules ??= []).push(c);
    }
  }
  // an item without a name is still reported; its path step is its element name
  const path = extendedPath(parentPath, name ?? item.name);
  out.push({
    member,
    path,
    name,
    kind: isChassis ? 'chassis' : componentKind(name),
    partNumber,
    serialNumber,
    serialPlaceholder: isPlaceholderSerial(serialNumber),
    modelNumber,
    version,
    description,
    cleiCode,
  });
  if (modules) for (const m of modules) walk(m, member, path, false, out);
}

/** The message of a bare `<error>` element (not an `rpc-error` / `xnm:error`), or null when there is none. */
function bareError(root: XmlElement): string | null {
  const error = root.name === 'error' ? root : child(root, 'error');
  if (!error) return null;
  return (textOf(error) ?? childText(error, 'message'))?.replace(/\s+/g, ' ') ?? 'error';
}

function parseReply(reply: CollectorReply, out: InventoryComponent[]): void {
  const members = memberData(reply.root, INVENTORY);
  if (!members.some((m) => m.data)) {
    const message = bareError(reply.root);
    if (message !== null) {
      throw new IbsightError('RPC_ERROR', `the device answered with an error instead of an inventory: ${message}`, {
        context: { rpc: 'get-chassis-inventory' },
      });
    }
  }
  requireData(reply.root, INVENTORY, members);
  for (const { member, data } of members) {
    if (!data) continue;
    for (const chassis of childrenNamed(data, 'chassis')) walk(chassis, member, [], true, out);
  }
}

export const chassisInventoryCollector: Collector<ChassisInventoryRecords> = {
  name: 'chassis-inventory',
  rpc: 'get-chassis-inventory',
  summary: 'every part down to transceivers: path, kind, part, serial (placeholders flagged), model, revision, CLEI',
  requests: [{ key: 'inventory', bodies: ['<get-chassis-inventory/>'] }],
  parse(replies) {
    const components: InventoryComponent[] = [];
    for (const reply of replies) parseReply(reply, components);
    return { components };
  },
};
