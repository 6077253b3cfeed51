/**
 * `ibsight report KIND [--format html,csv,json] [--out DIR] [--since ISO] [--site ID]` (SPEC §1):
 * builds a report from the store and writes one file per format, `<kind>.<ext>` (serials:
 * `serials-<site>.<ext>`), in DIR (default the configuration's `delivery.dir`), then prints the
 * paths written (`--json`: `{"report": KIND, "files": [...]}`).
 *  - accuracy: the installed-base accuracy trend over stored reconciliations, per-site accuracy,
 *    and the discrepancies grouped by what the installed-base owner must do (needs a stored
 *    reconciliation: `ibsight reconcile` first).
 *  - serials: the serial numbers of one site (`--site ID`, required) for entitlement activation.
 *  - software: versions per site / model / train, devices per version, the per-member list.
 *  - changes: since `--since` (default: the start of the latest run) — components added,
 *    removed and moved, software and configurations changed, devices failing.
 *  - exposure: advisory findings of the latest exposure run (trend by severity and KEV, per site,
 *    per advisory with KEV first, per device with the past-End-of-Engineering mark) and the
 *    support cover (contract findings); needs a stored exposure run (`ibsight exposure` first).
 *  - lifecycle: hardware and software milestones (EOL, End of Sale, EOE, EOS) passed or upcoming,
 *    per milestone and month, per product and per train; needs a stored exposure run too.
 * Only the kinds built so far are accepted; commander rejects the others (exit 2) with the list.
 * `--since` belongs to changes and `--site` to serials: given to another kind, a usage error.
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
  site?: string;
}

export async function runReport(kind: ReportKind, options: ReportOptions, global: GlobalOptions): Promise<string[]> {
  const formats = parseFormats(options.format);
  if (options.since !== undefined && kind !== 'changes') {
    throw new IbsightError('USAGE', `--since applies to the changes report only, not to "${kind}"`, { context: { option: '--since' } });
  }
  if (options.site !== undefined && kind !== 'serials') {
    throw new IbsightError('USAGE', `--site applies to the serials report only, not to "${kind}"`, { context: { option: '--site' } });
  }
  if (kind === 'serials' && (options.site === undefined || options.site.trim() === '')) {
    throw new IbsightError('USAGE', 'the serials report needs --site ID (the site whose serial numbers to list)', { context: { option: '--site' } });
  }
  const since = options.since === undefined ? null : parseIsoOption('--since', options.since).toISOString();
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const siteNames = kind === 'changes' ? new Map<string, string | null>() : inventorySiteNames(config);
  const storeOptions = { since, siteNames, ...(options.site !== undefined ? { site: options.site } : {}) };
  return withReadStore(config, (store) => writeStoreReport(kind, store, options.out ?? config.delivery.dir, formats, storeOptions));
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'write a report from the store: accuracy (installed-base accuracy trend and what to fix), serials (one site\'s serial numbers, --site), ' +
        'changes (since the last run or --since), software (versions per site/model/train), ' +
        'exposure (advisories per device, KEV first, support cover) or lifecycle (EOL/EOS/EOE milestones of hardware and software)',
    )
    .addArgument(new Argument('<kind>', 'report kind').choices(REPORT_KINDS))
    .option('--format <list>', 'comma-separated formats: html, csv, json', 'html,csv,json')
    .option('--out <dir>', "output directory (default: the configuration's delivery.dir)")
    .option('--since <iso>', 'changes report: start of the period (default: the start of the latest run)')
    .option('--site <id>', 'serials report (required there): the site whose serial numbers to list')
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
