/**
 * `ibsight devices [--json]` (SPEC §2.5): every device the store knows, with its site, hostname,
 * model, OS, version, chassis serial, last collection time and status (`ok`, `partial`,
 * `failed`, `stale` — last run failed, older data kept —, `never`). `--json`:
 * `{"devices": [{"name","site","hostname","model","os","version","serialNumber","lastCollected","status"}]}`.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { devicesText } from '../reports/device-views.js';
import { withReadStore } from '../reports/report-store.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

export function register(program: Command): void {
  program
    .command('devices')
    .description('list every known device with its software, serial number, last collection and status')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
        const devices = await withReadStore(config, (store) => store.listDevices());
        if (global.json) printJson({ devices });
        else process.stdout.write(devicesText(devices));
      } catch (err) {
        failCommand(err, global);
      }
    });
}
