/**
 * interfaces collector: type and kind of interface names across families, the built-in simulator
 * profiles (counts asserted), multi-RE replies, PyEZ's private-instance listings (no names:
 * PARSE_ERROR), and the golden fixture pairs under test/fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectorReply } from '../../collectors/collector.js';
import { interfaceKind, interfaceType } from '../../collectors/interfaces-kind.js';
import { interfacesCollector, type InterfacesRecords } from '../../collectors/interfaces.js';
import { parseReplies } from '../../collectors/outcome.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = Buffer.from('ibsight-golden-test-key');
const ROOT = join(import.meta.dirname, '..', '..');
const PROFILES = join(ROOT, 'src', 'sim', 'profiles');
const FIXTURES = join(ROOT, 'test', 'fixtures');

const reply = (text: string): CollectorReply => ({ key: null, root: parseXml(text) });
const parse = (text: string): InterfacesRecords => interfacesCollector.parse([reply(text)], { scrubKey: KEY });
const profile = (name: string): InterfacesRecords => parse(readFileSync(join(PROFILES, name, 'get-interface-information+terse.xml'), 'utf8'));

describe('interface type and kind', () => {
  it.each([
    ['ge-0/0/0', 'ge', 'port'],
    ['xe-0/1/2:3', 'xe', 'port'],
    ['et-5/0/4', 'et', 'port'],
    ['mge-0/0/23', 'mge', 'port'],
    ['t1-1/0/0', 't1', 'port'],
    ['vcp-255/1/0', 'vcp', 'port'],
    ['ae12', 'ae', 'aggregate'],
    ['reth1', 'reth', 'aggregate'],
    ['fxp0', 'fxp', 'management'],
    ['em1', 'em', 'management'],
    ['me0', 'me', 'management'],
    ['vme', 'vme', 'management'],
    ['re0:mgmt-0', 'mgmt', 'management'],
    ['lo0', 'lo', 'internal'],
    ['irb', 'irb', 'internal'],
    ['.local.', 'local', 'internal'],
    ['pfe-0/0/0', 'pfe', 'internal'],
    ['lc-1/0/0', 'lc', 'internal'],
    ['lsq-0/0/0', 'lsq', 'internal'],
    ['swfab0', 'swfab', 'internal'],
    ['unknownthing', 'unknownthing', 'internal'],
  ])('%s → %s (%s)', (name, type, kind) => {
    expect(interfaceType(name)).toBe(type);
    expect(interfaceKind(name, type)).toBe(kind);
  });
});

describe('interfaces: the built-in simulator profiles', () => {
  it.each([
    ['ex4300-vc', { total: 102, up: 65, down: 35, adminDown: 2 }, { ge: 97, xe: 3, vcp: 2, ae: 1, me: 1, vme: 1 }],
    ['mx480', { total: 16, up: 6, down: 8, adminDown: 2 }, { et: 12, xe: 4, em: 2, fxp: 1 }],
    ['mx960', { total: 25, up: 14, down: 8, adminDown: 3 }, { et: 11, xe: 10, ge: 4, em: 2, fxp: 1 }],
    ['ptx10001', { total: 14, up: 7, down: 6, adminDown: 1 }, { et: 10, xe: 4, mgmt: 1 }],
    ['qfx5120', { total: 56, up: 17, down: 38, adminDown: 1 }, { et: 40, xe: 12, ge: 4, ae: 1, em: 2 }],
    ['srx345-cluster', { total: 30, up: 7, down: 21, adminDown: 2 }, { ge: 28, cl: 2, reth: 2, fxp: 2 }],
  ])('%s', (name, ports, totals) => {
    const r = profile(name);
    expect(r.ports).toEqual(ports);
    expect(Object.fromEntries(Object.entries(r.counts).map(([t, c]) => [t, c.total]))).toEqual(totals);
    for (const c of Object.values(r.counts)) expect(c.up + c.down + c.adminDown).toBe(c.total);
    // every physical interface listed (internal ones too), names trimmed
    const xml = readFileSync(join(PROFILES, name, 'get-interface-information+terse.xml'), 'utf8');
    expect(r.interfaces).toHaveLength(xml.split('<physical-interface>').length - 1);
    expect(r.interfaces.every((i) => i.name === i.name.trim() && !i.name.includes('\n'))).toBe(true);
  });

  it('mx960: a disabled port is admin-down, internal PFE interfaces are listed but not counted', () => {
    const r = profile('mx960');
    expect(r.interfaces.find((i) => i.name === 'et-0/1/1')).toEqual({ member: null, name: 'et-0/1/1', type: 'et', kind: 'port', adminStatus: 'down', operStatus: 'down' });
    expect(r.interfaces.find((i) => i.name === 'pfe-0/0/0')!.kind).toBe('internal');
    expect(r.counts.pfe).toBeUndefined();
    expect(r.counts.lo).toBeUndefined();
  });
});

describe('interfaces: reply shapes', () => {
  it('multi-routing-engine items give each interface its member', () => {
    const r = parse(`<rpc-reply><multi-routing-engine-results>
      <multi-routing-engine-item><re-name>node0</re-name><interface-information><physical-interface><name>ge-0/0/0</name><admin-status>up</admin-status><oper-status>up</oper-status></physical-interface></interface-information></multi-routing-engine-item>
      <multi-routing-engine-item><re-name>node1</re-name><interface-information><physical-interface><name>ge-5/0/0</name><admin-status>up</admin-status><oper-status>down</oper-status></physical-interface></interface-information></multi-routing-engine-item>
    </multi-routing-engine-results></rpc-reply>`);
    expect(r.interfaces.map((i) => [i.member, i.name])).toEqual([['node0', 'ge-0/0/0'], ['node1', 'ge-5/0/0']]);
    expect(r.ports).toEqual({ total: 2, up: 1, down: 1, adminDown: 0 });
  });

  it('an empty listing is no interfaces; a foreign reply is a PARSE_ERROR', () => {
    expect(parse('<rpc-reply><interface-information/></rpc-reply>')).toEqual({ ports: { total: 0, up: 0, down: 0, adminDown: 0 }, counts: {}, interfaces: [] });
    expect(() => parse('<rpc-reply><chassis-inventory/></rpc-reply>')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });

  it.each(['current_re', 'current_re_empty', 'current_re_srx_primary'])('PyEZ %s private-instance listing (no names) is a PARSE_ERROR', (name) => {
    const text = readFileSync(junosPublic(`pyez/facts/${name}_get-interface-information.xml`), 'utf8');
    expect(() => parseReplies(interfacesCollector, [reply(text)], { scrubKey: KEY })).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });
});

describe('interfaces: golden fixtures (test/fixtures/*/get-interface-information.xml)', () => {
  const dirs = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'get-interface-information.json')));
  it('covers profiles and a hand-written edge case', () => expect(dirs.length).toBeGreaterThanOrEqual(3));
  for (const dir of dirs) {
    it(dir, () => {
      const xml = readFileSync(join(FIXTURES, dir, 'get-interface-information.xml'), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, dir, 'get-interface-information.json'), 'utf8'));
      const outcome = parseReplies(interfacesCollector, [reply(xml)], { scrubKey: KEY });
      const { errors, warnings, ...rest } = outcome as typeof outcome & { errors?: unknown[]; warnings?: unknown[] };
      expect({ collector: 'interfaces', ...rest, ...(errors?.length ? { errors } : {}), ...(warnings?.length ? { warnings } : {}) }).toEqual(expected);
    });
  }
});
