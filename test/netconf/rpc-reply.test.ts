/**
 * Errors and warnings read out of real Junos replies: the partial dual-RE reply (an rpc-error
 * beside data), xnm:error replies, a NETCONF rpc-error with bad-element, and every other public
 * reply (which must parse with no errors invented).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JUNOS_PUBLIC } from '../support/junos-public.js';
import { extractIssues, rpcName } from '../../src/netconf/rpc-reply.js';
import { parseXml } from '../../src/xml/parse.js';

const DATA = JUNOS_PUBLIC;
const load = (p: string) => extractIssues(parseXml(readFileSync(join(DATA, p), 'utf8')));

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return xmlFiles(path);
    return name.endsWith('.xml') ? [path] : [];
  });
}

describe('issues in real replies', () => {
  it('keeps the error beside the data of a partial dual-RE reply', () => {
    const issues = load('pyez/facts/sw_info_dual_other_re_off.xml');
    expect(issues.hasData).toBe(true);
    expect(issues.warnings).toEqual([]);
    expect(issues.errors).toEqual([
      {
        severity: 'error',
        type: 'protocol',
        tag: 'operation-failed',
        message: 'Could not connect to re0 : No route to host',
        path: null,
        badElement: null,
        reName: null,
      },
    ]);
  });

  it('reads an xnm:error with no data (chassis cluster not enabled)', () => {
    const issues = load('pyez/facts/cluster_false_get-chassis-cluster-status.xml');
    expect(issues.hasData).toBe(false);
    expect(issues.errors).toEqual([
      { severity: 'error', type: null, tag: null, message: 'error: Chassis cluster is not enabled', path: null, badElement: null, reName: null },
    ]);
    expect(load('pyez/facts/personality_olive_get-route-engine-information.xml').errors[0]!.message).toBe('Unrecognized command (chassis-control)');
  });

  it('reads nested xnm:errors with edit path and statement (commit-results)', () => {
    const issues = load('pyez/rpc-reply/get-rpc-error.xml');
    expect(issues.hasData).toBe(false);
    expect(issues.errors.map((e) => [e.message, e.path, e.badElement])).toEqual([
      ['Only unit 0 is valid for this encapsulation', '[edit interfaces ge-0/0/1]', 'unit 2'],
      ['configuration check-out failed', null, null],
    ]);
  });

  it('reads a NETCONF rpc-error with bad-element, wrapped or bare', () => {
    const wrapped = load('pyez/facts/domain_file_get-configuration.xml');
    expect(wrapped.hasData).toBe(false);
    expect(wrapped.errors[0]).toMatchObject({ type: 'protocol', tag: 'operation-failed', message: 'permission denied', badElement: 'system' });
    const bare = load('pyez/rpc-reply/get-permission-denied.xml');
    expect(bare.hasData).toBe(false);
    expect(bare.errors[0]).toMatchObject({ message: 'permission denied', badElement: 'get-permission-denied' });
  });

  it('records the re-name of the multi-routing-engine-item holding an error', () => {
    // Derived from the real partial reply: the rpc-error moved into an item for re0, as Junos
    // reports a failing RE inside multi-routing-engine-results.
    const text = readFileSync(join(DATA, 'pyez/facts/sw_info_dual_other_re_off.xml'), 'utf8');
    const error = /<rpc-error>[\s\S]*?<\/rpc-error>/.exec(text)![0];
    const moved = text
      .replace(error, '')
      .replace('<multi-routing-engine-results>', `<multi-routing-engine-results><multi-routing-engine-item><re-name>re0</re-name>${error}</multi-routing-engine-item>`);
    const issues = extractIssues(parseXml(moved));
    expect(issues.hasData).toBe(true);
    expect(issues.errors).toHaveLength(1);
    expect(issues.errors[0]!.reName).toBe('re0');
    const onlyError = moved.replace(/<multi-routing-engine-item>\s*<re-name>re1[\s\S]*?<\/multi-routing-engine-item>/, '');
    expect(extractIssues(parseXml(onlyError)).hasData).toBe(false);
  });

  it('separates warnings from errors (xnm:warning and rpc-error of severity warning)', () => {
    // Synthetic: no public reply carries a warning. Shapes as Junos documents them.
    const reply = parseXml(
      `<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos">
        <xnm:warning xmlns="http://xml.juniper.net/xnm/1.1/xnm" xmlns:xnm="http://xml.juniper.net/xnm/1.1/xnm">
          <source-daemon>mgd</source-daemon><message>
            statement has no effect</message>
        </xnm:warning>
        <rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag>
          <error-severity>warning</error-severity><error-path>[edit system]</error-path>
          <error-message>deprecated</error-message></rpc-error>
        <system-uptime-information><current-time/></system-uptime-information>
      </rpc-reply>`,
    );
    const issues = extractIssues(reply);
    expect(issues.errors).toEqual([]);
    expect(issues.hasData).toBe(true);
    expect(issues.warnings.map((w) => [w.severity, w.message, w.path, w.tag])).toEqual([
      ['warning', 'statement has no effect', null, null],
      ['warning', 'deprecated', '[edit system]', 'invalid-value'],
    ]);
  });

  it('invents no errors in the other public replies, and finds data in each', () => {
    const withIssues = new Set([
      'pyez/facts/sw_info_dual_other_re_off.xml',
      'pyez/facts/cluster_false_get-chassis-cluster-status.xml',
      'pyez/facts/personality_olive_get-route-engine-information.xml',
      'pyez/facts/domain_file_get-configuration.xml',
      'pyez/rpc-reply/get-permission-denied.xml',
      'pyez/rpc-reply/get-rpc-error.xml',
    ]);
    const files = xmlFiles(DATA).map((f) => relative(DATA, f));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files.filter((f) => !withIssues.has(f))) {
      const issues = load(file);
      expect({ file, errors: issues.errors.length, warnings: issues.warnings.length, hasData: issues.hasData }).toEqual({ file, errors: 0, warnings: 0, hasData: true });
    }
  });

  it('does not take configuration elements named error for Junos errors', () => {
    const config = parseXml('<rpc-reply><configuration><system><syslog><file><name>messages</name><contents><name>any</name><error/></contents></file></syslog></system></configuration></rpc-reply>');
    expect(extractIssues(config)).toEqual({ errors: [], warnings: [], hasData: true });
  });
});

describe('rpcName', () => {
  it('names the RPC by the local name of its first element', () => {
    expect(rpcName('<get-chassis-inventory/>')).toBe('get-chassis-inventory');
    expect(rpcName('  <junos:get-software-information><brief/></junos:get-software-information>')).toBe('get-software-information');
    expect(rpcName('<get-config><source><running/></source></get-config>')).toBe('get-config');
    expect(rpcName('not xml')).toBe('rpc');
  });
});
