/**
 * `ibsight lifecycle import PATH... [--replace]` (SPEC §1, §8): loads lifecycle catalogs (YAML or
 * CSV files, or directories of them; docs/lifecycle-catalog.md) into the store, where
 * `ibsight exposure` reads them. Prints the import summary and every problem with its file and line
 * (`--json`: `{"import": {...}, "example": bool, "problems": [{"severity","file","line","key","field","message"}]}`).
 * Exit 0 when everything was read, 3 when some rows or files were refused (the good entries are
 * stored), 2 when nothing usable was found (the store is unchanged).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { runLifecycleImportJob, type LifecycleImportJobResult } from '../jobs/lifecycle-import-job.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';
import { withStore } from './store-command.js';

/** Problems listed in the text output; `--json` has them all. */
const TEXT_PROBLEMS = 50;

export function lifecycleImportText(result: LifecycleImportJobResult): string {
  const { summary, problems } = result;
  const lines = [
    `lifecycle catalog imported from ${summary.files.join(', ')} (import ${summary.importId}${summary.replacedAll ? ', replaced all' : ''})`,
    `  entries stored:   ${summary.entries}`,
    `  catalog entries:  ${summary.total}`,
    `  rows refused:     ${result.errors}`,
  ];
  if (result.example) lines.push('  note: an example catalog — its dates are illustrative, not Juniper\'s published dates');
  for (const p of problems.slice(0, TEXT_PROBLEMS)) lines.push(`  ${p.severity}: ${p.message}`);
  if (problems.length > TEXT_PROBLEMS) lines.push(`  ... and ${problems.length - TEXT_PROBLEMS} more problems (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

async function runImport(paths: string[], options: { replace?: boolean }, global: GlobalOptions): Promise<void> {
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const result = await withStore(config, global, (store) => runLifecycleImportJob({ store, paths, replaceAll: options.replace === true }));
  if (result === undefined) return;
  if (global.json) printJson({ import: result.summary, example: result.example, problems: result.problems });
  else process.stdout.write(lifecycleImportText(result));
  process.exitCode = result.errors > 0 ? ExitCode.Partial : ExitCode.Ok;
}

export function register(program: Command): void {
  const lifecycle = program.command('lifecycle').description('EOL / EOS / EOE lifecycle catalogs (SPEC §8)');
  lifecycle
    .command('import')
    .description('load lifecycle catalogs (YAML or CSV files, or directories) into the store')
    .argument('<paths...>', 'catalog files or directories')
    .option('--replace', 'clear the stored lifecycle catalog first (default: replace entries of the same key, keep the others)')
    .action(async (paths: string[], options: { replace?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runImport(paths, options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
