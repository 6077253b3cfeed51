/**
 * Manifest part: every real reply to get-chassis-inventory under junos-public (pyez facts and
 * rpc-reply, the ansible `show chassis hardware | display xml` capture, the four QFabric node
 * inventories of ansible-junos-stdlib), with key values asserted. CLI text and JSON captures of
 * `show chassis hardware` (genieparser, ntc-templates, suzieq) are listed in out-of-scope.ts.
 */
import { expect } from 'vitest';
import type { ChassisInventoryRecords, InventoryComponent } from '../../collectors/chassis-inventory.js';
import type { ManifestEntry } from './manifest-entry.js';

const real = (r: ChassisInventoryRecords): InventoryComponent[] => r.components.filter((c) => c.serialNumber !== null && !c.serialPlaceholder);
const kinds = (r: ChassisInventoryRecords): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const c of r.components) out[c.kind] = (out[c.kind] ?? 0) + 1;
  return out;
};

/**
 * A QFX3500 QFabric node: chassis, RE 0 (BUILTIN), FPC 0 with CPU, PICs 0-2, MGMT BRD, two power
 * supply slots (one empty), three fan trays.
 */
function qfx3500(chassisSerial: string, components: number, transceivers: number, emptyPsu: string, psuSerial: string) {
  return (r: ChassisInventoryRecords): void => {
    expect(r.components).toHaveLength(components);
    expect(r.components[0]).toMatchObject({ path: ['Chassis'], kind: 'chassis', serialNumber: chassisSerial, description: 'QFX3500', member: null });
    expect(kinds(r)).toEqual({ chassis: 1, 'routing-engine': 1, fpc: 1, other: 2, pic: 3, transceiver: transceivers, power: 2, fan: 3 });
    expect(r.components.filter((c) => c.serialPlaceholder).map((c) => c.serialNumber)).toEqual(Array(5).fill('BUILTIN'));
    // the absent power supply is an empty module: kept, every field null
    expect(r.components.find((c) => c.name === emptyPsu)).toMatchObject({ kind: 'power', serialNumber: null, partNumber: null, serialPlaceholder: false });
    expect(r.components.filter((c) => c.kind === 'power' && c.serialNumber !== null).map((c) => [c.serialNumber, c.modelNumber])).toEqual([
      [psuSerial, 'QFXC01-PWRACI-650A'],
    ]);
    expect(r.components.find((c) => c.name === 'FPC 0')).toMatchObject({ serialNumber: `${chassisSerial}-C`, modelNumber: 'QFX3500-48S4Q', partNumber: '750-036931' });
    const xcvr = r.components.find((c) => c.kind === 'transceiver')!;
    expect(xcvr.path.slice(0, 3)).toEqual(['Chassis', 'FPC 0', 'PIC 0']);
  };
}

