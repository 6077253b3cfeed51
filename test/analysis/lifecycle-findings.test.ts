/**
 * Lifecycle findings on small made-up fleets (today is 2026-12-01 UTC, horizon 12 months unless a
 * case says otherwise): chassis and modules matched by model, part number, description and device
 * model; one report per physical item; software trains (Evolved apart, unknown ones counted);
 * passed / upcoming / beyond the horizon, per-milestone overrides, the day boundary and severities;
 * softwareLifecycleFor for the exposure report.
 */
import { describe, expect, it } from 'vitest';
import { lifecycleFindings, softwareLifecycleFor } from '../../src/analysis/lifecycle-findings.js';
import { addMonths, dayNumber, SEVERITY } from '../../src/analysis/lifecycle-milestones.js';
import { catalogOf, hardware, lifecycleInput, NOW, part, software } from '../lifecycle/lifecycle-builders.js';

const dev = (name: string, model: string | null, os: string | null = 'junos') => ({ name, site: 'S1', model, os });

/** `milestone date state daysUntil severity` lines of the findings on one path, for compact tables. */
function at(findings: ReturnType<typeof lifecycleFindings>['findings'], path: string): string[] {
  return findings.filter((f) => (f.path ?? []).join('/') === path).map((f) => `${f.milestone} ${f.date} ${f.state} ${f.daysUntil} ${f.severity}`);
}

