/**
 * Matching advisories against devices: the range semantics (fixed-in maintenance lines, whole-train
 * wildcards, regression windows, lessThanOrEqual, single releases), Junos OS vs Evolved, unaffected
 * precedence (proved on the real CVE-2020-1647 and CVE-2022-22185 by taking their unaffected range
 * away), the rule for versions that cannot be ordered (X trains, F lines, builds), config conditions,
 * and the fleet path (matchTargets) giving exactly what matchAdvisories gives device by device.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Advisory, ExposureMatch } from '../../src/advisories/advisory-types.js';
import { readAdvisoryCatalog } from '../../src/advisories/advisory-catalog.js';
import { compileAdvisories, compileAdvisory, matchAdvisories, matchAdvisory, matchTargets, type ExposureTarget } from '../../src/analysis/advisory-match.js';
import { parseJunosVersion } from '../../src/analysis/junos-version.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { realAdvisory, realRecords } from '../advisories/real-records.js';

/** One catalog advisory from its `affected:` blocks (YAML) and optional extra keys. */
function advisory(affected: string, extra = ''): Advisory {
  const r = readAdvisoryCatalog(`advisories:\n  - id: T-1\n    title: test\n${extra}    affected:\n${affected}`, 'test.yaml');
  expect(r.warnings).toEqual([]);
  return r.advisories[0]!;
}

function status(a: Advisory, version: string, model: string | null = null, setLines: readonly string[] | null = null): ExposureMatch['status'] | null {
  return matchAdvisory(compileAdvisory(a), { version: parseJunosVersion(version), model, setLines })?.status ?? null;
}

function statuses(a: Advisory, versions: string[]): Record<string, string | null> {
  return Object.fromEntries(versions.map((v) => [v, status(a, v)]));
}

describe('range semantics', () => {
  it('"22.4R2-S2, 22.4R3": fixed at or above the highest, or on the maintenance line of a fix at or above it', () => {
    const a = advisory('      - versions: [{ version: "22.4", lessThan: "22.4R2-S2, 22.4R3" }]\n');
    expect(statuses(a, ['22.4R1', '22.4R1-S9', '22.4R2', '22.4R2-S1', '22.4R2-S2', '22.4R2-S2.5', '22.4R2-S5', '22.4R3', '22.4R3-S1', '22.3R3', '23.2R1'])).toEqual({
      '22.4R1': 'affected',
      '22.4R1-S9': 'affected',
      '22.4R2': 'affected',
      '22.4R2-S1': 'affected',
      '22.4R2-S2': null,
      '22.4R2-S2.5': null,
      '22.4R2-S5': null,
      '22.4R3': null,
      '22.4R3-S1': null,
      '22.3R3': null,
      '23.2R1': null,
    });
  });

  it('"21.1*": the whole train; with no lower bound, every train up to it', () => {
    const train = advisory('      - versions: [{ version: "21.1", lessThan: "21.1*" }]\n');
    expect(statuses(train, ['21.1R1', '21.1R3-S4', '20.4R3', '21.2R1'])).toEqual({ '21.1R1': 'affected', '21.1R3-S4': 'affected', '20.4R3': null, '21.2R1': null });
    const upTo = advisory('      - versions: [{ version: "0", lessThan: "21.1*" }]\n');
    expect(statuses(upTo, ['19.4R3', '21.1R3', '21.2R1'])).toEqual({ '19.4R3': 'affected', '21.1R3': 'affected', '21.2R1': null });
  });

  it('"21.1*-EVO" is the whole Evolved train', () => {
    const a = advisory('      - product: junos-evolved\n        versions: [{ version: "21.1", lessThan: "21.1*-EVO" }]\n');
    expect(statuses(a, ['21.1R1-EVO', '21.1R3-S2-EVO', '21.2R1-EVO', '21.1R1'])).toEqual({ '21.1R1-EVO': 'affected', '21.1R3-S2-EVO': 'affected', '21.2R1-EVO': null, '21.1R1': null });
  });

  it('a release as lower bound opens a regression window', () => {
    const a = advisory('      - versions: [{ version: "23.4R2-S3", lessThan: "23.4R2-S5" }]\n');
    expect(statuses(a, ['23.4R2-S2', '23.4R2-S3', '23.4R2-S4', '23.4R2-S5', '24.2R1'])).toEqual({
      '23.4R2-S2': null,
      '23.4R2-S3': 'affected',
      '23.4R2-S4': 'affected',
      '23.4R2-S5': null,
      '24.2R1': null,
    });
  });

  it('lessThanOrEqual includes its bound; a release alone is that release; a train alone is the train', () => {
    expect(statuses(advisory('      - versions: [{ version: "21.4", lessThanOrEqual: "21.4R3-S5" }]\n'), ['21.4R3-S5', '21.4R3-S6'])).toEqual({ '21.4R3-S5': 'affected', '21.4R3-S6': null });
    expect(statuses(advisory('      - versions: [{ version: "0", lessThanOrEqual: "21.4*" }]\n'), ['21.4R3-S9', '22.1R1'])).toEqual({ '21.4R3-S9': 'affected', '22.1R1': null });
    expect(statuses(advisory('      - versions: [{ version: "21.2R3-S4" }]\n'), ['21.2R3-S4', '21.2R3-S4.8', '21.2R3-S5'])).toEqual({ '21.2R3-S4': 'affected', '21.2R3-S4.8': null, '21.2R3-S5': null });
    expect(statuses(advisory('      - versions: [{ version: "21.2" }]\n'), ['21.2R1', '21.2R3-S9', '21.3R1'])).toEqual({ '21.2R1': 'affected', '21.2R3-S9': 'affected', '21.3R1': null });
  });

  it('Junos OS ranges never match Evolved versions, and the other way round', () => {
    const os = advisory('      - versions: [{ version: "0", lessThan: "23.4R2" }]\n');
    const evo = advisory('      - product: junos-evolved\n        versions: [{ version: "0", lessThan: "23.4R2-EVO" }]\n');
    expect([status(os, '22.4R3'), status(os, '22.4R3-EVO'), status(evo, '22.4R3-EVO'), status(evo, '22.4R3')]).toEqual(['affected', null, 'affected', null]);
  });

  it('outside every range: defaultStatus affected is affected, unaffected ranges still subtract', () => {
    const a = advisory('      - defaultStatus: affected\n        versions: [{ version: "23.4", lessThan: "23.4R2", status: unaffected }]\n');
    expect(statuses(a, ['22.4R3', '23.4R1', '23.4R2'])).toEqual({ '22.4R3': 'affected', '23.4R1': null, '23.4R2': 'affected' });
  });
});

