/**
 * `ibsight collect [--inventory FILE] [--devices a,b] [--collectors x,y] [--concurrency N]
 * [--accept-new-host-keys]`: one collection run (SPEC §2.4). Loads the configuration and the
 * inventory, opens the store, records the inventory and the run, collects every selected device
 * (src/collect/) into the store, and prints the run summary — `--json`: `{"runId","durationMs",
 * "devices":{"total","ok","partial","failed"},"failures":[{"device","collector","code","message"}]}`.
 * Exit 0 every device ok, 3 some partial or failed, 4 none ok or the store cannot be opened,
 * 2 configuration errors or unknown device/collector names.
 * `--accept-new-host-keys` runs with `ssh.hostKeyPolicy: accept-new` (a changed key is still
 * refused): for accepting a key once, after verifying its fingerprint out of band.
 */
import type { Command } from 'commander';
import { collectIntoStore } from '../collect/collect-into-store.js';
import { listOption, parseConcurrency, selectCollectors, selectDevices } from '../collect/run-selection.js';
import { exitCodeForRun } from '../collect/run-summary.js';
import { runSummaryText } from '../collect/run-summary-text.js';
import type { IbsightConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { loadInventory } from '../config/load-inventory.js';
import { loadScrubKey } from '../config/scrub-key.js';
import { log } from '../log/logger.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';
import { withStore } from './store-command.js';

interface CollectOptions {
  inventory?: string;
  devices?: string;
  collectors?: string;
  concurrency?: string;
  acceptNewHostKeys?: boolean;
}

async function runCollect(options: CollectOptions, global: GlobalOptions): Promise<void> {
  const logger = log();
  const loaded = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const config: IbsightConfig = options.acceptNewHostKeys ? { ...loaded, ssh: { ...loaded.ssh, hostKeyPolicy: 'accept-new' } } : loaded;
  const inventory = loadInventory(options.inventory ?? config.inventory);
  const devices = selectDevices(inventory, options.devices === undefined ? undefined : listOption(options.devices));
  const collectors = selectCollectors(options.collectors === undefined ? config.collection.collectors : listOption(options.collectors));
  const concurrency = options.concurrency === undefined ? config.collection.concurrency : parseConcurrency(options.concurrency);
  if (options.acceptNewHostKeys) logger.warn({ knownHosts: config.ssh.knownHosts }, 'accepting and recording unknown host keys for this run (accept-new)');
  const report = await withStore(config, global, (store) =>
    collectIntoStore({ config, inventory, devices, collectors, concurrency, scrubKey: loadScrubKey(config, { logger }), store, logger }),
  );
  if (report === undefined) return;
  if (global.json) printJson(report);
  else process.stdout.write(runSummaryText(report, 'collect run'));
  process.exitCode = exitCodeForRun(report);
}

export function register(program: Command): void {
  program
    .command('collect')
    .description('collect every device of the inventory over NETCONF into the store (one run)')
    .option('--inventory <file>', "inventory file (YAML, or CSV by extension); default: the configuration's inventory")
    .option('--devices <names>', 'only these devices (comma-separated names from the inventory)')
    .option('--collectors <names>', 'only these collectors (comma-separated); default: collection.collectors')
    .option('--concurrency <n>', 'devices collected at once; default: collection.concurrency')
    .option('--accept-new-host-keys', 'record unknown host keys (after verifying their fingerprints out of band); changed keys are still refused')
    .action(async (options: CollectOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runCollect(options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
