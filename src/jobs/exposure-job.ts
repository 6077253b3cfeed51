/**
 * One exposure run against the store (issue 6): what `ibsight exposure`, the demo and the agent's
 * schedule run. Reads the snapshot of the devices (src/store/exposure-store.ts), the stored
 * advisories and lifecycle catalog, computes every finding (src/analysis/exposure.ts) with
 * `lifecycle.*` and `reconcile.kinds` / `reconcile.expiringDays` from the configuration, and
 * records the run (first-seen days, trends). Refuses — INPUT_INVALID, nothing recorded — when no
 * device of the store was ever collected: an empty run would read as "no exposure" in the trend.
 * Missing catalogs do not refuse: the run says so in its notes.
 */
import type { IbsightConfig } from '../config/config-types.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { exposure } from '../analysis/exposure.js';
import type { ExposureResult } from '../analysis/exposure-types.js';
import type { Store } from '../store/store-api.js';
import { storedAdvisories } from './advisories-import-job.js';
import { storedLifecycleCatalog } from './lifecycle-import-job.js';

export interface ExposureJobResult {
  exposureRunId: number;
  at: string;
  result: ExposureResult;
}

export async function runExposureJob(options: { config: IbsightConfig; store: Store; now?: Date }): Promise<ExposureJobResult> {
  const { config, store } = options;
  const now = options.now ?? new Date();
  const snapshot = await store.exposureSnapshot();
  if (!snapshot.devices.some((d) => d.lastCollected !== null)) {
    throw new IbsightError('INPUT_INVALID', 'no device of the inventory was ever collected: run `ibsight collect` first');
  }
  const result = exposure({
    snapshot,
    advisories: await storedAdvisories(store),
    lifecycle: await storedLifecycleCatalog(store),
    horizon: config.lifecycle,
    kinds: config.reconcile.kinds,
    expiringDays: config.reconcile.expiringDays,
    now,
  });
  const at = now.toISOString();
  const exposureRunId = await store.recordExposure(result, at);
  return { exposureRunId, at, result };
}
