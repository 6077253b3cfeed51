/**
 * The core-dumps collector on the real PyEZ reply, on the built-in simulator profiles, on
 * hand-written edge cases, on its golden fixtures, and end to end over the simulator: our NETCONF
 * client asks every RE first (`invoke-on all-routing-engines`), and falls back to the plain RPC on a
 * device that refuses it.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorReply } from '../../collectors/collector.js';
import { coreDumpsCollector, coreProcess, type CoreDumpRecord } from '../../collectors/core-dumps.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
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

function reply(text: string, key: string | null = null): CollectorReply {
  return { key, root: parseXml(text) };
}

function parse(...replies: CollectorReply[]): CoreDumpRecord[] {
  const outcome = parseReplies(coreDumpsCollector, replies, CONTEXT);
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

describe('coreProcess', () => {
  it.each([
    ['/var/crash/rpd.core.0.gz', 'rpd'],
    ['/var/tmp/snmpd.core', 'snmpd'],
    ['/var/tmp/rpd.core.1', 'rpd'],
    ['/var/crash/flowd_octeon_hm.core.0.gz', 'flowd_octeon_hm'],
    ['/var/crash/core.riot.mpc0.1565307741.1716.gz', 'riot'],
    ['/var/crash/core.vmxt.mpc0.1565307747.1791.gz', 'vmxt'],
    ['/var/crash/core-rpd.225.pe4.1760021290', 'rpd'],
    ['/var/crash/vmcore.0', 'kernel'],
    ['/var/crash/vmcore.3.gz', 'kernel'],
    ['/var/crash/kernel.0', 'kernel'],
    ['/var/tmp/pics/fpc0.core-tarball.0.tgz', 'fpc0'],
    ['/var/crash/core.12345', null],
    ['/var/crash/core-tarball.0.tgz', null],
    ['/var/tmp/notes.txt', null],
  ])('%s → %s', (file, process) => {
    expect(coreProcess(file)).toBe(process);
  });
});

describe('core-dumps on real replies', () => {
  it('the vSRX reply listing only "No such file or directory" notes has no core files', () => {
    expect(parse(reply(readFileSync(junosPublic('pyez/rpc-reply/get-system-core-dumps.xml'), 'utf8')))).toEqual([]);
  });

  it("a backup RE's note is RE_NOT_MASTER; a refusal is an RPC_ERROR", () => {
    const notMaster = readFileSync(junosPublic('pyez/facts/chassis_connect_not_master_get-chassis-inventory.xml'), 'utf8');
    expect(codeOf(() => parseReplies(coreDumpsCollector, [reply(notMaster)], CONTEXT))).toBe('RE_NOT_MASTER');
    const denied = readFileSync(junosPublic('pyez/rpc-reply/get-permission-denied.xml'), 'utf8');
    expect(codeOf(() => parseReplies(coreDumpsCollector, [reply(denied)], CONTEXT))).toBe('RPC_ERROR');
  });
});

describe('core-dumps on the built-in simulator profiles', () => {
  const files = PROFILES.flatMap((p) => readdirSync(builtinProfileDir(p)).filter((f) => f.startsWith('get-system-core-dumps')).map((f) => [p, f] as const));

  it.each(files)('%s/%s parses to the core files it holds', (profile, file) => {
    const text = readFileSync(join(builtinProfileDir(profile), file), 'utf8');
    const infos = findAll(parseXml(text), 'file-information');
    const records = parse(reply(text));
    expect(records.map((r) => r.file)).toEqual(infos.map((i) => childText(i, 'file-name')));
    expect(records.map((r) => r.sizeBytes)).toEqual(infos.map((i) => Number(childText(i, 'file-size'))));
    for (const r of records) expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('mx960 (invoke-on): the rpd and snmpd cores of re0, none on re1', () => {
    const records = parse(reply(readFileSync(join(builtinProfileDir('mx960'), 'get-system-core-dumps+invoke-on.xml'), 'utf8')));
    expect(records).toEqual([
      { member: 're0', file: '/var/crash/rpd.core.0.gz', process: 'rpd', sizeBytes: 18734212, time: '2025-02-26T03:12:40.000Z' },
      { member: 're0', file: '/var/tmp/snmpd.core', process: 'snmpd', sizeBytes: 8389120, time: '2025-03-10T17:03:09.000Z' },
    ]);
  });

  it('srx345-cluster: the flowd and jsrpd cores of node1, dates nested in <date-time>', () => {
    const records = parse(reply(readFileSync(join(builtinProfileDir('srx345-cluster'), 'get-system-core-dumps.xml'), 'utf8')));
    expect(records.map((r) => [r.member, r.process, r.time])).toEqual([
      ['node1', 'flowd_octeon_hm', '2026-10-08T23:41:09.000Z'],
      ['node1', 'jsrpd', '2026-10-08T23:41:46.000Z'],
    ]);
  });
});

describe('core-dumps edge cases', () => {
  it('a whole <output> reply saying there are no core files is an empty list', () => {
    expect(parse(reply('<rpc-reply><output>/var/crash/*core*: No such file or directory\n/var/tmp/*core*: No such file or directory</output></rpc-reply>'))).toEqual([]);
    expect(parse(reply('<output>No core files found</output>'))).toEqual([]);
  });

  it('other text instead of a directory-list is a PARSE_ERROR that quotes it', () => {
    expect(() => parse(reply('<rpc-reply><output>error: something else went wrong</output></rpc-reply>'))).toThrow(/no <directory-list>.*something else went wrong/);
    expect(codeOf(() => parse(reply('<rpc-reply><system-uptime-information/></rpc-reply>')))).toBe('PARSE_ERROR');
  });

  it('per RE: a member with notes only, a member with files relative to directory-name, directories skipped', () => {
    const records = parse(
      reply(`<rpc-reply xmlns:junos="http://xml.juniper.net/junos/22.4R0/junos"><multi-routing-engine-results>
        <multi-routing-engine-item><re-name>re0</re-name><output>/var/crash/*core*: No such file or directory</output></multi-routing-engine-item>
        <multi-routing-engine-item><re-name>re1</re-name><directory-list>
          <directory><directory-name>/var/tmp/</directory-name>
            <file-information><file-name>cores</file-name><file-permissions junos:format="drwxr-xr-x">493</file-permissions><file-size>512</file-size></file-information>
            <file-information><file-name>dcd.core.2.gz</file-name><file-size>  1024 </file-size><file-date junos:format="Jan  2 10:00"/></file-information>
          </directory>
          <file-information><file-name>/var/crash/mgd.core.0.gz</file-name></file-information>
        </directory-list></multi-routing-engine-item>
      </multi-routing-engine-results></rpc-reply>`),
    );
    expect(records).toEqual([
      { member: 're1', file: '/var/crash/mgd.core.0.gz', process: 'mgd', sizeBytes: null, time: null },
      { member: 're1', file: '/var/tmp/dcd.core.2.gz', process: 'dcd', sizeBytes: 1024, time: 'Jan  2 10:00' },
    ]);
  });

  it('asks every RE first and the connected RE last', () => {
    const [request] = coreDumpsCollector.requests;
    expect(coreDumpsCollector.requests).toHaveLength(1);
    expect(request!.bodies[0]).toContain('<invoke-on>all-routing-engines</invoke-on>');
    expect(request!.bodies.at(-1)).toBe('<get-system-core-dumps/>');
  });
});

describe('core-dumps golden fixtures', () => {
  const pairs = [
    'mx960_23.4R2-S3.9/get-system-core-dumps',
    'srx345-cluster_21.4R3-S5.4/get-system-core-dumps',
    'ex4300-vc_21.4R3-S7.5/get-system-core-dumps',
    'vmx_19.2R1.8/get-system-core-dumps',
    'mx10003_21.2R3-S4.8/get-system-core-dumps',
  ];
  it.each(pairs)('%s', (base) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${base}.json`), 'utf8'));
    const outcome = parseReplies(coreDumpsCollector, [reply(readFileSync(join(FIXTURES, `${base}.xml`), 'utf8'))], CONTEXT);
    expect(JSON.parse(JSON.stringify(outcomeDocument('core-dumps', outcome)))).toEqual(expected);
  });
});

describe('core-dumps end to end over the simulator', () => {
  let sim: RunningSimulator;
  let dir: string;
  const sent: Record<string, string[]> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ibsight-core-dumps-'));
    // a single-RE device that refuses invoke-on, and has one core file
    const single = join(dir, 'single-re');
    cpSync(builtinProfileDir('qfx5120'), single, { recursive: true });
    writeFileSync(
      join(single, 'get-system-core-dumps+invoke-on.xml'),
      '<rpc-error><error-type>protocol</error-type><error-tag>operation-failed</error-tag><error-severity>error</error-severity>' +
        '<error-message>invoke-on is not supported on this platform</error-message></rpc-error>',
    );
    writeFileSync(
      join(single, 'get-system-core-dumps.xml'),
      '<rpc-reply xmlns:junos="http://xml.juniper.net/junos/22.4R0/junos"><directory-list root-path="/var/crash/*core*">' +
        '<directory><file-information><file-name>/var/crash/l2ald.core.0.gz</file-name><file-size>4096</file-size>' +
        '<file-date junos:format="Mar  1 12:00">1740830400</file-date></file-information></directory></directory-list></rpc-reply>',
    );
    const plan = parseFleetText(
      'username: lab\npassword: lab\ndevices:\n' +
        '  - { name: cd-mx960, profile: builtin:mx960, site: s }\n' +
        '  - { name: cd-srx, profile: builtin:srx345-cluster, site: s }\n' +
        `  - { name: cd-single, profile: ${JSON.stringify(single)}, site: s }\n`,
      join(dir, 'fleet.yaml'),
    );
    sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
    writeFileSync(join(dir, 'known_hosts'), sim.devices.map((d) => knownHostsLine(d.port, d.hostKey())).join('\n') + '\n');
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Sends each request's alternatives in order until one is not refused (as a collection run does). */
  async function collect(name: string): Promise<CoreDumpRecord[]> {
    const device = sim.devices.find((d) => d.name === name)!;
    const session = await NetconfSession.connect({
      host: '127.0.0.1', port: device.port, username: 'lab', password: 'lab',
      knownHostsFile: join(dir, 'known_hosts'), logger: silentLogger(),
    });
    sent[name] = [];
    try {
      const replies: CollectorReply[] = [];
      for (const request of coreDumpsCollector.requests) {
        for (const body of request.bodies) {
          sent[name]!.push(body);
          try {
            replies.push({ key: request.key, root: (await session.rpc(body)).root });
            break;
          } catch (err) {
            if (!(err instanceof IbsightError && err.code === 'RPC_ERROR')) throw err;
          }
        }
      }
      return parse(...replies);
    } finally {
      await session.close();
    }
  }

  it('mx960: invoke-on answers for both REs', async () => {
    const records = await collect('cd-mx960');
    expect(sent['cd-mx960']).toHaveLength(1);
    expect(records.map((r) => `${r.member}:${r.process}`)).toEqual(['re0:rpd', 're0:snmpd']);
  });

  it('srx345 cluster: the cores of node1', async () => {
    const records = await collect('cd-srx');
    expect(records.map((r) => `${r.member}:${r.process}:${r.sizeBytes}`)).toEqual(['node1:flowd_octeon_hm:48213771', 'node1:jsrpd:2218416']);
  });

  it('a device refusing invoke-on: falls back to the plain RPC', async () => {
    const records = await collect('cd-single');
    expect(sent['cd-single']).toEqual(coreDumpsCollector.requests[0]!.bodies);
    expect(records).toEqual([{ member: null, file: '/var/crash/l2ald.core.0.gz', process: 'l2ald', sizeBytes: 4096, time: '2025-03-01T12:00:00.000Z' }]);
  });
});
