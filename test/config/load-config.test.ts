/**
 * loadConfig: built-in defaults (SPEC §3), where the file comes from (SPEC §1 order), relative
 * paths, partial and empty sections, the influx shapes, proxyJump, and that every validation
 * error is CONFIG_INVALID naming the file, the key path, what was expected and what was found.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../../src/config/load-config.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-load-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function dirWith(files: Record<string, string>): string {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function loadError(text: string): { message: string; context: Record<string, unknown> } {
  const dir = dirWith({ 'ibsight.yaml': text });
  try {
    loadConfig({ cwd: dir, env: {} });
  } catch (err) {
    if (!isIbsightError(err, 'CONFIG_INVALID')) throw err;
    return { message: err.message, context: err.context };
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('built-in defaults', () => {
  it('are those of SPEC §3, paths resolved against the current directory', () => {
    const config = loadConfig({ cwd: '/srv/ib', env: {} });
    expect(config).toEqual({
      file: null,
      storage: { sqlite: '/srv/ib/ibsight-data/ibsight.db', retainDays: 730 },
      ssh: { knownHosts: '/srv/ib/ibsight-data/known_hosts', hostKeyPolicy: 'strict', legacyAlgorithms: false, proxyJump: null },
      collection: { concurrency: 200, connectTimeoutMs: 15000, rpcTimeoutMs: 60000, retries: 1, collectors: 'all' },
      inventory: '/srv/ib/inventory.yaml',
      reconcile: { kinds: ['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan'], expiringDays: 90, skuFamilies: [] },
      lifecycle: { horizonMonths: 12, milestoneHorizonMonths: {} },
      influx: { version: 1, url: 'http://127.0.0.1:8086', database: 'ibsight', username: null, password: null },
      spool: '/srv/ib/ibsight-data/spool',
      spoolMaxMiB: 512,
      agent: { listen: '127.0.0.1:9108', timezone: null, shutdownGraceMs: 60000 },
      schedules: { collect: '0 */6 * * *', reconcile: '30 */6 * * *', exposure: '40 */6 * * *', reports: '0 7 * * 1' },
      delivery: { dir: '/srv/ib/ibsight-reports', smtp: null, webhook: null },
    });
  });

  it('apply to an empty file, to keys left out, and to sections left empty', () => {
    const empty = dirWith({ 'ibsight.yaml': '# nothing yet\n' });
    expect({ ...loadConfig({ cwd: empty, env: {} }), file: null }).toEqual(defaultConfig(empty));
    const partial = dirWith({ 'ibsight.yaml': 'collection: { concurrency: 50 }\nssh:\nstorage:\n  retainDays: 30\n' });
    const config = loadConfig({ cwd: partial, env: {} });
    expect(config.collection).toEqual({ ...defaultConfig(partial).collection, concurrency: 50 });
    expect(config.ssh).toEqual(defaultConfig(partial).ssh);
    expect(config.storage).toEqual({ sqlite: join(partial, 'ibsight-data/ibsight.db'), retainDays: 30 });
  });
});

describe('which file (SPEC §1: --config, else ./ibsight.yaml, else $IBSIGHT_CONFIG, else defaults)', () => {
  const dir = dirWith({
    'ibsight.yaml': 'storage: { retainDays: 1 }\n',
    'explicit.yaml': 'storage: { retainDays: 2 }\n',
    'env/from-env.yaml': 'storage: { retainDays: 3 }\n',
  });
  const noLocal = dirWith({});
  const env = { IBSIGHT_CONFIG: join(dir, 'env/from-env.yaml') };

  it('--config wins over ./ibsight.yaml and $IBSIGHT_CONFIG', () => {
    const config = loadConfig({ file: 'explicit.yaml', cwd: dir, env });
    expect(config.storage.retainDays).toBe(2);
    expect(config.file).toBe(join(dir, 'explicit.yaml'));
  });

  it('./ibsight.yaml wins over $IBSIGHT_CONFIG', () => {
    expect(loadConfig({ cwd: dir, env }).storage.retainDays).toBe(1);
  });

  it('$IBSIGHT_CONFIG is used without ./ibsight.yaml, its paths relative to its own directory', () => {
    const config = loadConfig({ cwd: noLocal, env });
    expect(config.storage.retainDays).toBe(3);
    expect(config.inventory).toBe(join(dir, 'env', 'inventory.yaml'));
  });

  it('built-in defaults without any of them', () => {
    expect(loadConfig({ cwd: noLocal, env: {} }).file).toBeNull();
  });

  it('a file asked for that does not exist is an error naming it', () => {
    expect(() => loadConfig({ file: 'missing.yaml', cwd: noLocal, env: {} })).toThrow(/^missing\.yaml: cannot read the configuration file \(no such file\)$/);
    expect(() => loadConfig({ cwd: noLocal, env: { IBSIGHT_CONFIG: '/nonexistent/ib.yaml' } })).toThrow(/^\/nonexistent\/ib\.yaml: cannot read/);
  });
});