describe('hardware', () => {
  it('a chassis past End of Support is a high finding on the chassis, with its serial', () => {
    const catalog = catalogOf(hardware('MX240', { lastOrder: '2019-06-30', endOfSupport: '2024-06-30' }));
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('r1', 'mx240')],
      components: [part('r1', ['Chassis'], 'chassis', { serial: 'JN11AAAA', description: 'MX240' })],
    }));
    expect(at(result.findings, 'Chassis')).toEqual(['lastOrder 2019-06-30 passed -2711 low', 'endOfSupport 2024-06-30 passed -884 high']);
    expect(result.findings[0]).toMatchObject({ device: 'r1', site: 'S1', kind: 'hardware', serialNumber: 'JN11AAAA', componentKind: 'chassis', matchedBy: 'model', key: 'MX240', matchedValue: 'MX240' });
  });

  it('a supported chassis with an end-of-support line card: the card is the finding', () => {
    const catalog = catalogOf(
      hardware('MX960', { endOfSupport: '2031-01-31' }),
      hardware('MPC5EQ-40G10G', { endOfSoftwareEngineering: '2023-06-30', endOfSupport: '2025-06-30' }),
    );
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('r1', 'mx960')],
      components: [
        part('r1', ['Chassis'], 'chassis', { description: 'MX960' }),
        part('r1', ['Chassis', 'FPC 1'], 'fpc', { model: 'MPC5EQ-40G10G', part: '750-045715', serial: 'CAFN6104' }),
        part('r1', ['Chassis', 'FPC 1', 'PIC 0'], 'pic', { serial: 'BUILTIN', part: 'BUILTIN' }),
      ],
    }));
    expect(result.findings.map((f) => `${f.path!.join('/')} ${f.milestone} ${f.severity}`)).toEqual([
      'Chassis/FPC 1 endOfSoftwareEngineering medium',
      'Chassis/FPC 1 endOfSupport high',
    ]);
    expect(result.findings[1]).toMatchObject({ serialNumber: 'CAFN6104', matchedBy: 'model', key: 'MPC5EQ-40G10G' });
    expect(result.summary.hardware).toEqual({ componentsChecked: 3, itemsMatched: 2, chassisNotInCatalog: [] });
  });

  it('matches part numbers against partNumber keys, model numbers against model keys, case-insensitively and trimmed', () => {
    const catalog = catalogOf(
      hardware('750-033307', { endOfSupport: '2026-01-31' }, 'partNumber'),
      hardware('mic-3d-20ge-sfp-e', { endOfSupport: '2026-02-28' }),
      hardware('740-011613', { endOfSupport: '2026-03-31' }), // a part number written as a model key: never a part match
    );
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('r1', 'mx960')],
      components: [
        part('r1', ['Chassis', 'FPC 3', 'MIC 0'], 'mic', { model: 'MIC3-3D-10XGE-SFPP', part: ' 750-033307 ' }),
        part('r1', ['Chassis', 'FPC 3', 'MIC 1'], 'mic', { model: 'MIC-3D-20GE-SFP-E', part: '750-049846' }),
        part('r1', ['Chassis', 'FPC 3', 'MIC 1', 'PIC 3', 'Xcvr 0'], 'transceiver', { part: '740-011613' }),
      ],
    }));
    expect(result.findings.map((f) => [f.path!.at(-1), f.matchedBy, f.key, f.matchedValue])).toEqual([
      ['MIC 0', 'partNumber', '750-033307', ' 750-033307 '],
      ['MIC 1', 'model', 'mic-3d-20ge-sfp-e', 'MIC-3D-20GE-SFP-E'],
    ]);
  });

  it('a chassis is matched by its description, else by the device model; without an inventory, by the model alone', () => {
    const catalog = catalogOf(hardware('SRX345', { endOfSupport: '2026-11-30' }), hardware('EX2300-24T', { endOfSupport: '2026-11-01' }));
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('fw', 'srx345'), dev('sw', 'ex2300-24t'), dev('qfx', 'qfx5120-48y-8c'), dev('new', null)],
      components: [
        part('fw', ['Chassis'], 'chassis', { member: 'node0', serial: 'DS1', description: 'SRX345-DUAL-AC' }),
        part('fw', ['Chassis'], 'chassis', { member: 'node1', serial: 'DS2', description: 'SRX345-DUAL-AC' }),
        part('qfx', ['Chassis'], 'chassis', { serial: 'XH1', description: 'JNP48Y8C-CHAS' }),
      ],
    }));
    expect(result.findings.map((f) => [f.device, f.member, f.serialNumber, f.matchedValue, f.daysUntil])).toEqual([
      ['fw', 'node0', 'DS1', 'srx345', -1],
      ['fw', 'node1', 'DS2', 'srx345', -1],
      ['sw', null, null, 'ex2300-24t', -30],
    ]);
    expect(result.findings[2]!.path).toEqual(['Chassis']);
    expect(result.summary.hardware.chassisNotInCatalog).toEqual([{ model: 'qfx5120-48y-8c', devices: 1 }]);
  });

  it('reports one physical item once: repeats of an ancestor and of one serial fold into the item nearest the chassis', () => {
    const catalog = catalogOf(hardware('EX4300-48P', { endOfSupport: '2026-01-31' }), hardware('EX4300-48T', { endOfSupport: '2026-02-28' }));
    const vc = [
      part('vc', ['Chassis'], 'chassis', { serial: 'PD1', description: 'Virtual Chassis' }),
      part('vc', ['Chassis', 'Routing Engine 0'], 'routing-engine', { serial: 'PD1', model: 'EX4300-48P' }),
      part('vc', ['Chassis', 'Routing Engine 1'], 'routing-engine', { serial: 'PE2', model: 'EX4300-48T' }),
      part('vc', ['Chassis', 'FPC 0'], 'fpc', { serial: 'PD1', model: 'EX4300-48P' }),
      part('vc', ['Chassis', 'FPC 0', 'PIC 0'], 'pic', { serial: 'PD1', model: 'EX4300-48P' }),
      part('vc', ['Chassis', 'FPC 1'], 'fpc', { serial: 'PE2', model: 'EX4300-48T' }),
      part('vc', ['Chassis', 'FPC 1', 'PIC 0'], 'pic', { serial: 'BUILTIN', model: 'EX4300-48T' }),
      part('vc', ['Chassis', 'FPC 2'], 'fpc', { serial: 'PE3', model: 'EX4300-48T' }),
    ];
    const result = lifecycleFindings(lifecycleInput(catalog, { devices: [dev('vc', 'ex4300-48p')], components: vc }));
    expect(result.findings.map((f) => `${f.path!.join('/')} ${f.serialNumber} ${f.key}`)).toEqual([
      'Chassis PD1 EX4300-48P',
      'Chassis/FPC 1 PE2 EX4300-48T',
      'Chassis/FPC 2 PE3 EX4300-48T',
    ]);
    expect(result.summary.hardware.itemsMatched).toBe(3);
  });

  it('components of the same model with different serials are each a finding', () => {
    const catalog = catalogOf(hardware('JPSU-350-AC-AFO-A', { endOfSupport: '2025-12-31' }));
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('sw', 'ex4300-48t')],
      components: [0, 1].map((n) => part('sw', ['Chassis', 'FPC 0', `Power Supply ${n}`], 'power', { serial: `P${n}`, model: 'JPSU-350-AC-AFO-A' })),
    }));
    expect(result.findings.map((f) => f.serialNumber)).toEqual(['P0', 'P1']);
  });
});