describe('unaffected ranges take precedence', () => {
  function without(id: string, entry: string): Advisory {
    const a = structuredClone(realAdvisory(id));
    for (const s of a.products) s.ranges = s.ranges.filter((r) => r.entry !== entry);
    return a;
  }

  it('CVE-2020-1647: 18.1B1 is in "18.1 before 18.1R3-S9" and in the unaffected "before 18.1R1"', () => {
    expect(status(realAdvisory('CVE-2020-1647'), '18.1B1', 'srx345')).toBeNull();
    expect(status(without('CVE-2020-1647', 'affected[0].versions[0]'), '18.1B1', 'srx345')).toBe('affected');
  });

  it('CVE-2022-22185: 17.2R1 is in "before 18.3R3-S6" and in the unaffected "before 17.3R1"', () => {
    expect(status(realAdvisory('CVE-2022-22185'), '17.2R1', 'srx345')).toBeNull();
    expect(status(without('CVE-2022-22185', 'affected[0].versions[1]'), '17.2R1', 'srx345')).toBe('affected');
  });

  it('a doubt about an unaffected range makes an affected version only potentially affected', () => {
    const a = advisory('      - versions: [{ version: "0", lessThan: "22.4R3" }, { version: "0", lessThan: "15.1R1", status: unaffected }]\n');
    const m = matchAdvisory(compileAdvisory(a), { version: parseJunosVersion('15.1X49-D200'), model: null, setLines: null })!;
    expect(m.status).toBe('potentially-affected');
    expect(m.reason).toContain('but may be in unaffected all versions before 15.1R1');
  });
});

