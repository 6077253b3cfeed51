/**
 * The shipped example catalog on what the six built-in simulator profiles really report (their
 * saved replies parsed by the real software-information and chassis-inventory collectors), on a
 * fixed day (2026-12-01): a supported MX960 with an end-of-support line card, a part-number match,
 * routing engines and power supplies, SRX cluster nodes, the EX4300 virtual chassis members, 21.4
 * past EOS, 22.4 past EOE with EOS due, 23.4 and its Evolved twin with their own dates.
 */
import { describe, expect, it } from 'vitest';
import type { ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { lifecycleFindings } from '../../src/analysis/lifecycle-findings.js';
import { EXAMPLE_LIFECYCLE_CATALOG, readLifecycleCatalogs } from '../../src/lifecycle/read-lifecycle-catalogs.js';
import type { LifecycleFinding, LifecycleInput } from '../../src/lifecycle/lifecycle-types.js';
import { profileResults } from '../reports/profile-records.js';
import { NOW } from './lifecycle-builders.js';

const PROFILES = ['mx480', 'mx960', 'ptx10001', 'qfx5120', 'srx345-cluster', 'ex4300-vc'];

function fleetInput(): Omit<LifecycleInput, 'catalog' | 'horizon' | 'now'> {
  const input: Omit<LifecycleInput, 'catalog' | 'horizon' | 'now'> = { devices: [], software: [], components: [] };
  for (const profile of PROFILES) {
    const results = profileResults(profile);
    const sw = results.find((r) => r.collector === 'software-information')!.records as SoftwareInformation;
    const inventory = results.find((r) => r.collector === 'chassis-inventory')!.records as ChassisInventoryRecords;
    input.devices.push({ name: profile, site: 'LAB', model: sw.model, os: sw.os });
    for (const m of sw.members) input.software.push({ device: profile, member: m.member, version: m.version });
    for (const c of inventory.components) {
      input.components.push({ device: profile, member: c.member, serialNumber: c.serialNumber, kind: c.kind, path: c.path, partNumber: c.partNumber, modelNumber: c.modelNumber, description: c.description });
    }
  }
  return input;
}

const { catalog } = readLifecycleCatalogs([EXAMPLE_LIFECYCLE_CATALOG]);
const fleet = fleetInput();
const run = (milestoneHorizonMonths = {}) => lifecycleFindings({ ...fleet, catalog, now: NOW, horizon: { horizonMonths: 12, milestoneHorizonMonths } });
const result = run();

/** `path serial member milestone state days severity` for one device's hardware findings. */
function hardwareOf(device: string, findings: LifecycleFinding[] = result.findings): string[] {
  return findings
    .filter((f) => f.device === device && f.kind === 'hardware')
    .map((f) => `${f.path!.join('/')} ${f.serialNumber}${f.member ? ` ${f.member}` : ''} ${f.milestone} ${f.state} ${f.daysUntil} ${f.severity}`);
}

function softwareOf(device: string, findings: LifecycleFinding[] = result.findings): string[] {
  return findings
    .filter((f) => f.device === device && f.kind === 'software')
    .map((f) => `${f.member} ${f.version} ${f.key} ${f.milestone} ${f.state} ${f.daysUntil} ${f.severity}`);
}

describe('example catalog × built-in profiles (2026-12-01)', () => {
  it('mx960: a supported chassis with an end-of-support MPC5E, an MPC3E due, a MIC by part number, PEMs by part number', () => {
    const mx960 = hardwareOf('mx960');
    expect(mx960.filter((f) => f.startsWith('Chassis/FPC 1 '))).toEqual([
      'Chassis/FPC 1 CAFN6104 eolAnnounced passed -2713 info',
      'Chassis/FPC 1 CAFN6104 lastOrder passed -2345 low',
      'Chassis/FPC 1 CAFN6104 lastWarrantyConversion passed -1980 low',
      'Chassis/FPC 1 CAFN6104 endOfSoftwareEngineering passed -1250 medium',
      'Chassis/FPC 1 CAFN6104 endOfSupport passed -519 high',
    ]);
    expect(mx960.filter((f) => f.startsWith('Chassis ')).map((f) => f.split(' ').slice(2, 4).join(' '))).toEqual([
      'eolAnnounced passed', 'lastOrder passed', 'lastWarrantyConversion passed',
    ]);
    expect(mx960.filter((f) => / endOfSupport /.test(f))).toEqual([
      'Chassis/FPC 1 CAFN6104 endOfSupport passed -519 high',
      'Chassis/FPC 3 CAHH2741 endOfSupport upcoming 196 medium',
    ]);
    expect(mx960.filter((f) => f.startsWith('Chassis/FPC 3/MIC 0 '))).toHaveLength(4);
    const mic = result.findings.find((f) => f.device === 'mx960' && f.path?.join('/') === 'Chassis/FPC 3/MIC 0')!;
    expect(mic).toMatchObject({ matchedBy: 'partNumber', key: '750-033307', matchedValue: '750-033307', serialNumber: 'CAGZ1150', componentKind: 'mic' });
    expect(mx960.filter((f) => f.includes('/PEM '))).toEqual([0, 1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^Chassis/PEM ${n} \\S+ lastOrder passed -700 low$`))));
    expect(mx960.filter((f) => f.startsWith('Chassis/Routing Engine'))).toEqual([
      'Chassis/Routing Engine 0 CAMG5514 eolAnnounced passed -154 info',
      'Chassis/Routing Engine 0 CAMG5514 lastOrder upcoming 211 info',
      'Chassis/Routing Engine 1 CALG2208 eolAnnounced passed -154 info',
      'Chassis/Routing Engine 1 CALG2208 lastOrder upcoming 211 info',
    ]);
  });

  it('mx480 and mx960 software: 22.4 past EOE with EOS in 22 days; 23.4 EOE within a year, EOS beyond it', () => {
    expect(softwareOf('mx480')).toEqual([
      're0 22.4R3-S2.11 22.4 endOfEngineering passed -161 medium',
      're0 22.4R3-S2.11 22.4 endOfSupport upcoming 22 medium',
      're1 22.4R3-S2.11 22.4 endOfEngineering passed -161 medium',
      're1 22.4R3-S2.11 22.4 endOfSupport upcoming 22 medium',
    ]);
    expect(softwareOf('mx960')).toEqual([
      're0 23.4R2-S3.9 23.4 endOfEngineering upcoming 203 low',
      're1 23.4R2-S3.9 23.4 endOfEngineering upcoming 203 low',
    ]);
    expect(softwareOf('mx960', run({ endOfSupport: 24 }).findings)).toContain('re0 23.4R2-S3.9 23.4 endOfSupport upcoming 386 medium');
  });

  it('ptx10001 (Evolved): judged on 23.4-EVO, not 23.4; its chassis is matched by the device model and far from any milestone', () => {
    expect(softwareOf('ptx10001')).toEqual(['re0 23.4R2-S3.9-EVO 23.4-EVO endOfEngineering upcoming 120 low']);
    expect(hardwareOf('ptx10001')).toEqual([]);
    expect(hardwareOf('qfx5120')).toEqual([]);
  });

  it('srx345 cluster: each node chassis with its serial, both nodes on 21.4 past End of Support', () => {
    expect(hardwareOf('srx345-cluster').filter((f) => / endOfSoftwareEngineering /.test(f))).toEqual([
      'Chassis DS4821AF0293 node0 endOfSoftwareEngineering upcoming 226 low',
      'Chassis DS4821AF0357 node1 endOfSoftwareEngineering upcoming 226 low',
    ]);
    expect(softwareOf('srx345-cluster')).toEqual([
      'node0 21.4R3-S5.4 21.4 endOfEngineering passed -711 medium',
      'node0 21.4R3-S5.4 21.4 endOfSupport passed -529 high',
      'node1 21.4R3-S5.4 21.4 endOfEngineering passed -711 medium',
      'node1 21.4R3-S5.4 21.4 endOfSupport passed -529 high',
    ]);
  });

  it('ex4300 virtual chassis: the master as the chassis, the EX4300-48T member as its FPC, its power supplies past EOS', () => {
    const eos = hardwareOf('ex4300-vc').filter((f) => / endOfSupport /.test(f));
    expect(eos).toEqual([
      'Chassis PD3718290411 endOfSupport upcoming 334 medium',
      'Chassis/FPC 1 PE3719150273 endOfSupport passed -31 high',
      'Chassis/FPC 1/Power Supply 0 1EDE9190412 endOfSupport passed -335 high',
      'Chassis/FPC 1/Power Supply 1 1EDE9190437 endOfSupport passed -335 high',
    ]);
  });

  it('summary: every train and chassis known, counts by severity, the catalog flagged as an example', () => {
    expect(result.summary).toMatchObject({
      catalogExample: true,
      devices: 6,
      hardware: { chassisNotInCatalog: [] },
      software: { membersChecked: 10, membersMatched: 10, notInCatalog: [], unparsedVersions: [], membersWithoutVersion: 0 },
    });
    expect(result.findings.every((f) => f.example)).toBe(true);
    const high = result.findings.filter((f) => f.severity === 'high').map((f) => `${f.device} ${f.path?.join('/') ?? f.member}`);
    expect(high).toEqual([
      'mx960 Chassis/FPC 1',
      'srx345-cluster node0',
      'srx345-cluster node1',
      'ex4300-vc Chassis/FPC 1',
      'ex4300-vc Chassis/FPC 1/Power Supply 0',
      'ex4300-vc Chassis/FPC 1/Power Supply 1',
      'ex4300-vc fpc0',
      'ex4300-vc fpc1',
    ]);
  });
});
