/**
 * `ibsight reconcile` (SPEC §5): reconciles the latest collected inventory with the installed base,
 * stores the result (for the accuracy trend and `report accuracy`), and prints it: `--json` the
 * SPEC §5 document `{summary, perSite, items}`; otherwise the counts, per site, and the
 * discrepancies (every item that is not matched). Exit 0 when it ran (discrepancies are findings,
 * not failures); 2 when there is nothing to reconcile yet (no installed base or no collection).
 */
import type { Command } from 'commander';
import type { ReconcileCounts, ReconcileResult } from '../analysis/reconcile-types.js';
import { loadConfig } from '../config/load-config.js';
import { loadInventory } from '../config/load-inventory.js';
import { runReconcileJob } from '../jobs/reconcile-job.js';
import { textTable } from '../reports/text-table.js';
import { withStore } from './store-command.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

const COUNT_COLUMNS: readonly [keyof ReconcileCounts, string][] = [
  ['inScope', 'in scope'],
  ['matched', 'matched'],
  ['unregistered', 'unregistered'],
  ['missing', 'missing'],
  ['siteMismatch', 'site mismatch'],
  ['productMismatch', 'product mismatch'],
  ['rmaSuspected', 'RMA suspected'],
  ['notVerified', 'not verified'],
  ['accuracyPct', 'accuracy %'],
];

export function reconcileText(result: ReconcileResult, at: string): string {
  const header = ['site', ...COUNT_COLUMNS.map(([, label]) => label)];
  const row = (site: string, c: ReconcileCounts): string[] => [site, ...COUNT_COLUMNS.map(([key]) => String(c[key]))];
  const out = [
    `reconciled at ${at}: accuracy ${result.summary.accuracyPct} % (${result.summary.matched} of ${result.summary.inScope - result.summary.notVerified} verifiable serials matched)`,
    '',
    textTable(header, [...result.perSite.map((s) => row(s.site, s)), row('all', result.summary)]).trimEnd(),
  ];
  const discrepancies = result.items.filter((i) => i.status !== 'matched');
  if (discrepancies.length > 0) {
    out.push('', textTable(
      ['status', 'serial', 'site', 'ib site', 'device', 'kind', 'sku', 'contract', 'detail'],
      discrepancies.map((i) => [i.status, i.serialNumber, i.site, i.ibSite, i.device, i.kind, i.sku, i.contract, i.detail]),
    ).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

async function runReconcile(global: GlobalOptions): Promise<void> {
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const inventory = loadInventory(config.inventory);
  const job = await withStore(config, global, (store) => runReconcileJob({ config, inventory, store }));
  if (job === undefined) return;
  if (global.json) printJson(job.result);
  else process.stdout.write(reconcileText(job.result, job.at));
}

export function register(program: Command): void {
  program
    .command('reconcile')
    .description('reconcile the latest collected inventory with the installed base; store and print the result')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runReconcile(global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