describe('values', () => {
  it('resolves relative paths against the file and keeps absolute ones and ~/', () => {
    const dir = dirWith({
      'etc/ib.yaml': 'storage: { sqlite: ../var/ib.db }\nssh: { knownHosts: /etc/ssh/ssh_known_hosts }\nspool: ~/spool\ninventory: devices.csv\n',
    });
    const config = loadConfig({ file: join(dir, 'etc/ib.yaml'), env: {} });
    expect(config.storage.sqlite).toBe(join(dir, 'var/ib.db'));
    expect(config.ssh.knownHosts).toBe('/etc/ssh/ssh_known_hosts');
    expect(config.spool).toMatch(/\/spool$/);
    expect(config.spool.startsWith('~')).toBe(false);
    expect(config.inventory).toBe(join(dir, 'etc/devices.csv'));
  });

  it('parses ssh.proxyJump user@host:port', () => {
    const at = (value: string) => loadConfig({ cwd: dirWith({ 'ibsight.yaml': `ssh: { proxyJump: "${value}" }\n` }), env: {} }).ssh.proxyJump;
    expect(at('ops@bastion.example.net:2222')).toEqual({ username: 'ops', host: 'bastion.example.net', port: 2222 });
    expect(at('bastion')).toEqual({ username: null, host: 'bastion', port: 22 });
    expect(at('ops@[2001:db8::1]:22')).toEqual({ username: 'ops', host: '2001:db8::1', port: 22 });
  });

  it('reads influx in the 1.x and 2.x shapes, and null as off', () => {
    const at = (text: string) => loadConfig({ cwd: dirWith({ 'ibsight.yaml': text }), env: {} }).influx;
    expect(at('influx: { database: noc, password: file:influx.pw, username: w }\n')).toMatchObject({
      version: 1, url: 'http://127.0.0.1:8086', database: 'noc', username: 'w',
    });
    expect(at('influx: { password: file:influx.pw }\n')).toMatchObject({ password: expect.stringMatching(/^file:\/.*\/influx\.pw$/) });
    expect(at('influx: { url: "https://i:8086", org: noc, bucket: ib, token: env:INFLUX_TOKEN }\n')).toEqual({
      version: 2, url: 'https://i:8086', org: 'noc', bucket: 'ib', token: 'env:INFLUX_TOKEN',
    });
    expect(at('influx: null\n')).toBeNull();
  });

  it('accepts a list of collectors (duplicates dropped)', () => {
    const dir = dirWith({ 'ibsight.yaml': 'collection: { collectors: [software-information, alarms, alarms] }\n' });
    expect(loadConfig({ cwd: dir, env: {} }).collection.collectors).toEqual(['software-information', 'alarms']);
  });
});

