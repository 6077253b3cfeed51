/**
 * Hand-built store results for the report tests: a ChangeSet with one of every kind of change
 * (including values a hostile or odd device could send: markup, formula starters, quotes,
 * commas and newlines), and software rows over three sites.
 */
import type { ChangeSet, ConfigSnapshot, SoftwareRow, StoredComponent } from '../../src/store/store-api.js';

export const SINCE = '2025-03-01T00:00:00.000Z';
export const UNTIL = '2025-03-02T00:00:00.000Z';
export const AT = '2025-03-01T06:00:00.000Z';

export const HOSTILE_DESCRIPTION = '<img src="http://192.0.2.1/x.png"><script>alert(1)</script> "MPC7E", 10x40GE\nline 2';
export const FORMULA_DESCRIPTION = '=HYPERLINK("http://192.0.2.1/","click")';

export function component(path: string[], serial: string | null, extra: Partial<StoredComponent> = {}): StoredComponent {
  return {
    member: null,
    path,
    name: path[path.length - 1] ?? null,
    kind: 'fpc',
    partNumber: '750-063181',
    serialNumber: serial,
    serialPlaceholder: false,
    modelNumber: 'MPC7E-MRATE',
    version: 'REV 11',
    description: 'MPC7E 3D MRATE-12xQSFPP-XGE-XLGE-CGE',
    cleiCode: null,
    firstSeen: AT,
    lastSeen: AT,
    removedAt: null,
    ...extra,
  };
}

function snapshot(id: number, device: string, hash: string, firstSeen: string, commitUser: string | null): ConfigSnapshot {
  return { id, device, firstSeen, lastSeen: firstSeen, hash, commitTime: commitUser ? '2025-03-01 05:55:00 UTC' : null, commitUser };
}

export function sampleChangeSet(): ChangeSet {
  return {
    since: SINCE,
    until: UNTIL,
    componentsAdded: [
      { device: 'mx2', component: component(['Chassis', 'FPC 1'], 'CAJX9999', { description: HOSTILE_DESCRIPTION }) },
      { device: 'mx1', component: component(['Chassis', 'FPC 0', 'PIC 0', 'Xcvr 3'], '-1234', { kind: 'transceiver', description: FORMULA_DESCRIPTION }) },
    ],
    componentsRemoved: [
      { device: 'mx1', component: component(['Chassis', 'FPC 1'], 'CAJX1111', { removedAt: AT, firstSeen: '2024-01-01T00:00:00.000Z' }) },
    ],
    componentsMoved: [{ serialNumber: 'XQ1234', from: { device: 'mx1', path: ['Chassis', 'FPC 2'] }, to: { device: 'mx2', path: ['Chassis', 'FPC 0'] }, at: AT }],
    softwareChanged: [
      { device: 'mx1', member: 're1', from: '22.4R3-S1.5', to: '22.4R3-S2.11', at: AT },
      { device: 'mx1', member: 're0', from: '22.4R3-S1.5', to: '22.4R3-S2.11', at: AT },
    ],
    configsChanged: [
      { device: 'mx1', from: snapshot(1, 'mx1', 'a'.repeat(64), '2025-02-01T00:00:00.000Z', 'admin'), to: snapshot(2, 'mx1', 'b'.repeat(64), AT, '+ops') },
      { device: 'qfx', from: null, to: snapshot(3, 'qfx', 'c'.repeat(64), AT, null) },
    ],
    devicesFailing: [
      { device: 'broken-2', status: 'failed', code: 'AUTH_FAILED', message: 'authentication failed for "lab"', since: AT },
      { device: 'broken-1', status: 'stale', code: 'RPC_TIMEOUT', message: '@get-chassis-inventory timed out, after 60000 ms', since: AT },
    ],
  };
}

export function sampleSoftwareRows(): SoftwareRow[] {
  const rows: SoftwareRow[] = [];
  const add = (device: string, site: string, model: string, member: string | null, version: string, os = 'junos') =>
    rows.push({ device, site, model, os, member, version, collectedAt: AT });
  add('mx480-a', '0100012345', 'mx480', 're0', '22.4R3-S2.11');
  add('mx480-a', '0100012345', 'mx480', 're1', '22.4R3-S2.11');
  add('mx960-a', '0100012345', 'mx960', 're0', '23.4R2-S3.9');
  add('ex-vc', '0100067890', 'ex4300-48p', 'fpc0', '21.4R3-S7.5');
  add('ex-vc', '0100067890', 'ex4300-48p', 'fpc1', '21.4R3-S7.5');
  add('srx-c', '0100067890', 'srx345', 'node0', '21.4R3-S5.4');
  add('srx-c', '0100067890', 'srx345', 'node1', '21.4R3-S5.4');
  add('ptx', '0100099999', 'ptx10001-36mr', 're0', '23.4R2-S3.9-EVO', 'junos-evolved');
  add('<b>x</b>', '0100099999', 'qfx5120-48y-8c', null, '=1+1');
  return rows;
}
