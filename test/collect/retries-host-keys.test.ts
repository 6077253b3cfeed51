/**
 * Retries and host keys over real SSH. Each device is reached through a counting TCP forwarder
 * (test/collect/sim-lab.ts), so the number of connection attempts is observed on the wire:
 *  - transient failures (connect timeout, a dropped connection, an RPC timeout) are retried
 *    `collection.retries` times, then fail with their code;
 *  - authentication failures, unsafe replies and host key problems are never retried;
 *  - an unknown host key fails the device under strict checking with its fingerprint and the
 *    advice to verify it out of band and the command that accepts it; accepting it once
 *    (accept-new) records it, after which strict checking passes; a changed key is refused.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { runCollection } from '../../src/collect/collection-run.js';
import type { RunReport } from '../../src/collect/run-summary.js';
import type { IbsightConfig, InventoryDevice } from '../../src/config/config-types.js';
import { silentLogger } from '../../src/log/logger.js';
import { fingerprintSha256 } from '../../src/netconf/known-hosts.js';
import type { DeviceCollection } from '../../src/store/store-api.js';
import { countingForwarder, labConfig, startLab, type CountingForwarder, type Lab } from './sim-lab.js';

const RETRIES = 2;
const TRUSTED: { name: string; fault?: string; delayMs?: number; attempts: number; code: string | null }[] = [
  { name: 'r-healthy', attempts: 1, code: null },
  { name: 'r-hang', fault: 'hang', attempts: RETRIES + 1, code: 'CONNECT_TIMEOUT' },
  { name: 'r-drop', fault: 'drop-mid-reply', attempts: RETRIES + 1, code: 'DISCONNECTED' },
  { name: 'r-slow', fault: 'slow', delayMs: 10_000, attempts: RETRIES + 1, code: 'RPC_TIMEOUT' },
  { name: 'r-auth', fault: 'auth-fail', attempts: 1, code: 'AUTH_FAILED' },
  { name: 'r-bomb', fault: 'entity-bomb', attempts: 1, code: 'XML_DTD_REFUSED' },
];

let lab: Lab;
const forwarders = new Map<string, CountingForwarder>();
/** Devices as the inventory lists them: at their forwarder's port. */
const viaForwarder = new Map<string, InventoryDevice>();

beforeAll(async () => {
  lab = await startLab([
    ...TRUSTED.map(({ name, fault, delayMs }) => ({ name, profile: 'builtin:qfx5120', ...(fault ? { fault } : {}), ...(delayMs ? { delayMs } : {}) })),
    { name: 'k-new', profile: 'builtin:qfx5120' },
    { name: 'k-other', profile: 'builtin:qfx5120' },
  ]);
  for (const device of lab.inventory.devices) {
    const forwarder = await countingForwarder(device.port);
    forwarders.set(device.name, forwarder);
    viaForwarder.set(device.name, { ...device, port: forwarder.port });
    if (TRUSTED.some((t) => t.name === device.name)) lab.trustAt(device.name, forwarder.port);
  }
  // k-changed: a forwarder to k-other, but known_hosts holds k-new's key for its port
  const changed = await countingForwarder(lab.port('k-other'));
  forwarders.set('k-changed', changed);
  viaForwarder.set('k-changed', { ...lab.device('k-other'), name: 'k-changed', port: changed.port });
  lab.trustAt('k-new', changed.port);
});

afterAll(async () => {
  for (const f of forwarders.values()) await f.close();
  await lab?.close();
});

async function run(names: string[], overrides: { collection?: Partial<IbsightConfig['collection']>; ssh?: Partial<IbsightConfig['ssh']> } = {}) {
  const stored = new Map<string, DeviceCollection>();
  const report: RunReport = await runCollection({
    runId: `run-${names.join('-')}`,
    devices: names.map((n) => viaForwarder.get(n)!),
    inventory: lab.inventory,
    collectors,
    config: labConfig(lab.knownHosts, { connectTimeoutMs: 10_000, rpcTimeoutMs: 2_500, retries: RETRIES, ...overrides.collection }, overrides.ssh),
    retryBaseMs: 20,
    scrubKey: Buffer.from('collect-test-scrub-key'),
    sink: async (result) => {
      stored.set(result.device, result);
    },
    logger: silentLogger(),
  });
  return { report, stored };
}

