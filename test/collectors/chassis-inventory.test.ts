/**
 * chassis-inventory: the kind classifier and placeholder serials across families, real replies
 * (MX480, vSRX backplane edge case, QFabric nodes, backup RE, bare <error>), the built-in
 * simulator profiles (every serial the simulator serves comes out), partial and odd replies
 * built inline, and this collector's golden fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chassisInventoryCollector as collector, type ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import { componentKind, isPlaceholderSerial, nameStem } from '../../collectors/chassis-inventory-kind.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { childText, findAll, textOf } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { builtinProfileDir, listBuiltinProfiles } from '../../src/sim/builtin-profile-dir.js';
import { collectSerials } from '../../src/sim/personalisation.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = { scrubKey: Buffer.from('ibsight-golden-test-key') };
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function outcome(text: string) {
  return parseReplies(collector, [{ key: null, root: parseXml(text) }], KEY);
}
function records(text: string): ChassisInventoryRecords {
  const o = outcome(text);
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof IbsightError) return err.code;
    throw err;
  }
  return undefined;
}
const publicFile = (f: string): string => readFileSync(junosPublic(f), 'utf8');

describe('kind of an inventory item', () => {
  it.each([
    ['Midplane', 'midplane'], ['Midplane 1', 'midplane'], ['Backplane', 'midplane'], ['PMP 0', 'midplane'],
    ['Routing Engine', 'routing-engine'], ['Routing Engine 1', 'routing-engine'], ['RE 0', 'routing-engine'],
    ['CB 0', 'control-board'], ['Pseudo CB 0', 'control-board'], ['SFB 7', 'control-board'], ['SIB 0', 'control-board'],
    ['SIB F13 0', 'control-board'], ['SPMB 1', 'control-board'],
    ['FPC 0', 'fpc'], ['TFEB 0', 'fpc'], ['AFEB 0', 'fpc'],
    ['MIC 1', 'mic'], ['PIC 3', 'pic'], ['Xcvr 10', 'transceiver'],
    ['PEM 0', 'power'], ['PSM 17', 'power'], ['PDM', 'power'], ['PDM 3', 'power'], ['Power Supply 0', 'power'],
    ['PSU 1', 'power'], ['Power Entry Module 2', 'power'],
    ['Fan Tray', 'fan'], ['Fan Tray 5', 'fan'], ['FTC 0', 'fan'], ['Fan Extender', 'fan'],
    ['FPM Board', 'other'], ['CPU', 'other'], ['MGMT BRD', 'other'], ['WAN MEZZ', 'other'], ['System IO', 'other'],
    ['ADC 9', 'other'], ['XLM 0', 'other'], ['', 'other'],
  ])('%s → %s', (name, kind) => {
    expect(componentKind(name)).toBe(kind);
  });

  it('is other without a name, and stems names before their first digit', () => {
    expect(componentKind(null)).toBe('other');
    expect(nameStem('Routing Engine 1')).toBe('routing engine');
    expect(nameStem('  Xcvr 10 ')).toBe('xcvr');
  });
});

describe('placeholder serial numbers', () => {
  it.each(['BUILTIN', 'builtin', 'NONE', 'N/A', 'NA', 'UNKNOWN', 'NON-JNPR', '0', '000000000000', '-', '--', 'Not Available', 'null', 'eMpTy'])('%s is a placeholder', (s) => {
    expect(isPlaceholderSerial(s)).toBe(true);
  });
  it.each(['JN1249018AFB', '123456789', '0123456789', '00000MTC101600GS', 'P5610-C', 'BUILTIN0', 'NOT AVAILABLE!', 'xNONE'])('%s is a serial', (s) => {
    expect(isPlaceholderSerial(s)).toBe(false);
  });
  it('absent is no placeholder', () => {
    expect(isPlaceholderSerial(null)).toBe(false);
  });
});

describe('real replies', () => {
  it('MX480: 44 items, three-level transceivers, BUILTIN PICs flagged and kept', () => {
    const r = records(publicFile('pyez/facts/chassis_serialnumber_get-chassis-inventory.xml'));
    expect(r.components).toHaveLength(44);
    const pic = r.components.find((c) => c.path.join('/') === 'Chassis/FPC 0/PIC 0')!;
    expect(pic).toMatchObject({ kind: 'pic', partNumber: 'BUILTIN', serialNumber: 'BUILTIN', serialPlaceholder: true, description: '12X10GE SFPP OTN' });
    const xcvrs = r.components.filter((c) => c.kind === 'transceiver');
    expect(xcvrs).toHaveLength(20);
    expect(xcvrs.every((c) => c.path.length === 4 && c.path[2]!.startsWith('PIC'))).toBe(true);
    expect(r.components.find((c) => c.name === 'Fan Tray')!.kind).toBe('fan');
  });

  it('vSRX with empty node items: the item without re-name gives member null', () => {
    const r = records(publicFile('pyez/facts/chassis_backplane_serialnumber_get-chassis-inventory.xml'));
    expect(new Set(r.components.map((c) => c.member))).toEqual(new Set([null]));
    expect(r.components.find((c) => c.serialNumber !== null)).toMatchObject({ name: 'Backplane', kind: 'midplane', serialNumber: '123456789' });
  });

  it('a backup RE note is RE_NOT_MASTER; a bare <error> is RPC_ERROR', () => {
    expect(codeOf(() => outcome(publicFile('pyez/facts/chassis_connect_not_master_get-chassis-inventory.xml')))).toBe('RE_NOT_MASTER');
    expect(codeOf(() => outcome(publicFile('pyez/facts/chassis_error_xml_get-chassis-inventory.xml')))).toBe('RPC_ERROR');
  });

  it('a QFabric node inventory without rpc-reply and with a plain style attribute', () => {
    const r = records(publicFile('ansible-junos-stdlib/pb/lc0-inventory.xml'));
    expect(r.components[0]).toMatchObject({ name: 'Chassis', kind: 'chassis', serialNumber: 'P5610', description: 'QFX3500' });
    expect(r.components.find((c) => c.name === 'MGMT BRD')).toMatchObject({ kind: 'other', serialNumber: 'BBAX8090', modelNumber: 'QFX3500-MB' });
  });
});

describe('built-in simulator profiles', () => {
  const profiles = listBuiltinProfiles();
  it('are all here', () => {
    expect(profiles).toEqual(expect.arrayContaining(['ex4300-vc', 'mx480', 'mx960', 'ptx10001', 'qfx5120', 'srx345-cluster']));
  });

  it.each(profiles)('%s parses to every serial and item the profile file holds', (name) => {
    const text = readFileSync(join(builtinProfileDir(name), 'get-chassis-inventory.xml'), 'utf8');
    const root = parseXml(text);
    const r = records(text);
    // one component per <name> of the chassis and its modules, in document order
    expect(r.components.map((c) => c.name)).toEqual(findAll(root, 'name').map((n) => textOf(n)));
    // every non-blank serial element comes out, trimmed, in document order
    const serialTexts = findAll(root, 'serial-number').map((s) => textOf(s)).filter((s) => s !== null);
    expect(r.components.map((c) => c.serialNumber).filter((s) => s !== null)).toEqual(serialTexts);
    const served = collectSerials(text);
    const real = [...new Set(r.components.filter((c) => c.serialNumber !== null && !c.serialPlaceholder).map((c) => c.serialNumber))];
    expect(real).toEqual(served);
    const chassisSerials = findAll(root, 'chassis').map((c) => childText(c, 'serial-number'));
    expect(r.components.filter((c) => c.kind === 'chassis').map((c) => c.serialNumber)).toEqual(chassisSerials);
  });

  it('srx345-cluster: one inventory per node, tagged node0 / node1', () => {
    const r = records(readFileSync(join(builtinProfileDir('srx345-cluster'), 'get-chassis-inventory.xml'), 'utf8'));
    const chassis = r.components.filter((c) => c.kind === 'chassis');
    expect(chassis.map((c) => [c.member, c.serialNumber])).toEqual([['node0', 'DS4821AF0293'], ['node1', 'DS4821AF0357']]);
    expect(r.components.filter((c) => c.member === 'node1')).toHaveLength(10);
  });

  it('ex4300-vc: members are FPC n with their switch serials, member null', () => {
    const r = records(readFileSync(join(builtinProfileDir('ex4300-vc'), 'get-chassis-inventory.xml'), 'utf8'));
    expect(r.components.filter((c) => c.kind === 'fpc').map((c) => [c.member, c.name, c.serialNumber])).toEqual([
      [null, 'FPC 0', 'PD3718290411'],
      [null, 'FPC 1', 'PE3719150273'],
    ]);
    expect(r.components[0]).toMatchObject({ description: 'Virtual Chassis', serialNumber: 'PD3718290411' });
  });

  it('mx960: transceivers four levels deep, an empty serial is null and no placeholder', () => {
    const r = records(readFileSync(join(builtinProfileDir('mx960'), 'get-chassis-inventory.xml'), 'utf8'));
    const xcvr3 = r.components.find((c) => c.path.join('/') === 'Chassis/FPC 3/MIC 0/PIC 0/Xcvr 3')!;
    expect(xcvr3).toMatchObject({ kind: 'transceiver', partNumber: 'NON-JNPR', serialNumber: null, serialPlaceholder: false, version: null });
    expect(r.components.filter((c) => c.path.length === 5)).toHaveLength(8);
  });
});

describe('replies built for the edge cases', () => {
  const item = (re: string, body: string): string => `<multi-routing-engine-item><re-name>${re}</re-name>${body}</multi-routing-engine-item>`;
  const inventory = (serial: string): string =>
    `<chassis-inventory><chassis><name>Chassis</name><serial-number>${serial}</serial-number><description>MX480</description></chassis></chassis-inventory>`;
  const multi = (...items: string[]): string => `<rpc-reply><multi-routing-engine-results>${items.join('')}</multi-routing-engine-results></rpc-reply>`;
  const rpcError = '<rpc-error><error-severity>error</error-severity><error-message>Could not connect to re1 : No route to host</error-message></rpc-error>';

  it('a member with an rpc-error beside one with data: records, and the error with its re-name', () => {
    const o = outcome(multi(item('re0', inventory('JN11')), item('re1', rpcError)));
    expect(o.status).toBe('ok');
    if (o.status !== 'ok') return;
    expect(o.records.components.map((c) => [c.member, c.serialNumber])).toEqual([['re0', 'JN11']]);
    expect(o.errors).toEqual([expect.objectContaining({ reName: 're1', message: 'Could not connect to re1 : No route to host' })]);
  });

  it('a member that answers with an <output> note beside one with data', () => {
    const note = '<output>Aborted! This command can only be used on the master routing engine.</output>';
    expect(records(multi(item('re0', inventory('JN11')), item('re1', note))).components).toHaveLength(1);
    expect(codeOf(() => outcome(multi(item('re1', note))))).toBe('RE_NOT_MASTER');
  });

  it('prefixed element names and a nameless module', () => {
    const r = records(
      '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><j:chassis-inventory xmlns:j="x"><j:chassis>' +
        '<j:name>Chassis</j:name><j:serial-number> S1 </j:serial-number><j:chassis-module><j:serial-number>BUILTIN</j:serial-number></j:chassis-module>' +
        '</j:chassis></j:chassis-inventory></nc:rpc-reply>',
    );
    expect(r.components.map((c) => [c.path, c.name, c.kind, c.serialNumber, c.serialPlaceholder])).toEqual([
      [['Chassis'], 'Chassis', 'chassis', 'S1', false],
      [['Chassis', 'chassis-module'], null, 'other', 'BUILTIN', true],
    ]);
  });

  it('an empty inventory is no components; a reply without one is PARSE_ERROR', () => {
    expect(records('<rpc-reply><chassis-inventory/></rpc-reply>').components).toEqual([]);
    let caught: unknown;
    try {
      outcome('<rpc-reply><software-information/></rpc-reply>');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IbsightError);
    expect((caught as IbsightError).code).toBe('PARSE_ERROR');
    expect((caught as IbsightError).message).toContain('found: software-information');
  });

  it('an error-only reply is an RPC_ERROR, never not-applicable', () => {
    expect(codeOf(() => outcome(`<rpc-reply>${rpcError}</rpc-reply>`))).toBe('RPC_ERROR');
  });
});

describe('golden fixtures of chassis-inventory', () => {
  const pairs = readdirSync(FIXTURES)
    .filter((d) => d.includes('_') && existsSync(join(FIXTURES, d, 'get-chassis-inventory.xml')))
    .map((d) => join(d, 'get-chassis-inventory.xml'));
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(5));
  it.each(pairs)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.xml$/, '.json')), 'utf8'));
    let actual: unknown;
    try {
      actual = outcomeDocument(collector.name, outcome(readFileSync(join(FIXTURES, file), 'utf8')));
    } catch (err) {
      if (!(err instanceof IbsightError)) throw err;
      actual = { collector: collector.name, status: 'error', error: { code: err.code } };
    }
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });
});
