/** Reply selection (src/sim/request-match.ts) and reply files as served (src/sim/profile.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';
import { candidateKeys, chooseReply, commandKey } from '../../src/sim/request-match.js';
import { loadProfile, splitReplyFile } from '../../src/sim/profile.js';

const TINY_MX = join(import.meta.dirname, '..', 'fixtures', 'sim', 'tiny-mx');

function op(rpcXml: string): XmlElement {
  const rpc = parseXml(rpcXml);
  expect(rpc.name).toBe('rpc');
  return rpc.children[0]!;
}

function choose(rpcXml: string, files: string[]) {
  const set = new Set(files);
  return chooseReply(op(rpcXml), (k) => set.has(k));
}

describe('request matching', () => {
  it('maps <command> words to command+<words> (lower-cased, dash-joined), before anything else', () => {
    expect(commandKey('  show version   invoke-on ALL-routing-engines ')).toBe('command+show-version-invoke-on-all-routing-engines');
    const rpc = '<rpc><command format="xml">show version invoke-on all-routing-engines</command></rpc>';
    expect(choose(rpc, ['command', 'command@format=xml', 'command+show-version-invoke-on-all-routing-engines'])).toEqual({
      kind: 'file',
      key: 'command+show-version-invoke-on-all-routing-engines',
    });
  });

  it('prefers <rpc>+<child>, first child in document order that has a file', () => {
    const rpc = '<rpc><get-software-information><brief/><all-servers/></get-software-information></rpc>';
    expect(choose(rpc, ['get-software-information', 'get-software-information+all-servers'])).toEqual({
      kind: 'file',
      key: 'get-software-information+all-servers',
    });
    expect(choose(rpc, ['get-software-information+all-servers', 'get-software-information+brief'])).toEqual({
      kind: 'file',
      key: 'get-software-information+brief',
    });
  });

  it('puts +child before @attr, and @attr before the plain file', () => {
    const rpc = '<rpc><get-configuration format="set" database="committed"><configuration/></get-configuration></rpc>';
    const all = ['get-configuration', 'get-configuration@format=set', 'get-configuration+configuration'];
    expect(choose(rpc, all)).toEqual({ kind: 'file', key: 'get-configuration+configuration' });
    expect(choose(rpc, all.slice(0, 2))).toEqual({ kind: 'file', key: 'get-configuration@format=set' });
    expect(choose(rpc, ['get-configuration', 'get-configuration@database=committed'])).toEqual({
      kind: 'file',
      key: 'get-configuration@database=committed',
    });
    expect(choose(rpc, ['get-configuration'])).toEqual({ kind: 'file', key: 'get-configuration' });
    expect(candidateKeys(op(rpc))).toEqual([
      'get-configuration+configuration',
      'get-configuration@format=set',
      'get-configuration@database=committed',
      'get-configuration',
    ]);
  });

  it('matches prefixed tags by local name and never treats xmlns declarations as attributes', () => {
    const rpc =
      '<nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><nc:get-chassis-inventory xmlns:x="urn:x"><nc:detail/></nc:get-chassis-inventory></nc:rpc>';
    expect(candidateKeys(op(rpc))).toEqual(['get-chassis-inventory+detail', 'get-chassis-inventory']);
    expect(choose(rpc, ['get-chassis-inventory'])).toEqual({ kind: 'file', key: 'get-chassis-inventory' });
  });

  it('answers close-session, and unknown requests with the Junos syntax error', () => {
    expect(choose('<rpc><close-session/></rpc>', [])).toEqual({ kind: 'close-session' });
    expect(choose('<rpc><get-bogus-information/></rpc>', ['get-software-information'])).toEqual({
      kind: 'unknown',
      badElement: 'get-bogus-information',
      message: 'syntax error, expecting <command>',
    });
    expect(choose('<rpc><command>show   bogus thing</command></rpc>', [])).toEqual({
      kind: 'unknown',
      badElement: 'show bogus thing',
      message: 'syntax error',
    });
  });
});

describe('reply files', () => {
  it('strips an <rpc-reply> wrapper (and XML declaration) but keeps inner-only files whole', () => {
    const wrapped = splitReplyFile('<?xml version="1.0"?>\n<!-- c -->\n<nc:rpc-reply xmlns:nc="urn:x" xmlns:junos="urn:j" message-id="9">\n<a/>\n</nc:rpc-reply>\n');
    expect(wrapped).toEqual({ body: '\n<a/>\n', rootAttrs: { 'xmlns:nc': 'urn:x', 'xmlns:junos': 'urn:j', 'message-id': '9' } });
    expect(splitReplyFile('<rpc-reply/>')).toEqual({ body: '', rootAttrs: {} });
    expect(splitReplyFile('<?xml version="1.0"?><a/><b/>')).toEqual({ body: '<a/><b/>', rootAttrs: null });
  });

  it('loads a profile: meta, junos namespace, bodies, tokens', () => {
    const profile = loadProfile(TINY_MX);
    expect(profile.meta).toEqual({
      description: 'tiny synthetic MX480 with two routing engines (simulator tests only)',
      hostname: 'tinymx-lab1',
      release: '21.4R3',
      base11: true,
    });
    expect(profile.junosNs).toBe('http://xml.juniper.net/junos/21.4R3/junos');
    expect(profile.replies.get('get-chassis-cluster-status')!.body).toContain('<error-message>Chassis cluster is not enabled.</error-message>');
    expect(profile.replies.get('get-chassis-inventory')!.body).not.toContain('rpc-reply');
    expect(profile.replies.get('get-route-engine-information')!.body.trim().startsWith('<route-engine-information')).toBe(true);
    expect(profile.tokens.hostname).toBe('tinymx-lab1');
  });
});
