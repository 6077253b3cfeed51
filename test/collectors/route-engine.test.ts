/**
 * route-engine on real replies (junos-public), the built-in simulator profiles and the golden
 * fixtures: one record per RE with slot, member, mastership, serial, uptime, memory and CPU,
 * across single/dual RE, MX-VC, TX Matrix, SRX branch and clusters, and refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeEngineCollector as collector, type RouteEngineRecords } from '../../collectors/route-engine.js';
import { systemUptimeCollector } from '../../collectors/system-uptime.js';
import { findAll, textOf } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';
import { BUILTIN_PROFILES, errorCodeOf, goldenDocument, goldenPairs, parseFile, parseText, profileFile, recordsOf } from './per-re-replies.js';

const real = (file: string): RouteEngineRecords => recordsOf(parseFile(collector, junosPublic(file)));

describe('route-engine on real replies', () => {
  it('dual RE: master and backup with every field', () => {
    const [re0, re1] = real('pyez/facts/re_info_dual_get-route-engine-information.xml').routeEngines;
    expect(re0).toEqual({
      member: null, slot: 0, mastershipState: 'master', mastershipPriority: 'master (default)', status: 'OK',
      model: 'RE-S-1800x4', serialNumber: '9013088309', startTime: '2016-12-21T16:47:57.000Z', uptimeSeconds: 858432,
      lastRebootReason: 'Router rebooted after a normal shutdown.', memoryDramSizeMb: 32719, memoryInstalledSizeMb: 32768,
      memoryUtilizationPct: 4, memoryControlPlaneUtilizationPct: null, memoryDataPlaneUtilizationPct: null,
      cpuUserPct: 0, cpuBackgroundPct: 0, cpuSystemPct: 1, cpuInterruptPct: 0, cpuIdlePct: 98,
      temperatureCelsius: 32, cpuTemperatureCelsius: 30, loadAverage1: 0.29, loadAverage5: 0.23, loadAverage15: 0.19, error: null,
    });
    expect(re1).toMatchObject({ slot: 1, mastershipState: 'backup', serialNumber: '9013086699', cpuIdlePct: 100 });
  });

  it('MX-VC: two members of two REs each, mastership per member', () => {
    const res = real('pyez/facts/re_info_mx_vc_get-route-engine-information.xml').routeEngines;
    expect(res.map((r) => [r.member, r.slot, r.mastershipState, r.serialNumber])).toEqual([
      ['member0', 0, 'backup', '9013061800'], ['member0', 1, 'master', '9013061812'],
      ['member1', 0, 'master', '9013061833'], ['member1', 1, 'backup', '9013061755'],
    ]);
  });

  it('TX Matrix: scc and lcc REs', () => {
    const res = real('pyez/ofacts/get-route-engine-information_multi.xml').routeEngines;
    expect(res.map((r) => `${r.member}/${r.slot}/${r.model}`)).toEqual([
      'scc-re0/0/RE-4.0', 'scc-re0/1/RE-4.0', 'lcc0-re0/0/RE-A-2000', 'lcc0-re0/1/RE-A-2000', 'lcc1-re0/0/RE-A-2000', 'lcc1-re0/1/RE-A-2000',
    ]);
    expect(res.filter((r) => r.mastershipState === 'master')).toHaveLength(3);
  });

  it('SRX branch and clusters: no slot or mastership, memory from memory-system-total', () => {
    const branch = real('pyez/facts/personality_srx_branch_get-route-engine-information.xml').routeEngines[0]!;
    expect(branch).toMatchObject({ slot: null, mastershipState: null, model: 'RE-SRX210HE2', serialNumber: 'ACKD0351', memoryDramSizeMb: 2048, memoryUtilizationPct: 51, memoryControlPlaneUtilizationPct: 47, memoryDataPlaneUtilizationPct: 55 });
    const cluster = real('pyez/ofacts/get-route-engine-information.xml').routeEngines;
    expect(cluster.map((r) => [r.member, r.serialNumber])).toEqual([['node0', 'AAAW9949'], ['node1', 'AAAW9949']]);
    const napalm = real('napalm/test_get_environment/issue1183_srx_multi_node/get-route-engine-information.xml').routeEngines;
    expect(napalm).toMatchObject([{ member: 'node0', serialNumber: 'DS1319AF0037', uptimeSeconds: 3626317, startTime: '2020-03-17T22:57:44.000Z' }]);
  });

  it('fields absent on some platforms stay null; memory sizes with or without a unit', () => {
    const mx80 = real('pyez/facts/personality_mx_get-route-engine-information.xml').routeEngines[0]!;
    expect(mx80).toMatchObject({ slot: null, mastershipState: null, serialNumber: 'S/N ZE1056', memoryDramSizeMb: 2048 });
    const ex = real('pyez/facts/personality_ex_get-route-engine-information.xml').routeEngines[0]!;
    expect(ex).toMatchObject({ model: 'EX4200-48T, 8 POE', memoryDramSizeMb: 1024, memoryInstalledSizeMb: null });
    const highEnd = real('pyez/facts/personality_srx_high_end_get-route-engine-information.xml').routeEngines[0]!;
    expect(highEnd).toMatchObject({ status: null, serialNumber: null, memoryDramSizeMb: 1023 });
    const mx10003 = real('napalm/test_get_environment/mx10003/get-route-engine-information.xml').routeEngines;
    expect(mx10003.map((r) => r.serialNumber)).toEqual([null, null]);
    expect(real('napalm/test_get_environment/virtualchassis/get-route-engine-information.xml').routeEngines.map((r) => r.serialNumber)).toEqual(['BUILTIN', 'BUILTIN']);
  });

  it('no namespaces and no junos:seconds: times kept as text, uptime read from the text', () => {
    const [re0, re1] = real('ansible-junipernetworks-junos/fixtures/show_chassis_routing-engine_xml.txt').routeEngines;
    expect(re0).toMatchObject({ startTime: '2017-04-27 12:25:03 PDT', uptimeSeconds: 12021155, temperatureCelsius: 30, serialNumber: '0123456789' });
    expect(re1).toMatchObject({ uptimeSeconds: 18756, mastershipState: 'backup' });
  });

  it('unprefixed seconds/celsius attributes (saved without rpc-reply)', () => {
    expect(real('jsnapy/configs/1.1.1.1_snap_1_show_chassis_routing-engine.xml').routeEngines[0]).toMatchObject({
      model: 'RE-VMX', serialNumber: '9bea3a2e-aad', startTime: '2015-02-02T12:55:40.000Z', uptimeSeconds: 3964299, temperatureCelsius: 0,
      lastRebootReason: '0x200:normal shutdown',
    });
  });

  it('an Olive\'s "Unrecognized command" is an RPC_ERROR; a backup RE note is RE_NOT_MASTER', () => {
    expect(errorCodeOf(() => parseFile(collector, junosPublic('pyez/facts/personality_olive_get-route-engine-information.xml')))).toBe('RPC_ERROR');
    const note = '<rpc-reply><output>Aborted! This command can only be used on the master routing engine.</output></rpc-reply>';
    expect(errorCodeOf(() => parseText(collector, note))).toBe('RE_NOT_MASTER');
    expect(errorCodeOf(() => parseText(collector, '<rpc-reply><chassis-inventory/></rpc-reply>'))).toBe('PARSE_ERROR');
  });
});

describe('route-engine: the built-in simulator profiles', () => {
  const EXPECTED: Record<(typeof BUILTIN_PROFILES)[number], { members: (string | null)[]; master: number | null }> = {
    'ex4300-vc': { members: [null, null], master: 0 },
    mx480: { members: [null, null], master: 0 },
    mx960: { members: [null, null], master: 0 },
    ptx10001: { members: [null], master: 0 },
    qfx5120: { members: [null], master: 0 },
    'srx345-cluster': { members: ['node0', 'node1'], master: null },
  };
  it.each(BUILTIN_PROFILES)('%s: REs whose serials are in the profile inventory and whose start is the boot time', (profile) => {
    const res = recordsOf(parseFile(collector, profileFile(profile, 'get-route-engine-information.xml'))).routeEngines;
    expect(res.map((r) => r.member)).toEqual(EXPECTED[profile].members);
    const master = res.find((r) => r.mastershipState === 'master');
    expect(master?.slot ?? null).toBe(EXPECTED[profile].master);
    const inventory = findAll(parseXml(readFileSync(profileFile(profile, 'get-chassis-inventory.xml'), 'utf8')), 'serial-number').map((e) => textOf(e));
    for (const re of res) {
      expect(re.error).toBeNull();
      expect(inventory, `${re.serialNumber} in the chassis inventory`).toContain(re.serialNumber);
      expect(re.uptimeSeconds).toBeGreaterThan(0);
      expect(re.cpuIdlePct).toBeGreaterThanOrEqual(0);
    }
    const uptime = recordsOf(parseFile(systemUptimeCollector, profileFile(profile, 'get-system-uptime-information.xml'))).members;
    const bootTimes = uptime.map((m) => m.bootTime);
    expect(bootTimes.some((t) => res.some((r) => r.startTime === t)), `boot ${bootTimes.join(',')}`).toBe(true);
  });
});

describe('route-engine golden fixtures', () => {
  const pairs = goldenPairs(collector.name);
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(4));
  it.each(pairs.map((p) => [p.xml.split('/fixtures/')[1]!, p] as const))('%s', (_name, pair) => {
    expect(goldenDocument(collector, pair.xml)).toEqual(JSON.parse(readFileSync(pair.json, 'utf8')));
  });
});
