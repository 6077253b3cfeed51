/**
 * Platform phrases as Juniper writes them (the real records' phrasings first) → rules, and device
 * models (lower case, as devices report them) against those rules: yes, no, or maybe with a reason.
 */
import { describe, expect, it } from 'vitest';
import { platformsFromTitle, readPlatformPhrase } from '../../src/advisories/platform-phrase.js';
import { deviceModel, matchPlatform } from '../../src/analysis/platform-match.js';

function answer(phrases: string[], model: string): 'yes' | 'no' | 'maybe' {
  const rules = phrases.flatMap((p) => readPlatformPhrase(p, 'record').rules);
  return matchPlatform(rules, deviceModel(model)).answer;
}

describe('reading platform phrases', () => {
  it('reads "SRX Series" as a series', () => {
    expect(readPlatformPhrase('SRX Series', 'record')).toEqual({
      rules: [{ phrase: 'SRX Series', target: { kind: 'series', family: 'srx' }, condition: null, origin: 'record' }],
      unrecognised: [],
    });
  });

  it('reads "SRX5000 series" as a sub-series of 4-digit models starting with 5', () => {
    expect(readPlatformPhrase('SRX5000 series', 'record').rules[0]!.target).toEqual({ kind: 'sub-series', family: 'srx', prefix: '5', digits: 4 });
    expect(readPlatformPhrase('MX10000 Series', 'record').rules[0]!.target).toEqual({ kind: 'sub-series', family: 'mx', prefix: '1', digits: 5 });
    expect(readPlatformPhrase('EX4300 Series', 'record').rules[0]!.target).toEqual({ kind: 'sub-series', family: 'ex', prefix: '4300', digits: 4 });
  });

  it('reads "vMX and MX150" as two models, one virtual', () => {
    expect(readPlatformPhrase('vMX and MX150', 'record').rules.map((r) => r.target)).toEqual([
      { kind: 'model', model: 'vmx', virtual: true },
      { kind: 'model', model: 'mx150', virtual: false },
    ]);
  });

  it('reads "MX Series with MPC10 MPC11 or LC9600" as MX Series with a hardware condition', () => {
    const [rule] = readPlatformPhrase('MX Series with MPC10 MPC11 or LC9600', 'record').rules;
    expect(rule).toMatchObject({ target: { kind: 'series', family: 'mx' }, condition: 'MPC10 MPC11 or LC9600' });
  });

  it('reads lists and shared nouns', () => {
    expect(readPlatformPhrase('ACX7024, ACX7100-32C and ACX7100-48L', 'title').rules.map((r) => r.target)).toEqual([
      { kind: 'model', model: 'acx7024', virtual: false },
      { kind: 'model', model: 'acx7100-32c', virtual: false },
      { kind: 'model', model: 'acx7100-48l', virtual: false },
    ]);
    expect(readPlatformPhrase('EX and QFX Series', 'record').rules.map((r) => r.target)).toEqual([
      { kind: 'series', family: 'ex' },
      { kind: 'series', family: 'qfx' },
    ]);
    expect(readPlatformPhrase('SRX Series devices', 'record').rules[0]!.target).toEqual({ kind: 'series', family: 'srx' });
  });

  it('reads "All Platforms" as no rule, and reports what it cannot read', () => {
    expect(readPlatformPhrase('All Platforms', 'record')).toEqual({ rules: [], unrecognised: [] });
    const r = readPlatformPhrase('SRX Branch', 'record');
    expect(r.unrecognised).toEqual(['SRX Branch']);
    expect(r.rules[0]!.target).toEqual({ kind: 'unrecognised', term: 'SRX Branch' });
  });

  it('reads platforms from a Juniper title only when the segment is wholly platforms', () => {
    expect(platformsFromTitle('Junos OS: SRX Series and EX Series: Security Vulnerability in J-web').map((r) => r.target)).toEqual([
      { kind: 'series', family: 'srx' },
      { kind: 'series', family: 'ex' },
    ]);
    expect(platformsFromTitle('Junos OS: An local attacker with shell access can execute arbitrary code')).toEqual([]);
    expect(platformsFromTitle('Junos OS: J-Web: something')).toEqual([]);
    expect(platformsFromTitle('Junos OS: MX Series with MPC10: something')).toEqual([]);
  });
});

