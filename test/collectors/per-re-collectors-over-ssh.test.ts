/**
 * software-information, route-engine and system-uptime end to end: the simulator serves the
 * built-in profiles over real SSH on 127.0.0.1, our NETCONF client sends each request's
 * alternatives in order until one is not refused (as a collection run does), and the replies
 * parse to the hostnames, versions, RE serials and boot times the (personalised) devices serve.
 */
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector, CollectorReply } from '../../collectors/collector.js';
import { parseReplies } from '../../collectors/outcome.js';
import { routeEngineCollector } from '../../collectors/route-engine.js';
import { softwareInformationCollector } from '../../collectors/software-information.js';
import { systemUptimeCollector } from '../../collectors/system-uptime.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { knownHostsLine } from '../../src/sim/host-key.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';
import { findAll, textOf } from '../../src/xml/element.js';
import { SCRUB_KEY } from './per-re-replies.js';

const REFUSAL =
  '<rpc-error><error-type>protocol</error-type><error-tag>operation-failed</error-tag><error-severity>error</error-severity>' +
  '<error-message>invoke-on is not supported on this platform</error-message></rpc-error>';

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-per-re-'));
  // an older switch: no `show version invoke-on`, no <all-servers/>, and invoke-on refused for uptime
  const old = join(dir, 'old-switch');
  cpSync(builtinProfileDir('qfx5120'), old, { recursive: true });
  unlinkSync(join(old, 'command+show-version-invoke-on-all-routing-engines.xml'));
  writeFileSync(join(old, 'get-software-information+all-servers.xml'), REFUSAL.replace('invoke-on is', 'all-servers is'));
  writeFileSync(join(old, 'get-system-uptime-information+invoke-on.xml'), REFUSAL);
  const plan = parseFleetText(
    'username: lab\npassword: lab\ndevices:\n' +
      '  - { name: pr-mx480, profile: builtin:mx480, site: s }\n' +
      '  - { name: pr-ptx, profile: builtin:ptx10001, site: s }\n' +
      '  - { generate: 1, profile: builtin:srx345-cluster, namePrefix: pr-srx-, site: s }\n' +
      `  - { name: pr-old, profile: ${JSON.stringify(old)}, site: s }\n`,
    join(dir, 'fleet.yaml'),
  );
  sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
  writeFileSync(join(dir, 'known_hosts'), sim.devices.map((d) => knownHostsLine(d.port, d.hostKey())).join('\n') + '\n');
});

afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Collected<R> {
  records: R;
  sent: string[];
  inventorySerials: (string | null)[];
}

/** Collects with one collector: each request's bodies in order until one is not refused. */
async function collect<R>(deviceName: string, collector: Collector<R>): Promise<Collected<R>> {
  const device = sim.devices.find((d) => d.name === deviceName)!;
  const session = await NetconfSession.connect({
    host: '127.0.0.1', port: device.port, username: 'lab', password: 'lab', knownHostsFile: join(dir, 'known_hosts'), logger: silentLogger(),
  });
  const sent: string[] = [];
  try {
    const replies: CollectorReply[] = [];
    for (const request of collector.requests) {
      for (const body of request.bodies) {
        sent.push(body);
        try {
          replies.push({ key: request.key, root: (await session.rpc(body)).root });
          break;
        } catch (err) {
          if (!(err instanceof IbsightError && err.code === 'RPC_ERROR')) throw err;
        }
      }
    }
    const outcome = parseReplies(collector, replies, { scrubKey: SCRUB_KEY });
    if (outcome.status !== 'ok') throw new Error(`${collector.name}: ${outcome.status}`);
    const inventory = (await session.rpc('<get-chassis-inventory/>')).root;
    return { records: outcome.records, sent, inventorySerials: findAll(inventory, 'serial-number').map((e) => textOf(e)) };
  } finally {
    await session.close();
  }
}

describe('per-RE collectors over SSH against the simulator', () => {
  it('mx480: show version invoke-on answers for both REs at once', async () => {
    const { records, sent } = await collect('pr-mx480', softwareInformationCollector);
    expect(sent).toEqual(softwareInformationCollector.requests[0]!.bodies.slice(0, 1));
    expect(records).toMatchObject({ hostname: 'pr-mx480', model: 'mx480', os: 'junos', version: '22.4R3-S2.11' });
    expect(records.members.map((m) => m.member)).toEqual(['re0', 're1']);
  });

  it('mx480: both REs with serials from the chassis inventory, and uptime for both', async () => {
    const re = await collect('pr-mx480', routeEngineCollector);
    expect(re.records.routeEngines.map((r) => [r.slot, r.mastershipState])).toEqual([[0, 'master'], [1, 'backup']]);
    for (const r of re.records.routeEngines) expect(re.inventorySerials).toContain(r.serialNumber);
    const up = await collect('pr-mx480', systemUptimeCollector);
    expect(up.sent).toHaveLength(1);
    expect(up.records.members.map((m) => m.member)).toEqual(['re0', 're1']);
    expect(up.records.members.map((m) => m.bootTime)).toEqual(re.records.routeEngines.map((r) => r.startTime));
  });

  it('ptx10001: Junos OS Evolved', async () => {
    const { records } = await collect('pr-ptx', softwareInformationCollector);
    expect(records).toMatchObject({ hostname: 'pr-ptx', model: 'ptx10001-36mr', os: 'junos-evolved', version: '23.4R2-S3.9-EVO' });
  });

  it('a generated SRX cluster: node hostnames and RE serials personalised, primary from the banner', async () => {
    const name = sim.devices.find((d) => d.name.startsWith('pr-srx-'))!.name;
    const { records } = await collect(name, softwareInformationCollector);
    expect(records).toMatchObject({ hostname: `${name}-node0`, selectedMember: 'node0', selectedBy: 'cli-banner', version: '21.4R3-S5.4' });
    const re = await collect(name, routeEngineCollector);
    const serials = re.records.routeEngines.map((r) => r.serialNumber);
    expect(re.records.routeEngines.map((r) => r.member)).toEqual(['node0', 'node1']);
    expect(serials).not.toContain('DS4821AF0293');
    for (const s of serials) expect(re.inventorySerials).toContain(s);
  });

  it('an older switch: falls back to the plain RPCs when the device refuses the others', async () => {
    const sw = await collect('pr-old', softwareInformationCollector);
    expect(sw.sent).toEqual(softwareInformationCollector.requests[0]!.bodies);
    expect(sw.records).toMatchObject({ hostname: 'lab-qfx5120-a', model: 'qfx5120-48y-8c', version: '22.4R3-S2.11' });
    const up = await collect('pr-old', systemUptimeCollector);
    expect(up.sent).toEqual(systemUptimeCollector.requests[0]!.bodies);
    expect(up.records.members.map((m) => [m.member, m.lastConfiguredBy])).toEqual([['fpc0', 'netops']]);
  });
});
