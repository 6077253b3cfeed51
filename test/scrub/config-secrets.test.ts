/**
 * Secret scrubbing of Junos configurations (src/scrub): HMAC markers, the text/set scrubber and
 * the XML canonical scrubber, on hand-written lines covering every rule and its exceptions.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isEncodedSecret } from '../../src/scrub/config-secrets.js';
import { scrubConfigText } from '../../src/scrub/config-text.js';
import { scrubConfigXml } from '../../src/scrub/config-xml.js';
import { scrubPrivateKeyBlocks } from '../../src/scrub/private-key-blocks.js';
import { countDeviceMasks, secretMarker } from '../../src/scrub/secret-marker.js';
import { parseXml } from '../../src/xml/parse.js';

const KEY = Buffer.from('scrub-test-key');
const mark = (secret: string): string => secretMarker(secret, KEY);

describe('secretMarker', () => {
  it('carries the first 12 hex digits of HMAC-SHA256 under the key, never a plain hash', () => {
    const hmac = createHmac('sha256', KEY).update('public').digest('hex').slice(0, 12);
    expect(mark('public')).toBe(`/* SECRET-DATA hmac:${hmac} */`);
    expect(mark('public')).not.toContain(createHash('sha256').update('public').digest('hex').slice(0, 12));
  });

  it('is stable for a secret and changes with the secret and with the key', () => {
    expect(mark('s3cret')).toBe(mark('s3cret'));
    expect(mark('s3cret')).not.toBe(mark('s3cret2'));
    expect(secretMarker('s3cret', Buffer.from('other-key'))).not.toBe(mark('s3cret'));
  });

  it('counts what the device masked itself, not our markers', () => {
    expect(countDeviceMasks(`a /* SECRET-DATA */; b /* SECRET-DATA */; ${mark('x')}`)).toBe(2);
  });
});

describe('isEncodedSecret', () => {
  it.each([
    ['$9$Ht5T3CuOBEcylKvWx', true],
    ['$1$Zf0nA3qL$u8Vt1Qm', true],
    ['$6$k2Pq9WzX$Jm4c8Rr1', true],
    ['$sha1$19800$abc$def', true],
    ['$8$aes256-gcm$hmac-sha2-256$100$xyz', true],
    ['${node}', false],
    ['$9$', false],
    ['$9', false],
    ['9$abc$', false],
    ['cost $10', false],
  ])('%s → %s', (value, expected) => {
    expect(isEncodedSecret(value)).toBe(expected);
  });
});

describe('scrubConfigText: statements', () => {
  it('replaces encoded values and the value after secret statements, keeping the rest of the line', () => {
    const input = [
      'system {',
      '    radius-server {',
      '        10.0.0.1 {',
      '            secret "$9$abcDEF123"; ## SECRET-DATA',
      '        }',
      '    }',
      '}',
    ].join('\n');
    const out = scrubConfigText(input, KEY);
    expect(out.text.split('\n')[3]).toBe(`            secret ${mark('$9$abcDEF123')}; ## SECRET-DATA`);
    expect(out.scrubbed).toBe(1);
  });

  it('scrubs plain-text values after secret statements too', () => {
    const out = scrubConfigText('set system tacplus-server 192.0.2.1 secret plaintextkey\nset protocols ospf area 0 interface ge-0/0/0 authentication simple-password hunter2', KEY);
    expect(out.text).toBe(
      `set system tacplus-server 192.0.2.1 secret ${mark('plaintextkey')}\nset protocols ospf area 0 interface ge-0/0/0 authentication simple-password ${mark('hunter2')}`,
    );
    expect(out.scrubbed).toBe(2);
  });

  it('keeps an NTP key id and a key reference but scrubs the key value', () => {
    const out = scrubConfigText('set system ntp authentication-key 1 type md5 value "$9$xyzXYZ"\nset system ntp server 192.0.2.1 key 1', KEY);
    expect(out.text).toBe(`set system ntp authentication-key 1 type md5 value ${mark('$9$xyzXYZ')}\nset system ntp server 192.0.2.1 key 1`);
    expect(out.scrubbed).toBe(1);
  });

  it('scrubs pre-shared keys in set and curly forms, ascii-text and hexadecimal', () => {
    const set = scrubConfigText('set security ike policy p pre-shared-key hexadecimal 0a1b2c3d4e', KEY);
    expect(set.text).toBe(`set security ike policy p pre-shared-key hexadecimal ${mark('0a1b2c3d4e')}`);
    const curly = scrubConfigText('policy p {\n    pre-shared-key {\n        ascii-text plainpsk;\n    }\n}', KEY);
    expect(curly.text).toContain(`ascii-text ${mark('plainpsk')};`);
    expect(curly.scrubbed).toBe(1);
  });

  it('keeps values Junos already masked and counts them', () => {
    const input = '    encrypted-password /* SECRET-DATA */; ## SECRET-DATA\n    secret /* SECRET-DATA */;';
    const out = scrubConfigText(input, KEY);
    expect(out.text).toBe(input);
    expect(out.scrubbed).toBe(0);
    expect(out.maskedByDevice).toBe(2);
  });

  it('does not touch words that merely look like keywords in lists, descriptions or variables', () => {
    const input = 'authentication-order [ radius password ];\napply-groups "${node}";\ndescription "secret lab";\nset system login password minimum-length 8';
    expect(scrubConfigText(input, KEY)).toEqual({ text: input, scrubbed: 0, maskedByDevice: 0 });
  });
});