describe('validation errors name the file, the key path, what was expected and what was found', () => {
  it.each([
    ['collection: { concurrency: many }', 'ibsight.yaml: collection.concurrency: expected an integer from 1 to 10000, got "many"'],
    ['collection: { concurrency: 0 }', 'ibsight.yaml: collection.concurrency: expected an integer from 1 to 10000, got 0'],
    ['collection: { retries: 1.5 }', 'ibsight.yaml: collection.retries: expected an integer from 0 to 10, got 1.5'],
    ['collection: { collectors: [alarms, nope] }', 'ibsight.yaml: collection.collectors[1]: expected one of software-information,'],
    ['collection: { collectors: some }', 'ibsight.yaml: collection.collectors: expected all or a list of collector names'],
    ['storage: { retainDays: "730" }', 'ibsight.yaml: storage.retainDays: expected an integer from 1 to 36500, got "730"'],
    ['storage: { sqlite: 3 }', 'ibsight.yaml: storage.sqlite: expected a path to the SQLite database file, got 3'],
    ['storage: { retaindays: 5 }', 'ibsight.yaml: storage.retaindays: unknown key (expected one of: sqlite, retainDays)'],
    ['colection: {}', 'ibsight.yaml: colection: unknown key (expected one of: storage, ssh, collection,'],
    ['ssh: { hostKeyPolicy: lax }', 'ibsight.yaml: ssh.hostKeyPolicy: expected one of strict, accept-new, off, got "lax"'],
    ['ssh: { legacyAlgorithms: "yes" }', 'ibsight.yaml: ssh.legacyAlgorithms: expected true or false, got "yes"'],
    ['ssh: { proxyJump: "a b" }', 'ibsight.yaml: ssh.proxyJump: expected user@host:port'],
    ['ssh: { proxyJump: "h:70000" }', 'ibsight.yaml: ssh.proxyJump: expected user@host:port'],
    ['ssh: []', 'ibsight.yaml: ssh: expected a mapping (key: value), got a list'],
    ['reconcile: { kinds: [fpc, sled] }', 'ibsight.yaml: reconcile.kinds[1]: expected one of chassis, midplane,'],
    ['lifecycle: { horizonMonths: -1 }', 'ibsight.yaml: lifecycle.horizonMonths: expected an integer from 1 to 240, got -1'],
    ['lifecycle: { milestoneHorizonMonths: { endOfSale: 6 } }', 'ibsight.yaml: lifecycle.milestoneHorizonMonths.endOfSale: unknown key (expected one of: eolAnnounced, lastOrder, lastWarrantyConversion, endOfSoftwareEngineering, endOfEngineering, endOfSupport)'],
    ['lifecycle: { milestoneHorizonMonths: { endOfSupport: 300 } }', 'ibsight.yaml: lifecycle.milestoneHorizonMonths.endOfSupport: expected an integer from 0 to 240, got 300'],
    ['lifecycle: { milestoneHorizonMonths: [endOfSupport] }', 'ibsight.yaml: lifecycle.milestoneHorizonMonths: expected a mapping (key: value), got a list'],
    ['influx: { url: "ftp://x" }', 'ibsight.yaml: influx.url: expected an http:// or https:// URL, got "ftp://x"'],
    ['influx: { org: a, token: env:T }', 'ibsight.yaml: influx.bucket: required: expected a bucket name'],
    ['influx: { database: a, retention: 3 }', 'ibsight.yaml: influx.retention: unknown key (expected one of: url, database, username, password)'],
    ['agent: { listen: "127.0.0.1" }', 'ibsight.yaml: agent.listen: expected host:port, e.g. 127.0.0.1:9108, got "127.0.0.1"'],
    ['schedules: { collect: "hourly" }', 'ibsight.yaml: schedules.collect: expected a cron expression of five fields'],
    ['delivery: { smtp: { host: mail } }', 'ibsight.yaml: delivery.smtp.from: required: expected an e-mail address'],
    ['- a list', 'ibsight.yaml: (top level): expected a mapping (key: value), got a list'],
  ])('%s', (text, expected) => {
    const { message, context } = loadError(`${text}\n`);
    expect(message).toContain(expected);
    expect(context.file).toMatch(/ibsight\.yaml$/);
  });

  it('bounds the spool in MiB: a whole number from 1', () => {
    expect(loadConfig({ cwd: dirWith({ 'ibsight.yaml': 'spoolMaxMiB: 64\n' }), env: {} }).spoolMaxMiB).toBe(64);
    for (const bad of ['0', '-5', '1.5', 'lots']) expect(loadError(`spoolMaxMiB: ${bad}\n`).context.keyPath).toBe('spoolMaxMiB');
  });

  it('reports every problem at once, with the first key path in the context', () => {
    const { message, context } = loadError('collection: { concurrency: many, retries: -1 }\nspool: 7\n');
    expect(message.split('; ')).toHaveLength(3);
    expect(context).toMatchObject({ keyPath: 'collection.concurrency', problems: 3 });
  });

  it('refuses a literal secret without echoing it', () => {
    const { message } = loadError('influx: { database: x, password: Sup3rS3cret }\n');
    expect(message).toContain('ibsight.yaml: influx.password: a literal secret is not accepted: write env:NAME');
    expect(message).not.toContain('Sup3rS3cret');
  });

  it('names the line of a YAML syntax error and of a duplicate key', () => {
    expect(loadError('storage:\n  sqlite: a\n  sqlite: b\n').message).toBe('ibsight.yaml: line 3: a key appears twice in the same mapping');
    expect(loadError('collection:\n  concurrency: [1\n').message).toMatch(/^ibsight\.yaml: line \d: /);
  });

  it('refuses a YAML alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { message } = loadError(`${levels.join('\n')}\n`);
    expect(message).toBe('ibsight.yaml: too many YAML alias expansions (at most 64): refused as a possible resource exhaustion attack');
  });

  it('refuses a file larger than 1 MiB before parsing it', () => {
    const { message } = loadError(`# ${'x'.repeat(1024 * 1024)}\n`);
    expect(message).toMatch(/^ibsight\.yaml: \d+ bytes; a configuration file may have at most 1048576$/);
  });
});
