/**
 * configuration, licenses and interfaces end to end: the simulator (in this process, one device per
 * built-in profile on 127.0.0.1 free ports, real SSH) answers each collector's requests sent by our
 * NETCONF client, alternatives tried in order and optional requests allowed to fail, as a
 * collection run does. Checks that the request bodies reach the right replies (text, set, commit
 * XML; terse) and that nothing secret comes back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector, CollectorOutcome, CollectorReply } from '../../collectors/collector.js';
import { configurationCollector, type ConfigurationRecord } from '../../collectors/configuration.js';
import { interfacesCollector, type InterfacesRecords } from '../../collectors/interfaces.js';
import { licensesCollector, type LicensesRecords } from '../../collectors/licenses.js';
import { parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RpcIssue } from '../../src/netconf/rpc-reply.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { knownHostsText } from '../../src/sim/inventory-writer.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';

const PROFILES = ['mx480', 'mx960', 'ex4300-vc', 'qfx5120', 'srx345-cluster', 'ptx10001'];
const KEY = { scrubKey: Buffer.from('ibsight-sim-test-key') };

let dir: string;
let sim: RunningSimulator | undefined;
const sessions = new Map<string, NetconfSession>();
const deviceName = (profile: string): string => `cfg-${profile}`;

/** What each request got: the body that was answered, or null when every alternative was refused. */
type Answered = Map<string, string | null>;

async function collect<R>(session: NetconfSession, collector: Collector<R>, answered: Answered = new Map()): Promise<CollectorOutcome<R>> {
  const replies: CollectorReply[] = [];
  let refusal: RpcIssue[] = [];
  for (const request of collector.requests) {
    answered.set(request.key, null);
    for (const body of request.bodies) {
      try {
        const reply = await session.rpc(body);
        replies.push({ key: request.key, root: reply.root });
        answered.set(request.key, body);
        break;
      } catch (err) {
        if (!(err instanceof IbsightError) || err.code !== 'RPC_ERROR') throw err;
        refusal = (err.context.errors as RpcIssue[] | undefined) ?? [];
      }
    }
    if (answered.get(request.key) === null && !request.optional) {
      const reason = collector.notApplicable?.(refusal) ?? null;
      if (reason !== null) return { status: 'not-applicable', reason };
      throw new IbsightError('RPC_ERROR', `${collector.name} refused`, { context: { errors: refusal } });
    }
  }
  return parseReplies(collector, replies, KEY);
}

function records<R>(o: CollectorOutcome<R>): R {
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}

const profileText = (profile: string, file: string): string => readFileSync(join(builtinProfileDir(profile), file), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-cfg-sim-'));
  const fleet = `username: op\npassword: cfg-test-pw\ndevices:\n${PROFILES.map((p) => `  - { name: ${deviceName(p)}, profile: "builtin:${p}", site: lab }`).join('\n')}\n`;
  const plan = parseFleetText(fleet, join(dir, 'fleet.yaml'));
  for (let attempt = 1; !sim; attempt++) {
    try {
      sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  writeFileSync(join(dir, 'known_hosts'), knownHostsText(sim.devices));
  for (const device of sim.devices) {
    const session = await NetconfSession.connect({
      host: '127.0.0.1', port: device.port, username: 'op', password: 'cfg-test-pw', knownHostsFile: join(dir, 'known_hosts'),
      hostKeyPolicy: 'strict', keepaliveIntervalMs: 0, device: device.name, logger: silentLogger(),
    });
    sessions.set(device.name, session);
  }
});

afterAll(async () => {
  for (const s of sessions.values()) await s.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('over the simulator', () => {
  it.each(PROFILES)('%s: configuration from the committed text, set and commit requests, secrets scrubbed', async (profile) => {
    const answered: Answered = new Map();
    const r = records<ConfigurationRecord>(await collect(sessions.get(deviceName(profile))!, configurationCollector, answered));
    expect([...answered.values()]).toEqual(configurationCollector.requests.map((q) => q.bodies[0]));
    expect(r.format).toBe('text');
    expect(r.text).toContain(`host-name ${deviceName(profile)}`); // the simulator personalises the hostname
    expect(r.setLines!.some((l) => l.startsWith('set version '))).toBe(true);
    const commit = /junos:commit-user="([^"]+)"/.exec(profileText(profile, 'get-configuration.xml'))!;
    expect(r.commitUser).toBe(commit[1]);
    expect(r.commitTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const raw = profileText(profile, 'get-configuration@format=text.xml');
    for (const [secret] of raw.matchAll(/\$[1569]\$[^"]+/g)) expect(JSON.stringify(r)).not.toContain(secret);
    expect(r.secretsScrubbed).toBeGreaterThanOrEqual(5);
  });

  it('the configuration hash is the same for two devices only when their scrubbed text is the same', async () => {
    const a = records<ConfigurationRecord>(await collect(sessions.get(deviceName('mx480'))!, configurationCollector));
    const again = records<ConfigurationRecord>(await collect(sessions.get(deviceName('mx480'))!, configurationCollector));
    const b = records<ConfigurationRecord>(await collect(sessions.get(deviceName('mx960'))!, configurationCollector));
    expect(again.hash).toBe(a.hash);
    expect(b.hash).not.toBe(a.hash);
  });

  it.each([
    ['mx960', 4, 2],
    ['ptx10001', 3, 1],
    ['srx345-cluster', 12, 0],
    ['ex4300-vc', 2, 0],
  ])('%s: licenses (%i features, %i installed keys)', async (profile, features, keys) => {
    const r = records<LicensesRecords>(await collect(sessions.get(deviceName(profile))!, licensesCollector));
    expect(r.features).toHaveLength(features);
    expect(r.licenses).toHaveLength(keys);
  });

  it.each([
    ['mx480', 16],
    ['mx960', 25],
    ['ex4300-vc', 102],
    ['qfx5120', 56],
    ['srx345-cluster', 30],
    ['ptx10001', 14],
  ])('%s: interfaces terse gives %i ports', async (profile, ports) => {
    const r = records<InterfacesRecords>(await collect(sessions.get(deviceName(profile))!, interfacesCollector));
    expect(r.ports.total).toBe(ports);
    expect(r.interfaces.every((i) => !i.name.includes('.') || i.name === '.local.')).toBe(true); // physical only, not the private instance
  });
});
