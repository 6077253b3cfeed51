/**
 * cluster-status: an SRX chassis cluster's redundancy groups and, per node, priority and state.
 *
 * RPC: `<get-chassis-cluster-status/>` (`show chassis cluster status`), one request.
 * Not applicable (SPEC §2.4) on a standalone box — "Chassis cluster is not enabled." (as an
 * `xnm:error` or an `rpc-error`) — and on platforms that do not know the RPC ("syntax error"
 * with `bad-element` get-chassis-cluster-status, or "command is not valid on the <model>").
 *
 * Records:
 *   {"clusterId": 1, "redundancyGroups": [{"id": 0, "failoverCount": 1, "nodes": [
 *     {"name": "node0", "priority": 100, "status": "primary", "preempt": false,
 *      "manualFailover": false, "monitorFailures": []},
 *     {"name": "node1", "priority": 0, "status": "lost", "preempt": null,
 *      "manualFailover": null, "monitorFailures": null}]}]}
 *  - Junos lists the nodes of a group as one flat `device-stats` run (`device-name`,
 *    `device-priority`, `redundancy-group-status`, `preempt`, `failover-mode`,
 *    `monitor-failures`, then the next `device-name`...); each `device-name` starts a node. One
 *    `device-stats` per node is read the same way.
 *  - preempt / manualFailover (`failover-mode`, the CLI's "Manual" column): yes → true, no →
 *    false, n/a or absent → null. status as reported (primary, secondary, secondary-hold, lost,
 *    disabled, ineligible...).
 *  - monitorFailures: the failure codes (`CS`, `IF`...); `None` → []; n/a or absent → null.
 */
import { childrenNamed, childText, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { RpcIssue } from '../src/netconf/rpc-reply.js';
import type { Collector } from './collector.js';
import { childInteger, integerOf, memberData, requireData } from './reply.js';

export interface ClusterNode {
  name: string | null;
  priority: number | null;
  status: string | null;
  preempt: boolean | null;
  manualFailover: boolean | null;
  monitorFailures: string[] | null;
}

export interface RedundancyGroup {
  id: number | null;
  failoverCount: number | null;
  nodes: ClusterNode[];
}

export interface ClusterStatusRecords {
  clusterId: number | null;
  redundancyGroups: RedundancyGroup[];
}

const STATUS = 'chassis-cluster-status';

/** yes / no (any case) → boolean; anything else (n/a, absent) → null. */
export function yesNo(text: string | null): boolean | null {
  if (text === null) return null;
  const t = text.toLowerCase();
  return t === 'yes' ? true : t === 'no' ? false : null;
}

/** `None` → []; `n/a` or absent → null; else the codes, split on spaces and commas. */
export function monitorFailures(text: string | null): string[] | null {
  if (text === null) return null;
  const t = text.toLowerCase();
  if (t === 'none') return [];
  if (t === 'n/a' || t === 'na') return null;
  return text.split(/[\s,]+/).filter((c) => c.length > 0);
}

function emptyNode(name: string | null): ClusterNode {
  return { name, priority: null, status: null, preempt: null, manualFailover: null, monitorFailures: null };
}

/** The nodes of one redundancy group, each `device-name` starting the next node. */
function nodesOf(group: XmlElement): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const stats of childrenNamed(group, 'device-stats')) {
    let node: ClusterNode | null = null;
    const current = (): ClusterNode => {
      if (node === null) {
        node = emptyNode(null);
        nodes.push(node);
      }
      return node;
    };
    for (const c of stats.children) {
      const text = textOf(c);
      switch (c.name) {
        case 'device-name':
          node = emptyNode(text);
          nodes.push(node);
          break;
        case 'device-priority': current().priority = integerOf(text); break;
        case 'redundancy-group-status': current().status = text; break;
        case 'preempt': current().preempt = yesNo(text); break;
        case 'failover-mode': current().manualFailover = yesNo(text); break;
        case 'monitor-failures': current().monitorFailures = monitorFailures(text); break;
        default: break;
      }
    }
  }
  return nodes;
}

const REFUSALS: readonly RegExp[] = [/chassis cluster is not enabled/i, /command is not valid on the/i];

export const clusterStatusCollector: Collector<ClusterStatusRecords> = {
  name: 'cluster-status',
  rpc: 'get-chassis-cluster-status',
  summary: 'SRX chassis cluster: cluster id, redundancy groups, per-node priority, state, preempt, failovers',
  requests: [{ key: 'cluster-status', bodies: ['<get-chassis-cluster-status/>'] }],
  notApplicable(errors: readonly RpcIssue[]) {
    for (const e of errors) {
      if (e.badElement === 'get-chassis-cluster-status') return 'the platform has no chassis cluster (the RPC is not known)';
      const message = e.message ?? '';
      if (REFUSALS.some((r) => r.test(message))) return `not a chassis cluster: ${message.replace(/^error:\s*/i, '')}`;
    }
    return null;
  },
  parse(replies) {
    const records: ClusterStatusRecords = { clusterId: null, redundancyGroups: [] };
    for (const reply of replies) {
      const members = memberData(reply.root, STATUS);
      requireData(reply.root, STATUS, members);
      // the cluster status is the same whichever node answers: the first one with data is used
      const data = members.find((m) => m.data)!.data!;
      records.clusterId = childInteger(data, 'cluster-id');
      for (const group of childrenNamed(data, 'redundancy-group')) {
        records.redundancyGroups.push({
          id: childInteger(group, 'redundancy-group-id'),
          failoverCount: childInteger(group, 'redundancy-group-failover-count'),
          nodes: nodesOf(group),
        });
      }
      if (records.clusterId === null) records.clusterId = integerOf(childText(childrenNamed(data, 'redundancy-group')[0], 'cluster-id'));
    }
    return records;
  },
};
