/**
 * known_hosts handling against files and keys made by the real OpenSSH `ssh-keygen`: plain,
 * `[host]:port`, comma lists and hashed (`ssh-keygen -H`) entries; the three host key policies;
 * fingerprints identical to `ssh-keygen -lf`; entries we append readable by `ssh-keygen -F`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHostKey, knownKeyTypes, type HostKeyPolicy } from '../../src/netconf/host-key-policy.js';
import { appendKnownHost, findHostEntries, fingerprintSha256, keyTypeOf, lookupKnownHosts, parseKnownHosts, readKnownHostsFile } from '../../src/netconf/known-hosts.js';
import { algorithmsFor } from '../../src/netconf/ssh-connect.js';
import { silentLogger } from '../../src/log/logger.js';

const hasKeygen = existsSync('/usr/bin/ssh-keygen');
if (!hasKeygen && process.env.CI !== 'true') console.warn('SKIPPED known-hosts tests: /usr/bin/ssh-keygen is missing (install openssh-client)');

interface Key {
  type: string;
  blob: Buffer;
  line: string;
  pubFile: string;
}

describe.skipIf(!hasKeygen && process.env.CI !== 'true')('known_hosts', () => {
  let dir: string;
  const keys: Record<string, Key> = {};

  function makeKey(name: string, type: string): Key {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
    const line = readFileSync(`${file}.pub`, 'utf8').trim();
    const [keyType, b64] = line.split(' ') as [string, string];
    return { type: keyType, blob: Buffer.from(b64, 'base64'), line: `${keyType} ${b64}`, pubFile: `${file}.pub` };
  }

  function knownHostsText(): string {
    return [
      '# comment line, then a blank line',
      '',
      `127.0.0.1 ${keys.ed!.line}`,
      `[127.0.0.1]:2222 ${keys.ecdsa!.line}`,
      `router1,192.0.2.1,[192.0.2.1]:830 ${keys.rsa!.line}`,
      `*.lab.example,!bad.lab.example ${keys.ed2!.line}`,
      `@revoked 10.9.9.9 ${keys.ed2!.line}`,
      `@cert-authority 10.9.9.9 ${keys.ed!.line}`,
    ].join('\n');
  }

  beforeAll(() => {
    if (!hasKeygen) throw new Error('ssh-keygen is required in CI');
    dir = mkdtempSync(join(tmpdir(), 'ibsight-kh-'));
    keys.ed = makeKey('ed', 'ed25519');
    keys.ed2 = makeKey('ed2', 'ed25519');
    keys.ecdsa = makeKey('ecdsa', 'ecdsa');
    keys.rsa = makeKey('rsa', 'rsa');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes fingerprints exactly as ssh-keygen -lf prints them', () => {
    for (const key of Object.values(keys)) {
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.pubFile], { encoding: 'utf8' }).split(' ')[1];
      expect(fingerprintSha256(key.blob)).toBe(printed);
      expect(keyTypeOf(key.blob)).toBe(key.type);
    }
  });

  it('finds plain, [host]:port, comma-list and wildcard entries, and skips markers and comments', () => {
    const entries = parseKnownHosts(knownHostsText());
    expect(entries).toHaveLength(4);
    const lookup = (host: string, port: number): Buffer[] => findHostEntries(entries, host, port).map((e) => e.key);
    expect(lookup('127.0.0.1', 22)).toEqual([keys.ed!.blob]);
    expect(lookup('127.0.0.1', 2222)).toEqual([keys.ecdsa!.blob]);
    expect(lookup('127.0.0.1', 830)).toEqual([]);
    expect(lookup('router1', 22)).toEqual([keys.rsa!.blob]);
    expect(lookup('192.0.2.1', 830)).toEqual([keys.rsa!.blob]);
    expect(lookup('ROUTER1', 22)).toEqual([keys.rsa!.blob]);
    expect(lookup('mx1.lab.example', 22)).toEqual([keys.ed2!.blob]);
    expect(lookup('bad.lab.example', 22)).toEqual([]);
    expect(lookup('10.9.9.9', 22)).toEqual([]);
  });

  it('finds the same entries once ssh-keygen -H has hashed the file', () => {
    const file = join(dir, 'hashed_known_hosts');
    writeFileSync(file, knownHostsText().split('\n').filter((l) => !l.includes('*')).join('\n') + '\n');
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'pipe' });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('|1|');
    expect(text).not.toContain('router1');
    const entries = readKnownHostsFile(file);
    expect(entries.every((e) => e.hashed !== null)).toBe(true);
    expect(findHostEntries(entries, '127.0.0.1', 22).map((e) => e.key)).toEqual([keys.ed!.blob]);
    expect(findHostEntries(entries, '127.0.0.1', 2222).map((e) => e.key)).toEqual([keys.ecdsa!.blob]);
    expect(findHostEntries(entries, 'router1', 22).map((e) => e.key)).toEqual([keys.rsa!.blob]);
    expect(findHostEntries(entries, '192.0.2.1', 830).map((e) => e.key)).toEqual([keys.rsa!.blob]);
    expect(findHostEntries(entries, '127.0.0.2', 22)).toEqual([]);
  });

  it('indexed, cached lookups find what a full scan finds, and see the file change', () => {
    const file = join(dir, 'indexed_known_hosts');
    writeFileSync(file, knownHostsText());
    const entries = readKnownHostsFile(file);
    const probes: [string, number][] = [
      ['127.0.0.1', 22], ['127.0.0.1', 2222], ['ROUTER1', 22], ['192.0.2.1', 830], ['192.0.2.1', 22],
      ['a.lab.example', 22], ['bad.lab.example', 22], ['10.9.9.9', 22], ['unknown', 830],
    ];
    for (const [host, port] of probes) {
      expect(lookupKnownHosts(file, host, port).map((e) => e.line), `${host}:${port}`).toEqual(findHostEntries(entries, host, port).map((e) => e.line));
    }
    // Rewritten with another key of the same length: the cache must not serve the old entry.
    writeFileSync(file, `[127.0.0.1]:2222 ${keys.ed2!.line}\n`);
    writeFileSync(file, `[127.0.0.1]:2222 ${keys.ed!.line}\n`);
    expect(lookupKnownHosts(file, '127.0.0.1', 2222).map((e) => e.key)).toEqual([keys.ed!.blob]);
    appendKnownHost(file, '127.0.0.1', 2223, keys.ecdsa!.blob);
    expect(lookupKnownHosts(file, '127.0.0.1', 2223).map((e) => e.keyType)).toEqual([keys.ecdsa!.type]);
  });

  describe('policies', () => {
    const check = (file: string, policy: HostKeyPolicy, port = 830, logger = silentLogger()) => ({
      knownHostsFile: file,
      policy,
      host: '127.0.0.1',
      port,
      device: 'mx1',
      logger,
    });
    const codeOf = (fn: () => void): { code?: string; context?: Record<string, unknown> } => {
      try {
        fn();
      } catch (err) {
        return err as { code?: string; context?: Record<string, unknown> };
      }
      return {};
    };

    it('strict: a known key passes, an unknown host and a different key are refused with the fingerprint', () => {
      const file = join(dir, 'strict_known_hosts');
      writeFileSync(file, knownHostsText());
      expect(() => verifyHostKey(check(file, 'strict', 2222), keys.ecdsa!.blob)).not.toThrow();
      const unknown = codeOf(() => verifyHostKey(check(file, 'strict', 830), keys.ed!.blob));
      expect(unknown.code).toBe('HOST_KEY_UNKNOWN');
      expect(unknown.context).toMatchObject({ device: 'mx1', fingerprint: fingerprintSha256(keys.ed!.blob), host: '[127.0.0.1]:830' });
      const changed = codeOf(() => verifyHostKey(check(file, 'strict', 2222), keys.ed!.blob));
      expect(changed.code).toBe('HOST_KEY_CHANGED');
      expect(changed.context).toMatchObject({ fingerprint: fingerprintSha256(keys.ed!.blob), knownLines: [4] });
      expect(codeOf(() => verifyHostKey(check(join(dir, 'missing'), 'strict'), keys.ed!.blob)).code).toBe('HOST_KEY_UNKNOWN');
    });

    it('accept-new: records a new host in a 0600 file that ssh-keygen -F reads, then refuses a change', () => {
      const file = join(dir, 'sub', 'accept_known_hosts');
      verifyHostKey(check(file, 'accept-new'), keys.ed!.blob);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:830 ${keys.ed!.line}\n`);
      const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:830', '-f', file], { encoding: 'utf8' });
      expect(found).toContain(keys.ed!.line);
      verifyHostKey(check(file, 'accept-new'), keys.ed!.blob); // same key again: nothing appended
      expect(readKnownHostsFile(file)).toHaveLength(1);
      expect(codeOf(() => verifyHostKey(check(file, 'accept-new'), keys.ed2!.blob)).code).toBe('HOST_KEY_CHANGED');
      verifyHostKey(check(file, 'accept-new', 22), keys.ed2!.blob); // port 22 is written as a plain host
      expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(`127.0.0.1 ${keys.ed2!.line}`);
      expect(knownKeyTypes(file, '127.0.0.1', 830)).toEqual(['ssh-ed25519']);
    });

    it('accept-new appends after a last line without a newline', () => {
      const file = join(dir, 'no_newline_known_hosts');
      writeFileSync(file, `192.0.2.9 ${keys.rsa!.line}`);
      appendKnownHost(file, '127.0.0.1', 830, keys.ed!.blob);
      expect(readKnownHostsFile(file)).toHaveLength(2);
    });

    it('off: accepts any key and logs a warning with the fingerprint', () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const file = join(dir, 'strict_known_hosts');
      expect(() => verifyHostKey(check(file, 'off', 2222, pino({ level: 'warn' }, sink)), keys.ed!.blob)).not.toThrow();
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, fingerprint: fingerprintSha256(keys.ed!.blob) });
    });
  });

  it('prefers host key algorithms already recorded for the host, and offers ssh-rsa only as legacy', () => {
    expect(algorithmsFor(false).serverHostKey[0]).toBe('ssh-ed25519');
    expect(algorithmsFor(false).serverHostKey).not.toContain('ssh-rsa');
    expect(algorithmsFor(false).kex).not.toContain('diffie-hellman-group14-sha1');
    expect(algorithmsFor(true).kex).toEqual(expect.arrayContaining(['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1']));
    expect(algorithmsFor(false, ['ssh-rsa']).serverHostKey.slice(0, 2)).toEqual(['rsa-sha2-512', 'rsa-sha2-256']);
    expect(algorithmsFor(true, ['ssh-rsa']).serverHostKey.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(algorithmsFor(false, ['ecdsa-sha2-nistp256']).serverHostKey[0]).toBe('ecdsa-sha2-nistp256');
  });
});