describe('versions that cannot be ordered against a bound', () => {
  const allBefore = advisory('      - versions: [{ version: "0", lessThan: "20.4R3-S9" }]\n');
  const onTrain = advisory('      - versions: [{ version: "21.2", lessThan: "21.2R3-S6" }]\n');

  it('an X train or F line of a lower MAJOR.MINOR is below the bound: affected', () => {
    expect(statuses(allBefore, ['15.1X49-D170.4', '12.3X48-D105', '15.1F6-S3'])).toEqual({ '15.1X49-D170.4': 'affected', '12.3X48-D105': 'affected', '15.1F6-S3': 'affected' });
  });

  it('the same MAJOR.MINOR as the bound is a doubt: potentially-affected, with the reason', () => {
    const m = matchAdvisory(compileAdvisory(allBefore), { version: parseJunosVersion('20.4X53-D10'), model: null, setLines: null })!;
    expect(m.status).toBe('potentially-affected');
    expect(m.reason).toBe('20.4X53-D10 is on X train 20.4X53: cannot be ordered against all versions before 20.4R3-S9 (same 20.4 base)');
  });

  it('a higher MAJOR.MINOR is above the bound: not affected', () => {
    expect(status(allBefore, '21.1X10-D10')).toBeNull();
  });

  it('builds that are not releases: placed by their base the same way', () => {
    expect(statuses(onTrain, ['21.2-20210720.0', '21.2I20210716_1639', '21.3-20210720.0'])).toEqual({
      '21.2-20210720.0': 'potentially-affected',
      '21.2I20210716_1639': 'potentially-affected',
      '21.3-20210720.0': null,
    });
    expect(statuses(allBefore, ['16.1-20160720.0', '20.4-20201001.0', '21.1-20210101.0'])).toEqual({
      '16.1-20160720.0': 'affected',
      '20.4-20201001.0': 'potentially-affected',
      '21.1-20210101.0': null,
    });
  });
});

describe('config conditions', () => {
  const jweb = advisory('      - platforms: [EX Series]\n        versions: [{ version: "22.4", lessThan: "22.4R3" }]\n', '    config: { anyOf: ["set system services web-management http*"] }\n');

  it('a matching line: affected, naming the condition', () => {
    const m = matchAdvisory(compileAdvisory(jweb), { version: parseJunosVersion('22.4R2'), model: 'ex4300-48t', setLines: ['set system host-name sw1', 'set system services web-management https system-generated-certificate'] })!;
    expect(m.status).toBe('affected');
    expect(m.reason).toBe('22.4R2 is in 22.4 before 22.4R3; ex4300-48t is in EX Series; configuration has "set system services web-management http*"');
  });

  it('no matching line: affected-not-exposed', () => {
    expect(status(jweb, '22.4R2', 'ex4300-48t', ['set system host-name sw1', 'set system services ssh'])).toBe('affected-not-exposed');
    expect(status(jweb, '22.4R2', 'ex4300-48t', [])).toBe('affected-not-exposed');
  });

  it('a line made inactive by deactivate does not count', () => {
    const lines = ['set system services web-management http', 'deactivate system services web-management'];
    expect(status(jweb, '22.4R2', 'ex4300-48t', lines)).toBe('affected-not-exposed');
    expect(status(jweb, '22.4R2', 'ex4300-48t', [lines[0]!, 'deactivate system services ssh'])).toBe('affected');
  });

  it('no stored configuration: stays affected and says the condition was not checked', () => {
    const m = matchAdvisory(compileAdvisory(jweb), { version: parseJunosVersion('22.4R2'), model: 'ex4300-48t', setLines: null })!;
    expect(m.status).toBe('affected');
    expect(m.reason).toContain('no stored configuration: config condition "set system services web-management http*" not checked');
  });

  it('a version or platform that does not apply is not reported at all, whatever the configuration', () => {
    expect(status(jweb, '22.4R3', 'ex4300-48t', [])).toBeNull();
    expect(status(jweb, '22.4R2', 'mx960', [])).toBeNull();
  });

  it('"*" is exactly one word', () => {
    const a = advisory('      - versions: [{ version: "0", lessThan: "22.4R3" }]\n', '    config: { anyOf: ["set interfaces * unit 0 family inet"] }\n');
    expect(status(a, '22.4R2', null, ['set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24'])).toBe('affected');
    expect(status(a, '22.4R2', null, ['set interfaces ge-0/0/0 unit 1 family inet'])).toBe('affected-not-exposed');
    expect(status(a, '22.4R2', null, ['set interfaces unit 0 family inet'])).toBe('affected-not-exposed');
  });

  it('allOf needs every pattern', () => {
    const a = advisory('      - versions: [{ version: "0", lessThan: "22.4R3" }]\n', '    config: { allOf: ["set chassis redundancy graceful-switchover", "set routing-options nonstop-routing"] }\n');
    expect(status(a, '22.4R2', null, ['set chassis redundancy graceful-switchover', 'set routing-options nonstop-routing'])).toBe('affected');
    expect(status(a, '22.4R2', null, ['set routing-options nonstop-routing'])).toBe('affected-not-exposed');
  });

  it('a potentially affected device without the condition is affected-not-exposed too', () => {
    const a = advisory('      - platforms: [SRX Series]\n        versions: [{ version: "0", lessThan: "22.4R3" }]\n', '    config: { anyOf: ["set security flow preserve-incoming-fragment-size"] }\n');
    expect(status(a, '22.4R2', 'vsrx', null)).toBe('potentially-affected');
    expect(status(a, '22.4R2', 'vsrx', ['set security flow tcp-mss all-tcp mss 1350'])).toBe('affected-not-exposed');
  });
});