describe('matching device models', () => {
  it('"SRX Series": SRX models yes, others no, virtual SRX maybe', () => {
    expect(answer(['SRX Series'], 'srx345')).toBe('yes');
    expect(answer(['SRX Series'], 'srx5800')).toBe('yes');
    expect(answer(['SRX Series'], 'mx960')).toBe('no');
    expect(answer(['SRX Series'], 'vsrx')).toBe('maybe');
    expect(answer(['SRX Series'], 'vSRX')).toBe('maybe');
    expect(answer(['SRX Series'], 'firefly-perimeter')).toBe('maybe');
  });

  it('"SRX5000 series": srx5400/5600/5800 yes; srx550, srx345, vsrx no', () => {
    expect(answer(['SRX5000 series'], 'srx5400')).toBe('yes');
    expect(answer(['SRX5000 series'], 'srx5800')).toBe('yes');
    expect(answer(['SRX5000 series'], 'srx550')).toBe('no');
    expect(answer(['SRX5000 series'], 'srx345')).toBe('no');
    expect(answer(['SRX5000 series'], 'vsrx')).toBe('no');
  });

  it('"MX304" and "MX150": that model only', () => {
    expect(answer(['MX304'], 'mx304')).toBe('yes');
    expect(answer(['MX304'], 'mx3040')).toBe('no');
    expect(answer(['MX304'], 'mx960')).toBe('no');
    expect(answer(['vMX and MX150'], 'mx150')).toBe('yes');
    expect(answer(['vMX and MX150'], 'mx1500')).toBe('no');
    expect(answer(['vMX and MX150'], 'vmx')).toBe('yes');
    expect(answer(['vMX and MX150'], 'mx960')).toBe('no');
  });

  it('a virtual platform against a physical series is a doubt, never a guess', () => {
    expect(answer(['MX Series'], 'vmx')).toBe('maybe');
    expect(matchPlatform(readPlatformPhrase('MX Series', 'record').rules, deviceModel('vmx')).reason).toBe('vmx is a virtual platform; "MX Series" may or may not include it');
  });

  it('"MX Series with MPC10 MPC11 or LC9600": MX is only maybe; with "MX304" beside it, mx304 is yes', () => {
    expect(answer(['MX Series with MPC10 MPC11 or LC9600'], 'mx960')).toBe('maybe');
    expect(answer(['MX Series with MPC10 MPC11 or LC9600', 'MX304'], 'mx304')).toBe('yes');
    expect(answer(['MX Series with MPC10 MPC11 or LC9600', 'MX304'], 'srx345')).toBe('no');
  });

  it('"EX Series": ex models with suffixes yes; qfx no', () => {
    expect(answer(['EX Series'], 'ex4300-48t')).toBe('yes');
    expect(answer(['EX Series'], 'ex2200-c-12t-2g')).toBe('yes');
    expect(answer(['EX Series'], 'qfx5120-48y-8c')).toBe('no');
  });

  it('exact models cover their variants but not other numbers', () => {
    expect(answer(['ACX7100-32C'], 'acx7100-32c')).toBe('yes');
    expect(answer(['ACX7100-32C'], 'acx7100-48l')).toBe('no');
    expect(answer(['EX4300'], 'ex4300-48t')).toBe('yes');
    expect(answer(['SRX210'], 'srx210he2')).toBe('yes');
    expect(answer(['SRX210'], 'srx2100')).toBe('no');
  });

  it('PTX and QFX series against their models', () => {
    expect(answer(['PTX Series'], 'ptx10001-36mr')).toBe('yes');
    expect(answer(['QFX Series'], 'qfx5120-48y-8c')).toBe('yes');
    expect(answer(['PTX Series', 'ACX Series'], 'qfx5120-48y-8c')).toBe('no');
  });

  it('an unrecognised phrase or model is maybe; no rules is every platform', () => {
    expect(answer(['SRX Branch'], 'srx345')).toBe('maybe');
    expect(answer(['SRX Series'], 'junos_node_slicing')).toBe('maybe');
    expect(matchPlatform([], deviceModel('mx960')).answer).toBe('yes');
  });
});
