/**
 * The alarms collector on real replies (jsnapy, PyEZ), on the built-in simulator profiles, on
 * hand-written edge cases, on its golden fixtures, and end to end: our NETCONF client sends its
 * two requests to the simulator over real SSH and the replies parse to the profile's alarms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmsCollector, alarmSeverity, type AlarmRecord } from '../../collectors/alarms.js';
import type { CollectorReply } from '../../collectors/collector.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError, isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { knownHostsLine } from '../../src/sim/host-key.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';
import { childText, findAll } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';

const CONTEXT = { scrubKey: Buffer.from('ibsight-golden-test-key') };
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PROFILES = ['mx480', 'mx960', 'ex4300-vc', 'srx345-cluster', 'qfx5120', 'ptx10001'];

function reply(key: string | null, text: string): CollectorReply {
  return { key, root: parseXml(text) };
}

function profileReply(profile: string, file: string, key: string | null): CollectorReply {
  return reply(key, readFileSync(join(builtinProfileDir(profile), file), 'utf8'));
}

function parse(...replies: CollectorReply[]): AlarmRecord[] {
  const outcome = parseReplies(alarmsCollector, replies, CONTEXT);
  if (outcome.status !== 'ok') throw new Error(`not ok: ${outcome.reason}`);
  return outcome.records;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof IbsightError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('alarms on real replies', () => {
  it('reads a chassis alarm whose time carries a bare seconds attribute (jsnapy)', () => {
    const records = parse(reply(null, readFileSync(junosPublic('jsnapy/configs/1.1.1.1_snap_exists_post_show_chassis_alarms.xml'), 'utf8')));
    expect(records).toHaveLength(1); // active-alarm-count says 2: the hand-cut file holds one detail
    expect(records[0]).toMatchObject({ source: 'chassis', member: null, class: 'Minor', severity: 'minor', description: 'Plane 0 not online' });
    expect(records[0]!.time).toBe(new Date(1532001817 * 1000).toISOString());
  });

  it('gives no records for <no-active-alarms/>', () => {
    expect(parse(reply(null, readFileSync(junosPublic('jsnapy/configs/1.1.1.1_snap_exists_pre_show_chassis_alarms.xml'), 'utf8')))).toEqual([]);
  });

  it('refuses the CLI text of `show system alarms` with a PARSE_ERROR that quotes it', () => {
    const text = readFileSync(junosPublic('pyez/rpc-reply/show-system-alarms.xml'), 'utf8');
    let caught: unknown;
    try {
      parseReplies(alarmsCollector, [reply('system', text)], CONTEXT);
    } catch (err) {
      caught = err;
    }
    expect(isIbsightError(caught) && caught.code).toBe('PARSE_ERROR');
    expect((caught as Error).message).toMatch(/no <alarm-information>.*1 alarms currently active/s);
  });

  it('a backup RE note is RE_NOT_MASTER; a refusal is an RPC_ERROR (no alarm refusal is legitimate)', () => {
    const notMaster = readFileSync(junosPublic('pyez/facts/chassis_connect_not_master_get-chassis-inventory.xml'), 'utf8');
    expect(codeOf(() => parseReplies(alarmsCollector, [reply('chassis', notMaster)], CONTEXT))).toBe('RE_NOT_MASTER');
    const denied = readFileSync(junosPublic('pyez/rpc-reply/get-permission-denied.xml'), 'utf8');
    expect(codeOf(() => parseReplies(alarmsCollector, [reply('chassis', denied), reply('system', denied)], CONTEXT))).toBe('RPC_ERROR');
  });
});

describe('alarms on the built-in simulator profiles', () => {
  it.each(PROFILES)('%s parses to the alarms its files hold', (profile) => {
    const records = parse(profileReply(profile, 'get-alarm-information.xml', 'chassis'), profileReply(profile, 'get-system-alarm-information.xml', 'system'));
    for (const [file, source] of [['get-alarm-information.xml', 'chassis'], ['get-system-alarm-information.xml', 'system']] as const) {
      const details = findAll(parseXml(readFileSync(join(builtinProfileDir(profile), file), 'utf8')), 'alarm-detail');
      const mine = records.filter((r) => r.source === source);
      expect(mine.map((r) => r.description)).toEqual(details.map((d) => childText(d, 'alarm-description')));
      expect(mine.map((r) => r.class)).toEqual(details.map((d) => childText(d, 'alarm-class')));
    }
    for (const r of records) {
      expect(r.severity).toBe(r.class!.toLowerCase());
      expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    }
  });

  it('mx960: the PEM 2 major chassis alarm first, then the rescue-config system alarm', () => {
    const records = parse(profileReply('mx960', 'get-system-alarm-information.xml', 'system'), profileReply('mx960', 'get-alarm-information.xml', 'chassis'));
    expect(records.map((r) => [r.source, r.severity, r.description, r.time])).toEqual([
      ['chassis', 'major', 'PEM 2 Not OK', '2025-03-09T04:51:22.000Z'],
      ['system', 'minor', 'Rescue configuration is not set', '2025-01-19T22:47:57.000Z'],
    ]);
  });

  it('srx345-cluster: system alarms per node', () => {
    const records = parse(profileReply('srx345-cluster', 'get-system-alarm-information.xml', 'system'));
    expect(records.filter((r) => r.member === 'node0')).toHaveLength(2);
    expect(records.filter((r) => r.member === 'node1').map((r) => r.type)).toEqual(['Autorecovery', 'Configuration', 'License']);
  });

  it('the request key decides the source; without one, the alarm type does', () => {
    const system = 'srx345-cluster/get-system-alarm-information.xml';
    const [profile, file] = system.split('/') as [string, string];
    expect(new Set(parse(profileReply(profile, file, 'chassis')).map((r) => r.source))).toEqual(new Set(['chassis']));
    expect(new Set(parse(profileReply(profile, file, null)).map((r) => r.source))).toEqual(new Set(['system']));
    expect(parse(profileReply('mx960', 'get-alarm-information.xml', null))[0]!.source).toBe('chassis');
  });
});

describe('alarms edge cases', () => {
  it('normalises severities', () => {
    expect(['Major', 'MAJOR', 'Red', 'Minor', 'yellow', 'Info', null].map((c) => alarmSeverity(c))).toEqual(['major', 'major', 'major', 'minor', 'minor', null, null]);
  });

  it('keeps alarms of one reply when the other request was refused (errors kept beside)', () => {
    const denied = readFileSync(junosPublic('pyez/rpc-reply/get-permission-denied.xml'), 'utf8');
    const outcome = parseReplies(alarmsCollector, [reply('chassis', denied), profileReply('mx960', 'get-system-alarm-information.xml', 'system')], CONTEXT);
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.records.map((r) => r.source)).toEqual(['system']);
    expect(outcome.errors.map((e) => e.message)).toEqual(['permission denied']);
  });

  it('an alarm-information without summary or details, with prefixes, gives no records', () => {
    expect(parse(reply(null, '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><alarm-information/></nc:rpc-reply>'))).toEqual([]);
  });

  it('a reply without alarm-information is a PARSE_ERROR naming what it found', () => {
    expect(() => parse(reply(null, '<rpc-reply><chassis-inventory/></rpc-reply>'))).toThrow(/no <alarm-information> \(found: chassis-inventory\)/);
  });
});

describe('alarms golden fixtures', () => {
  const pairs = [
    'mx960_23.4R2-S3.9/get-alarm-information',
    'srx345-cluster_21.4R3-S5.4/get-system-alarm-information',
    'ptx10001_23.4R2-S3.9-EVO/get-system-alarm-information',
    't1600_10.4R9.2/get-alarm-information',
    'srx1500_19.4R3-S1.3/get-alarm-information',
  ];
  it.each(pairs)('%s', (base) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${base}.json`), 'utf8'));
    const outcome = parseReplies(alarmsCollector, [reply(null, readFileSync(join(FIXTURES, `${base}.xml`), 'utf8'))], CONTEXT);
    expect(JSON.parse(JSON.stringify(outcomeDocument('alarms', outcome)))).toEqual(expected);
  });
});

describe('alarms end to end over the simulator', () => {
  let sim: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ibsight-alarms-'));
    const plan = parseFleetText(
      'username: lab\npassword: lab\ndevices:\n' +
        '  - { name: al-mx960, profile: builtin:mx960, site: s }\n' +
        '  - { name: al-srx, profile: builtin:srx345-cluster, site: s }\n',
      join(dir, 'fleet.yaml'),
    );
    sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
    writeFileSync(join(dir, 'known_hosts'), sim.devices.map((d) => knownHostsLine(d.port, d.hostKey())).join('\n') + '\n');
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function collect(name: string): Promise<AlarmRecord[]> {
    const device = sim.devices.find((d) => d.name === name)!;
    const session = await NetconfSession.connect({
      host: '127.0.0.1', port: device.port, username: 'lab', password: 'lab',
      knownHostsFile: join(dir, 'known_hosts'), logger: silentLogger(),
    });
    try {
      const replies: CollectorReply[] = [];
      for (const request of alarmsCollector.requests) {
        const answer = await session.rpc(request.bodies[0]!);
        replies.push({ key: request.key, root: answer.root });
      }
      return parse(...replies);
    } finally {
      await session.close();
    }
  }

  it('mx960: one chassis and one system alarm', async () => {
    const records = await collect('al-mx960');
    expect(records.map((r) => `${r.source}/${r.severity}/${r.description}`)).toEqual(['chassis/major/PEM 2 Not OK', 'system/minor/Rescue configuration is not set']);
  });

  it('srx345 cluster: no chassis alarms, five system alarms over two nodes', async () => {
    const records = await collect('al-srx');
    expect(records.every((r) => r.source === 'system')).toBe(true);
    expect(records.map((r) => r.member)).toEqual(['node0', 'node0', 'node1', 'node1', 'node1']);
  });
});
