/**
 * `ibsight show DEVICE [--json]`: everything known about one device — identity and status, the
 * last error, software per member, routing engines, the inventory tree indented by path, the
 * latest outcome of every collector, alarms and core dumps. `--json` prints the store's device
 * detail document. An unknown device is an input error (exit 2).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { deviceDetailText } from '../reports/device-views.js';
import { withReadStore } from '../reports/report-store.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

export function register(program: Command): void {
  program
    .command('show')
    .description('show what is known about one device: inventory tree, software, outcomes, alarms, core dumps')
    .argument('<device>', 'device name as in the inventory')
    .action(async (name: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
        const detail = await withReadStore(config, (store) => store.deviceDetail(name));
        if (detail === null) {
          throw new IbsightError('INPUT_INVALID', `unknown device "${name}" (see \`ibsight devices\`)`, { context: { device: name } });
        }
        if (global.json) printJson(detail);
        else process.stdout.write(deviceDetailText(detail));
      } catch (err) {
        failCommand(err, global);
      }
    });
}