describe('software', () => {
  const catalog = catalogOf(
    software('21.4', { frs: '2021-12-20', endOfEngineering: '2024-12-20', endOfSupport: '2025-06-20' }, true),
    software('23.4', { endOfEngineering: '2027-06-22', endOfSupport: '2027-12-22' }),
    software('23.4-EVO', { endOfEngineering: '2027-03-31', endOfSupport: '2029-03-31' }),
    software('15.1X49', { endOfEngineering: '2020-06-30' }),
  );

  it('a train past End of Engineering and End of Support: per member, medium and high', () => {
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('fw', 'srx345')],
      software: [{ device: 'fw', member: 'node0', version: '21.4R3-S5.4' }, { device: 'fw', member: 'node1', version: '21.4R3-S5.4' }],
    }));
    expect(result.findings.map((f) => `${f.member} ${f.version} ${f.key} ${f.milestone} ${f.state} ${f.severity} ${f.extended}`)).toEqual([
      'node0 21.4R3-S5.4 21.4 endOfEngineering passed medium true',
      'node0 21.4R3-S5.4 21.4 endOfSupport passed high true',
      'node1 21.4R3-S5.4 21.4 endOfEngineering passed medium true',
      'node1 21.4R3-S5.4 21.4 endOfSupport passed high true',
    ]);
    expect(result.findings[0]).toMatchObject({ kind: 'software', matchedBy: 'train', matchedValue: '21.4', path: null, serialNumber: null });
  });

  it('Evolved trains have their own dates; an evolved device whose version lacks -EVO is judged as Evolved', () => {
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('ptx', 'ptx10001-36mr', 'junos-evolved'), dev('ptx2', 'ptx10003', 'junos-evolved'), dev('mx', 'mx960')],
      software: [
        { device: 'ptx', member: 're0', version: '23.4R2-S3.9-EVO' },
        { device: 'ptx2', member: 're0', version: '23.4R2-S3.9' },
        { device: 'mx', member: 're0', version: '23.4R2-S3.9' },
      ],
    }));
    expect(result.findings.map((f) => `${f.device} ${f.key} ${f.milestone} ${f.date} ${f.daysUntil} ${f.severity}`)).toEqual([
      'ptx 23.4-EVO endOfEngineering 2027-03-31 120 low',
      'ptx2 23.4-EVO endOfEngineering 2027-03-31 120 low',
      'mx 23.4 endOfEngineering 2027-06-22 203 low',
    ]);
  });

  it('X trains are trains of their own; trains not in the catalog and non-Junos versions are counted, not judged', () => {
    const result = lifecycleFindings(lifecycleInput(catalog, {
      devices: [dev('a', 'srx240'), dev('b', 'mx480'), dev('c', 'mx480'), dev('d', 'ex2200')],
      software: [
        { device: 'a', member: null, version: '15.1X49-D170.4' },
        { device: 'b', member: 're0', version: '22.4R3-S2.11' },
        { device: 'b', member: 're1', version: '22.4R3-S2.11' },
        { device: 'c', member: 're0', version: '22.4R2.8' },
        { device: 'c', member: 're1', version: '12.3R12.4' },
        { device: 'd', member: null, version: 'JUNOS-weird' },
        { device: 'd', member: 'fpc1', version: null },
      ],
    }));
    expect(result.findings.map((f) => `${f.device} ${f.key} ${f.milestone}`)).toEqual(['a 15.1X49 endOfEngineering']);
    expect(result.summary.software).toEqual({
      membersChecked: 7,
      membersMatched: 1,
      notInCatalog: [{ train: '22.4', members: 3, devices: 2 }, { train: '12.3', members: 1, devices: 1 }],
      unparsedVersions: [{ version: 'JUNOS-weird', members: 1 }],
      membersWithoutVersion: 1,
    });
  });
});