describe('retries', () => {
  let stored: Map<string, DeviceCollection>;
  beforeAll(async () => {
    // the hang with a short connect timeout (it always times out); the others with generous ones,
    // so a healthy device cannot time out on a loaded machine
    const [hang, rest] = await Promise.all([
      run(['r-hang'], { collection: { connectTimeoutMs: 1_500 } }),
      run(TRUSTED.map((t) => t.name).filter((n) => n !== 'r-hang')),
    ]);
    stored = new Map([...hang.stored, ...rest.stored]);
  });

  it.each(TRUSTED)('$name: $attempts connection attempt(s), then $code', ({ name, attempts, code }) => {
    expect(forwarders.get(name)!.connections).toBe(attempts);
    const result = stored.get(name)!;
    if (code === null) expect(result.outcome).toBe('ok');
    else expect(result).toMatchObject({ outcome: 'failed', error: { code } });
  });

  it('no retries when collection.retries is 0', async () => {
    const before = forwarders.get('r-hang')!.connections;
    const { stored: again } = await run(['r-hang'], { collection: { retries: 0, connectTimeoutMs: 1_500 } });
    expect(again.get('r-hang')!.error!.code).toBe('CONNECT_TIMEOUT');
    expect(forwarders.get('r-hang')!.connections - before).toBe(1);
  });
});

describe('host keys', () => {
  const keyOf = (port: number): Buffer => {
    const line = readFileSync(lab.knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`[127.0.0.1]:${port} `))!;
    return Buffer.from(line.split(' ')[2]!, 'base64');
  };

  it('an unknown key fails the device (strict) with its fingerprint and how to accept it, without retrying', async () => {
    const { report, stored } = await run(['k-new', 'r-healthy']);
    const failed = stored.get('k-new')!;
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'HOST_KEY_UNKNOWN' } });
    const fingerprint = fingerprintSha256(keyOf(lab.port('k-new')));
    expect(failed.error!.message).toContain(fingerprint);
    expect(failed.error!.message).toContain('out of band');
    expect(failed.error!.message).toContain('ibsight collect --devices k-new --accept-new-host-keys');
    expect(failed.error!.message).toContain(lab.knownHosts);
    expect(forwarders.get('k-new')!.connections).toBe(1);
    expect(stored.get('r-healthy')!.outcome).toBe('ok');
    expect(report.failures).toEqual([{ device: 'k-new', collector: null, code: 'HOST_KEY_UNKNOWN', message: failed.error!.message }]);
  });

  it('accept-new records the key once; strict checking then passes', async () => {
    const port = viaForwarder.get('k-new')!.port;
    expect(readFileSync(lab.knownHosts, 'utf8')).not.toContain(`[127.0.0.1]:${port} `);
    const accepted = await run(['k-new'], { ssh: { hostKeyPolicy: 'accept-new' } });
    expect(accepted.stored.get('k-new')!.outcome).toBe('ok');
    expect(readFileSync(lab.knownHosts, 'utf8')).toContain(`[127.0.0.1]:${port} ssh-ed25519 `);
    const strict = await run(['k-new']);
    expect(strict.stored.get('k-new')!.outcome).toBe('ok');
  });

  it('a changed key is refused, also under accept-new, without retrying', async () => {
    for (const policy of ['strict', 'accept-new'] as const) {
      const before = forwarders.get('k-changed')!.connections;
      const { stored } = await run(['k-changed'], { ssh: { hostKeyPolicy: policy } });
      expect(stored.get('k-changed')!).toMatchObject({ outcome: 'failed', error: { code: 'HOST_KEY_CHANGED' } });
      expect(forwarders.get('k-changed')!.connections - before).toBe(1);
    }
  });
});
