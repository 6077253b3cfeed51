/**
 * environment: the class carried forward, temperatures from the attribute or the text, real
 * replies (NAPALM's get_environment fixtures), the built-in simulator profiles (every item and
 * temperature the files hold), and this collector's golden fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { celsiusOf, environmentCollector as collector, type EnvironmentRecords } from '../../collectors/environment.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { childText, findAll } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { builtinProfileDir, listBuiltinProfiles } from '../../src/sim/builtin-profile-dir.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = { scrubKey: Buffer.from('ibsight-golden-test-key') };
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

function outcome(text: string) {
  return parseReplies(collector, [{ key: null, root: parseXml(text) }], KEY);
}
function records(text: string): EnvironmentRecords {
  const o = outcome(text);
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}

describe('temperature', () => {
  it.each([
    ['<temperature celsius="36">36 degrees C / 96 degrees F</temperature>', 36],
    ['<temperature junos:celsius="41">41 degrees C / 106 degrees F</temperature>', 41],
    ['<temperature>51 degrees C / 123 degrees F</temperature>', 51],
    ['<temperature>-5 degrees C / 23 degrees F</temperature>', -5],
    ['<temperature celsius="x">27.5 degrees C / 81 degrees F</temperature>', 27.5],
    ['<temperature>Absent</temperature>', null],
  ])('%s → %s', (xml, expected) => {
    expect(celsiusOf(parseXml(xml))).toBe(expected);
  });
  it('none without the element', () => expect(celsiusOf(null)).toBeNull());
});

describe('real replies', () => {
  it('MX10003: the class is carried forward to the 37 temperature sensors NAPALM reports', () => {
    const r = records(readFileSync(junosPublic('napalm/test_get_environment/mx10003/get-environment-information.xml'), 'utf8'));
    const temps = r.items.filter((i) => i.class === 'Temp');
    expect(temps).toHaveLength(37);
    expect(temps.every((i) => typeof i.temperatureC === 'number')).toBe(true);
    expect(temps.at(-1)).toEqual({ member: null, name: 'FPC 1 EA2_HMC2 DRAM botm', class: 'Temp', status: 'OK', temperatureC: 56, comment: null });
    expect(r.items.filter((i) => i.class === 'Fans').map((i) => i.comment)).toEqual(Array(16).fill('Spinning at normal speed'));
  });

  it('SRX cluster node: member from re-name', () => {
    const r = records(readFileSync(junosPublic('napalm/test_get_environment/issue1183_srx_multi_node/get-environment-information.xml'), 'utf8'));
    expect(new Set(r.items.map((i) => i.member))).toEqual(new Set(['node0']));
  });
});

describe('built-in simulator profiles', () => {
  it.each(listBuiltinProfiles())('%s parses to every item, status and temperature the profile holds', (profile) => {
    const text = readFileSync(join(builtinProfileDir(profile), 'get-environment-information.xml'), 'utf8');
    const r = records(text);
    const items = findAll(parseXml(text), 'environment-item');
    expect(r.items.map((i) => [i.name, i.status])).toEqual(items.map((e) => [childText(e, 'name'), childText(e, 'status')]));
    expect(r.items.filter((i) => i.temperatureC !== null)).toHaveLength(items.filter((e) => childText(e, 'temperature') !== null).length);
    expect(r.items.every((i) => i.class !== null)).toBe(true);
  });

  it('srx345-cluster: sixteen items, eight per node', () => {
    const r = records(readFileSync(join(builtinProfileDir('srx345-cluster'), 'get-environment-information.xml'), 'utf8'));
    expect(r.items.filter((i) => i.member === 'node0')).toHaveLength(8);
    expect(r.items.filter((i) => i.member === 'node1')).toHaveLength(8);
    expect(r.items.find((i) => i.member === 'node1' && i.name === 'Routing Engine CPU')!.temperatureC).toBe(65);
  });

  it('the odd states the profiles carry come out as reported', () => {
    const states = listBuiltinProfiles().flatMap((p) =>
      records(readFileSync(join(builtinProfileDir(p), 'get-environment-information.xml'), 'utf8')).items.map((i) => i.status),
    );
    expect(new Set(states)).toEqual(new Set(['OK', 'Failed', 'Check']));
  });
});

describe('replies built for the edge cases', () => {
  it('the carried class resets for each member', () => {
    const env = (first: string): string =>
      `<environment-information><environment-item><name>A</name>${first}<status>OK</status></environment-item>` +
      '<environment-item><name>B</name><status>OK</status></environment-item></environment-information>';
    const r = records(`<rpc-reply><multi-routing-engine-results><multi-routing-engine-item><re-name>node0</re-name>${env('<class>Fans</class>')}</multi-routing-engine-item>` +
      `<multi-routing-engine-item><re-name>node1</re-name>${env('')}</multi-routing-engine-item></multi-routing-engine-results></rpc-reply>`);
    expect(r.items.map((i) => [i.member, i.name, i.class])).toEqual([['node0', 'A', 'Fans'], ['node0', 'B', 'Fans'], ['node1', 'A', null], ['node1', 'B', null]]);
  });

  it('a platform that does not know the RPC is not applicable', () => {
    const reply = '<rpc-reply><rpc-error><error-severity>error</error-severity><error-message>syntax error, expecting &lt;command&gt;</error-message>' +
      '<error-info><bad-element>get-environment-information</bad-element></error-info></rpc-error></rpc-reply>';
    expect(outcome(reply).status).toBe('not-applicable');
  });
});

describe('golden fixtures of environment', () => {
  const pairs = readdirSync(FIXTURES)
    .filter((d) => d.includes('_') && existsSync(join(FIXTURES, d, 'get-environment-information.xml')))
    .map((d) => join(d, 'get-environment-information.xml'));
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(3));
  it.each(pairs)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.xml$/, '.json')), 'utf8'));
    const actual = outcomeDocument(collector.name, outcome(readFileSync(join(FIXTURES, file), 'utf8')));
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });
});
