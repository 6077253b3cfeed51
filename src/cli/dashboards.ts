/**
 * `ibsight dashboards build [--out DIR]`: writes the Grafana dashboards (dashboards/*.ts, built with
 * the foundation SDK; JSON under DIR/generated/) and their provisioning files (DIR/provisioning/:
 * the InfluxDB data source and a file provider), and prints the files written, one per line, or
 * `{"out": DIR, "files": [paths]}` with `--json`. DIR defaults to `./ibsight-dashboards`; the
 * repository's committed copy is refreshed with `--out dashboards`. Needs no configuration or store.
 */
import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { writeDashboards } from '../../dashboards/build.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

export function register(program: Command): void {
  const dashboards = program.command('dashboards').description('Grafana dashboards as code');
  dashboards
    .command('build')
    .description('write the Grafana dashboard JSON (generated/) and provisioning files (provisioning/) into DIR')
    .option('--out <dir>', 'output folder', './ibsight-dashboards')
    .action((options: { out: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const out = resolve(options.out);
        const files = writeDashboards(out);
        if (global.json) printJson({ out, files });
        else process.stdout.write(files.map((f) => `${relative(process.cwd(), f) || f}\n`).join(''));
      } catch (err) {
        failCommand(err, global);
      }
    });
}
