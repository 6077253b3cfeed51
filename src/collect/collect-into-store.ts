/**
 * One collection run recorded in the store: the inventory synchronised, the run begun, every
 * device collected into `recordDevice`, the run finished and old history pruned
 * (`storage.retainDays`). Shared by `ibsight collect`, `ibsight demo` and the agent, whose
 * `signal` stops a run early (no further device started; the run still finished and recorded).
 */
import { randomUUID } from 'node:crypto';
import type { Collector } from '../../collectors/collector.js';
import type { IbsightConfig, Inventory, InventoryDevice } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store-api.js';
import { runCollection } from './collection-run.js';
import { createProgress } from './run-progress.js';
import { collectorNamesOf } from './run-selection.js';
import type { RunReport } from './run-summary.js';

export interface CollectIntoStoreOptions {
  config: IbsightConfig;
  inventory: Inventory;
  devices: InventoryDevice[];
  collectors: Collector[];
  concurrency: number;
  scrubKey: Buffer;
  store: Store;
  logger: Logger;
  /** When aborted, no further device is started; the run is still finished and recorded. */
  signal?: AbortSignal;
}

export async function collectIntoStore(o: CollectIntoStoreOptions): Promise<RunReport> {
  await o.store.syncInventory(o.inventory);
  const runId = randomUUID();
  await o.store.beginRun({ runId, kind: 'collect', startedAt: new Date().toISOString(), collectors: collectorNamesOf(o.collectors) });
  const progress = createProgress({ total: o.devices.length, label: 'collect', logger: o.logger });
  let report: RunReport;
  try {
    report = await runCollection({
      runId,
      devices: o.devices,
      inventory: o.inventory,
      collectors: o.collectors,
      config: o.config,
      concurrency: o.concurrency,
      scrubKey: o.scrubKey,
      sink: (result) => o.store.recordDevice(result),
      logger: progress.logger,
      onDevice: (run) => progress.tick(run),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    progress.stop();
  }
  await o.store.finishRun(runId, { finishedAt: new Date().toISOString(), durationMs: report.durationMs, devices: report.devices });
  if (o.signal?.aborted === true) return report; // stopping: pruning is left to the next run
  const pruned = await o.store.prune(o.config.storage.retainDays);
  if (pruned > 0) o.logger.info({ pruned, retainDays: o.config.storage.retainDays }, 'old history pruned');
  return report;
}
