/**
 * `ibsight config-diff DEVICE [--from ISO] [--to ISO]`: the unified diff between two stored
 * (scrubbed) configuration snapshots of a device — by default the previous one against the
 * latest; with a time, the snapshot current then (src/reports/config-diff.ts says how they are
 * chosen). Headers name the snapshot, when it was first seen, its commit time and user.
 * Identical snapshots (or only one stored) print "no change" and exit 0; an unknown device or no
 * snapshot at all exits 2. `--json`: `{"device","from","to","changed","diff"}`.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { chooseSnapshots, configDiffDocument, snapshotLabel, type ConfigDiffDocument } from '../reports/config-diff.js';
import { parseIsoOption } from '../reports/iso-time.js';
import { withReadStore } from '../reports/report-store.js';
import type { Store } from '../store/store-api.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface DiffOptions {
  from?: string;
  to?: string;
}

async function diffDocument(store: Store, device: string, options: DiffOptions): Promise<ConfigDiffDocument> {
  if ((await store.deviceDetail(device)) === null) {
    throw new IbsightError('INPUT_INVALID', `unknown device "${device}" (see \`ibsight devices\`)`, { context: { device } });
  }
  const choice = chooseSnapshots(device, await store.configSnapshots(device), options);
  const text = async (id: number): Promise<string> => {
    const t = await store.configText(id);
    if (t === null) throw new IbsightError('INTERNAL', `${device}: the text of configuration snapshot #${id} is missing from the store`, { context: { device, snapshot: id } });
    return t;
  };
  const fromText = await text(choice.from.id);
  const toText = choice.to.id === choice.from.id ? fromText : await text(choice.to.id);
  return configDiffDocument(device, choice, fromText, toText);
}

export function register(program: Command): void {
  program
    .command('config-diff')
    .description('unified diff between two stored configuration snapshots of a device (default: previous → latest)')
    .argument('<device>', 'device name as in the inventory')
    .option('--from <iso>', 'the snapshot current at this time (default: the one before --to)')
    .option('--to <iso>', 'the snapshot current at this time (default: the latest)')
    .action(async (device: string, options: DiffOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        if (options.from !== undefined) parseIsoOption('--from', options.from);
        if (options.to !== undefined) parseIsoOption('--to', options.to);
        const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
        const doc = await withReadStore(config, (store) => diffDocument(store, device, options));
        if (global.json) printJson(doc);
        else if (doc.changed) process.stdout.write(doc.diff);
        else if (doc.from.id === doc.to.id) process.stdout.write(`no change: ${snapshotLabel(device, doc.to)} is the snapshot at both ends\n`);
        else process.stdout.write(`no change between ${snapshotLabel(device, doc.from)} and ${snapshotLabel(device, doc.to)}\n`);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
