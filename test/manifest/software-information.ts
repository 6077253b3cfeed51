/**
 * Manifest part: the real replies to software-information's requests — `<command>show version
 * invoke-on all-routing-engines</command>` (PyEZ's `*_command.xml`), `<get-software-information>`
 * with or without `<all-servers/>`, and saved snapshots of them. The JSON (`display json`) and
 * text (`<output>`) forms of show version, and `show vmhost version`, are in out-of-scope.ts.
 */
import { expect } from 'vitest';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import type { ManifestEntry } from './manifest-entry.js';

type Entry = ManifestEntry<SoftwareInformation>;

const names = (r: SoftwareInformation) => r.members.map((m) => m.member);
const versions = (r: SoftwareInformation) => r.members.map((m) => m.version);

/** A reply that parses, with the top-level values and member names asserted. */
function sw(file: string, top: Partial<SoftwareInformation>, members: (string | null)[], note?: string): Entry {
  return {
    file,
    collector: 'software-information',
    outcome: 'records',
    ...(note ? { note } : {}),
    check: (r) => {
      expect(r).toMatchObject(top);
      expect(names(r)).toEqual(members);
      expect(r.members.every((m) => m.error === null)).toBe(true);
    },
  };
}

export const entries: Entry[] = [
  sw('ansible-junipernetworks-junos/fixtures/show_version_xml.txt', { hostname: 'vsrx01', model: 'vsrx', version: '15.1X49-D15.4', os: 'junos' }, [null], 'no namespaces; product-model vSRX lower-cased'),
  sw('jsnapy/configs/1.1.1.1_snap_1_show_version_invoke-on_all-routing-engines.xml', { hostname: 'R3_re0', model: 'mx240', version: '14.2-20141220.0' }, ['re0'], 'snapshot without rpc-reply; version from the "Junos:" package comment'),
  sw('pyez/facts/current_re_jdm_get-software-information.xml', { hostname: 'jdm', model: 'junos_node_slicing', version: '17.4-20170718_dev_common.1-secure' }, [null], 'JDM: "JUNOS version : ..." package'),
  sw('pyez/facts/ifd_style_switch_get-software-information.xml', { hostname: 'sw1', model: 'ex2200-c-12t-2g', version: '11.4R1.6' }, [null], '11.4: version from "JUNOS Base OS boot [11.4R1.6]"'),
  sw('pyez/facts/personality_ex_command.xml', { hostname: 'rppdt-ex4200a', model: 'ex4200-48t', version: '13.3R2.2' }, ['fpc0']),
  {
    file: 'pyez/facts/personality_m_command.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'M320 dual RE; re1 runs 12.3R3.4 with no junos-version element',
    check: (r) => {
      expect(r).toMatchObject({ hostname: 'dalian', model: 'm320', version: '14.1R1.10', selectedMember: 're0' });
      expect(r.members.map((m) => [m.member, m.hostname, m.version])).toEqual([['re0', 'dalian', '14.1R1.10'], ['re1', 'dalian1', '12.3R3.4']]);
    },
  },
  sw('pyez/facts/personality_mx_command.xml', { hostname: 'cots', model: 'mx80', version: '16.1-20160720.0' }, [null], 'single-RE MX80 answers the command with a plain software-information'),
  sw('pyez/facts/personality_ptx_command.xml', { hostname: 'musa', model: 'ptx5000', version: '16.1X70-D10.5' }, ['re0', 're1']),
  sw('pyez/facts/personality_srx_branch_command.xml', { hostname: 'usability-he2', model: 'srx210he2', version: '12.1X46-D65' }, [null], 'version only in "JUNOS Software Release [12.1X46-D65]"'),
  sw('pyez/facts/personality_srx_high_end_command.xml', { hostname: 'lsys500', model: 'srx5400', version: '12.3X48-D40.5' }, [null]),
  sw('pyez/facts/personality_srx_mid_range_command.xml', { hostname: 'lsys500', model: 'srx3600', version: '12.3X48-D40.5' }, [null]),
  sw('pyez/facts/personality_t_command.xml', { hostname: 'ulam', model: 't1600', version: '15.1R2.9' }, ['re0', 're1']),
  sw('pyez/facts/personality_vmx_command.xml', { hostname: 'r0', model: 'mx960', version: '16.1R1.11' }, ['re0']),
  sw('pyez/facts/personality_vptx_command.xml', { hostname: 'tt-sgsingh-6000768-vm', model: 'ptx5000', version: '15.1F-20151115.0' }, ['re0']),
  {
    file: 'pyez/facts/sw_info_bsys_get-software-information.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'MX2020 node slicing: bsys-re0/1 and gnf1..4-re0/1',
    check: (r) => {
      expect(names(r)).toEqual(['bsys-re0', 'bsys-re1', ...[1, 2, 3, 4].flatMap((n) => [`gnf${n}-re0`, `gnf${n}-re1`])]);
      expect(r).toMatchObject({ hostname: 'bsys', model: 'mx2020', version: '17.4-20170706_dev_common.0' });
    },
  },
  {
    file: 'pyez/facts/sw_info_dual_command.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'MX480 whose two REs run different versions',
    check: (r) => {
      expect(r).toMatchObject({ hostname: 'baku', model: 'mx480', version: '15.1F5.15-C1.12' });
      expect(versions(r)).toEqual(['15.1F5.15-C1.12', '15.1F5.15']);
    },
  },
  {
    file: 'pyez/facts/sw_info_dual_other_re_off.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'partial: "Could not connect to re0" beside re1 data; re0 kept with the error',
    check: (r) => {
      expect(r.members.map((m) => [m.member, m.error])).toEqual([['re0', 'Could not connect to re0 : No route to host'], ['re1', null]]);
      expect(r).toMatchObject({ hostname: 'R1_re01', model: 'mx960', version: '18.3I20180716_1639', selectedMember: 're1' });
    },
  },
  sw('pyez/facts/sw_info_ex_get-software-information.xml', { hostname: 'sw1', model: 'ex2200-c-12t-2g', version: '11.4R1.6' }, [null]),
  {
    file: 'pyez/facts/sw_info_gnf_get-software-information.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'GNF view of node slicing: its own REs first, bsys REs on another build',
    check: (r) => {
      expect(names(r)).toEqual(['gnf7-re0', 'gnf7-re1', 'bsys-re0', 'bsys-re1']);
      expect(versions(r)).toEqual(['18.4-20180707_dev_common.0', '18.4-20180707_dev_common.0', '18.4-20180723_dev_common.0', '18.4-20180723_dev_common.0']);
      expect(r.hostname).toBe('mgb-gnf-a');
    },
  },
  sw('pyez/facts/sw_info_jdm_get-software-information.xml', { hostname: 'jdm', model: 'junos_node_slicing', version: '17.4-20170718_dev_common.1-secure' }, ['server0', 'server1']),
  sw('pyez/facts/sw_info_nfx_get-software-information.xml', { hostname: 'jdm', model: 'nfx250_s2_10_t', version: '15.1X53-D45.3' }, [null], 'NFX JDM: version from version-information MGD'),
  sw('pyez/facts/sw_info_no_version_get-software-information.xml', { hostname: 'lsys500', model: 'srx3600', version: null }, [null], 'no version anywhere: null, the rest kept'),
  sw('pyez/facts/sw_info_simple_get-software-information.xml', { hostname: 'lsys500', model: 'srx3600', version: '12.3X48-D40.5' }, [null], 'NETCONF base default namespace'),
  sw('pyez/facts/sw_info_srx_cluster_get-software-information.xml', { hostname: 'frogbert', model: 'srx5800', version: '17.3-2017-07-02.0_RELEASE_173_THROTTLE' }, ['node0', 'node1']),
  sw('pyez/facts/sw_info_txp_get-software-information.xml', { hostname: 'dj', model: 't1600', version: '13.3R9-S2.1' }, [null]),
  sw('pyez/facts/sw_info_vc_command.xml', { hostname: 'reefbreak1', model: 'mx240', version: '15.1-20161209.0' }, ['member0', 'member1'], 'MX-VC'),
  sw('pyez/ofacts/get-software-information.xml', { hostname: 'wf-kiwi', model: 'mx960', version: '12.3R6.6' }, ['re0', 're1'], '12.3: versions from package comments'),
  {
    file: 'pyez/ofacts/get-software-information_RE0-RE0.xml',
    collector: 'software-information',
    outcome: 'records',
    note: 'TX Matrix Plus: txp RE and lcc REs, version only in "Junos: 14.2R4"',
    check: (r) => {
      expect(r.members.map((m) => [m.member, m.model, m.version])).toEqual([
        ['abc-re0', 'txp', '14.2R4'], ['lcc0-re0', 't100', '14.2R4'], ['lcc2-re0', 't100', '14.2R4'],
      ]);
    },
  },
  sw('pyez/rpc-reply/get-software-information.xml', { hostname: 'firefly', model: 'firefly-perimeter', version: '12.1X46-D15.3' }, [null], 'vSRX 12.1X46: version only in the package comment'),
];
