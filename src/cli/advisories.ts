/**
 * `ibsight advisories import PATH... [--replace]` (SPEC §1, §7): loads advisories — Juniper's CVE
 * JSON 5 records (`.json`) and our YAML catalogs (`.yaml`, docs/advisories.md), files or
 * directories — into the store, where `ibsight exposure` reads them. Prints the import summary and
 * every warning naming file, advisory and entry (`--json`: `{"import": {...}, "filesRead",
 * "filesUnreadable", "warnings": [{"file","id","entry","message"}]}`).
 * Exit 0 when everything was understood, 3 when some files or entries gave warnings (what was read
 * is stored), 2 when no advisory was read (the store is unchanged).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { advisoryWarningText, runAdvisoriesImportJob, type AdvisoriesImportJobResult } from '../jobs/advisories-import-job.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';
import { withStore } from './store-command.js';

const TEXT_WARNINGS = 50;

export function advisoriesImportText(result: AdvisoriesImportJobResult): string {
  const { summary, warnings } = result;
  const lines = [
    `advisories imported (import ${summary.importId}${summary.replacedAll ? ', replaced all' : ''})`,
    `  files read:         ${result.filesRead}`,
    `  files unreadable:   ${result.filesUnreadable}`,
    `  advisories stored:  ${summary.entries}`,
    `  advisories in all:  ${summary.total}`,
    `  warnings:           ${warnings.length}`,
  ];
  for (const w of warnings.slice(0, TEXT_WARNINGS)) lines.push(`  warning: ${advisoryWarningText(w)}`);
  if (warnings.length > TEXT_WARNINGS) lines.push(`  ... and ${warnings.length - TEXT_WARNINGS} more warnings (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

async function runImport(paths: string[], options: { replace?: boolean }, global: GlobalOptions): Promise<void> {
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const result = await withStore(config, global, (store) => runAdvisoriesImportJob({ store, paths, replaceAll: options.replace === true }));
  if (result === undefined) return;
  if (global.json) {
    printJson({ import: result.summary, filesRead: result.filesRead, filesUnreadable: result.filesUnreadable, warnings: result.warnings });
  } else process.stdout.write(advisoriesImportText(result));
  process.exitCode = result.warnings.length > 0 ? ExitCode.Partial : ExitCode.Ok;
}

export function register(program: Command): void {
  const advisories = program.command('advisories').description('security advisories and targeted bug notices (SPEC §7)');
  advisories
    .command('import')
    .description('load CVE JSON 5 records (.json) and advisory catalogs (.yaml), files or directories, into the store')
    .argument('<paths...>', 'files or directories')
    .option('--replace', 'clear the stored advisories first (default: replace advisories of the same id, keep the others)')
    .action(async (paths: string[], options: { replace?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runImport(paths, options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
