/**
 * virtual-chassis: real replies (EX VC, mixed mode, VCF, MX-VC, split brain), the built-in
 * simulator profiles (VC members and their serials, not-applicable on MX / SRX / PTX), the
 * refusals that mean "no virtual chassis" versus real errors, and this collector's golden fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fpcSlots, virtualChassisCollector as collector, type VirtualChassisRecords } from '../../collectors/virtual-chassis.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { childText, findAll } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { unknownRpcError } from '../../src/sim/rpc-reply.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = { scrubKey: Buffer.from('ibsight-golden-test-key') };
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function outcome(text: string) {
  return parseReplies(collector, [{ key: null, root: parseXml(text) }], KEY);
}
function records(text: string): VirtualChassisRecords {
  const o = outcome(text);
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}
const profileFile = (profile: string): string => join(builtinProfileDir(profile), 'get-virtual-chassis-information.xml');

describe('FPC slots', () => {
  it.each([
    ['(FPC 0)', { first: 0, last: 0 }],
    ['(FPC   0- 19)', { first: 0, last: 19 }],
    ['(FPC  12- 23)', { first: 12, last: 23 }],
    [null, null],
    ['(FPC)', null],
  ])('%s', (text, expected) => {
    expect(fpcSlots(text)).toEqual(expected);
  });
});

describe('real replies', () => {
  it('EX4300 VC: the master carries the *, the absent member has serial and model only', () => {
    const r = records(readFileSync(junosPublic('pyez/facts/vc_get-virtual-chassis-information.xml'), 'utf8'));
    expect(r.members[0]).toEqual({
      memberId: 0, serialNumber: 'PD3714050496', model: 'ex4300-48p', role: 'Master', local: true, status: 'Prsnt', priority: 129,
      mixedMode: 'N', routeMode: 'VC', fpcSlots: { first: 0, last: 0 }, neighbors: [],
    });
    expect(r.members[1]).toMatchObject({ memberId: 1, status: 'NotPrsnt', role: null, local: false, priority: null });
  });

  it('a VCF is flagged fabric; the MX-VC has no mode and slot ranges', () => {
    expect(records(readFileSync(junosPublic('pyez/facts/vc_mmvcf_get-virtual-chassis-information.xml'), 'utf8')).fabric).toBe(true);
    const mx = records(readFileSync(junosPublic('pyez/ofacts/get-virtual-chassis-information.xml'), 'utf8'));
    expect(mx).toMatchObject({ id: '4b43.17d9.1dcf', mode: null, fabric: false });
    expect(mx.members.map((m) => m.fpcSlots?.last)).toEqual([19, 39]);
  });
});

describe('built-in simulator profiles', () => {
  it.each([
    ['ex4300-vc', '4a1c.7e52.0b93'],
    ['qfx5120', '9e03.1fb7.5c28'],
  ])('%s parses to the members, serials and models the profile holds', (profile, id) => {
    const text = readFileSync(profileFile(profile), 'utf8');
    const r = records(text);
    expect(r.id).toBe(id);
    const root = parseXml(text);
    expect(r.members.map((m) => m.serialNumber)).toEqual(findAll(root, 'member').map((m) => childText(m, 'member-serial-number')));
    expect(r.members.map((m) => m.model)).toEqual(findAll(root, 'member').map((m) => childText(m, 'member-model')));
    expect(r.members.filter((m) => m.local).map((m) => m.role)).toEqual(['Master']);
  });

  it('ex4300-vc: the VC members are the inventory FPC serials', () => {
    const r = records(readFileSync(profileFile('ex4300-vc'), 'utf8'));
    expect(r.members.map((m) => [m.memberId, m.serialNumber, m.role])).toEqual([
      [0, 'PD3718290411', 'Master'],
      [1, 'PE3719150273', 'Backup'],
    ]);
    const inventory = parseXml(readFileSync(join(builtinProfileDir('ex4300-vc'), 'get-chassis-inventory.xml'), 'utf8'));
    const fpcSerials = findAll(inventory, 'chassis-module').filter((m) => childText(m, 'name')?.startsWith('FPC')).map((m) => childText(m, 'serial-number'));
    expect(r.members.map((m) => m.serialNumber)).toEqual(fpcSerials);
  });

  it.each(['mx480', 'mx960', 'srx345-cluster'])('%s: not applicable', (profile) => {
    expect(outcome(readFileSync(profileFile(profile), 'utf8')).status).toBe('not-applicable');
  });

  it('ptx10001 has no reply file: the simulator error for an unknown RPC is not applicable too', () => {
    expect(existsSync(profileFile('ptx10001'))).toBe(false);
    const reply = `<rpc-reply>${unknownRpcError('get-virtual-chassis-information', 'syntax error, expecting <command>')}</rpc-reply>`;
    expect(outcome(reply)).toEqual({ status: 'not-applicable', reason: 'the platform has no virtual chassis (the RPC is not known)' });
  });
});

describe('refusals', () => {
  const refusal = (message: string, badElement?: string): string =>
    `<rpc-reply><rpc-error><error-severity>error</error-severity><error-message>${message}</error-message>` +
    (badElement ? `<error-info><bad-element>${badElement}</bad-element></error-info>` : '') +
    '</rpc-error></rpc-reply>';

  it.each([
    'error: the virtual-chassis-control subsystem is not running',
    'Virtual Chassis is not enabled',
    'error: command is not valid on the mx204',
  ])('"%s" is not applicable', (message) => {
    expect(outcome(refusal(message)).status).toBe('not-applicable');
  });

  it('permission denied is a real error', () => {
    let code: string | undefined;
    try {
      outcome(refusal('permission denied'));
    } catch (err) {
      code = (err as IbsightError).code;
    }
    expect(code).toBe('RPC_ERROR');
  });

  it('a multi-RE reply lists each member once', () => {
    const vc = '<virtual-chassis-information><member-list><member><member-id>0</member-id><member-role>Master*</member-role></member>' +
      '<member><member-id>1</member-id><member-role>Backup</member-role></member></member-list></virtual-chassis-information>';
    const r = records(`<rpc-reply><multi-routing-engine-results><multi-routing-engine-item><re-name>member0</re-name>${vc}</multi-routing-engine-item>` +
      `<multi-routing-engine-item><re-name>member1</re-name>${vc}</multi-routing-engine-item></multi-routing-engine-results></rpc-reply>`);
    expect(r.members.map((m) => [m.memberId, m.role, m.local])).toEqual([[0, 'Master', true], [1, 'Backup', false]]);
    expect(r).toMatchObject({ id: null, mode: null, preprovisioned: false });
  });
});

describe('golden fixtures of virtual-chassis', () => {
  const pairs = readdirSync(FIXTURES)
    .filter((d) => d.includes('_') && existsSync(join(FIXTURES, d, 'get-virtual-chassis-information.xml')))
    .map((d) => join(d, 'get-virtual-chassis-information.xml'));
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(4));
  it.each(pairs)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.xml$/, '.json')), 'utf8'));
    const actual = outcomeDocument(collector.name, outcome(readFileSync(join(FIXTURES, file), 'utf8')));
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });
});
