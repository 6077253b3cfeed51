/**
 * configuration collector: real replies from junos-public, the built-in simulator profiles (text +
 * set + commit XML, as a collection run gets them), commit time/user, the change hash, saved files
 * recognised by content, refusals, and the golden fixture pairs under test/fixtures.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CollectorReply } from '../../collectors/collector.js';
import { configurationCollector, type ConfigurationRecord } from '../../collectors/configuration.js';
import { parseReplies } from '../../collectors/outcome.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';

const KEY = Buffer.from('ibsight-golden-test-key');
const ROOT = join(import.meta.dirname, '..', '..');
const PROFILES = join(ROOT, 'src', 'sim', 'profiles');
const FIXTURES = join(ROOT, 'test', 'fixtures');

const reply = (text: string, key: string | null = null): CollectorReply => ({ key, root: parseXml(text) });
const parse = (replies: CollectorReply[], key = KEY): ConfigurationRecord => configurationCollector.parse(replies, { scrubKey: key });
const saved = (file: string): ConfigurationRecord => parse([reply(readFileSync(junosPublic(file), 'utf8'))]);
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const withoutHeader = (text: string): string => text.split('\n').filter((l) => !l.startsWith('## Last commit:')).join('\n');

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (isIbsightError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('configuration: real replies (junos-public)', () => {
  it('napalm committed text: four secrets scrubbed (root and user hashes, RADIUS secret, SNMP community)', () => {
    const r = saved('napalm/test_get_config/normal/get_config__database_committed__format_text.xml');
    expect(r).toMatchObject({ format: 'text', setLines: null, commitTime: null, commitUser: null, secretsScrubbed: 4 });
    expect(r.text).toMatch(/^version 18\.1;\nsystem \{\n {4}host-name some-switch;/);
    expect(r.text).toContain(`community /* SECRET-DATA hmac:`);
    expect(r.text).not.toMatch(/\$1\$|\$9\$|community secure/);
    expect(r.hash).toBe(sha256(r.text!));
  });

  it('ansible set and text replies (vsrx01): lines trimmed, indentation kept', () => {
    const set = saved('ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_set.txt');
    expect(set).toMatchObject({ format: 'set', text: null, secretsScrubbed: 0 });
    expect(set.setLines).toEqual(['set version 15.1X49-D15.4', 'set system host-name vsrx01', 'set system domain-name ansible.com']);
    expect(set.hash).toBe(sha256(set.setLines!.join('\n')));
    const text = saved('ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_text.txt');
    expect(text.format).toBe('text');
    expect(text.text!.split('\n')[0]).toBe('\tversion 20.3R2.9;');
    expect(text.text).toContain('host-name vsrx01;');
  });

  it('XML configurations: commit time from junos:commit-seconds, user, secrets counted, no text rendered', () => {
    const domain = saved('pyez/facts/domain_config_get-configuration.xml');
    expect(domain).toMatchObject({ format: 'xml', text: null, setLines: null, commitTime: '2016-12-14T18:39:34.000Z', commitUser: 'user' });
    const full = saved('pyez/rpc-reply/get-configuration.xml');
    expect(full).toMatchObject({ format: 'xml', commitTime: '2014-03-24T16:34:32.000Z', commitUser: 'rick', secretsScrubbed: 2 });
    expect(full.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(saved('pyez/ofacts/chassis_get-configuration.xml').hash).not.toBe(full.hash); // it also sets domain-name
  });

  it('permission denied is an RPC_ERROR; a JSON configuration is a PARSE_ERROR naming the format', () => {
    const denied = refusal(() =>
      parseReplies(configurationCollector, [reply(readFileSync(junosPublic('pyez/facts/domain_file_get-configuration.xml'), 'utf8'))], { scrubKey: KEY }),
    );
    expect(denied).toEqual({ code: 'RPC_ERROR', message: 'configuration: the device refused: permission denied' });
    const json = refusal(() => saved('pyez/rpc-reply/get-configuration.json'));
    expect(json.code).toBe('PARSE_ERROR');
    expect(json.message).toContain('JSON');
  });
});

describe('configuration: the built-in simulator profiles', () => {
  for (const name of readdirSync(PROFILES).sort()) {
    it(`${name}: text + set + commit replies give the profile's release, hostname and commit`, () => {
      const dir = join(PROFILES, name);
      const meta = parseYaml(readFileSync(join(dir, 'profile.yaml'), 'utf8')) as { hostname: string; release: string };
      const read = (f: string, key: string): CollectorReply => reply(readFileSync(join(dir, f), 'utf8'), key);
      const r = parse([read('get-configuration@format=text.xml', 'text'), read('get-configuration@format=set.xml', 'set'), read('get-configuration.xml', 'commit')]);
      expect(r.format).toBe('text');
      expect(r.text).toContain(`\nversion ${meta.release};\n`);
      expect(r.text).toMatch(new RegExp(`host-name ${meta.hostname}(-node0|-member0)?;`));
      expect(r.setLines).toContain(`set version ${meta.release}`);
      const header = /^## Last commit: (\S+) (\S+) UTC by (\S+)$/.exec(r.text!.split('\n')[0]!)!;
      expect(r.commitTime).toBe(`${header[1]}T${header[2]}.000Z`);
      expect(r.commitUser).toBe(header[3]);
      expect(r.hash).toBe(sha256(withoutHeader(r.text!)));
      expect(r.secretsScrubbed).toBeGreaterThanOrEqual(5);
      expect(r.text).not.toMatch(/"\$[0-9]\$/);
      expect(r.setLines!.join('\n')).not.toMatch(/"\$[0-9]\$/);
    });
  }
});

describe('configuration: commit information and the change hash', () => {
  const text = (header: string, secret: string): string =>
    `<rpc-reply><configuration-text>\n${header}\nversion 21.4R3;\nsystem {\n    tacplus-server 192.0.2.1 {\n        secret "${secret}";\n    }\n}\n    </configuration-text></rpc-reply>`;

  it('a bare re-commit does not change the hash; a changed secret does, and so does another scrub key', () => {
    const a = parse([reply(text('## Last commit: 2025-01-01 10:00:00 UTC by a', '$9$one'))]);
    const b = parse([reply(text('## Last commit: 2025-02-02 11:00:00 UTC by b', '$9$one'))]);
    const c = parse([reply(text('## Last commit: 2025-02-02 11:00:00 UTC by b', '$9$two'))]);
    expect(b.hash).toBe(a.hash);
    expect(b.commitTime).toBe('2025-02-02T11:00:00.000Z');
    expect(c.hash).not.toBe(a.hash);
    expect(parse([reply(text('## Last commit: 2025-01-01 10:00:00 UTC by a', '$9$one'))], Buffer.from('another-key')).hash).not.toBe(a.hash);
  });

  it('a non-UTC header keeps the device text; the commit XML wins over the header', () => {
    const local = parse([reply(text('## Last commit: 2016-12-14 10:39:34 PST by jdoe', '$9$x'))]);
    expect(local).toMatchObject({ commitTime: '2016-12-14 10:39:34 PST', commitUser: 'jdoe' });
    const commit = reply('<rpc-reply xmlns:junos="http://xml.juniper.net/junos/16.1R1/junos"><configuration junos:commit-seconds="1481740774" junos:commit-localtime="2016-12-14 10:39:34 PST" junos:commit-user="jdoe"><version>16.1R1</version></configuration></rpc-reply>', 'commit');
    const both = parse([reply(text('## Last commit: 2016-12-14 10:39:34 PST by jdoe', '$9$x'), 'text'), commit]);
    expect(both).toMatchObject({ format: 'text', commitTime: '2016-12-14T18:39:34.000Z', commitUser: 'jdoe', setLines: null });
  });

  it('reads show configuration command output (text and display set)', () => {
    const asText = parse([reply('<rpc-reply><configuration-information><configuration-output>\nversion 12.3R12.4;\nsnmp {\n    community public;\n}\n</configuration-output></configuration-information></rpc-reply>')]);
    expect(asText).toMatchObject({ format: 'text', secretsScrubbed: 1 });
    expect(asText.text).toMatch(/^version 12\.3R12\.4;\nsnmp \{\n {4}community \/\* SECRET-DATA hmac:[0-9a-f]{12} \*\/;\n\}$/);
    const asSet = parse([reply('<rpc-reply><configuration-information><configuration-output>\nset version 12.3R12.4\nset snmp community public\n</configuration-output></configuration-information></rpc-reply>')]);
    expect(asSet.format).toBe('set');
    expect(asSet.setLines![1]).toMatch(/^set snmp community \/\* SECRET-DATA hmac:[0-9a-f]{12} \*\/$/);
  });

  it('a backup RE note is RE_NOT_MASTER; other text output is a PARSE_ERROR that does not echo it', () => {
    const backup = refusal(() => parse([reply('<rpc-reply><output>\nerror: This command can only be used on the master routing engine.\n</output></rpc-reply>')]));
    expect(backup.code).toBe('RE_NOT_MASTER');
    const cli = refusal(() => parse([reply('<rpc-reply><output>system { tacplus-server 1.2.3.4 { secret "$9$leakme"; } }</output></rpc-reply>')]));
    expect(cli.code).toBe('PARSE_ERROR');
    expect(cli.message).not.toContain('leakme');
  });
});

describe('configuration: golden fixtures (test/fixtures/*/get-configuration.xml)', () => {
  const dirs = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'get-configuration.json')));
  it('covers text, set and XML replies', () => expect(dirs.length).toBeGreaterThanOrEqual(6));
  for (const dir of dirs) {
    it(dir, () => {
      const xml = readFileSync(join(FIXTURES, dir, 'get-configuration.xml'), 'utf8');
      const expected = JSON.parse(readFileSync(join(FIXTURES, dir, 'get-configuration.json'), 'utf8'));
      const outcome = parseReplies(configurationCollector, [reply(xml)], { scrubKey: KEY });
      const { errors, warnings, ...rest } = outcome as typeof outcome & { errors?: unknown[]; warnings?: unknown[] };
      expect({ collector: 'configuration', ...rest, ...(errors?.length ? { errors } : {}), ...(warnings?.length ? { warnings } : {}) }).toEqual(expected);
      const r = expected.records as ConfigurationRecord;
      const hashed = r.format === 'text' ? withoutHeader(r.text!) : r.format === 'set' ? r.setLines!.join('\n') : null;
      if (hashed !== null) expect(r.hash).toBe(sha256(hashed));
    });
  }
});
