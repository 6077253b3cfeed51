/**
 * `ibsight config check [--inventory FILE]`: validates the configuration and the inventory,
 * resolves every secret reference without printing it, reads known_hosts, and prints a summary
 * (`--json`: `{"config","inventory","devices","sites","credentials","warnings"}`). Exit 0 when a
 * run could start (warnings included), 2 on any configuration or inventory error.
 */
import type { Command } from 'commander';
import { checkConfig, type ConfigCheckSummary } from '../config/config-check.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface CheckOptions {
  inventory?: string;
}

function printSummary(summary: ConfigCheckSummary): void {
  const rows: [string, string][] = [
    ['configuration', summary.config ?? 'built-in defaults (no ibsight.yaml, no $IBSIGHT_CONFIG)'],
    ['inventory', summary.inventory],
    ['devices', String(summary.devices)],
    ['sites', String(summary.sites)],
    ['credentials', summary.credentials.length > 0 ? summary.credentials.join(', ') : 'none'],
  ];
  const lines = rows.map(([key, value]) => `${`${key}:`.padEnd(15)}${value}`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  lines.push(summary.warnings.length > 0 ? `OK, with ${summary.warnings.length} warning(s)` : 'OK');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  const config = program.command('config').description('check the configuration and the inventory');
  config
    .command('check')
    .description('validate the configuration and inventory, resolve every secret reference (not printed), read known_hosts')
    .option('--inventory <file>', 'inventory file (YAML, or CSV by extension); default: the configuration\'s inventory')
    .action((options: CheckOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const summary = checkConfig({
          ...(global.config !== undefined ? { configFile: global.config } : {}),
          ...(options.inventory !== undefined ? { inventoryFile: options.inventory } : {}),
        });
        if (global.json) printJson(summary);
        else printSummary(summary);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