describe('scrubConfigText: SNMP communities', () => {
  it('scrubs community and trap-group names under snmp, in curly form (also inactive and in groups)', () => {
    const input = [
      'groups {',
      '    common {',
      '        inactive: snmp {',
      '            community "noc ro" {',
      '                authorization read-only;',
      '            }',
      '            trap-group traps1 {',
      '                targets 192.0.2.9;',
      '            }',
      '        }',
      '    }',
      '}',
    ].join('\n');
    const out = scrubConfigText(input, KEY);
    expect(out.text).toContain(`community ${mark('noc ro')} {`);
    expect(out.text).toContain(`trap-group ${mark('traps1')} {`);
    expect(out.text).not.toContain('noc ro');
    expect(out.scrubbed).toBe(2);
  });

  it('finds the enclosing snmp block past closed nested blocks, and not for a community elsewhere', () => {
    const input = [
      'snmp {',
      '    v3 {',
      '        usm {',
      '            local-engine;',
      '        }',
      '    }',
      '    community after-v3;',
      '}',
      'routing-options {',
      '    community not-snmp;',
      '}',
    ].join('\n');
    const out = scrubConfigText(input, KEY);
    expect(out.text).toContain(`    community ${mark('after-v3')};`);
    expect(out.text).toContain('    community not-snmp;');
    expect(out.scrubbed).toBe(1);
  });

  it('scrubs set snmp community NAME on every line with the same marker', () => {
    const out = scrubConfigText('set snmp community public authorization read-only\nset snmp community public clients 192.0.2.0/24', KEY);
    expect(out.text).toBe(`set snmp community ${mark('public')} authorization read-only\nset snmp community ${mark('public')} clients 192.0.2.0/24`);
  });

  it('keeps BGP communities (policy-options) and community actions in policies', () => {
    const input = 'policy-options {\n    community NO-EXPORT members 65000:666;\n}\nset policy-options community BLACKHOLE members 65535:666\nset policy-options policy-statement p then community add NO-EXPORT';
    expect(scrubConfigText(input, KEY).scrubbed).toBe(0);
  });
});

describe('private keys', () => {
  const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzQ4k9rB2fTq7pXmJ\nvY1uLh3sN0cWd8eKa5bRz6gHjUoPiYtE\n-----END RSA PRIVATE KEY-----';

  it('replaces a whole multi-line block by one marker and keeps certificates', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const out = scrubPrivateKeyBlocks(`local k1 "${pem}\n";\nca "${cert}";`, KEY);
    expect(out.text).toBe(`local k1 "${mark(pem)}\n";\nca "${cert}";`);
    expect(out.scrubbed).toBe(1);
  });

  it('scrubs the block inside curly text without losing track of the braces', () => {
    const input = `security {\n    certificates {\n        local k1 "${pem}\n";\n    }\n}\nsnmp {\n    community c1;\n}`;
    const out = scrubConfigText(input, KEY);
    expect(out.text).not.toContain('MIIEowIBAAKCAQEA');
    expect(out.text).toContain(`community ${mark('c1')};`);
    expect(out.scrubbed).toBe(2);
  });

  it('scrubs an unterminated block up to its closing quote', () => {
    const out = scrubPrivateKeyBlocks('local k1 "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE"; next', KEY);
    expect(out.text).toBe(`local k1 "${mark('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE')}"; next`);
  });

  it('keeps SSH public keys', () => {
    const input = 'set system login user a authentication ssh-rsa "ssh-rsa AAAAB3NzaC1yc2E a@b"';
    expect(scrubConfigText(input, KEY).text).toBe(input);
  });
});

describe('scrubConfigXml', () => {
  const xml = (commit: string, secret: string): string => `
    <configuration junos:commit-seconds="${commit}" junos:commit-user="u" xmlns:junos="http://xml.juniper.net/junos/21.4R0/junos">
      <system>
        <root-authentication><encrypted-password>${secret}</encrypted-password></root-authentication>
        <tacplus-server><name>192.0.2.1</name><secret>plain</secret></tacplus-server>
        <ntp><authentication-key><name>1</name><type>md5</type><value>$9$abcdEF</value></authentication-key></ntp>
      </system>
      <snmp><community><name>public</name><authorization>read-only</authorization></community></snmp>
      <policy-options><community><name>NO-EXPORT</name><members>65000:666</members></community></policy-options>
      <security><ike><policy><name>p</name><pre-shared-key><ascii-text>psk1</ascii-text></pre-shared-key></policy></ike></security>
    </configuration>`;

  it('writes canonical XML with every secret replaced, without the commit attributes', () => {
    const root = parseXml(xml('1700000000', '$6$salt$hash'));
    const out = scrubConfigXml(root, KEY);
    expect(out.text).toContain(`<encrypted-password>${mark('$6$salt$hash')}</encrypted-password>`);
    expect(out.text).toContain('<name>1</name><type>md5</type>');
    expect(out.text).toContain('<name>NO-EXPORT</name>');
    expect(out.text).not.toMatch(/plain|public|psk1|\$9\$abcdEF|commit/);
    expect(out.text.startsWith('<configuration>')).toBe(true);
    expect(out.scrubbed).toBe(5);
  });

  it('gives the same text across commits and a different one when a secret changes', () => {
    const a = scrubConfigXml(parseXml(xml('1700000000', '$6$salt$hash')), KEY).text;
    const b = scrubConfigXml(parseXml(xml('1800000000', '$6$salt$hash')), KEY).text;
    const c = scrubConfigXml(parseXml(xml('1800000000', '$6$salt$other')), KEY).text;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('counts device masks and leaves the parsed tree untouched', () => {
    const root = parseXml('<configuration><system><root-authentication><encrypted-password>/* SECRET-DATA */</encrypted-password></root-authentication></system></configuration>');
    const before = JSON.stringify(root);
    const out = scrubConfigXml(root, KEY);
    expect(out).toMatchObject({ scrubbed: 0, maskedByDevice: 1 });
    expect(JSON.stringify(root)).toBe(before);
  });
});
