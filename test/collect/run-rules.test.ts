/**
 * The pure rules of a run: which errors are retried and how long a retry waits, the device
 * outcome from its collectors (SPEC §2.4), the run's exit code, device/collector selection from
 * the flags, the worker pool's limit, a sink that cannot take a device's results, and which saved
 * file answers which collector request.
 */
import { describe, expect, it } from 'vitest';
import { collectorNames, collectors } from '../../collectors/index.js';
import { store } from '../../src/collect/collection-run.js';
import { outcomeOf, type DeviceRun } from '../../src/collect/device-collection.js';
import { backoffMs, isTransient, MAX_RETRY_WAIT_MS } from '../../src/collect/retry-policy.js';
import { listOption, parseConcurrency, selectCollectors, selectDevices } from '../../src/collect/run-selection.js';
import { exitCodeForRun, RunTally } from '../../src/collect/run-summary.js';
import { fileNamesForBody, planDevice, requestFileNames } from '../../src/collect/saved-replies.js';
import { forEachLimited } from '../../src/collect/worker-pool.js';
import type { Inventory } from '../../src/config/config-types.js';
import { IbsightError, type ErrorCode } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import type { CollectorResult } from '../../src/store/store-api.js';

describe('retry policy', () => {
  it.each(['CONNECT_TIMEOUT', 'CONNECT_REFUSED', 'DISCONNECTED', 'RPC_TIMEOUT'] as ErrorCode[])('%s is transient', (code) => {
    expect(isTransient(code)).toBe(true);
  });

  it.each([
    'AUTH_FAILED', 'HOST_KEY_UNKNOWN', 'HOST_KEY_CHANGED', 'XML_DTD_REFUSED', 'XML_MALFORMED', 'REPLY_TOO_LARGE', 'NETCONF_FRAMING',
    'CONFIG_INVALID', 'RPC_ERROR', 'PARSE_ERROR', 'SSH_ERROR',
  ] as ErrorCode[])('%s is not retried', (code) => {
    expect(isTransient(code)).toBe(false);
  });

  it('waits grow exponentially within jitter bounds, capped', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, () => 0)).toBe(2000);
    expect(backoffMs(3, 1000, () => 1)).toBe(4000);
    expect(backoffMs(20, 1000, () => 1)).toBe(MAX_RETRY_WAIT_MS);
  });
});

const result = (collector: string, status: CollectorResult['status'], code: ErrorCode | null = null): CollectorResult =>
  ({ collector, status, durationMs: 1, error: code ? { code, message: code } : null, reason: null, records: null }) as CollectorResult;

describe('device outcome', () => {
  it('ok when every collector is ok or not applicable', () => {
    expect(outcomeOf([result('software-information', 'ok'), result('virtual-chassis', 'not-applicable')])).toEqual({ outcome: 'ok', error: null });
  });

  it('partial when another collector failed', () => {
    expect(outcomeOf([result('software-information', 'ok'), result('licenses', 'error', 'RPC_ERROR')])).toEqual({ outcome: 'partial', error: null });
  });

  it.each(['software-information', 'chassis-inventory'])('failed when %s failed, with its error', (name) => {
    expect(outcomeOf([result('route-engine', 'error', 'RPC_ERROR'), result(name, 'error', 'PARSE_ERROR')])).toEqual({
      outcome: 'failed',
      error: { code: 'PARSE_ERROR', message: 'PARSE_ERROR' },
    });
  });
});

describe('run exit code', () => {
  const codeFor = (outcomes: ('ok' | 'partial' | 'failed')[]): number => {
    const tally = new RunTally();
    for (const o of outcomes) tally.add(o, []);
    return exitCodeForRun(tally.report('r', 1));
  };
  it('0 all ok, 3 some partial or failed, 4 none ok, 0 for an empty run', () => {
    expect(codeFor(['ok', 'ok'])).toBe(0);
    expect(codeFor(['ok', 'partial'])).toBe(3);
    expect(codeFor(['ok', 'failed'])).toBe(3);
    expect(codeFor(['failed', 'partial'])).toBe(4);
    expect(codeFor([])).toBe(0);
  });
});