export const entries: ManifestEntry<ChassisInventoryRecords>[] = [
  {
    file: 'pyez/facts/chassis_serialnumber_get-chassis-inventory.xml',
    collector: 'chassis-inventory',
    outcome: 'records',
    note: 'MX480 with two REs, two SCBE2, MPC5E with SFP+ (Xcvr three levels deep), BUILTIN PICs',
    check: (r) => {
      expect(r.components).toHaveLength(44);
      expect(r.components[0]).toMatchObject({ kind: 'chassis', serialNumber: 'JN1249018AFB', description: 'MX480', member: null });
      expect(kinds(r)).toEqual({ chassis: 1, midplane: 1, other: 5, power: 2, 'routing-engine': 2, 'control-board': 2, fpc: 2, pic: 8, transceiver: 20, fan: 1 });
      expect(real(r)).toHaveLength(35);
      expect(r.components.filter((c) => c.serialPlaceholder).every((c) => c.serialNumber === 'BUILTIN')).toBe(true);
      expect(r.components.find((c) => c.name === 'Routing Engine 1')).toMatchObject({
        kind: 'routing-engine', serialNumber: '9013086699', modelNumber: 'RE-S-1800X4-32G-S', cleiCode: 'COUCATEBAA', version: 'REV 01', partNumber: '740-051822',
      });
      expect(r.components.find((c) => c.serialNumber === 'MSR0YWA')!.path).toEqual(['Chassis', 'FPC 0', 'PIC 0', 'Xcvr 0']);
      expect(r.components.filter((c) => c.kind === 'power').map((c) => c.name)).toEqual(['PEM 0', 'PEM 2']);
    },
  },
  {
    file: 'pyez/facts/chassis_backplane_serialnumber_get-chassis-inventory.xml',
    collector: 'chassis-inventory',
    outcome: 'records',
    note: 'vSRX: empty node0/node1 items, the inventory in an item without re-name; the serial is on the Backplane',
    check: (r) => {
      expect(r.components).toHaveLength(8);
      expect(r.components.every((c) => c.member === null)).toBe(true);
      expect(r.components[0]).toMatchObject({ kind: 'chassis', serialNumber: null, description: 'FIREFLY-PERIMETER' });
      expect(real(r).map((c) => [c.name, c.kind, c.serialNumber])).toEqual([['Backplane', 'midplane', '123456789']]);
      expect(r.components.find((c) => c.name === 'PIC 0')!.path).toEqual(['Chassis', 'FPC 0', 'PIC 0']);
    },
  },
  {
    file: 'pyez/facts/chassis_connect_not_master_get-chassis-inventory.xml',
    collector: 'chassis-inventory',
    outcome: 'error',
    code: 'RE_NOT_MASTER',
    note: 'backup RE: "can only be used on the master routing engine"',
  },
  {
    file: 'pyez/facts/chassis_error_xml_get-chassis-inventory.xml',
    collector: 'chassis-inventory',
    outcome: 'error',
    code: 'RPC_ERROR',
    note: 'a bare <error> element instead of the inventory (synthetic)',
  },
  {
    file: 'pyez/rpc-reply/get-chassis-inventory.xml',
    collector: 'chassis-inventory',
    outcome: 'records',
    note: 'vSRX (Firefly) 12.1X46: chassis serial only',
    check: (r) => {
      expect(r.components.map((c) => c.name)).toEqual(['Chassis', 'Midplane', 'System IO', 'Routing Engine', 'FPC 0', 'PIC 0', 'Power Supply 0']);
      expect(r.components.map((c) => c.kind)).toEqual(['chassis', 'midplane', 'other', 'routing-engine', 'fpc', 'pic', 'power']);
      expect(real(r).map((c) => c.serialNumber)).toEqual(['aaf5fe5f9b88']);
    },
  },
  {
    file: 'ansible-junipernetworks-junos/fixtures/show_chassis_hardware_xml.txt',
    collector: 'chassis-inventory',
    outcome: 'records',
    note: 'vSRX `show chassis hardware | display xml`, no namespaces, no junos: attributes',
    check: (r) => {
      expect(r.components).toHaveLength(6);
      expect(r.components[0]).toMatchObject({ kind: 'chassis', serialNumber: 'adc382ed18b0', description: 'VSRX' });
      expect(real(r)).toHaveLength(1);
    },
  },
  { file: 'ansible-junos-stdlib/pb/lc0-inventory.xml', collector: 'chassis-inventory', outcome: 'records', note: 'QFX3500 node, no rpc-reply', check: qfx3500('P5610', 28, 15, 'Power Supply 1', 'WA13003') },
  { file: 'ansible-junos-stdlib/pb/lc1-inventory.xml', collector: 'chassis-inventory', outcome: 'records', note: 'QFX3500 node, no rpc-reply', check: qfx3500('P5661', 28, 15, 'Power Supply 0', 'WA12973') },
  { file: 'ansible-junos-stdlib/pb/lc2-inventory.xml', collector: 'chassis-inventory', outcome: 'records', note: 'QFX3500 node, no rpc-reply', check: qfx3500('P6026', 29, 16, 'Power Supply 1', 'WA12156') },
  { file: 'ansible-junos-stdlib/pb/lc3-inventory.xml', collector: 'chassis-inventory', outcome: 'records', note: 'QFX3500 node, no rpc-reply', check: qfx3500('P5797', 30, 17, 'Power Supply 0', 'WA13182') },
];
