/**
 * `ibsight ib import FILE [--mapping FILE] [--replace sites|all]` (SPEC §4): imports the vendor's
 * installed base from CSV. Prints the import summary and every rejected row with its line number
 * and reason (`--json`: `{"import": {...summary}, "rejected": [{"line","serialNumber","code","reason"}]}`).
 * Exit 0 when every row was imported, 3 when some rows were rejected (the good ones are imported),
 * 2 when the file, the mapping or every row is unusable (the store is then unchanged).
 */
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { IbReplaceMode } from '../installed-base/installed-base-types.js';
import { runIbImportJob, type IbImportJobResult } from '../jobs/ib-import-job.js';
import { withStore } from './store-command.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface ImportOptions {
  mapping?: string;
  replace: IbReplaceMode;
}

/** Rejected rows listed in the text output; `--json` has them all. */
const TEXT_REJECTIONS = 50;

export function importSummaryText({ summary, rejected }: IbImportJobResult): string {
  const lines = [
    `installed base imported from ${summary.file} (import ${summary.importId}, replace ${summary.replace})`,
    `  rows read:        ${summary.rowsRead}`,
    `  serials stored:   ${summary.records}`,
    `  rows rejected:    ${summary.rejectedRows}`,
    `  sites replaced:   ${summary.sitesReplaced.length === 0 ? '-' : summary.sitesReplaced.join(', ')}`,
    `  records removed:  ${summary.recordsRemoved}`,
  ];
  for (const r of rejected.slice(0, TEXT_REJECTIONS)) {
    lines.push(`  line ${r.line}: ${r.code}${r.serialNumber === null ? '' : ` (${r.serialNumber})`}: ${r.reason}`);
  }
  if (rejected.length > TEXT_REJECTIONS) lines.push(`  ... and ${rejected.length - TEXT_REJECTIONS} more rejected rows (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

async function runImport(file: string, options: ImportOptions, global: GlobalOptions): Promise<void> {
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const result = await withStore(config, global, (store) =>
    runIbImportJob({ store, file: resolve(file), mapping: options.mapping === undefined ? undefined : resolve(options.mapping), replace: options.replace }),
  );
  if (result === undefined) return;
  if (global.json) printJson({ import: result.summary, rejected: result.rejected });
  else process.stdout.write(importSummaryText(result));
  process.exitCode = result.rejected.length > 0 ? ExitCode.Partial : ExitCode.Ok;
}

export function register(program: Command): void {
  const ib = program.command('ib').description("the vendor's installed base (serials, sites, SKUs, contracts)");
  ib.command('import')
    .description('import installed-base records from CSV (native columns, or any layout with --mapping)')
    .argument('<file>', 'CSV file with a header row')
    .option('--mapping <file>', 'YAML mapping: native column -> column of this file (and optionally dateFormat)')
    .addOption(
      new Option('--replace <scope>', 'replace the installed base of the sites in the file, or all of it').choices(['sites', 'all']).default('sites'),
    )
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runImport(file, options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
