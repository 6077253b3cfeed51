/**
 * One collection run over a set of inventory devices: a bounded pool of devices in flight
 * (default `collection.concurrency`), each collected by collectDevice and handed to the sink
 * (the CLI passes the store's `recordDevice`) as soon as it is done, then tallied into the run
 * summary (SPEC §2.4). A device whose result the sink cannot take counts as failed, with the
 * sink's error code; the run goes on. Per-device work stays small: no serialisation of results
 * here, no synchronous file access per device (credentials are resolved once per credential).
 * An aborted `signal` (the agent stopping) starts no further device: devices in flight finish and
 * are stored, and the report counts only the devices that were collected.
 */
import type { Collector } from '../../collectors/collector.js';
import type { IbsightConfig, Inventory, InventoryDevice } from '../config/config-types.js';
import { toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import type { ConnectOptions } from '../netconf/session.js';
import type { DeviceCollection } from '../store/store-api.js';
import { collectDevice, type CollectSession, type DeviceRun, type DeviceRunSettings } from './device-collection.js';
import { CredentialResolver } from './device-credentials.js';
import { DEFAULT_RETRY_BASE_MS } from './retry-policy.js';
import { RunTally, type RunReport } from './run-summary.js';
import { forEachLimited } from './worker-pool.js';

export type DeviceSink = (result: DeviceCollection) => Promise<void>;

export interface CollectionRunOptions {
  runId: string;
  /** The devices to collect, in order. */
  devices: readonly InventoryDevice[];
  /** Where the devices' credentials are defined. */
  inventory: Pick<Inventory, 'file' | 'credentials'>;
  /** In registry order (collectors/index.ts). */
  collectors: readonly Collector[];
  config: Pick<IbsightConfig, 'ssh' | 'collection'>;
  /** Overrides `collection.concurrency` (the `--concurrency` flag). */
  concurrency?: number;
  scrubKey: Buffer;
  sink: DeviceSink;
  logger: Logger;
  /** Called after each device is stored (progress). */
  onDevice?: (run: DeviceRun) => void;
  /** First retry waits about this long (doubling after). Default 1000 ms. */
  retryBaseMs?: number;
  /** Largest reply accepted per RPC; default the session's (128 MiB). */
  maxReplyBytes?: number;
  connect?: (options: ConnectOptions) => Promise<CollectSession>;
  /** When aborted, no further device is started (those in flight finish). */
  signal?: AbortSignal;
}

export async function runCollection(options: CollectionRunOptions): Promise<RunReport> {
  const started = performance.now();
  const logger = options.logger.child({ run: options.runId });
  const { collection } = options.config;
  const concurrency = options.concurrency ?? collection.concurrency;
  const settings: DeviceRunSettings = {
    runId: options.runId,
    collectors: options.collectors,
    credentials: new CredentialResolver(options.inventory, logger),
    ssh: options.config.ssh,
    connectTimeoutMs: collection.connectTimeoutMs,
    rpcTimeoutMs: collection.rpcTimeoutMs,
    retries: collection.retries,
    retryBaseMs: options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
    maxReplyBytes: options.maxReplyBytes,
    parseContext: { scrubKey: options.scrubKey },
    logger,
    ...(options.connect ? { connect: options.connect } : {}),
  };
  logger.info(
    { devices: options.devices.length, collectors: options.collectors.map((c) => c.name), concurrency, retries: collection.retries },
    'collection run started',
  );
  const tally = new RunTally();
  const startedDevices = await forEachLimited(
    options.devices,
    concurrency,
    async (device) => {
      const run = await collectDevice(device, settings);
      await store(run, options.sink, logger);
      tally.add(run.collection.outcome, run.failures);
      options.onDevice?.(run);
    },
    options.signal,
  );
  if (startedDevices < options.devices.length) {
    logger.warn({ started: startedDevices, notStarted: options.devices.length - startedDevices }, 'collection run stopped early: the remaining devices were not started');
  }
  const report = tally.report(options.runId, Math.round(performance.now() - started));
  logger.info({ durationMs: report.durationMs, devices: report.devices }, 'collection run finished');
  return report;
}

/** Hands a device's result to the sink; a sink failure turns the device into a failed one. */
export async function store(run: DeviceRun, sink: DeviceSink, logger: Logger): Promise<void> {
  try {
    await sink(run.collection);
  } catch (err) {
    const e = toIbsightError(err);
    logger.error({ device: run.collection.device, code: e.code, err: e }, `could not store the device's results: ${e.message}`);
    run.collection.outcome = 'failed';
    run.failures.push({ device: run.collection.device, collector: null, code: e.code, message: `not stored: ${e.message}` });
  }
}
