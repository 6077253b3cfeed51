/** Manifest part: every real reply to get-chassis-cluster-status under junos-public. */
import { expect } from 'vitest';
import type { ClusterStatusRecords } from '../../collectors/cluster-status.js';
import type { ManifestEntry } from './manifest-entry.js';

/** SRX cluster 1: redundancy group 0 with node0 primary (priority 100) and node1 lost. */
function node1Lost(r: ClusterStatusRecords): void {
  expect(r.clusterId).toBe(1);
  expect(r.redundancyGroups).toEqual([
    {
      id: 0,
      failoverCount: 1,
      nodes: [
        { name: 'node0', priority: 100, status: 'primary', preempt: false, manualFailover: false, monitorFailures: null },
        { name: 'node1', priority: 0, status: 'lost', preempt: null, manualFailover: null, monitorFailures: null },
      ],
    },
  ]);
}

export const entries: ManifestEntry<ClusterStatusRecords>[] = [
  { file: 'pyez/facts/cluster_true_get-chassis-cluster-status.xml', collector: 'cluster-status', outcome: 'records', note: 'SRX cluster, node1 lost', check: node1Lost },
  { file: 'pyez/ofacts/get-chassis-cluster-status.xml', collector: 'cluster-status', outcome: 'records', note: 'SRX cluster, node1 lost (with CLI banner)', check: node1Lost },
  { file: 'pyez/facts/cluster_false_get-chassis-cluster-status.xml', collector: 'cluster-status', outcome: 'not-applicable', note: 'xnm:error "Chassis cluster is not enabled"' },
];
