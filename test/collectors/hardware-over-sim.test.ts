/**
 * chassis-inventory, virtual-chassis, cluster-status and environment end to end: the simulator
 * (in this process, one device per built-in profile on 127.0.0.1 free ports, real SSH) answers
 * each collector's requests sent by our NETCONF client, alternatives tried in order; an
 * error-only refusal goes to the collector's `notApplicable`. The simulator personalises the
 * built-in profiles' serials per device, so the expected serials are the profile's, personalised.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chassisInventoryCollector, type ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import { clusterStatusCollector, type ClusterStatusRecords } from '../../collectors/cluster-status.js';
import type { Collector, CollectorOutcome } from '../../collectors/collector.js';
import { environmentCollector, type EnvironmentRecords } from '../../collectors/environment.js';
import { virtualChassisCollector, type VirtualChassisRecords } from '../../collectors/virtual-chassis.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { knownHostsText } from '../../src/sim/inventory-writer.js';
import { collectSerials, personalSerial } from '../../src/sim/personalisation.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';
import { runCollector } from '../../src/collect/collector-requests.js';

const PROFILES = ['mx480', 'mx960', 'ex4300-vc', 'qfx5120', 'srx345-cluster', 'ptx10001'];
const KEY = { scrubKey: Buffer.from('ibsight-sim-test-key') };

let dir: string;
let sim: RunningSimulator | undefined;
const sessions = new Map<string, NetconfSession>();

/** A collector run exactly as a collection run does it (src/collect: alternatives, refusals, parsing). */
async function collect<R>(session: NetconfSession, collector: Collector<R>): Promise<CollectorOutcome<R>> {
  const { result } = await runCollector(session, collector as Collector, KEY);
  if (result.status === 'not-applicable') return { status: 'not-applicable', reason: result.reason ?? '' };
  if (result.status === 'error') throw new IbsightError(result.error!.code, result.error!.message);
  return { status: 'ok', records: result.records as R, errors: [], warnings: [] };
}

function records<R>(o: CollectorOutcome<R>): R {
  if (o.status !== 'ok') throw new Error(`not ok: ${o.reason}`);
  return o.records;
}

const profileText = (profile: string, file: string): string => readFileSync(join(builtinProfileDir(profile), file), 'utf8');
const deviceName = (profile: string): string => `hw-${profile}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-hw-sim-'));
  const fleet = `username: op\npassword: hw-test-pw\ndevices:\n${PROFILES.map((p) => `  - { name: ${deviceName(p)}, profile: "builtin:${p}", site: lab }`).join('\n')}\n`;
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
      host: '127.0.0.1', port: device.port, username: 'op', password: 'hw-test-pw', knownHostsFile: join(dir, 'known_hosts'),
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
  it.each(PROFILES)('%s: chassis-inventory gives every serial the device serves', async (profile) => {
    const r = records<ChassisInventoryRecords>(await collect(sessions.get(deviceName(profile))!, chassisInventoryCollector));
    const expected = collectSerials(profileText(profile, 'get-chassis-inventory.xml')).map((s) => personalSerial(deviceName(profile), s));
    const real = [...new Set(r.components.filter((c) => c.serialNumber !== null && !c.serialPlaceholder).map((c) => c.serialNumber))];
    expect(real).toEqual(expected);
    expect(r.components.filter((c) => c.kind === 'chassis').length).toBe(profile === 'srx345-cluster' ? 2 : 1);
  });

  it.each([
    ['ex4300-vc', 2],
    ['qfx5120', 1],
  ])('%s: virtual-chassis members carry the personalised FPC serials', async (profile, members) => {
    const session = sessions.get(deviceName(profile))!;
    const vc = records<VirtualChassisRecords>(await collect(session, virtualChassisCollector));
    expect(vc.members).toHaveLength(members);
    const inventory = records<ChassisInventoryRecords>(await collect(session, chassisInventoryCollector));
    const fpcSerials = inventory.components.filter((c) => c.kind === 'fpc').map((c) => c.serialNumber);
    expect(vc.members.map((m) => m.serialNumber)).toEqual(fpcSerials);
  });

  it.each(['mx480', 'mx960', 'srx345-cluster', 'ptx10001'])('%s: virtual-chassis is not applicable', async (profile) => {
    expect((await collect(sessions.get(deviceName(profile))!, virtualChassisCollector)).status).toBe('not-applicable');
  });

  it('srx345-cluster: cluster-status', async () => {
    const r = records<ClusterStatusRecords>(await collect(sessions.get(deviceName('srx345-cluster'))!, clusterStatusCollector));
    expect(r.clusterId).toBe(1);
    expect(r.redundancyGroups.map((g) => g.nodes.map((n) => `${n.name}:${n.status}`))).toEqual([
      ['node0:primary', 'node1:secondary'],
      ['node0:primary', 'node1:secondary'],
    ]);
  });

  it.each(PROFILES.filter((p) => p !== 'srx345-cluster'))('%s: cluster-status is not applicable', async (profile) => {
    expect((await collect(sessions.get(deviceName(profile))!, clusterStatusCollector)).status).toBe('not-applicable');
  });

  it.each(PROFILES)('%s: environment', async (profile) => {
    const r = records<EnvironmentRecords>(await collect(sessions.get(deviceName(profile))!, environmentCollector));
    const items = (profileText(profile, 'get-environment-information.xml').match(/<environment-item>/g) ?? []).length;
    expect(r.items).toHaveLength(items);
    expect(r.items.every((i) => i.class !== null && i.status !== null)).toBe(true);
  });
});
