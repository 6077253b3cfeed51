/**
 * Collection over a fleet where every simulator fault (SPEC §6) has its own device, next to healthy
 * ones, over real SSH: each fault device fails with its own error code (device-level, with the
 * code in the summary's failures) while the healthy devices are collected and stored in full.
 * Two runs at once: the connect faults with a short connect timeout, the others beside the
 * healthy devices with generous timeouts (no wall-clock threshold); retries off (see
 * retries-host-keys.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { runCollection } from '../../src/collect/collection-run.js';
import { exitCodeForRun, type RunReport } from '../../src/collect/run-summary.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DeviceCollection } from '../../src/store/store-api.js';
import { labConfig, startLab, type Lab } from './sim-lab.js';

const FAULTS: [fault: string, code: string][] = [
  ['auth-fail', 'AUTH_FAILED'],
  ['refuse', 'CONNECT_REFUSED'],
  ['hang', 'CONNECT_TIMEOUT'],
  ['drop-mid-reply', 'DISCONNECTED'],
  ['malformed-xml', 'XML_MALFORMED'],
  ['entity-bomb', 'XML_DTD_REFUSED'],
  ['huge-reply', 'REPLY_TOO_LARGE'],
  ['bad-framing', 'NETCONF_FRAMING'],
  ['slow', 'RPC_TIMEOUT'],
];
/** Faults that strike before a NETCONF session exists: no collector runs. */
const CONNECT_FAULTS = new Set(['auth-fail', 'refuse', 'hang']);

let lab: Lab;
let connectReport: RunReport;
let report: RunReport;
const stored = new Map<string, DeviceCollection>();

function run(names: string[], collection: Parameters<typeof labConfig>[1]): Promise<RunReport> {
  return runCollection({
    runId: 'run-faults',
    devices: lab.inventory.devices.filter((d) => names.includes(d.name)),
    inventory: lab.inventory,
    collectors,
    config: labConfig(lab.knownHosts, { concurrency: 20, retries: 0, ...collection }),
    maxReplyBytes: 1024 * 1024,
    scrubKey: Buffer.from('collect-test-scrub-key'),
    sink: async (result) => {
      stored.set(result.device, result);
    },
    logger: silentLogger(),
  });
}

beforeAll(async () => {
  lab = await startLab([
    { name: 'healthy-1', profile: 'builtin:qfx5120' },
    ...FAULTS.map(([fault]) => ({ name: `f-${fault}`, profile: 'builtin:qfx5120', fault, ...(fault === 'slow' ? { delayMs: 10_000 } : {}) })),
    { name: 'healthy-2', profile: 'builtin:mx960' },
  ]);
  // connect faults with a shorter connect timeout (the hang waits it out); the rest with generous timeouts, so
  // the healthy devices cannot time out on a loaded machine while the slow one always does
  const connectFaults = FAULTS.filter(([f]) => CONNECT_FAULTS.has(f)).map(([f]) => `f-${f}`);
  const others = lab.inventory.devices.map((d) => d.name).filter((n) => !connectFaults.includes(n));
  [connectReport, report] = await Promise.all([
    run(connectFaults, { connectTimeoutMs: 4_000 }),
    run(others, { connectTimeoutMs: 10_000, rpcTimeoutMs: 4_000 }),
  ]);
});

afterAll(async () => {
  await lab?.close();
});

describe('a run where each fault device fails with its own code', () => {
  it('stores the healthy devices in full', () => {
    for (const name of ['healthy-1', 'healthy-2']) {
      const result = stored.get(name)!;
      expect(result.outcome).toBe('ok');
      expect(result.collectors.every((c) => c.status !== 'error')).toBe(true);
    }
  });

  it.each(FAULTS)('%s → failed with %s', (fault, code) => {
    const result = stored.get(`f-${fault}`)!;
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(result.collectors.map((c) => c.collector)).toEqual(collectors.map((c) => c.name));
    // the session died (or never was): every collector is an error carrying that code
    for (const c of result.collectors) {
      expect(c.status).toBe('error');
      expect(c.error?.code).toBe(code);
    }
    const failures = [...connectReport.failures, ...report.failures].filter((f) => f.device === `f-${fault}`);
    if (CONNECT_FAULTS.has(fault)) {
      expect(failures).toEqual([{ device: `f-${fault}`, collector: null, code, message: result.error!.message }]);
    } else {
      // one line for the collector during which the session died, none for those not run
      expect(failures).toEqual([{ device: `f-${fault}`, collector: 'software-information', code, message: expect.any(String) }]);
      expect(result.collectors[1]!.error!.message).toMatch(/^not run: the session ended/);
    }
  });

  it('summarises each run: exit 3 with some devices ok, 4 with none', () => {
    expect(report.devices).toEqual({ total: 8, ok: 2, partial: 0, failed: 6 });
    expect(exitCodeForRun(report)).toBe(3);
    expect(connectReport.devices).toEqual({ total: 3, ok: 0, partial: 0, failed: 3 });
    expect(exitCodeForRun(connectReport)).toBe(4);
  });
});