describe('compiling', () => {
  it('a stored advisory whose bound does not parse is INPUT_INVALID naming it; compileAdvisories makes it a warning', () => {
    const bad = structuredClone(realAdvisory('CVE-2019-0044'));
    bad.products[0]!.ranges[0]!.to = { kind: 'fixed-in', fixes: ['12.1Q46'] };
    let err: unknown;
    try {
      compileAdvisory(bad);
    } catch (e) {
      err = e;
    }
    expect(isIbsightError(err, 'INPUT_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/^advisory CVE-2019-0044 \(.*CVE-2019-0044\.json\): "12\.1Q46" is not a Junos version/);
    const r = compileAdvisories([bad, realAdvisory('CVE-2020-1627')]);
    expect(r.compiled.map((c) => c.advisory.id)).toEqual(['CVE-2020-1627']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ id: 'CVE-2019-0044', entry: null });
  });
});

describe('a fleet at once', () => {
  const example = readAdvisoryCatalog(readFileSync(fileURLToPath(new URL('../../config/advisories.example.yaml', import.meta.url)), 'utf8'), 'example.yaml');
  const local = example.advisories.map((a) => ({ ...a, id: `LOCAL-${a.id}` }));
  const { compiled } = compileAdvisories([...realRecords().read.advisories, ...local]);
  const versions = ['21.4R3-S5.4', '22.4R2-S1', '22.4R3-S2.11', '23.4R2-S3.9', '15.1X49-D170.4', '23.4R2-S3.9-EVO', '21.2R3-EVO', '18.4R2-S4', '20.4-20201001.0'];
  const models = [null, 'mx960', 'srx345', 'ex4300-48t', 'ptx10001-36mr', 'vsrx', 'MX304'];
  const configs = [null, [], ['set system services web-management https', 'set protocols bgp group peers neighbor 192.0.2.1']];
  const targets: ExposureTarget[] = [];
  versions.forEach((v, i) => models.forEach((m, j) => configs.forEach((c) => targets.push({ version: parseJunosVersion(v), model: m, setLines: c }))));
  targets.push(...targets.slice(0, 40));
  const results = matchTargets(compiled, targets);

  it('gives exactly what matchAdvisories gives device by device', () => {
    expect(results.length).toBe(targets.length);
    targets.forEach((t, i) => expect(results[i], `${t.version.text} ${t.model}`).toEqual(matchAdvisories(compiled, t)));
  });

  it('finds matches of every status across this fleet', () => {
    const seen = new Set(results.flat().map((m) => m.status));
    expect([...seen].sort()).toEqual(['affected', 'affected-not-exposed', 'potentially-affected']);
  });

  it('shares one array between devices with one (version, model) and no stored configuration', () => {
    const a = targets.findIndex((t) => t.setLines === null && t.model === 'srx345');
    const b = targets.findIndex((t, i) => i > a && t.setLines === null && t.model === 'srx345' && t.version === targets[a]!.version);
    expect(b).toBeGreaterThan(a);
    expect(results[b]).toBe(results[a]);
  });

  it('matches are plain JSON', () => {
    const flat = results.flat();
    expect(JSON.parse(JSON.stringify(flat))).toEqual(flat);
  });
});
