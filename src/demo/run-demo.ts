/**
 * `ibsight demo`: the main job end to end on an embedded default. Starts the built-in simulated
 * lab (src/demo/demo-lab.ts) in this process, writes its inventory, password file (0600, a
 * password made for this demo) and known_hosts under DIR/lab, a configuration DIR/ibsight.yaml
 * (store DIR/ibsight.db, strict host keys), collects every device into the store, writes the
 * software and changes reports to DIR/reports, and stops the lab. The store and the configuration
 * stay, so `ibsight devices --config DIR/ibsight.yaml` (and show, config-diff, report) explore it.
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
import { writeStoreReport, type ReportKind } from '../reports/store-reports.js';
import { parseFleetText } from '../sim/fleet-file.js';
import { writeInventory, writeKnownHosts } from '../sim/inventory-writer.js';
import { findFreePortRange } from '../sim/port-range.js';
import { startSimulator } from '../sim/simulator.js';
import { openStore } from '../store/open-store.js';
import { demoFleetText } from './demo-lab.js';

export interface DemoResult {
  out: string;
  config: string;
  run: RunReport;
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

export async function runDemo(outDir: string, logger: Logger): Promise<DemoResult> {
  const out = resolve(outDir);
  const lab = join(out, 'lab');
  mkdirSync(lab, { recursive: true, mode: 0o700 });
  const fleetFile = join(lab, 'fleet.yaml');
  const plan = parseFleetText(demoFleetText(randomBytes(18).toString('base64url')), fleetFile);
  const expectedFailures = plan.devices.filter((d) => d.fault !== null).map((d) => d.name);

  const sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: logger.child({ component: 'sim' }) });
  try {
    writeKnownHosts(join(lab, 'known_hosts'), sim.devices);
    writeInventory(join(lab, 'inventory.yaml'), plan, sim.devices);
    const configFile = join(out, 'ibsight.yaml');
    writeFileSync(configFile, demoConfigText());

    const config = loadConfig({ file: configFile });
    const inventory = loadInventory(config.inventory);
    const store = await openStore({ sqlite: config.storage.sqlite, logger });
    try {
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
      const siteNames = new Map(inventory.sites.map((s) => [s.id, s.name] as const));
      const reports: string[] = [];
      for (const kind of ['software', 'changes'] as ReportKind[]) {
        reports.push(...(await writeStoreReport(kind, store, config.delivery.dir, ['html', 'csv', 'json'], { siteNames })));
      }
      return { out, config: configFile, run, expectedFailures, reports };
    } finally {
      await store.close();
    }
  } finally {
    await sim.close();
  }
}

/** Whether the run went as the lab intends: every device ok except the faulty ones, which failed. */
export function demoWentAsPlanned(result: DemoResult): boolean {
  const failed = new Set(result.run.failures.filter((f) => f.collector === null).map((f) => f.device));
  const expected = new Set(result.expectedFailures);
  return result.run.devices.ok === result.run.devices.total - expected.size && [...expected].every((d) => failed.has(d));
}
