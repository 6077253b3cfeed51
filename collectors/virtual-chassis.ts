/**
 * virtual-chassis: the members of an EX/QFX/MX Virtual Chassis or Virtual Chassis Fabric.
 *
 * RPC: `<get-virtual-chassis-information/>` (`show virtual-chassis`), one request.
 * Not applicable (SPEC §2.4) when the device is no virtual chassis: "the virtual-chassis-control
 * subsystem is not running" (MX, PTX), a platform that does not know the RPC (SRX: "syntax
 * error" with `bad-element` get-virtual-chassis-information), "Virtual Chassis ... not enabled /
 * not configured", "command is not valid on the <model>". A standalone switch answers with a
 * one-member VC: that is records, not not-applicable.
 *
 * Records:
 *   {"id": "70b7.3d82.d346", "mode": "Enabled", "fabric": false, "preprovisioned": true,
 *    "members": [{"memberId": 0, "serialNumber": "PD3714050496", "model": "ex4300-48p",
 *      "role": "Master", "local": true, "status": "Prsnt", "priority": 129, "mixedMode": "N",
 *      "routeMode": "VC", "fpcSlots": {"first": 0, "last": 0},
 *      "neighbors": [{"memberId": 1, "interface": "vcp-255/1/0"}]}]}
 *  - id / mode: `virtual-chassis-id` / `virtual-chassis-mode` (Enabled, Mixed, Disabled); mode is
 *    null on MX-VC, which does not send it.
 *  - fabric: the id block is `junos:style="fabric"` (a VCF); preprovisioned: the id block is
 *    `preprovisioned-virtual-chassis-information`.
 *  - role: Master, Backup, Linecard as reported without the `*`; local: the role carried `*`,
 *    which Junos puts on the member the session runs on. A member that is not present has no
 *    role (null).
 *  - fpcSlots: `(FPC 0)` → {first 0, last 0}; MX-VC `(FPC   0- 11)` → {first 0, last 11}.
 */
import { child, childrenNamed, childText } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { RpcIssue } from '../src/netconf/rpc-reply.js';
import type { Collector } from './collector.js';
import { childInteger, integerOf, memberData, requireData } from './reply.js';

export interface VcNeighbor {
  memberId: number | null;
  interface: string | null;
}

export interface VcMember {
  memberId: number | null;
  serialNumber: string | null;
  model: string | null;
  role: string | null;
  local: boolean;
  status: string | null;
  priority: number | null;
  mixedMode: string | null;
  routeMode: string | null;
  fpcSlots: { first: number; last: number } | null;
  neighbors: VcNeighbor[];
}

export interface VirtualChassisRecords {
  id: string | null;
  mode: string | null;
  fabric: boolean;
  preprovisioned: boolean;
  members: VcMember[];
}

const VC = 'virtual-chassis-information';
const ID_BLOCKS = ['virtual-chassis-id-information', 'preprovisioned-virtual-chassis-information'];

/** `(FPC 0)` or `(FPC   0- 19)` → the first and last slot; null when absent or unreadable. */
export function fpcSlots(text: string | null): { first: number; last: number } | null {
  if (text === null) return null;
  const numbers = text.match(/\d+/g);
  if (!numbers || numbers.length === 0 || numbers.length > 2) return null;
  const first = Number(numbers[0]);
  return { first, last: numbers.length === 2 ? Number(numbers[1]) : first };
}

function styleOf(element: XmlElement): string | null {
  for (const [key, value] of Object.entries(element.attrs)) if (key === 'style' || key.endsWith(':style')) return value;
  return null;
}

function member(m: XmlElement): VcMember {
  const roleText = childText(m, 'member-role');
  const local = roleText !== null && roleText.endsWith('*');
  return {
    memberId: childInteger(m, 'member-id'),
    serialNumber: childText(m, 'member-serial-number'),
    model: childText(m, 'member-model'),
    role: roleText === null ? null : local ? roleText.slice(0, -1).trim() || null : roleText,
    local,
    status: childText(m, 'member-status'),
    priority: childInteger(m, 'member-priority'),
    mixedMode: childText(m, 'member-mixed-mode'),
    routeMode: childText(m, 'member-route-mode'),
    fpcSlots: fpcSlots(childText(m, 'fpc-slot') ?? childText(m, 'fpc-slot-range')),
    neighbors: childrenNamed(child(m, 'neighbor-list'), 'neighbor').map((n) => ({
      memberId: integerOf(childText(n, 'neighbor-id')),
      interface: childText(n, 'neighbor-interface'),
    })),
  };
}

const REFUSALS: readonly RegExp[] = [
  /virtual-chassis-control subsystem is not running/i,
  /virtual[ -]chassis[^.]*not (enabled|configured|supported|running)/i,
  /not a virtual[ -]chassis/i,
  /command is not valid on the/i,
];

export const virtualChassisCollector: Collector<VirtualChassisRecords> = {
  name: 'virtual-chassis',
  rpc: 'get-virtual-chassis-information',
  summary: 'virtual chassis members: id, serial, model, role, status, priority, neighbours',
  requests: [{ key: 'virtual-chassis', bodies: ['<get-virtual-chassis-information/>'] }],
  notApplicable(errors: readonly RpcIssue[]) {
    for (const e of errors) {
      if (e.badElement === 'get-virtual-chassis-information') return 'the platform has no virtual chassis (the RPC is not known)';
      const message = e.message ?? '';
      if (REFUSALS.some((r) => r.test(message))) return `not a virtual chassis: ${message}`;
    }
    return null;
  },
  parse(replies) {
    const records: VirtualChassisRecords = { id: null, mode: null, fabric: false, preprovisioned: false, members: [] };
    const seen = new Set<number>();
    for (const reply of replies) {
      const members = memberData(reply.root, VC);
      requireData(reply.root, VC, members);
      for (const { data } of members) {
        if (!data) continue;
        const idBlock = ID_BLOCKS.map((n) => child(data, n)).find((b) => b !== null) ?? null;
        if (idBlock && records.id === null) {
          records.id = childText(idBlock, 'virtual-chassis-id');
          records.mode = childText(idBlock, 'virtual-chassis-mode');
          records.fabric = styleOf(idBlock) === 'fabric';
          records.preprovisioned = idBlock.name === 'preprovisioned-virtual-chassis-information';
        }
        for (const list of childrenNamed(data, 'member-list')) {
          for (const m of childrenNamed(list, 'member')) {
            const parsed = member(m);
            // the same VC seen from several members (a multi-RE reply) lists each member once
            if (parsed.memberId !== null) {
              if (seen.has(parsed.memberId)) continue;
              seen.add(parsed.memberId);
            }
            records.members.push(parsed);
          }
        }
      }
    }
    return records;
  },
};
