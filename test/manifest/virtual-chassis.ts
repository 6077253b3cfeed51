/**
 * Manifest part: every real reply to get-virtual-chassis-information under junos-public (EX/QFX
 * VC, mixed-mode VC and VCF, split-brain dual master, MX-VC), with key values asserted.
 */
import { expect } from 'vitest';
import type { VirtualChassisRecords } from '../../collectors/virtual-chassis.js';
import type { ManifestEntry } from './manifest-entry.js';

const summary = (r: VirtualChassisRecords) => r.members.map((m) => [m.memberId, m.serialNumber, m.model, m.role, m.status]);

/** MX240 MX-VC (the same reply is reused by several PyEZ tests). */
function mx240Vc(r: VirtualChassisRecords): void {
  expect(r).toMatchObject({ id: '737a.74f6.9e99', mode: null, fabric: false, preprovisioned: true });
  expect(summary(r)).toEqual([
    [0, 'JN1230B3FAFC', 'mx240', 'Master', 'Prsnt'],
    [1, 'JN122D0FEAFC', 'mx240', 'Backup', 'Prsnt'],
  ]);
  expect(r.members.map((m) => m.fpcSlots)).toEqual([{ first: 0, last: 11 }, { first: 12, last: 23 }]);
  expect(r.members[0]!.neighbors.map((n) => n.interface)).toEqual(['vcp-1/0/1', 'vcp-1/0/2', 'vcp-1/0/3']);
}

/** QFX5100 + EX4300 mixed mode, seen as a VC and as a VCF (fabric style). */
function mixed(fabric: boolean) {
  return (r: VirtualChassisRecords): void => {
    expect(r).toMatchObject({ id: 'f0e9.b6b2.378b', mode: 'Mixed', fabric, preprovisioned: false });
    expect(summary(r)).toEqual([
      [0, 'TA37134XXXXX', 'qfx5100-48s-6q', 'Master', 'Prsnt'],
      [1, 'PF37140XXXXX', 'ex4300-24p', 'Linecard', 'Prsnt'],
    ]);
    expect(r.members.map((m) => [m.mixedMode, m.routeMode, m.local])).toEqual([['Y', 'F', true], ['Y', 'F', false]]);
  };
}

export const entries: ManifestEntry<VirtualChassisRecords>[] = [
  {
    file: 'pyez/facts/vc_get-virtual-chassis-information.xml',
    collector: 'virtual-chassis',
    outcome: 'records',
    note: 'EX4300-48P VC, member 1 not present',
    check: (r) => {
      expect(r).toMatchObject({ id: '70b7.3d82.d346', mode: 'Enabled', preprovisioned: true });
      expect(summary(r)).toEqual([
        [0, 'PD3714050496', 'ex4300-48p', 'Master', 'Prsnt'],
        [1, 'PD3714170265', 'ex4300-48p', null, 'NotPrsnt'],
      ]);
      expect(r.members[0]).toMatchObject({ local: true, priority: 129, fpcSlots: { first: 0, last: 0 } });
      expect(r.members[1]).toMatchObject({ local: false, priority: null, neighbors: [] });
    },
  },
  {
    file: 'pyez/facts/vc_dual_master_get-virtual-chassis-information.xml',
    collector: 'virtual-chassis',
    outcome: 'records',
    note: 'split brain: two masters, only member 0 marked as the local one',
    check: (r) => {
      expect(r.members.map((m) => [m.memberId, m.role, m.local])).toEqual([[0, 'Master', true], [1, 'Master', false]]);
    },
  },
  { file: 'pyez/facts/vc_mmvc_get-virtual-chassis-information.xml', collector: 'virtual-chassis', outcome: 'records', note: 'mixed-mode VC', check: mixed(false) },
  { file: 'pyez/facts/vc_mmvcf_get-virtual-chassis-information.xml', collector: 'virtual-chassis', outcome: 'records', note: 'mixed-mode VCF (junos:style="fabric")', check: mixed(true) },
  { file: 'pyez/ofacts/get-virtual-chassis-information_mmvcf.xml', collector: 'virtual-chassis', outcome: 'records', note: 'mixed-mode VCF, older copy', check: mixed(true) },
  {
    file: 'pyez/facts/personality_ex_get-virtual-chassis-information.xml',
    collector: 'virtual-chassis',
    outcome: 'records',
    note: 'EX4200-48T, a one-member VC (13.3, no route mode)',
    check: (r) => {
      expect(r).toMatchObject({ id: '33c1.0dbd.447f', mode: 'Enabled', preprovisioned: false });
      expect(summary(r)).toEqual([[0, 'BP0212121453', 'ex4200-48t', 'Master', 'Prsnt']]);
      expect(r.members[0]!.routeMode).toBeNull();
    },
  },
  { file: 'pyez/facts/sw_info_vc_get-virtual-chassis-information.xml', collector: 'virtual-chassis', outcome: 'records', note: 'MX240 MX-VC', check: mx240Vc },
  { file: 'pyez/facts/ifd_style_switch_get-virtual-chassis-information.xml', collector: 'virtual-chassis', outcome: 'records', note: 'MX240 MX-VC (same content)', check: mx240Vc },
  {
    file: 'pyez/ofacts/get-virtual-chassis-information.xml',
    collector: 'virtual-chassis',
    outcome: 'records',
    note: 'MX-VC of an MX2010 and an MX2020, slot ranges, plain style attribute',
    check: (r) => {
      expect(r).toMatchObject({ id: '4b43.17d9.1dcf', mode: null, preprovisioned: true });
      expect(summary(r)).toEqual([
        [0, 'JN11CA3F9AFK', 'mx2010', 'Master', 'Prsnt'],
        [1, 'JN122D1DAAFJ', 'mx2020', 'Backup', 'Prsnt'],
      ]);
      expect(r.members.map((m) => m.fpcSlots)).toEqual([{ first: 0, last: 19 }, { first: 20, last: 39 }]);
      expect(r.members[1]!.neighbors).toHaveLength(3);
    },
  },
];
