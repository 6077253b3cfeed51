/**
 * Manifest part: every real reply to get-configuration under junos-public, in text, set and XML
 * format (ansible, NAPALM, PyEZ), with key values asserted, and PyEZ's "permission denied" refusal.
 * The JSON-format replies (ansible `_json.txt`, PyEZ `get-configuration.json`) are listed in
 * out-of-scope.ts (the collector asks for text and set; given JSON it says so with a PARSE_ERROR).
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import type { ManifestEntry } from './manifest-entry.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const MARKER = /\/\* SECRET-DATA hmac:[0-9a-f]{12} \*\//g;

/** ansible vsrx01, `format="set"`: three set lines, nothing secret. */
function vsrx01Set(r: ConfigurationRecord): void {
  expect(r).toMatchObject({ format: 'set', text: null, commitTime: null, commitUser: null, secretsScrubbed: 0, secretsMaskedByDevice: 0 });
  expect(r.setLines).toEqual(['set version 15.1X49-D15.4', 'set system host-name vsrx01', 'set system domain-name ansible.com']);
  expect(r.hash).toBe(sha256(r.setLines!.join('\n')));
}

/** PyEZ vSRX (firefly) 12.1X46 XML configuration committed by rick, with two $1$ password hashes. */
function fireflyXml(r: ConfigurationRecord): void {
  expect(r).toMatchObject({ format: 'xml', text: null, setLines: null, commitTime: '2014-03-24T16:34:32.000Z', commitUser: 'rick', secretsScrubbed: 2 });
  expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
}

export const entries: ManifestEntry<ConfigurationRecord>[] = [
  {
    file: 'ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply.txt',
    collector: 'configuration',
    outcome: 'records',
    note: 'configuration-set (vsrx01), tab-indented lines',
    check: vsrx01Set,
  },
  {
    file: 'ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_set.txt',
    collector: 'configuration',
    outcome: 'records',
    note: 'configuration-set (vsrx01), space-indented lines',
    check: vsrx01Set,
  },
  {
    file: 'ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_text.txt',
    collector: 'configuration',
    outcome: 'records',
    note: 'configuration-text (vsrx01, 20.3R2.9), no commit header',
    check: (r) => {
      expect(r).toMatchObject({ format: 'text', setLines: null, commitTime: null, commitUser: null, secretsScrubbed: 0 });
      expect(r.text).toBe('\tversion 20.3R2.9;\n\tsystem {\n    \t\thost-name vsrx01;\n    \t\tdomain-name ansible.com;\n\t}');
      expect(r.hash).toBe(sha256(r.text!));
    },
  },
  {
    file: 'ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_xml.txt',
    collector: 'configuration',
    outcome: 'records',
    note: 'XML configuration without junos:commit-* attributes',
    check: (r) => {
      expect(r).toMatchObject({ format: 'xml', text: null, setLines: null, commitTime: null, commitUser: null, secretsScrubbed: 0 });
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    },
  },
  {
    file: 'napalm/test_get_config/normal/get_config__database_committed__format_text.xml',
    collector: 'configuration',
    outcome: 'records',
    note: 'bare <configuration-text> root: two $1$ hashes, a $9$ RADIUS secret and SNMP community "secure" scrubbed',
    check: (r) => {
      expect(r).toMatchObject({ format: 'text', setLines: null, commitTime: null, secretsScrubbed: 4, secretsMaskedByDevice: 0 });
      expect(r.text!.split('\n')[0]).toBe('version 18.1;');
      expect(r.text!.match(MARKER)).toHaveLength(4);
      expect(r.text).toContain('    community /* SECRET-DATA hmac:');
      expect(r.text).not.toMatch(/\$1\$|\$9\$|secure/);
      expect(r.text).toContain('contact "contact@napalm-automation.net";');
    },
  },
  {
    file: 'pyez/facts/domain_config_get-configuration.xml',
    collector: 'configuration',
    outcome: 'records',
    note: 'filtered XML configuration (system/domain-name) with junos:commit-seconds, PST local time',
    check: (r) => {
      expect(r).toMatchObject({ format: 'xml', text: null, setLines: null, commitTime: '2016-12-14T18:39:34.000Z', commitUser: 'user', secretsScrubbed: 0 });
    },
  },
  {
    file: 'pyez/facts/domain_file_get-configuration.xml',
    collector: 'configuration',
    outcome: 'error',
    code: 'RPC_ERROR',
    note: 'rpc-error "permission denied" (bad-element system): a real refusal, not not-applicable',
  },
  {
    file: 'pyez/ofacts/chassis_get-configuration.xml',
    collector: 'configuration',
    outcome: 'records',
    note: 'full XML configuration (vSRX 12.1X46) with domain-name, <cli> banner beside it',
    check: fireflyXml,
  },
  {
    file: 'pyez/rpc-reply/get-configuration.xml',
    collector: 'configuration',
    outcome: 'records',
    note: 'full XML configuration (vSRX 12.1X46)',
    check: fireflyXml,
  },
];
