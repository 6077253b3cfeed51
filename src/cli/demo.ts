/**
 * `ibsight demo [--out DIR]`: simulated lab → collect (a baseline round, then today's) → installed
 * base import, example advisory and lifecycle catalogs → reconcile, exposure → reports, on embedded
 * defaults (SPEC §1). Prints what it did (`--json`:
 * `{"out","config","run":{...SPEC §2.4...},"baseline":{...},"installedBase":{...import summary...},
 * "reconciliations":[{"id","at","summary"}],"catalogs":{"advisories","lifecycle"},
 * "exposure":[{"id","at","summary"}],"influx":{"url","points","delivered","spooled","errorCode"}|null,
 * "expectedFailures","reports","dashboards"}`) and how to explore the result. `--influx URL` also writes the metric
 * points (docs/metrics.md) into that InfluxDB 1.x after each round, for the dashboards. Exit 0 when the runs went as the lab intends (every device ok in the baseline; today
 * every device ok but the two faulty ones, which fail on purpose), 3 otherwise.
 */
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { runSummaryText } from '../collect/run-summary-text.js';
import { demoWentAsPlanned, runDemo } from '../demo/run-demo.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { log } from '../log/logger.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

function influxUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IbsightError('USAGE', `--influx: not a URL: ${JSON.stringify(text)} (expected e.g. http://127.0.0.1:8086)`, { context: { option: '--influx' } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IbsightError('USAGE', `--influx: expected an http(s) URL, got ${JSON.stringify(text)}`, { context: { option: '--influx' } });
  }
  return text;
}

function exposureLine(result: Awaited<ReturnType<typeof runDemo>>): string {
  const today = result.exposure.at(-1)?.summary;
  if (today === undefined) return 'not run';
  const advisories = today.byKind.advisory;
  return `${today.findings} findings on ${today.devicesWithFindings} of ${today.devices} devices (advisories: ${advisories.critical} critical, ` +
    `${advisories.high} high; KEV ${today.kev}; ${today.pastEndOfEngineering} devices on releases past End of Engineering)`;
}

interface DemoCommandOptions {
  out: string;
  influx?: string;
  influxDatabase: string;
}

async function demo(options: DemoCommandOptions, global: GlobalOptions): Promise<void> {
  const influx = options.influx === undefined ? null : { version: 1 as const, url: influxUrl(options.influx), database: options.influxDatabase, username: null, password: null };
  const result = await runDemo(options.out, log(), undefined, { influx });
  const asPlanned = demoWentAsPlanned(result);
  if (global.json) {
    printJson(result);
  } else {
    const rel = (p: string): string => relative(process.cwd(), p) || '.';
    process.stdout.write(runSummaryText(result.run, 'demo collect run (today)'));
    const accuracy = result.reconciliations.map((r) => `${r.summary.accuracyPct} %`).join(' -> ');
    process.stdout.write(
      [
        '',
        `Devices failing on purpose (the lab's faults): ${result.expectedFailures.join(', ')}`,
        `Installed base: ${result.installedBase.records} serials imported; accuracy baseline -> today: ${accuracy}`,
        ...(result.influx ? [`InfluxDB ${result.influx.url}: ${result.influx.points} points written (${result.influx.delivered} delivered, ${result.influx.spooled} spooled${result.influx.errorCode ? `, ${result.influx.errorCode}` : ''})`] : []),
        `Exposure (example catalogs: ${result.catalogs.advisories} advisories, ${result.catalogs.lifecycle} lifecycle entries): ${exposureLine(result)}`,
        `Reports:\n${result.reports.map((r) => `  ${rel(r)}`).join('\n')}`,
        `Grafana dashboards and provisioning: ${rel(join(result.out, 'dashboards'))} (${result.dashboards.length} files)`,
        '',
        'Explore the stored inventory:',
        `  npx ibsight devices --config ${rel(result.config)}`,
        `  npx ibsight show ams-core-1 --config ${rel(result.config)}`,
        `  npx ibsight report changes --config ${rel(result.config)}`,
        `  npx ibsight reconcile --config ${rel(result.config)}`,
        `  npx ibsight exposure --config ${rel(result.config)}`,
        '',
      ].join('\n'),
    );
  }
  process.exitCode = asPlanned ? ExitCode.Ok : ExitCode.Partial;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the main job on a built-in simulated lab: collect 24 devices over 3 sites, reconcile with its installed base, check exposure to advisories and lifecycle milestones, write reports')
    .option('--out <dir>', 'where the store, configuration, lab files and reports go', './ibsight-demo')
    .option('--influx <url>', 'also write the metric points into this InfluxDB 1.x after each round (e.g. http://127.0.0.1:8086)')
    .option('--influx-database <name>', 'the InfluxDB database for --influx', 'ibsight')
    .action(async (options: DemoCommandOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await demo(options, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
