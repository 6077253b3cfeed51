/**
 * Leak test for the configuration collector: every configuration in junos-public (text, set, XML,
 * JSON), in the built-in simulator profiles and in our fixtures is parsed as `ibsight parse` and a
 * collection run do; every secret-looking value found in the raw file by independent patterns must
 * appear neither in the JSON output (records or error) nor in anything logged about it (a pino
 * logger writing to an in-memory stream). The store part of this test comes with issue 4.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CollectorReply } from '../../collectors/collector.js';
import { configurationCollector } from '../../collectors/configuration.js';
import { parseReplies } from '../../collectors/outcome.js';
import { toIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { parseXml } from '../../src/xml/parse.js';
import { JUNOS_PUBLIC, junosPublic, listJunosPublic } from '../support/junos-public.js';

const KEY = Buffer.from('leak-test-key');
const ROOT = join(import.meta.dirname, '..', '..');
const PROFILES = join(ROOT, 'src', 'sim', 'profiles');
const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Secret-looking values of a raw configuration file, found without the scrubber's code. */
function secretsIn(raw: string): Set<string> {
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    const v = (value ?? '').trim();
    if (v.length >= 4 && v !== '/* SECRET-DATA */') found.add(v);
  };
  for (const m of raw.matchAll(/\$(?:1|2[aby]|5|6|8|9|sha1)\$[^\s"'<;]+/g)) add(m[0]);
  const keyword = 'secret|shared-secret|authentication-key|hello-authentication-key|simple-password|encrypted-password|pre-shared-key\\s+(?:ascii-text|hexadecimal)';
  for (const m of raw.matchAll(new RegExp(`(?:^|\\s)(?:${keyword})\\s+(?:"([^"]*)"|([^\\s;{}"]+))`, 'gm'))) add(m[1] ?? m[2]);
  for (const m of raw.matchAll(/<(secret|authentication-key|simple-password|encrypted-password|ascii-text|hexadecimal)>([^<]+)<\//g)) add(m[2]);
  for (const m of raw.matchAll(/"(?:secret|encrypted-password|authentication-key)"\s*:\s*(?:\[\s*\{\s*"data"\s*:\s*)?"([^"]+)"/g)) add(m[1]);
  // SNMP community and trap-group names: set lines, curly text inside snmp { }, XML inside <snmp>
  for (const m of raw.matchAll(/\bsnmp\s+(?:community|trap-group)\s+(?:"([^"]+)"|(\S+))/g)) add(m[1] ?? m[2]);
  for (const block of raw.matchAll(/^(\s*)(?:inactive: )?snmp \{\n([\s\S]*?)^\1\}/gm)) {
    for (const m of block[2]!.matchAll(/^\s*(?:community|trap-group)\s+(?:"([^"]+)"|([^\s{;]+))/gm)) add(m[1] ?? m[2]);
  }
  for (const block of raw.matchAll(/<snmp>([\s\S]*?)<\/snmp>/g)) {
    for (const m of block[1]!.matchAll(/<(?:community|trap-group)>\s*<name>([^<]+)<\/name>/g)) add(m[1]);
  }
  for (const m of raw.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/g)) {
    for (const line of m[1]!.split(/\\n|\n/)) if (line.trim().length >= 16) add(line);
  }
  return found;
}

/** Runs the collector as `ibsight parse` does and logs what a collection run would log; returns both texts. */
function parseAndLog(replies: CollectorReply[]): { output: string; logged: string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done): void {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace' }, sink).child({ device: 'leak-test', collector: 'configuration' });
  let output: string;
  try {
    const outcome = parseReplies(configurationCollector, replies, { scrubKey: KEY });
    output = JSON.stringify({ collector: 'configuration', ...outcome });
    logger.debug({ outcome }, 'collector parsed');
  } catch (err) {
    const e = toIbsightError(err);
    output = JSON.stringify({ collector: 'configuration', error: e.toJSON() });
    logger.warn({ err: e, code: e.code }, 'collector failed');
  }
  return { output, logged: chunks.join('') };
}

/** Records a parsed configuration in a fresh store and returns every byte SQLite wrote (db and WAL). */
async function storeBytes(records: unknown): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-leak-'));
  const sqlite = join(dir, 'leak.db');
  try {
    const store = await openStore({ sqlite, logger: silentLogger() });
    await store.syncInventory({
      file: 'leak.yaml',
      sites: [],
      credentials: { c: { username: 'u', password: 'env:X', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false } },
      devices: [{ name: 'leak', host: '127.0.0.1', port: 830, site: null, credentials: 'c' }],
    });
    const now = new Date().toISOString();
    await store.beginRun({ runId: 'r1', kind: 'collect', startedAt: now, collectors: ['configuration'] });
    await store.recordDevice({
      runId: 'r1', device: 'leak', collectedAt: now, source: 'collect', outcome: 'ok', durationMs: 1, error: null,
      collectors: [{ collector: 'configuration', status: 'ok', durationMs: 1, error: null, reason: null, records }],
    });
    const snapshots = await store.configSnapshots('leak');
    expect(snapshots.length).toBe(1);
    await store.close();
    return readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Case {
  name: string;
  raw: string;
  replies: CollectorReply[];
}

function fileCase(name: string, path: string, key: string | null = null): Case {
  const raw = readFileSync(path, 'utf8');
  return { name, raw, replies: [{ key, root: parseXml(raw) }] };
}

const CONFIG_MARK = /<configuration[\s>-]|"configuration"/;
const publicCases: Case[] = listJunosPublic()
  .filter((f) => CONFIG_MARK.test(readFileSync(junosPublic(f), 'utf8')))
  .map((f) => fileCase(`junos-public/${f}`, join(JUNOS_PUBLIC, f)));

const profileCases: Case[] = readdirSync(PROFILES)
  .sort()
  .flatMap((p) => {
    const dir = join(PROFILES, p);
    const files = { text: 'get-configuration@format=text.xml', set: 'get-configuration@format=set.xml', commit: 'get-configuration.xml' };
    const singles = Object.values(files).map((f) => fileCase(`profile ${p}/${f}`, join(dir, f)));
    const together = Object.entries(files).map(([key, f]) => fileCase('', join(dir, f), key));
    return [...singles, { name: `profile ${p} (text + set + commit)`, raw: together.map((c) => c.raw).join('\n'), replies: together.flatMap((c) => c.replies) }];
  });

const fixtureCases: Case[] = readdirSync(FIXTURES)
  .filter((d) => existsSync(join(FIXTURES, d, 'get-configuration.xml')))
  .sort()
  .map((d) => fileCase(`fixture ${d}`, join(FIXTURES, d, 'get-configuration.xml')));

const cases = [...publicCases, ...profileCases, ...fixtureCases];

describe('configuration leak test', () => {
  it('finds the configurations and their secrets (the independent patterns work)', () => {
    expect(publicCases.length).toBeGreaterThanOrEqual(10);
    expect(profileCases.length).toBe(readdirSync(PROFILES).length * 4);
    const total = cases.reduce((n, c) => n + secretsIn(c.raw).size, 0);
    expect(total).toBeGreaterThan(100);
    expect(secretsIn(readFileSync(junosPublic('napalm/test_get_config/normal/get_config__database_committed__format_text.xml'), 'utf8'))).toEqual(
      new Set(['$1$kasfbiuw98p43hnfwe.', '$9$sdnfh2p9f8whefi2p98fehwuinoief98p2hif3beuis98ehfoi2', '$1$xMvNFGd6$HKlqUxgVJMkxMeDhQMFtR/', 'secure']),
    );
  });

  for (const c of cases) {
    it(c.name, async () => {
      const secrets = secretsIn(c.raw);
      const { output, logged } = parseAndLog(c.replies);
      expect(logged.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(output, `output leaks ${secret}`).not.toContain(secret);
        expect(logged, `log leaks ${secret}`).not.toContain(secret);
      }
      const parsed = JSON.parse(output) as { status?: string; records?: unknown };
      if (parsed.status !== 'ok') return;
      // what the store keeps on disk (the scrubbed snapshot), byte for byte
      const stored = await storeBytes(parsed.records);
      if (output.includes('hmac:')) expect(stored, 'the scrubbed snapshot is in the store').toContain('hmac:');
      for (const secret of secrets) expect(stored.includes(Buffer.from(secret, 'utf8').toString('latin1')), `store leaks ${secret}`).toBe(false);
    });
  }
});
