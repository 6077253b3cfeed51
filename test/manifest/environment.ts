/**
 * Manifest part: every real reply to get-environment-information under junos-public (NAPALM's
 * get_environment fixtures; their get-route-engine-information files belong to route-engine).
 */
import { expect } from 'vitest';
import type { EnvironmentRecords } from '../../collectors/environment.js';
import type { ManifestEntry } from './manifest-entry.js';

const byClass = (r: EnvironmentRecords): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const i of r.items) out[i.class ?? 'null'] = (out[i.class ?? 'null'] ?? 0) + 1;
  return out;
};
const item = (r: EnvironmentRecords, name: string) => r.items.find((i) => i.name === name);

export const entries: ManifestEntry<EnvironmentRecords>[] = [
  {
    file: 'napalm/test_get_environment/ex9208/get-environment-information.xml',
    collector: 'environment',
    outcome: 'records',
    note: 'EX9208: absent PEM, RE and CB sensors; class only on the first item of a group',
    check: (r) => {
      expect(r.items).toHaveLength(94);
      expect(byClass(r)).toEqual({ Temp: 88, Fans: 6 });
      expect(r.items.filter((i) => i.status === 'Absent')).toHaveLength(9);
      expect(item(r, 'PEM 3')).toEqual({ member: null, name: 'PEM 3', class: 'Temp', status: 'Absent', temperatureC: null, comment: null });
      expect(item(r, 'Routing Engine 0 CPU')).toMatchObject({ class: 'Temp', temperatureC: 31 });
    },
  },
  {
    file: 'napalm/test_get_environment/issue1183_srx_multi_node/get-environment-information.xml',
    collector: 'environment',
    outcome: 'records',
    note: 'SRX345 cluster node0 in the multi-RE wrapper, no rpc-reply',
    check: (r) => {
      expect(r.items).toHaveLength(8);
      expect(r.items.every((i) => i.member === 'node0')).toBe(true);
      expect(byClass(r)).toEqual({ Temp: 2, Fans: 4, Power: 2 });
      expect(item(r, 'Routing Engine CPU')).toMatchObject({ class: 'Temp', temperatureC: 68 });
      expect(item(r, 'SRX340 Chassis fan 0')).toMatchObject({ class: 'Fans', comment: 'Spinning at normal speed', temperatureC: null });
    },
  },
  {
    file: 'napalm/test_get_environment/mx10003/get-environment-information.xml',
    collector: 'environment',
    outcome: 'records',
    note: 'MX10003: the 37 Temp sensors NAPALM reports, PEMs with temperatures, 16 fans',
    check: (r) => {
      expect(r.items).toHaveLength(59);
      expect(byClass(r)).toEqual({ Temp: 37, Power: 6, Fans: 16 });
      expect(item(r, 'FPC 1 EA1_HMC0 Logic die')).toMatchObject({ class: 'Temp', temperatureC: 76, status: 'OK' });
      expect(item(r, 'PEM 1')).toMatchObject({ class: 'Power', temperatureC: 41 });
    },
  },
  {
    file: 'napalm/test_get_environment/normal/get-environment-information.xml',
    collector: 'environment',
    outcome: 'records',
    note: 'EX4200-48T',
    check: (r) => {
      expect(r.items).toHaveLength(13);
      expect(byClass(r)).toEqual({ Power: 2, Temp: 8, Fans: 3 });
      expect(item(r, 'FPC 0 EX-PFE2')!.temperatureC).toBe(67);
    },
  },
  {
    file: 'napalm/test_get_environment/virtualchassis/get-environment-information.xml',
    collector: 'environment',
    outcome: 'records',
    note: 'EX2300 VC of three members, class carried forward',
    check: (r) => {
      expect(r.items).toHaveLength(14);
      expect(byClass(r)).toEqual({ Power: 3, Temp: 6, Fans: 5 });
      expect(item(r, 'FPC 2 Power Supply 0')!.class).toBe('Power');
      expect(item(r, 'FPC 2 CPU Sensor')).toMatchObject({ class: 'Temp', temperatureC: 43 });
    },
  },
];
