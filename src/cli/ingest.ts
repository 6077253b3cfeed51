/**
 * `ibsight ingest DIR [--inventory FILE]`: loads saved replies (`DIR/<device>/<rpc>.xml`, e.g. from
 * an air-gapped site) into the store as if collected, marked `source: ingest` with the files'
 * time (src/collect/ingest-run.ts). Prints the run summary (`--json`: the collect summary plus
 * `"skipped":[{"entry","reason"}]` for directories that are not inventory devices).
 * Exit codes as for collect; DIR missing or unreadable is an input error (2).
 */
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { collectors } from '../../collectors/index.js';
import { runIngest } from '../collect/ingest-run.js';
import { createProgress } from '../collect/run-progress.js';
import { collectorNamesOf } from '../collect/run-selection.js';
import { exitCodeForRun } from '../collect/run-summary.js';
import { runSummaryText } from '../collect/run-summary-text.js';
import { loadConfig } from '../config/load-config.js';
import { loadInventory } from '../config/load-inventory.js';
import { loadScrubKey } from '../config/scrub-key.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { log } from '../log/logger.js';
import { withStore } from './store-command.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface IngestOptions {
  inventory?: string;
}

async function requireDirectory(dir: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (err) {
    throw new IbsightError('INPUT_INVALID', `${dir}: cannot read: ${(err as Error).message}`, { cause: err, context: { file: dir } });
  }
  if (!isDir) throw new IbsightError('INPUT_INVALID', `${dir} is not a directory (expected DIR/<device>/<rpc>.xml)`, { context: { file: dir } });
}

async function runIngestCommand(dirArg: string, options: IngestOptions, global: GlobalOptions): Promise<void> {
  const logger = log();
  const dir = resolve(dirArg);
  await requireDirectory(dir);
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const inventory = loadInventory(options.inventory ?? config.inventory);
  const report = await withStore(config, global, async (store) => {
    const scrubKey = loadScrubKey(config, { logger });
    await store.syncInventory(inventory);
    const runId = randomUUID();
    await store.beginRun({ runId, kind: 'ingest', startedAt: new Date().toISOString(), collectors: collectorNamesOf(collectors) });
    const ingested = await runIngest({
      runId,
      dir,
      devices: inventory.devices,
      collectors,
      scrubKey,
      sink: (result) => store.recordDevice(result),
      logger,
      progress: (total) => createProgress({ total, label: 'ingest', logger }),
    });
    await store.finishRun(runId, { finishedAt: new Date().toISOString(), durationMs: ingested.durationMs, devices: ingested.devices });
    return ingested;
  });
  if (report === undefined) return;
  if (global.json) printJson(report);
  else process.stdout.write(runSummaryText(report, 'ingest run', report.skipped.map((s) => `skipped ${s.entry}: ${s.reason}`)));
  process.exitCode = exitCodeForRun(report);
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('load saved replies (DIR/<device>/<rpc>.xml) into the store as if collected')
    .argument('<dir>', 'directory with one sub-directory per inventory device')
    .option('--inventory <file>', "inventory file (YAML, or CSV by extension); default: the configuration's inventory")
    .action(async (dir: string, options: IngestOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runIngestCommand(dir, options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
