/**
 * Manifest part: the real replies to get-route-engine-information (show chassis routing-engine).
 * The genieparser captures of the same command are CLI text: listed in out-of-scope.ts.
 */
import { expect } from 'vitest';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import type { ManifestEntry } from './manifest-entry.js';

type Entry = ManifestEntry<RouteEngineRecords>;

/** One line per RE: `member/slot/state/model/serial`. */
const summary = (r: RouteEngineRecords) =>
  r.routeEngines.map((re) => [re.member, re.slot, re.mastershipState, re.model, re.serialNumber].map((v) => v ?? '-').join('/'));

function re(file: string, expected: string[], note?: string, extra?: (r: RouteEngineRecords) => void): Entry {
  return {
    file,
    collector: 'route-engine',
    outcome: 'records',
    ...(note ? { note } : {}),
    check: (r) => {
      expect(summary(r)).toEqual(expected);
      for (const e of r.routeEngines) expect(e.error).toBeNull();
      extra?.(r);
    },
  };
}

const uptimes = (r: RouteEngineRecords) => r.routeEngines.map((e) => e.uptimeSeconds);

export const entries: Entry[] = [
  re('ansible-junipernetworks-junos/fixtures/show_chassis_routing-engine_xml.txt',
    ['-/0/master/RE-S-EX9200-1800X4/0123456789', '-/1/backup/RE-S-EX9200-1800X4/0123456789'],
    'no namespaces, no junos:seconds: uptime read from the text', (r) => expect(uptimes(r)).toEqual([12021155, 18756])),
  re('jsnapy/configs/1.1.1.1_snap_1_show_chassis_routing-engine.xml', ['-/0/master/RE-VMX/9bea3a2e-aad'], 'snapshot without rpc-reply; unprefixed seconds',
    (r) => expect(r.routeEngines[0]).toMatchObject({ startTime: '2015-02-02T12:55:40.000Z', uptimeSeconds: 3964299 })),
  re('napalm/test_get_environment/ex9208/get-route-engine-information.xml', ['-/0/master/RE-S-EX9200-1800X4/9013061297']),
  re('napalm/test_get_environment/issue1183_srx_multi_node/get-route-engine-information.xml', ['node0/-/-/RE-SRX345-DUAL-AC/DS1319AF0037'],
    'SRX345 cluster node0 only, multi-RE wrapper as the root', (r) => expect(r.routeEngines[0]).toMatchObject({ memoryDramSizeMb: 4096, memoryDataPlaneUtilizationPct: 42 })),
  re('napalm/test_get_environment/mx10003/get-route-engine-information.xml', ['-/0/master/RE-S-1600x8/-', '-/1/backup/RE-S-1600x8/-'], 'no serial numbers'),
  re('napalm/test_get_environment/normal/get-route-engine-information.xml', ['-/0/master/EX4200-48T, 8 POE/BP0213023897'], undefined,
    (r) => expect(r.routeEngines[0]).toMatchObject({ memoryDramSizeMb: 1024, memoryUtilizationPct: 55, cpuIdlePct: 97 })),
  re('napalm/test_get_environment/virtualchassis/get-route-engine-information.xml', ['-/0/master/RE-EX2300-24P/BUILTIN', '-/1/backup/RE-EX2300-24P/BUILTIN'], 'EX2300 VC: BUILTIN serials kept'),
  re('pyez/facts/personality_ex_get-route-engine-information.xml', ['-/0/master/EX4200-48T, 8 POE/BP0212121453']),
  re('pyez/facts/personality_m_get-route-engine-information.xml', ['-/0/master/RE-A-2000/1000717151', '-/1/backup/RE-A-2000/9009037326']),
  re('pyez/facts/personality_mx_get-route-engine-information.xml', ['-/-/-/RE-MX80/S/N ZE1056'], 'MX80: no slot, no mastership; serial as reported'),
  {
    file: 'pyez/facts/personality_olive_get-route-engine-information.xml',
    collector: 'route-engine',
    outcome: 'error',
    code: 'RPC_ERROR',
    note: 'Olive: xnm:error "Unrecognized command (chassis-control)" — a refusal, not a legitimate absence',
  },
  re('pyez/facts/personality_ptx_get-route-engine-information.xml', ['-/0/master/RE-DUO-2600/P737A-002504', '-/1/backup/RE-DUO-2600/P737A-002518']),
  re('pyez/facts/personality_srx_branch_get-route-engine-information.xml', ['-/-/-/RE-SRX210HE2/ACKD0351'], 'SRX branch memory fields',
    (r) => expect(r.routeEngines[0]).toMatchObject({ memoryDramSizeMb: 2048, memoryUtilizationPct: 51, memoryControlPlaneUtilizationPct: 47 })),
  re('pyez/facts/personality_srx_high_end_get-route-engine-information.xml', ['-/0/master/RE-PPC-1200-A/-']),
  re('pyez/facts/personality_srx_mid_range_get-route-engine-information.xml', ['-/0/master/RE-PPC-1200-A/-']),
  re('pyez/facts/personality_t_get-route-engine-information.xml', ['-/0/master/RE-DUO-1800/737F-2045', '-/1/backup/RE-DUO-1800/737F-1062']),
  re('pyez/facts/personality_vmx_get-route-engine-information.xml', ['-/0/master/RE-VMX/2f15f744-b7']),
  re('pyez/facts/personality_vptx_get-route-engine-information.xml', ['-/0/master/RE-VIRTUAL/79a9584e-cc']),
  re('pyez/facts/re_info_dual_get-route-engine-information.xml', ['-/0/master/RE-S-1800x4/9013088309', '-/1/backup/RE-S-1800x4/9013086699'], undefined,
    (r) => expect(r.routeEngines[0]).toMatchObject({ startTime: '2016-12-21T16:47:57.000Z', uptimeSeconds: 858432, memoryDramSizeMb: 32719, cpuIdlePct: 98 })),
  re('pyez/facts/re_info_mx_vc_get-route-engine-information.xml', [
    'member0/0/backup/RE-S-1800x4/9013061800', 'member0/1/master/RE-S-1800x4/9013061812',
    'member1/0/master/RE-S-1800x4/9013061833', 'member1/1/backup/RE-S-1800x4/9013061755',
  ], 'MX-VC: two members of two REs'),
  re('pyez/facts/re_info_single_get-route-engine-information.xml', ['-/0/master/RE-VMX/2f15f744-b7']),
  re('pyez/facts/vmhost_true_get-route-engine-information.xml', ['-/-/-/RE-S-1600x8/-'], 'VM-host RE', (r) => expect(uptimes(r)).toEqual([101832])),
  re('pyez/ofacts/get-route-engine-information.xml', ['node0/-/-/RE-SRX210H/AAAW9949', 'node1/-/-/RE-SRX210H/AAAW9949'], 'SRX210 cluster (same serial in both items, as reported)'),
  re('pyez/ofacts/get-route-engine-information_master.xml', ['-/0/master/RE-S-1800x2/9009127879', '-/1/backup/RE-S-1800x2/9009132008'], 'up-time text "16 hours, 52 minutes": the attribute wins',
    (r) => expect(uptimes(r)).toEqual([60720, 911446])),
  re('pyez/ofacts/get-route-engine-information_multi.xml', [
    'scc-re0/0/master/RE-4.0/P13004100274', 'scc-re0/1/backup/RE-4.0/P13004100124',
    'lcc0-re0/0/master/RE-A-2000/1000702809', 'lcc0-re0/1/backup/RE-A-2000/1000697652',
    'lcc1-re0/0/master/RE-A-2000/1000697686', 'lcc1-re0/1/backup/RE-A-2000/1000697696',
  ], 'TX Matrix: scc and lcc REs'),
  re('pyez/rpc-reply/get-route-engine-information.xml', ['-/-/-/FIREFLY-PERIMETER RE/-'], 'vSRX: status "Testing"',
    (r) => expect(r.routeEngines[0]).toMatchObject({ status: 'Testing', memoryDramSizeMb: 2048, memoryDataPlaneUtilizationPct: 39 })),
];
