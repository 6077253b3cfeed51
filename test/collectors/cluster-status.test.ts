/**
 * cluster-status: the flat `device-stats` run split into nodes, yes/no/n-a and monitor-failure
 * codes, real replies, the built-in simulator profiles (the SRX345 cluster parses; every other
 * profile gets not-applicable), and this collector's golden fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clusterStatusCollector as collector, monitorFailures, yesNo, type ClusterStatusRecords } from '../../collectors/cluster-status.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { parseXml } from '../../src/xml/parse.js';
import { unknownRpcError } from '../../src/sim/rpc-reply.js';
import { builtinProfileDir, listBuiltinProfiles } from '../../src/sim/builtin-profile-dir.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = { scrubKey: Buffer.from('ibsight-golden-test-key') };
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function outcome(text: string) {
  return parseReplies(collector, [{ key: null, root: parseXml(text) }], KEY);
}
function records(text: string): ClusterStatusRecords {
  const o = outcome(text);
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}

describe('field values', () => {
  it('yes / no / n/a', () => {
    expect([yesNo('yes'), yesNo('No'), yesNo('n/a'), yesNo(null)]).toEqual([true, false, null, null]);
  });
  it('monitor failures', () => {
    expect([monitorFailures('None'), monitorFailures('n/a'), monitorFailures(null)]).toEqual([[], null, null]);
    expect(monitorFailures('CS IF,IP')).toEqual(['CS', 'IF', 'IP']);
  });
});

describe('real replies', () => {
  it('node1 lost: priorities, states and n/a flags', () => {
    const r = records(readFileSync(junosPublic('pyez/facts/cluster_true_get-chassis-cluster-status.xml'), 'utf8'));
    expect(r.clusterId).toBe(1);
    expect(r.redundancyGroups.map((g) => [g.id, g.failoverCount, g.nodes.map((n) => [n.name, n.priority, n.status, n.preempt])])).toEqual([
      [0, 1, [['node0', 100, 'primary', false], ['node1', 0, 'lost', null]]],
    ]);
  });

  it('"Chassis cluster is not enabled" (xnm:error) is not applicable', () => {
    expect(outcome(readFileSync(junosPublic('pyez/facts/cluster_false_get-chassis-cluster-status.xml'), 'utf8'))).toEqual({
      status: 'not-applicable',
      reason: 'not a chassis cluster: Chassis cluster is not enabled',
    });
  });
});

describe('built-in simulator profiles', () => {
  it('srx345-cluster: cluster 1, two groups, node0 primary at 200 and node1 secondary at 100', () => {
    const r = records(readFileSync(join(builtinProfileDir('srx345-cluster'), 'get-chassis-cluster-status.xml'), 'utf8'));
    expect(r.clusterId).toBe(1);
    expect(r.redundancyGroups.map((g) => [g.id, g.failoverCount])).toEqual([[0, 1], [1, 3]]);
    for (const g of r.redundancyGroups) {
      expect(g.nodes.map((n) => [n.name, n.priority, n.status, n.monitorFailures])).toEqual([
        ['node0', 200, 'primary', []],
        ['node1', 100, 'secondary', []],
      ]);
    }
    expect(r.redundancyGroups[1]!.nodes.every((n) => n.preempt === true)).toBe(true);
  });

  it.each(listBuiltinProfiles().filter((p) => p !== 'srx345-cluster'))('%s: no reply file, the simulator refusal is not applicable', (profile) => {
    expect(existsSync(join(builtinProfileDir(profile), 'get-chassis-cluster-status.xml'))).toBe(false);
    const reply = `<rpc-reply>${unknownRpcError('get-chassis-cluster-status', 'syntax error, expecting <command>')}</rpc-reply>`;
    expect(outcome(reply).status).toBe('not-applicable');
  });
});

describe('replies built for the edge cases', () => {
  it('one device-stats per node reads the same as the flat run', () => {
    const node = (name: string, prio: number, status: string): string =>
      `<device-stats><device-name>${name}</device-name><device-priority>${prio}</device-priority>` +
      `<redundancy-group-status>${status}</redundancy-group-status><preempt>yes</preempt><failover-mode>yes</failover-mode></device-stats>`;
    const r = records(`<rpc-reply><chassis-cluster-status><redundancy-group><cluster-id>7</cluster-id><redundancy-group-id>2</redundancy-group-id>` +
      `${node('node0', 1, 'secondary-hold')}${node('node1', 254, 'primary')}</redundancy-group></chassis-cluster-status></rpc-reply>`);
    expect(r.clusterId).toBe(7);
    expect(r.redundancyGroups[0]!.nodes).toEqual([
      { name: 'node0', priority: 1, status: 'secondary-hold', preempt: true, manualFailover: true, monitorFailures: null },
      { name: 'node1', priority: 254, status: 'primary', preempt: true, manualFailover: true, monitorFailures: null },
    ]);
  });

  it('"Chassis cluster is not enabled." as an rpc-error is not applicable; permission denied is an error', () => {
    const err = (m: string): string => `<rpc-reply><rpc-error><error-severity>error</error-severity><error-message>${m}</error-message></rpc-error></rpc-reply>`;
    expect(outcome(err('Chassis cluster is not enabled.')).status).toBe('not-applicable');
    let code: string | undefined;
    try {
      outcome(err('permission denied'));
    } catch (e) {
      code = (e as IbsightError).code;
    }
    expect(code).toBe('RPC_ERROR');
  });
});

describe('golden fixtures of cluster-status', () => {
  const pairs = readdirSync(FIXTURES)
    .filter((d) => d.includes('_') && existsSync(join(FIXTURES, d, 'get-chassis-cluster-status.xml')))
    .map((d) => join(d, 'get-chassis-cluster-status.xml'));
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(4));
  it.each(pairs)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.xml$/, '.json')), 'utf8'));
    const actual = outcomeDocument(collector.name, outcome(readFileSync(join(FIXTURES, file), 'utf8')));
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });
});
