/**
 * Request alternatives and refusals over real SSH, with profile directories of our own (copies
 * of the built-in mx480 with reply files removed, so the simulator refuses those requests as
 * Junos does):
 *  - no `show version invoke-on all-routing-engines` → software falls back to `<all-servers/>`
 *    (the bodies actually sent are recorded by wrapping the real session); every alternative
 *    refused → software-information fails with RPC_ERROR, so the device is `failed`, yet the
 *    other collectors still ran;
 *  - optional configuration requests refused entirely are skipped (text only, setLines null);
 *  - a required request refused without a legitimate reason → that collector's RPC_ERROR, the
 *    other collectors still run, the device is `partial`;
 *  - a credential whose secret cannot be resolved fails its device with CONFIG_INVALID.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import { collectors } from '../../collectors/index.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { runCollection } from '../../src/collect/collection-run.js';
import type { RunReport } from '../../src/collect/run-summary.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession } from '../../src/netconf/session.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import type { DeviceCollection } from '../../src/store/store-api.js';
import { labConfig, startLab, type Lab } from './sim-lab.js';

const COMMAND = 'command+show-version-invoke-on-all-routing-engines.xml';
const PROFILES: Record<string, string[]> = {
  'fb-all-servers': [COMMAND],
  'fb-no-software': [COMMAND, 'get-software-information+all-servers.xml', 'get-software-information.xml'],
  'fb-config-text-only': ['get-configuration.xml', 'get-configuration@format=set.xml'],
  'fb-no-route-engine': ['get-route-engine-information.xml'],
};

let lab: Lab;
let report: RunReport;
let profilesDir: string;
const stored = new Map<string, DeviceCollection>();
const sent = new Map<string, string[]>();

beforeAll(async () => {
  profilesDir = join(process.env.TMPDIR ?? '/tmp', `ibsight-fallback-profiles-${process.pid}`);
  mkdirSync(profilesDir, { recursive: true });
  for (const [name, removed] of Object.entries(PROFILES)) {
    const dir = join(profilesDir, name);
    cpSync(builtinProfileDir('mx480'), dir, { recursive: true });
    for (const file of removed) rmSync(join(dir, file));
  }
  lab = await startLab([
    ...Object.keys(PROFILES).map((name) => ({ name, profile: join(profilesDir, name) })),
    { name: 'fb-bad-secret', profile: 'builtin:qfx5120' },
  ]);
  lab.inventory.credentials.broken = { ...lab.inventory.credentials.lab!, password: 'env:IBSIGHT_TEST_SURELY_UNSET_VARIABLE' };
  lab.device('fb-bad-secret').credentials = 'broken';
  report = await runCollection({
    runId: 'run-fallback',
    devices: lab.inventory.devices,
    inventory: lab.inventory,
    collectors,
    config: labConfig(lab.knownHosts),
    scrubKey: Buffer.from('collect-test-scrub-key'),
    sink: async (result) => {
      stored.set(result.device, result);
    },
    logger: silentLogger(),
    connect: async (options) => {
      const session = await NetconfSession.connect(options);
      const bodies: string[] = [];
      sent.set(options.device!, bodies);
      return {
        rpc: (body: string) => {
          bodies.push(body);
          return session.rpc(body);
        },
        close: () => session.close(),
      };
    },
  });
});

afterAll(async () => {
  await lab?.close();
  if (profilesDir) rmSync(profilesDir, { recursive: true, force: true });
});

const softwareBodies = (device: string): string[] => sent.get(device)!.filter((b) => b.includes('software-information') || b.startsWith('<command>show version'));
const result = (device: string, collector: string) => stored.get(device)!.collectors.find((c) => c.collector === collector)!;

describe('fallbacks and refusals', () => {
  it('software falls back to <all-servers/> when the command is refused', () => {
    expect(softwareBodies('fb-all-servers')).toEqual([
      '<command>show version invoke-on all-routing-engines</command>',
      '<get-software-information><all-servers/></get-software-information>',
    ]);
    expect(stored.get('fb-all-servers')!.outcome).toBe('ok');
    expect((result('fb-all-servers', 'software-information').records as SoftwareInformation).members.map((m) => m.member)).toEqual(['re0', 're1']);
  });

  it('every alternative refused: software-information fails, the device is failed, the rest still ran', () => {
    expect(softwareBodies('fb-no-software')).toEqual([
      '<command>show version invoke-on all-routing-engines</command>',
      '<get-software-information><all-servers/></get-software-information>',
      '<get-software-information/>',
    ]);
    const device = stored.get('fb-no-software')!;
    expect(device.outcome).toBe('failed');
    expect(device.error).toMatchObject({ code: 'RPC_ERROR', message: expect.stringContaining('software-information') });
    expect(device.collectors.filter((c) => c.status === 'error').map((c) => c.collector)).toEqual(['software-information']);
    expect(result('fb-no-software', 'chassis-inventory').status).toBe('ok');
  });

  it('skips optional requests the device refuses', () => {
    const config = result('fb-config-text-only', 'configuration');
    expect(config.status).toBe('ok');
    expect(config.records as ConfigurationRecord).toMatchObject({ format: 'text', setLines: null });
    expect(stored.get('fb-config-text-only')!.outcome).toBe('ok');
  });

  it('a refused required request fails only that collector: the device is partial', () => {
    const device = stored.get('fb-no-route-engine')!;
    expect(device.outcome).toBe('partial');
    expect(device.error).toBeNull();
    expect(result('fb-no-route-engine', 'route-engine')).toMatchObject({ status: 'error', error: { code: 'RPC_ERROR' } });
    expect(result('fb-no-route-engine', 'route-engine').error!.message).toMatch(/refused <get-route-engine-information>/);
    const after = device.collectors.slice(collectors.findIndex((c) => c.name === 'route-engine') + 1);
    expect(after.length).toBeGreaterThan(5);
    expect(after.every((c) => c.status !== 'error')).toBe(true);
    expect(report.failures).toContainEqual({ device: 'fb-no-route-engine', collector: 'route-engine', code: 'RPC_ERROR', message: expect.any(String) });
  });

  it('a credential that cannot be resolved fails its device with CONFIG_INVALID, without connecting', () => {
    const device = stored.get('fb-bad-secret')!;
    expect(device.outcome).toBe('failed');
    expect(device.error!.code).toBe('CONFIG_INVALID');
    expect(device.error!.message).toContain('credentials.broken.password');
    expect(sent.has('fb-bad-secret')).toBe(false);
    expect(report.devices).toEqual({ total: 5, ok: 2, partial: 1, failed: 2 });
  });
});
