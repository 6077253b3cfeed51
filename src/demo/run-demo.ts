/**
 * `ibsight demo`: the main job end to end on an embedded default, in two rounds so the result has
 * history: a baseline collection of the whole lab while every device still answers, then today's
 * collection of the lab as it is (src/demo/demo-lab.ts: two devices now fail). Each round starts
 * the built-in simulated lab in this process, writes its inventory, password file (0600, a
 * password made for this demo) and known_hosts under DIR/lab, collects every device into the
 * store DIR/ibsight.db (configuration DIR/ibsight.yaml, strict host keys), and reconciles with the
 * lab's installed base (src/demo/demo-installed-base.ts, imported once into DIR/lab). Then it
 * writes the software, changes, accuracy and per-site serials reports to DIR/reports. The store
 * and the configuration stay, so `ibsight devices --config DIR/ibsight.yaml` (and show,
 * config-diff, reconcile, report) explore it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectors as allCollectors } from '../../collectors/index.js';
import { collectIntoStore } from '../collect/collect-into-store.js';
import type { RunReport } from '../collect/run-summary.js';
import { loadConfig } from '../config/load-config.js';
import { loadInventory } from '../config/load-inventory.js';
import { loadScrubKey } from '../config/scrub-key.js';
import type { Logger } from '../log/logger.js';
import { runIbImportJob, type IbImportJobResult } from '../jobs/ib-import-job.js';
import { runReconcileJob } from '../jobs/reconcile-job.js';
import type { ReconcileCounts } from '../analysis/reconcile-types.js';
import type { IbsightConfig } from '../config/config-types.js';
import type { Store } from '../store/store-api.js';
import { writeStoreReport, type ReportKind } from '../reports/store-reports.js';
import { parseFleetText, type FleetPlan } from '../sim/fleet-file.js';
import { writeInventory, writeKnownHosts } from '../sim/inventory-writer.js';
import { findFreePortRange } from '../sim/port-range.js';
import { startSimulator } from '../sim/simulator.js';
import { openStore } from '../store/open-store.js';
import { demoInstalledBaseText } from './demo-installed-base.js';
import { demoFleetText } from './demo-lab.js';

export interface DemoResult {
  out: string;
  config: string;
  /** Today's collection run (the second round). */
  run: RunReport;
  /** The baseline round, when every device of the lab still answered. */
  baseline: RunReport;
  installedBase: IbImportJobResult['summary'];
  /** The reconciliation after each round: baseline, then today. */
  reconciliations: { id: number; at: string; summary: ReconcileCounts }[];
  /** Devices the lab makes fail on purpose, and the devices that failed. */
  expectedFailures: string[];
  reports: string[];
}

/** Short timeouts: the lab is local, and its hanging device should not hold the demo for long. */
function demoConfigText(): string {
  return [
    '# Written by `ibsight demo`: the configuration of its simulated lab (see config/ibsight.example.yaml).',
    'storage: { sqlite: ./ibsight.db, retainDays: 730 }',
    'ssh: { knownHosts: ./lab/known_hosts, hostKeyPolicy: strict }',
    'collection: { concurrency: 50, connectTimeoutMs: 4000, rpcTimeoutMs: 20000, retries: 0 }',
    'inventory: ./lab/inventory.yaml',
    'delivery: { dir: ./reports }',
    '',
  ].join('\n');
}

/** One round: the lab up on free ports, its inventory and known_hosts written, every device collected. */
async function collectRound(plan: FleetPlan, lab: string, configFile: string, store: Store, logger: Logger): Promise<{ run: RunReport; config: IbsightConfig }> {
  const sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: logger.child({ component: 'sim' }) });
  try {
    writeKnownHosts(join(lab, 'known_hosts'), sim.devices);
    writeInventory(join(lab, 'inventory.yaml'), plan, sim.devices);
    const config = loadConfig({ file: configFile });
    const inventory = loadInventory(config.inventory);
    const run = await collectIntoStore({
      config,
      inventory,
      devices: inventory.devices,
      collectors: [...allCollectors],
      concurrency: config.collection.concurrency,
      scrubKey: loadScrubKey(config, { logger }),
      store,
      logger,
    });
    return { run, config };
  } finally {
    await sim.close();
  }
}

export async function runDemo(outDir: string, logger: Logger, now: () => Date = () => new Date()): Promise<DemoResult> {
  const out = resolve(outDir);
  const lab = join(out, 'lab');
  mkdirSync(lab, { recursive: true, mode: 0o700 });
  const plan = parseFleetText(demoFleetText(randomBytes(18).toString('base64url')), join(lab, 'fleet.yaml'));
  const baselinePlan: FleetPlan = { ...plan, devices: plan.devices.map((d) => ({ ...d, fault: null })) };
  const expectedFailures = plan.devices.filter((d) => d.fault !== null).map((d) => d.name);
  const configFile = join(out, 'ibsight.yaml');
  writeFileSync(configFile, demoConfigText());
  const ibFile = join(lab, 'installed-base.csv');
  writeFileSync(ibFile, demoInstalledBaseText(now()));

  const store = await openStore({ sqlite: loadConfig({ file: configFile }).storage.sqlite, logger });
  try {
    const reconciliations: DemoResult['reconciliations'] = [];
    const reconcileRound = async (config: IbsightConfig): Promise<void> => {
      const job = await runReconcileJob({ config, inventory: loadInventory(config.inventory), store, now: now() });
      reconciliations.push({ id: job.reconciliationId, at: job.at, summary: job.result.summary });
    };
    const baseline = await collectRound(baselinePlan, lab, configFile, store, logger);
    const installedBase = (await runIbImportJob({ store, file: ibFile, replace: 'all', now: now() })).summary;
    await reconcileRound(baseline.config);
    const today = await collectRound(plan, lab, configFile, store, logger);
    await reconcileRound(today.config);

    const config = today.config;
    const siteNames = new Map(loadInventory(config.inventory).sites.map((s) => [s.id, s.name] as const));
    const reports: string[] = [];
    for (const kind of ['software', 'changes', 'accuracy'] as ReportKind[]) {
      reports.push(...(await writeStoreReport(kind, store, config.delivery.dir, ['html', 'csv', 'json'], { siteNames })));
    }
    for (const site of siteNames.keys()) {
      reports.push(...(await writeStoreReport('serials', store, config.delivery.dir, ['csv'], { siteNames, site })));
    }
    return { out, config: configFile, run: today.run, baseline: baseline.run, installedBase, reconciliations, expectedFailures, reports };
  } finally {
    await store.close();
  }
}

/** Whether the run went as the lab intends: every device ok except the faulty ones, which failed. */
export function demoWentAsPlanned(result: DemoResult): boolean {
  const failed = new Set(result.run.failures.filter((f) => f.collector === null).map((f) => f.device));
  const expected = new Set(result.expectedFailures);
  return (
    result.baseline.devices.ok === result.baseline.devices.total &&
    result.run.devices.ok === result.run.devices.total - expected.size &&
    [...expected].every((d) => failed.has(d))
  );
}
