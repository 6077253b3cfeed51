/**
 * software-information on real replies (junos-public), the built-in simulator profiles and the
 * golden fixtures: versions from <junos-version> or package comments, members as reported,
 * master/primary selection, partial replies, and replies that are unusable as a whole.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { softwareInformationCollector as collector, type SoftwareInformation } from '../../collectors/software-information.js';
import { junosPublic } from '../support/junos-public.js';
import {
  BUILTIN_PROFILES, errorCodeOf, goldenDocument, goldenPairs, parseFile, parseText, profileFile, profileMeta, recordsOf,
} from './per-re-replies.js';

const real = (file: string): SoftwareInformation => recordsOf(parseFile(collector, junosPublic(file)));
const members = (r: SoftwareInformation) => r.members.map((m) => m.member);

describe('software-information on real replies', () => {
  it('dual RE running different versions: both REs, top level from re0', () => {
    const r = real('pyez/facts/sw_info_dual_command.xml');
    expect(r).toMatchObject({ hostname: 'baku', model: 'mx480', os: 'junos', version: '15.1F5.15-C1.12', selectedMember: 're0', selectedBy: 'first-member' });
    expect(r.members.map((m) => [m.member, m.hostname, m.version])).toEqual([['re0', 'baku', '15.1F5.15-C1.12'], ['re1', 'baku1', '15.1F5.15']]);
  });

  it('partial reply: "Could not connect to re0" becomes a member with the error; re1 is selected', () => {
    const outcome = parseFile(collector, junosPublic('pyez/facts/sw_info_dual_other_re_off.xml'));
    const r = recordsOf(outcome);
    expect(r.members).toEqual([
      { member: 're0', hostname: null, model: null, version: null, error: 'Could not connect to re0 : No route to host' },
      { member: 're1', hostname: 'R1_re01', model: 'mx960', version: '18.3I20180716_1639', error: null },
    ]);
    expect(r).toMatchObject({ hostname: 'R1_re01', version: '18.3I20180716_1639', selectedMember: 're1' });
    expect(outcome.status === 'ok' && outcome.errors.map((e) => e.message)).toEqual(['Could not connect to re0 : No route to host']);
  });

  it('old releases: the version from package comments', () => {
    expect(real('pyez/facts/sw_info_ex_get-software-information.xml')).toMatchObject({ model: 'ex2200-c-12t-2g', version: '11.4R1.6', members: [{ member: null }] });
    expect(real('pyez/rpc-reply/get-software-information.xml')).toMatchObject({ hostname: 'firefly', model: 'firefly-perimeter', version: '12.1X46-D15.3' });
    expect(real('pyez/facts/personality_srx_branch_command.xml').version).toBe('12.1X46-D65');
    expect(real('pyez/facts/sw_info_simple_get-software-information.xml').version).toBe('12.3X48-D40.5'); // netconf base xmlns
    const m320 = real('pyez/facts/personality_m_command.xml');
    expect(m320.members.map((m) => m.version)).toEqual(['14.1R1.10', '12.3R3.4']);
  });

  it('a reply without any version keeps the rest', () => {
    expect(real('pyez/facts/sw_info_no_version_get-software-information.xml')).toMatchObject({ hostname: 'lsys500', model: 'srx3600', version: null, os: 'junos' });
  });

  it('VC, SRX cluster and MX-VC members as reported', () => {
    expect(members(real('pyez/facts/personality_ex_command.xml'))).toEqual(['fpc0']);
    const vc = real('pyez/facts/sw_info_vc_command.xml');
    expect(vc.members.map((m) => [m.member, m.hostname])).toEqual([['member0', 'reefbreak1'], ['member1', 'beachbreak']]);
    const srx = real('pyez/facts/sw_info_srx_cluster_get-software-information.xml');
    expect(srx).toMatchObject({ hostname: 'frogbert', model: 'srx5800', version: '17.3-2017-07-02.0_RELEASE_173_THROTTLE' });
    expect(members(srx)).toEqual(['node0', 'node1']);
  });

  it('TX Matrix Plus: the txp RE and its line-card chassis, version from "Junos: 14.2R4"', () => {
    const r = real('pyez/ofacts/get-software-information_RE0-RE0.xml');
    expect(r.members.map((m) => [m.member, m.model, m.version])).toEqual([
      ['abc-re0', 'txp', '14.2R4'], ['lcc0-re0', 't100', '14.2R4'], ['lcc2-re0', 't100', '14.2R4'],
    ]);
    expect(r.hostname).toBe('pyez');
  });

  it('node slicing: bsys and gnf REs; JDM servers', () => {
    const bsys = real('pyez/facts/sw_info_bsys_get-software-information.xml');
    expect(bsys.members).toHaveLength(10);
    expect(members(bsys).slice(0, 3)).toEqual(['bsys-re0', 'bsys-re1', 'gnf1-re0']);
    expect(bsys).toMatchObject({ hostname: 'bsys', model: 'mx2020', version: '17.4-20170706_dev_common.0' });
    const gnf = real('pyez/facts/sw_info_gnf_get-software-information.xml');
    expect(gnf.members.map((m) => [m.member, m.version])).toEqual([
      ['gnf7-re0', '18.4-20180707_dev_common.0'], ['gnf7-re1', '18.4-20180707_dev_common.0'],
      ['bsys-re0', '18.4-20180723_dev_common.0'], ['bsys-re1', '18.4-20180723_dev_common.0'],
    ]);
    const jdm = real('pyez/facts/sw_info_jdm_get-software-information.xml');
    expect(jdm.members.map((m) => [m.member, m.hostname])).toEqual([['server0', 'jdm'], ['server1', 'jdm1']]);
    expect(jdm.version).toBe('17.4-20170718_dev_common.1-secure');
    expect(real('pyez/facts/sw_info_nfx_get-software-information.xml')).toMatchObject({ model: 'nfx250_s2_10_t', version: '15.1X53-D45.3' });
  });

  it('a saved multi-routing-engine-results without rpc-reply (jsnapy snapshot)', () => {
    expect(real('jsnapy/configs/1.1.1.1_snap_1_show_version_invoke-on_all-routing-engines.xml')).toMatchObject({
      hostname: 'R3_re0', model: 'mx240', version: '14.2-20141220.0', members: [{ member: 're0' }],
    });
  });

  it('lower-cases the model (vSRX → vsrx)', () => {
    expect(real('ansible-junipernetworks-junos/fixtures/show_version_xml.txt')).toMatchObject({ model: 'vsrx', version: '15.1X49-D15.4' });
  });
});

describe('software-information: unusable replies', () => {
  it('a reply to another command is a PARSE_ERROR naming what it found', () => {
    expect(errorCodeOf(() => parseFile(collector, junosPublic('pyez/facts/vmhost_true_command.xml')))).toBe('PARSE_ERROR');
  });
  it('a backup RE note is RE_NOT_MASTER', () => {
    const text = '<rpc-reply><output>error: This command can only be used on the master routing engine.</output></rpc-reply>';
    expect(errorCodeOf(() => parseText(collector, text))).toBe('RE_NOT_MASTER');
  });
  it('an error-only reply is an RPC_ERROR (no legitimate absence of software)', () => {
    const text = '<rpc-reply><rpc-error><error-severity>error</error-severity><error-message>syntax error</error-message></rpc-error></rpc-reply>';
    expect(errorCodeOf(() => parseText(collector, text))).toBe('RPC_ERROR');
  });
  it('an item without re-name and an empty item are kept', () => {
    const text =
      '<rpc-reply><multi-routing-engine-results><multi-routing-engine-item><re-name>node0</re-name></multi-routing-engine-item>' +
      '<multi-routing-engine-item><software-information><host-name>h</host-name><product-model>SRX4600</product-model>' +
      '<junos-version>22.4R3.25</junos-version></software-information></multi-routing-engine-item></multi-routing-engine-results></rpc-reply>';
    const r = recordsOf(parseText(collector, text));
    expect(r.members).toEqual([
      { member: 'node0', hostname: null, model: null, version: null, error: 'no <software-information> in the reply' },
      { member: null, hostname: 'h', model: 'srx4600', version: '22.4R3.25', error: null },
    ]);
    expect(r).toMatchObject({ hostname: 'h', selectedMember: null });
  });
});

describe('software-information: the built-in simulator profiles parse to what the profiles hold', () => {
  const EXPECTED: Record<(typeof BUILTIN_PROFILES)[number], { model: string; os: string; members: (string | null)[]; selected: string }> = {
    'ex4300-vc': { model: 'ex4300-48p', os: 'junos', members: ['fpc0', 'fpc1'], selected: 'fpc0' },
    mx480: { model: 'mx480', os: 'junos', members: ['re0', 're1'], selected: 're0' },
    mx960: { model: 'mx960', os: 'junos', members: ['re0', 're1'], selected: 're0' },
    ptx10001: { model: 'ptx10001-36mr', os: 'junos-evolved', members: ['re0'], selected: 're0' },
    qfx5120: { model: 'qfx5120-48y-8c', os: 'junos', members: ['fpc0'], selected: 'fpc0' },
    'srx345-cluster': { model: 'srx345', os: 'junos', members: ['node0', 'node1'], selected: 'node0' },
  };
  const files = ['command+show-version-invoke-on-all-routing-engines.xml', 'get-software-information+all-servers.xml', 'get-software-information.xml'];
  it.each(BUILTIN_PROFILES.flatMap((p) => files.map((f) => [p, f] as const)))('%s %s', (profile, file) => {
    const meta = profileMeta(profile);
    const expected = EXPECTED[profile];
    const r = recordsOf(parseFile(collector, profileFile(profile, file)));
    expect(r.version).toBe(meta.release);
    expect(r.hostname === meta.hostname || r.hostname === `${meta.hostname}-${expected.selected}`, String(r.hostname)).toBe(true);
    expect(r.model).toBe(expected.model);
    expect(r.os).toBe(expected.os);
    for (const m of r.members) expect(m.version).toBe(meta.release);
    const plainSingle = file === 'get-software-information.xml' && readFileSync(profileFile(profile, file), 'utf8').indexOf('multi-routing-engine') === -1;
    expect(members(r)).toEqual(plainSingle ? [null] : expected.members);
    if (!plainSingle) expect(r.selectedMember).toBe(expected.selected);
  });
});

describe('software-information golden fixtures', () => {
  const pairs = goldenPairs(collector.name);
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(4));
  it.each(pairs.map((p) => [p.xml.split('/fixtures/')[1]!, p] as const))('%s', (_name, pair) => {
    expect(goldenDocument(collector, pair.xml)).toEqual(JSON.parse(readFileSync(pair.json, 'utf8')));
  });
});