describe('horizon, day boundary and severity', () => {
  const entry = hardware('MX480', {
    eolAnnounced: '2026-12-02',
    lastOrder: '2026-11-30',
    lastWarrantyConversion: '2026-12-01',
    endOfSoftwareEngineering: '2027-12-01',
    endOfSupport: '2028-11-30',
  });
  const run = (milestoneHorizonMonths = {}, horizonMonths = 12) =>
    lifecycleFindings(lifecycleInput(catalogOf(entry), {
      devices: [dev('r', 'mx480')],
      horizon: { horizonMonths, milestoneHorizonMonths },
    })).findings.map((f) => `${f.milestone} ${f.state} ${f.daysUntil} ${f.severity}`);

  it('yesterday is passed, today is upcoming with 0 days, the last day of the horizon is in, the day after is out', () => {
    expect(run()).toEqual([
      'eolAnnounced upcoming 1 info',
      'lastOrder passed -1 low',
      'lastWarrantyConversion upcoming 0 low',
      'endOfSoftwareEngineering upcoming 365 low',
    ]);
  });

  it('per-milestone overrides: endOfSupport 24 months reports EOS 2 years out, eolAnnounced 0 only once passed', () => {
    expect(run({ endOfSupport: 24, eolAnnounced: 0 })).toEqual([
      'lastOrder passed -1 low',
      'lastWarrantyConversion upcoming 0 low',
      'endOfSoftwareEngineering upcoming 365 low',
      'endOfSupport upcoming 730 medium',
    ]);
    expect(run({ endOfSoftwareEngineering: 11 }, 1)).toEqual(['eolAnnounced upcoming 1 info', 'lastOrder passed -1 low', 'lastWarrantyConversion upcoming 0 low']);
  });

  it('calendar months clamp to the end of the month, leap years included', () => {
    const day = (d: string) => dayNumber(d);
    expect(addMonths(day('2027-01-31'), 1)).toBe(day('2027-02-28'));
    expect(addMonths(day('2028-01-31'), 1)).toBe(day('2028-02-29'));
    expect(addMonths(day('2026-12-01'), 12)).toBe(day('2027-12-01'));
    expect(addMonths(day('2026-08-31'), 18)).toBe(day('2028-02-29'));
  });

  it('the severity table: End of Support passed is high, EOE passed medium, commercial milestones low or info', () => {
    expect(SEVERITY).toEqual({
      endOfSupport: { passed: 'high', upcoming: 'medium' },
      endOfEngineering: { passed: 'medium', upcoming: 'low' },
      endOfSoftwareEngineering: { passed: 'medium', upcoming: 'low' },
      lastWarrantyConversion: { passed: 'low', upcoming: 'low' },
      lastOrder: { passed: 'low', upcoming: 'info' },
      eolAnnounced: { passed: 'info', upcoming: 'info' },
    });
  });

  it('summary counts by severity and state, and says whether the catalog is an example', () => {
    const example = { ...entry, example: true };
    const result = lifecycleFindings(lifecycleInput(catalogOf(example), { devices: [dev('r', 'mx480')] }));
    expect(result.summary).toMatchObject({
      catalogExample: true,
      devices: 1,
      findings: 4,
      bySeverity: { high: 0, medium: 0, low: 3, info: 1 },
      byState: { passed: 1, upcoming: 3 },
    });
    expect(result.findings.every((f) => f.example)).toBe(true);
  });
});

