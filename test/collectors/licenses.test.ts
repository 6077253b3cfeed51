/**
 * licenses collector: the built-in simulator profiles (values asserted against the profile files),
 * validity and expiry rules, SRX cluster members, partial replies, refusals, and the golden
 * fixture pairs under test/fixtures. No real reply in junos-public answers this RPC.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectorReply } from '../../collectors/collector.js';
import { licensesCollector, type LicensesRecords } from '../../collectors/licenses.js';
import { parseReplies } from '../../collectors/outcome.js';
import type { RpcIssue } from '../../src/netconf/rpc-reply.js';
import { parseXml } from '../../src/xml/parse.js';

const KEY = Buffer.from('ibsight-golden-test-key');
const ROOT = join(import.meta.dirname, '..', '..');
const PROFILES = join(ROOT, 'src', 'sim', 'profiles');
const FIXTURES = join(ROOT, 'test', 'fixtures');

const reply = (text: string): CollectorReply => ({ key: null, root: parseXml(text) });
const parse = (text: string): LicensesRecords => licensesCollector.parse([reply(text)], { scrubKey: KEY });
const profile = (name: string): LicensesRecords => parse(readFileSync(join(PROFILES, name, 'get-license-summary-information.xml'), 'utf8'));
const issue = (message: string, badElement: string | null = null): RpcIssue => ({
  severity: 'error', type: 'protocol', tag: 'operation-failed', message, path: null, badElement, reName: null,
});

describe('licenses: the built-in simulator profiles', () => {
  it('mx960: four features, two installed keys, a date-based subscriber licence', () => {
    const r = profile('mx960');
    expect(r.features.map((f) => f.feature)).toEqual(['scale-subscriber', 'scale-l2', 'scale-l3', 'scale-mobile-ip']);
    expect(r.features[0]).toEqual({
      member: null, feature: 'scale-subscriber', description: 'Scale Subscriber', installed: 16000, used: 0, needed: 0,
      validityType: 'date-based', expiry: '2026-01-31T00:00:00.000Z', remainingSeconds: null,
    });
    expect(r.features[1]).toMatchObject({ validityType: 'permanent', expiry: 'permanent' }); // end-date "permanent", 0 seconds
    expect(r.licenses.map((l) => [l.id, l.customerReference, l.features.map((f) => f.feature)])).toEqual([
      ['JUNOS736204518', 'Example Networks BV', ['scale-l2', 'scale-l3']],
      ['JUNOS736204602', 'Example Networks BV', ['scale-subscriber']],
    ]);
    expect(r.licenses[1]!.features[0]).toEqual({ feature: 'scale-subscriber', validityType: 'date-based', start: '2024-02-01T00:00:00.000Z', expiry: '2026-01-31T00:00:00.000Z' });
  });

  it('ptx10001 (Evolved): a short licence (6 used of 4 installed, 2 needed), SKU and software serial', () => {
    const r = profile('ptx10001');
    expect(r.features.find((f) => f.feature === 'PTX10K-100G-ADV')).toMatchObject({ installed: 4, used: 6, needed: 2, expiry: '2027-10-31T00:00:00.000Z' });
    expect(r.licenses).toHaveLength(1);
    expect(r.licenses[0]).toMatchObject({ id: 'JUNOS950331846', sku: 'S-PTX10K-36MR-A2-3', softwareSerialNumber: '91250330000417', version: '1' });
  });

  it('srx345-cluster: each node reports its own features', () => {
    const r = profile('srx345-cluster');
    expect(r.features).toHaveLength(12);
    expect(r.features.filter((f) => f.member === 'node0').map((f) => f.feature)).toEqual(r.features.filter((f) => f.member === 'node1').map((f) => f.feature));
    expect(r.features.find((f) => f.feature === 'av_key_sophos_engine')!.expiry).toBe('2026-12-15T00:00:00.000Z');
  });

  it('ex4300-vc and qfx5120: permanent features without an end-date; every profile parses', () => {
    expect(profile('ex4300-vc').features.map((f) => [f.feature, f.installed, f.validityType, f.expiry])).toEqual([
      ['bgp', 2, 'permanent', 'permanent'],
      ['isis', 2, 'permanent', 'permanent'],
    ]);
    expect(profile('qfx5120').features.map((f) => f.feature)).toEqual(['evpn-vxlan', 'esi-lag', 'bgp']);
    for (const name of readdirSync(PROFILES)) expect(profile(name).features.length).toBeGreaterThan(0);
  });
});

describe('licenses: edge cases', () => {
  it('reads the older schema (licenses-used/-installed/-needed, license-type) and a bare license-usage-summary', () => {
    const old = parse('<rpc-reply><license-summary-information><feature-summary><name>IDP</name><licenses-used>1</licenses-used><licenses-installed>2</licenses-installed><licenses-needed>0</licenses-needed><license-type>permanent</license-type></feature-summary></license-summary-information></rpc-reply>');
    expect(old.features).toEqual([{ member: null, feature: 'IDP', description: null, installed: 2, used: 1, needed: 0, validityType: 'permanent', expiry: 'permanent', remainingSeconds: null }]);
    const bare = parse('<license-usage-summary><feature-summary><name>x</name><licensed>1</licensed></feature-summary></license-usage-summary>');
    expect(bare.features.map((f) => [f.feature, f.installed, f.used])).toEqual([['x', 1, null]]);
  });

  it('an empty summary is no licences, not an error', () => {
    expect(parse('<rpc-reply><license-summary-information><license-usage-summary/></license-summary-information></rpc-reply>')).toEqual({ features: [], licenses: [] });
  });

  it('a backup RE note is RE_NOT_MASTER; a foreign reply is a PARSE_ERROR', () => {
    expect(() => parse('<rpc-reply><output>This command can only be used on the master routing engine.</output></rpc-reply>')).toThrow(expect.objectContaining({ code: 'RE_NOT_MASTER' }));
    expect(() => parse('<rpc-reply><chassis-inventory/></rpc-reply>')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });

  it('not-applicable when the RPC is unknown or unsupported; permission denied stays an error', () => {
    expect(licensesCollector.notApplicable!([issue('syntax error, expecting <command>', 'get-license-summary-information')])).toMatch(/no license information/);
    expect(licensesCollector.notApplicable!([issue('License management is not supported on this platform')])).not.toBeNull();
    expect(licensesCollector.notApplicable!([issue('permission denied')])).toBeNull();
  });
});

describe('licenses: golden fixtures (test/fixtures/*/get-license-summary-information.xml)', () => {
  const dirs = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'get-license-summary-information.json')));
  it('covers profiles, a partial cluster reply, a countdown licence and a refusal', () => expect(dirs.length).toBeGreaterThanOrEqual(5));
  for (const dir of dirs) {
    it(dir, () => {
      const xml = readFileSync(join(FIXTURES, dir, 'get-license-summary-information.xml'), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, dir, 'get-license-summary-information.json'), 'utf8'));
      const outcome = parseReplies(licensesCollector, [reply(xml)], { scrubKey: KEY });
      const { errors, warnings, ...rest } = outcome as typeof outcome & { errors?: unknown[]; warnings?: unknown[] };
      expect({ collector: 'licenses', ...rest, ...(errors?.length ? { errors } : {}), ...(warnings?.length ? { warnings } : {}) }).toEqual(expected);
    });
  }
});
