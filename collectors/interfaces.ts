/**
 * interfaces — the physical interfaces and how many ports are up, down or disabled, per type.
 *
 * RPC `get-interface-information`, one request `terse`:
 * `<get-interface-information><terse/></get-interface-information>` (`show interfaces terse`).
 * Junos wraps names and statuses in newlines: they are trimmed. Logical interfaces (`ge-0/0/0.0`)
 * are not listed. A `multi-routing-engine-results` reply gives each interface its `member`.
 *
 * Record:
 *   { ports:  { total, up, down, adminDown }            every interface of kind `port`
 *     counts: { <type>: { total, up, down, adminDown } } per type, for kinds port, aggregate and
 *                                                       management (internal ones are not counted)
 *     interfaces: [{ member, name, type, kind, adminStatus, operStatus }] }   every physical interface
 * `adminDown`: admin-status down (disabled). `up`: enabled and oper-status up. `down`: enabled and
 * anything else. `kind` (port, aggregate, management, internal) and `type`: interfaces-kind.ts.
 * Example: {"ports":{"total":31,"up":17,"down":11,"adminDown":3},"counts":{"ae":{...},"et":{"total":11,"up":6,
 *   "down":4,"adminDown":1},...},"interfaces":[{"member":null,"name":"et-0/0/0","type":"et","kind":"port",
 *   "adminStatus":"up","operStatus":"up"},...]}
 * A reply whose physical interfaces all lack a name (a routing-instance listing such as PyEZ's
 * `__juniper_private1__` query, which lists only that instance's logical interfaces) cannot say
 * anything about ports: PARSE_ERROR.
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import { childrenNamed, childText } from '../src/xml/element.js';
import type { Collector, CollectorReply } from './collector.js';
import { interfaceKind, interfaceType, type InterfaceKind } from './interfaces-kind.js';
import { memberData, requireData } from './reply.js';

export interface InterfaceCounts {
  total: number;
  up: number;
  down: number;
  adminDown: number;
}

export interface PhysicalInterface {
  member: string | null;
  name: string;
  type: string;
  kind: InterfaceKind;
  adminStatus: string | null;
  operStatus: string | null;
}

export interface InterfacesRecords {
  ports: InterfaceCounts;
  counts: Record<string, InterfaceCounts>;
  interfaces: PhysicalInterface[];
}

function emptyCounts(): InterfaceCounts {
  return { total: 0, up: 0, down: 0, adminDown: 0 };
}

function add(counts: InterfaceCounts, i: PhysicalInterface): void {
  counts.total++;
  if (i.adminStatus === 'down') counts.adminDown++;
  else if (i.operStatus === 'up') counts.up++;
  else counts.down++;
}

function status(text: string | null): string | null {
  return text === null ? null : text.toLowerCase();
}

export function parseInterfaces(replies: readonly CollectorReply[]): InterfacesRecords {
  const interfaces: PhysicalInterface[] = [];
  let unnamed = 0;
  for (const reply of replies) {
    const members = memberData(reply.root, 'interface-information');
    requireData(reply.root, 'interface-information', members);
    for (const { member, data } of members) {
      for (const p of childrenNamed(data, 'physical-interface')) {
        const name = childText(p, 'name');
        if (name === null) {
          unnamed++;
          continue;
        }
        const type = interfaceType(name);
        interfaces.push({
          member,
          name,
          type,
          kind: interfaceKind(name, type),
          adminStatus: status(childText(p, 'admin-status')),
          operStatus: status(childText(p, 'oper-status')),
        });
      }
    }
  }
  if (interfaces.length === 0 && unnamed > 0) {
    throw new IbsightError(
      'PARSE_ERROR',
      `none of the ${unnamed} physical interfaces has a name: a routing-instance listing (e.g. __juniper_private1__), not the device's ports`,
      { context: { element: 'physical-interface' } },
    );
  }
  const ports = emptyCounts();
  const byType = new Map<string, InterfaceCounts>();
  for (const i of interfaces) {
    if (i.kind === 'internal') continue;
    if (i.kind === 'port') add(ports, i);
    let c = byType.get(i.type);
    if (!c) byType.set(i.type, (c = emptyCounts()));
    add(c, i);
  }
  const counts: Record<string, InterfaceCounts> = {};
  for (const type of [...byType.keys()].sort()) counts[type] = byType.get(type)!;
  return { ports, counts, interfaces };
}

export const interfacesCollector: Collector<InterfacesRecords> = {
  name: 'interfaces',
  rpc: 'get-interface-information',
  summary: 'physical interfaces (terse) and counts of ports up, down and disabled per type',
  requests: [{ key: 'terse', bodies: ['<get-interface-information><terse/></get-interface-information>'] }],
  parse: parseInterfaces,
};
