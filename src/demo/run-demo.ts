/**
 * `ibsight demo`: the main job end to end on an embedded default, in two rounds so the result has
 * history: a baseline collection of the whole lab while every device still answers, then today's
 * collection of the lab as it is (src/demo/demo-lab.ts: two devices now fail). Each round starts
 * the built-in simulated lab in this process, writes its inventory, password file (0600, a
 * password made for this demo) and known_hosts under DIR/lab, collects every device into the
 * store DIR/ibsight.db (configuration DIR/ibsight.yaml, strict host keys), and reconciles with the
 * lab's installed base (src/demo/demo-installed-base.ts, imported once into DIR/lab). It loads the
 * shipped example advisory catalog (config/advisories.example.yaml: real Juniper advisories, our
 * titles) and example lifecycle catalog (config/lifecycle.example.yaml: illustrative dates) and
 * runs exposure after each round (and, with `influx`, writes the metric points into InfluxDB). Then
 * it writes the software, changes, accuracy, exposure, lifecycle and per-site serials reports to
 * DIR/reports and builds the Grafana dashboards into DIR/dashboards. The store
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
import { EXAMPLE_ADVISORY_CATALOG, runAdvisoriesImportJob } from '../jobs/advisories-import-job.js';
import { runExposureJob } from '../jobs/exposure-job.js';
import { runLifecycleImportJob } from '../jobs/lifecycle-import-job.js';
import { runReconcileJob } from '../jobs/reconcile-job.js';
import { EXAMPLE_LIFECYCLE_CATALOG } from '../lifecycle/read-lifecycle-catalogs.js';
import type { ExposureCounts } from '../analysis/exposure-types.js';
import type { InfluxConfig } from '../config/config-types.js';
import { createInfluxSink } from '../outputs/influx-sink.js';
import { buildStoreMetricPoints } from '../outputs/metric-points.js';
import type { MetricSink } from '../outputs/metric-sink.js';
import { runMetricPoints } from '../outputs/run-points.js';
import type { ReconcileCounts } from '../analysis/reconcile-types.js';
import type { IbsightConfig } from '../config/config-types.js';
import type { Store } from '../store/store-api.js';
import { writeStoreReport, type ReportKind } from '../reports/store-reports.js';
import { writeDashboards } from '../../dashboards/build.js';
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
  /** Catalogs loaded: advisories and lifecycle entries stored. */
  catalogs: { advisories: number; lifecycle: number };
  /** The exposure run after each round: baseline, then today. */
  exposure: { id: number; at: string; summary: ExposureCounts }[];
  /** With `influx`: the points written after each round (store state and run metrics), how many were delivered and how many had to wait in the spool (DIR/spool). */
  influx: { url: string; points: number; delivered: number; spooled: number; errorCode: string | null } | null;
  /** Devices the lab makes fail on purpose, and the devices that failed. */
  expectedFailures: string[];
  reports: string[];
  /** The Grafana dashboards and provisioning files, built into DIR/dashboards. */
  dashboards: string[];
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

export interface DemoOptions {
  /** Write the metric points into this InfluxDB after each round (spool under DIR/spool). */
  influx?: InfluxConfig | null;
}

export async function runDemo(outDir: string, logger: Logger, now: () => Date = () => new Date(), options: DemoOptions = {}): Promise<DemoResult> {
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
  const sink: MetricSink | null = options.influx ? createInfluxSink(options.influx, { spoolDir: join(out, 'spool'), logger }) : null;
  const influx: DemoResult['influx'] = options.influx ? { url: options.influx.url, points: 0, delivered: 0, spooled: 0, errorCode: null } : null;
  const writePoints = async (run: RunReport): Promise<void> => {
    if (sink === null || influx === null) return;
    const at = now();
    const points = [...(await buildStoreMetricPoints(store, at)), ...runMetricPoints(run, at, { overruns: 0 })];
    const written = await sink.write(points);
    influx.points += points.length;
    influx.delivered += written.delivered;
    influx.spooled += written.spooled;
    influx.errorCode = written.errorCode ?? influx.errorCode;
  };
  try {
    const reconciliations: DemoResult['reconciliations'] = [];
    const reconcileRound = async (config: IbsightConfig): Promise<void> => {
      const job = await runReconcileJob({ config, inventory: loadInventory(config.inventory), store, now: now() });
      reconciliations.push({ id: job.reconciliationId, at: job.at, summary: job.result.summary });
    };
    const exposure: DemoResult['exposure'] = [];
    const exposureRound = async (config: IbsightConfig): Promise<void> => {
      const job = await runExposureJob({ config, store, now: now() });
      exposure.push({ id: job.exposureRunId, at: job.at, summary: job.result.summary });
    };
    const baseline = await collectRound(baselinePlan, lab, configFile, store, logger);
    const installedBase = (await runIbImportJob({ store, file: ibFile, replace: 'all', now: now() })).summary;
    const catalogs = {
      advisories: (await runAdvisoriesImportJob({ store, paths: [EXAMPLE_ADVISORY_CATALOG], replaceAll: true, now: now() })).summary.total,
      lifecycle: (await runLifecycleImportJob({ store, paths: [EXAMPLE_LIFECYCLE_CATALOG], replaceAll: true, now: now() })).summary.total,
    };
    await reconcileRound(baseline.config);
    await exposureRound(baseline.config);
    await writePoints(baseline.run);
    const today = await collectRound(plan, lab, configFile, store, logger);
    await reconcileRound(today.config);
    await exposureRound(today.config);
    await writePoints(today.run);

    const config = today.config;
    const siteNames = new Map(loadInventory(config.inventory).sites.map((s) => [s.id, s.name] as const));
    const reports: string[] = [];
    for (const kind of ['software', 'changes', 'accuracy', 'exposure', 'lifecycle'] as ReportKind[]) {
      reports.push(...(await writeStoreReport(kind, store, config.delivery.dir, ['html', 'csv', 'json'], { siteNames })));
    }
    for (const site of siteNames.keys()) {
      reports.push(...(await writeStoreReport('serials', store, config.delivery.dir, ['csv'], { siteNames, site })));
    }
    return { out, config: configFile, run: today.run, baseline: baseline.run, installedBase, reconciliations, catalogs, exposure, influx, expectedFailures, reports,
      dashboards: writeDashboards(join(out, 'dashboards')) };
  } finally {
    await sink?.close();
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