describe('softwareLifecycleFor (beside advisories in the exposure report)', () => {
  const catalog = catalogOf(
    software('21.4', { endOfEngineering: '2024-12-20', endOfSupport: '2025-06-20' }),
    software('22.4', { endOfEngineering: '2026-06-23', endOfSupport: '2026-12-23' }),
    software('23.4', { endOfEngineering: '2027-06-22', endOfSupport: '2027-12-22' }),
    software('24.2', {}),
    software('23.4-EVO', { endOfSupport: '2029-03-31' }),
  );

  it.each([
    ['21.4', '21.4', 'past-end-of-support', false, 'train 21.4 is past End of Engineering 2024-12-20, End of Support 2025-06-20: no fixes'],
    ['22.4R3-S2.11', '22.4', 'past-end-of-engineering', false, 'train 22.4 is past End of Engineering 2026-06-23: Juniper publishes no more fixes for it, security fixes included'],
    ['23.4R2-S3.9', '23.4', 'supported', true, 'train 23.4 gets fixes until End of Engineering 2027-06-22'],
    ['23.4R2-S3.9-EVO', '23.4-EVO', 'supported', null, 'train 23.4-EVO gets fixes (End of Engineering date unknown; End of Support 2029-03-31)'],
    ['24.2R1.1', '24.2', 'no-dates', null, 'train 24.2 is in the catalog without End of Engineering or End of Support dates'],
    ['19.4R3', '19.4', 'not-in-catalog', null, 'train 19.4 is not in the lifecycle catalog: lifecycle not judged'],
    ['banana', null, 'not-in-catalog', null, '"banana" is not a Junos version or train: lifecycle not judged'],
  ] as const)('%s', (input, train, status, securityFixes, statement) => {
    const result = softwareLifecycleFor(input, catalog, NOW);
    expect(result).toMatchObject({ train, status, securityFixes });
    expect(result.statement).toContain(statement);
  });

  it('End of Engineering day itself still gets fixes; the day after does not', () => {
    const onTheDay = softwareLifecycleFor('22.4', catalog, new Date('2026-06-23T23:59:59Z'));
    const dayAfter = softwareLifecycleFor('22.4', catalog, new Date('2026-06-24T00:00:00Z'));
    expect([onTheDay.securityFixes, dayAfter.securityFixes]).toEqual([true, false]);
  });
});

describe('scale', () => {
  it('10,000 devices of 60 components each: every line card found once, every chassis judged', () => {
    const catalog = catalogOf(
      hardware('MX480', { endOfSupport: '2031-03-31' }),
      hardware('MPC5EQ-40G10G', { endOfSupport: '2025-06-30' }),
      hardware('750-033307', { endOfSupport: '2026-06-30' }, 'partNumber'),
    );
    const devices = [];
    const components = [];
    const softwareRows = [];
    for (let d = 0; d < 10_000; d++) {
      const name = `r${d}`;
      devices.push(dev(name, d % 10 === 0 ? 'mx240' : 'mx480'));
      softwareRows.push({ device: name, member: 're0', version: '22.4R3-S2.11' });
      components.push(part(name, ['Chassis'], 'chassis', { description: d % 10 === 0 ? 'MX240' : 'MX480' }));
      for (let c = 1; c < 60; c++) {
        const card = c === 1 ? { model: 'MPC5EQ-40G10G' } : c === 2 ? { part: '750-033307' } : { model: `OTHER-${c}`, part: `740-0000${c}` };
        components.push(part(name, ['Chassis', `FPC ${c}`], 'fpc', card));
      }
    }
    const result = lifecycleFindings(lifecycleInput(catalog, { devices, components, software: softwareRows }));
    expect(result.summary.hardware).toEqual({ componentsChecked: 600_000, itemsMatched: 29_000, chassisNotInCatalog: [{ model: 'mx240', devices: 1000 }] });
    expect(result.summary.findings).toBe(20_000);
    expect(result.summary.software.notInCatalog).toEqual([{ train: '22.4', members: 10_000, devices: 10_000 }]);
  });
});
