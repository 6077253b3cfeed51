/**
 * `ibsight report KIND [--format html,csv,json] [--out DIR] [--since ISO]` (SPEC §1): builds a
 * report from the store and writes one file per format, `<kind>.<ext>`, in DIR (default the
 * configuration's `delivery.dir`), then prints the paths written (`--json`:
 * `{"report": KIND, "files": [...]}`).
 *  - software: versions per site / model / train, devices per version, the per-member list.
 *  - changes: since `--since` (default: the start of the latest run) — components added,
 *    removed and moved, software and configurations changed, devices failing.
 * Only the kinds built so far are accepted; commander rejects the others (exit 2) with the list.
 */
import { Argument, type Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { parseIsoOption } from '../reports/iso-time.js';
import { parseFormats } from '../reports/report-files.js';
import { inventorySiteNames, withReadStore } from '../reports/report-store.js';
import { REPORT_KINDS, writeStoreReport, type ReportKind } from '../reports/store-reports.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface ReportOptions {
  format: string;
  out?: string;
  since?: string;
}

export async function runReport(kind: ReportKind, options: ReportOptions, global: GlobalOptions): Promise<string[]> {
  const formats = parseFormats(options.format);
  if (options.since !== undefined && kind !== 'changes') {
    throw new IbsightError('USAGE', `--since applies to the changes report only, not to "${kind}"`, { context: { option: '--since' } });
  }
  const since = options.since === undefined ? null : parseIsoOption('--since', options.since).toISOString();
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const siteNames = kind === 'software' ? inventorySiteNames(config) : new Map<string, string | null>();
  return withReadStore(config, (store) => writeStoreReport(kind, store, options.out ?? config.delivery.dir, formats, { since, siteNames }));
}

export function register(program: Command): void {
  program
    .command('report')
    .description('write a report from the store: software (versions per site/model/train) or changes (since the last run or --since)')
    .addArgument(new Argument('<kind>', 'report kind').choices(REPORT_KINDS))
    .option('--format <list>', 'comma-separated formats: html, csv, json', 'html,csv,json')
    .option('--out <dir>', "output directory (default: the configuration's delivery.dir)")
    .option('--since <iso>', 'changes report: start of the period (default: the start of the latest run)')
    .action(async (kind: ReportKind, options: ReportOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const files = await runReport(kind, options, global);
        if (global.json) printJson({ report: kind, files });
        else process.stdout.write(`${files.join('\n')}\n`);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
