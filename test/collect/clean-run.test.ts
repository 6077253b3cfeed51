/**
 * A clean collection run over real SSH: one simulated device per built-in profile (in this
 * process, free ports), every collector, strict host keys. Every device must come out `ok`, each
 * collector `ok` or — where the device legitimately has no such data — `not-applicable`, and the
 * records handed to the sink must be the parsed ones (hostname, components, config hash...).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import { collectors } from '../../collectors/index.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { runCollection } from '../../src/collect/collection-run.js';
import { exitCodeForRun, type RunReport } from '../../src/collect/run-summary.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DeviceCollection } from '../../src/store/store-api.js';
import { labConfig, startLab, type Lab } from './sim-lab.js';

const PROFILES = ['mx480', 'mx960', 'ex4300-vc', 'qfx5120', 'srx345-cluster', 'ptx10001'];
/** Collectors a profile legitimately lacks (SPEC §2.4 "not-applicable"). */
const NOT_APPLICABLE: Record<string, string[]> = {
  mx480: ['virtual-chassis', 'cluster-status'],
  mx960: ['virtual-chassis', 'cluster-status'],
  'ex4300-vc': ['cluster-status'],
  qfx5120: ['cluster-status'],
  'srx345-cluster': ['virtual-chassis'],
  ptx10001: ['virtual-chassis', 'cluster-status'],
};

let lab: Lab;
let report: RunReport;
const stored = new Map<string, DeviceCollection>();
const progress: string[] = [];

beforeAll(async () => {
  lab = await startLab(PROFILES.map((p) => ({ name: `clean-${p}`, profile: `builtin:${p}` })));
  report = await runCollection({
    runId: 'run-clean',
    devices: lab.inventory.devices,
    inventory: lab.inventory,
    collectors,
    config: labConfig(lab.knownHosts, { concurrency: 3 }),
    scrubKey: Buffer.from('collect-test-scrub-key'),
    sink: async (result) => {
      stored.set(result.device, result);
    },
    logger: silentLogger(),
    onDevice: (run) => progress.push(run.collection.device),
  });
});

afterAll(async () => {
  await lab?.close();
});

function records<R>(device: string, collector: string): R {
  const result = stored.get(device)!.collectors.find((c) => c.collector === collector)!;
  expect(result.status).toBe('ok');
  return result.records as R;
}

describe('a clean run of the six built-in profiles', () => {
  it('summarises every device as ok, exit 0', () => {
    expect(report.runId).toBe('run-clean');
    expect(report.devices).toEqual({ total: 6, ok: 6, partial: 0, failed: 0 });
    expect(report.failures).toEqual([]);
    expect(exitCodeForRun(report)).toBe(0);
    expect(progress.sort()).toEqual(PROFILES.map((p) => `clean-${p}`).sort());
  });

  it.each(PROFILES)('%s: every collector ok or legitimately not applicable, in registry order', (profile) => {
    const result = stored.get(`clean-${profile}`)!;
    expect(result).toMatchObject({ runId: 'run-clean', source: 'collect', outcome: 'ok', error: null });
    expect(Number.isNaN(Date.parse(result.collectedAt))).toBe(false);
    expect(result.collectors.map((c) => c.collector)).toEqual(collectors.map((c) => c.name));
    const notApplicable = result.collectors.filter((c) => c.status === 'not-applicable').map((c) => c.collector);
    expect(notApplicable.sort()).toEqual([...NOT_APPLICABLE[profile]!].sort());
    for (const c of result.collectors) {
      expect(c.error).toBeNull();
      if (c.status === 'ok') expect(c.records).not.toBeNull();
      else expect(c.reason).toEqual(expect.any(String));
    }
  });

  it.each(PROFILES)('%s: the sink got the parsed records', (profile) => {
    const device = `clean-${profile}`;
    const software = records<SoftwareInformation>(device, 'software-information');
    expect(software.hostname).toEqual(expect.any(String));
    expect(software.version).toMatch(/^\d+\.\d+/);
    expect(software.members.length).toBeGreaterThan(0);
    const inventory = records<ChassisInventoryRecords>(device, 'chassis-inventory');
    expect(inventory.components.filter((c) => c.kind === 'chassis').length).toBe(profile === 'srx345-cluster' ? 2 : 1);
    const config = records<ConfigurationRecord>(device, 'configuration');
    expect(config.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('dual-RE and multi-member devices report every member', () => {
    expect(records<SoftwareInformation>('clean-mx480', 'software-information').members.map((m) => m.member)).toEqual(['re0', 're1']);
    expect(records<SoftwareInformation>('clean-srx345-cluster', 'software-information').members.map((m) => m.member)).toEqual(['node0', 'node1']);
  });
});