describe('selection', () => {
  const inventory: Inventory = {
    file: '/x/inventory.yaml',
    sites: [],
    credentials: {},
    devices: ['a', 'b', 'c'].map((name) => ({ name, host: name, port: 830, site: null, credentials: 'x' })),
  };

  it('devices in inventory order; unknown names are a usage error', () => {
    expect(selectDevices(inventory, undefined).map((d) => d.name)).toEqual(['a', 'b', 'c']);
    expect(selectDevices(inventory, listOption('c, a')).map((d) => d.name)).toEqual(['a', 'c']);
    expect(() => selectDevices(inventory, ['a', 'zz'])).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('"zz"') }));
  });

  it('collectors in registry order; unknown names are a usage error', () => {
    expect(selectCollectors('all').map((c) => c.name)).toEqual(collectorNames());
    expect(selectCollectors(['interfaces', 'software-information']).map((c) => c.name)).toEqual(['software-information', 'interfaces']);
    expect(() => selectCollectors(['nope'])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('concurrency must be a positive integer', () => {
    expect(parseConcurrency('50')).toBe(50);
    for (const bad of ['0', '-1', '1.5', 'x', '10001']) expect(() => parseConcurrency(bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('worker pool', () => {
  it('never has more than the limit in flight, and does every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachLimited(Array.from({ length: 50 }, (_, i) => i), 7, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      done.push(item);
      inFlight--;
    });
    expect(peak).toBe(7);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('sink failure', () => {
  it('turns the device into a failed one with the sink error, and the run goes on', async () => {
    const run: DeviceRun = {
      collection: { runId: 'r', device: 'd1', collectedAt: new Date().toISOString(), source: 'collect', outcome: 'ok', durationMs: 1, error: null, collectors: [] },
      failures: [],
    };
    await store(run, async () => {
      throw new IbsightError('INTERNAL', 'disk full');
    }, silentLogger());
    expect(run.collection.outcome).toBe('failed');
    expect(run.failures).toEqual([{ device: 'd1', collector: null, code: 'INTERNAL', message: 'not stored: disk full' }]);
  });
});

describe('saved reply file names', () => {
  it('follow the simulator naming: command words, +child, @attr, plain', () => {
    expect(fileNamesForBody('<command>show version invoke-on all-routing-engines</command>')).toEqual(['command+show-version-invoke-on-all-routing-engines.xml']);
    expect(fileNamesForBody('<get-software-information><all-servers/></get-software-information>')).toEqual([
      'get-software-information+all-servers.xml',
      'get-software-information.xml',
    ]);
    expect(fileNamesForBody('<get-configuration database="committed" format="set"/>')).toEqual([
      'get-configuration@database=committed.xml',
      'get-configuration@format=set.xml',
      'get-configuration.xml',
    ]);
  });

  it('a file answers one request of a collector; optional requests may go unanswered; the rest is unused', () => {
    const plans = requestFileNames(collectors);
    const plan = planDevice(new Set(['get-configuration.xml', 'get-software-information.xml', 'file-show.xml']), plans);
    expect(plan.collectors.map((c) => c.collector.name)).toEqual(['software-information', 'configuration']);
    const config = plan.collectors.find((c) => c.collector.name === 'configuration')!;
    expect(config.replies).toEqual([{ key: 'text', file: 'get-configuration.xml' }]);
    expect(config.missing).toEqual([]);
    expect(plan.unused).toEqual(['file-show.xml']);
  });

  it('a required request without its file is named as missing', () => {
    const plan = planDevice(new Set(['get-alarm-information.xml']), requestFileNames(collectors));
    expect(plan.collectors[0]!.missing).toEqual([{ key: 'system', files: ['get-system-alarm-information.xml'] }]);
  });
});
