#!/usr/bin/env node
/**
 * The ibsight command line. One file per subcommand in this folder; each exports
 * `register(program)`. The order here is the order of `ibsight --help`.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ExitCode } from './exit-codes.js';
import { register as registerCollect } from './collect.js';
import { register as registerConfig } from './config.js';
import { register as registerConfigDiff } from './config-diff.js';
import { register as registerDashboards } from './dashboards.js';
import { register as registerDemo } from './demo.js';
import { register as registerDevices } from './devices.js';
import { register as registerAdvisories } from './advisories.js';
import { register as registerAgent } from './agent.js';
import { register as registerExposure } from './exposure-check.js';
import { registerExposureRun } from './exposure.js';
import { register as registerIb } from './ib.js';
import { register as registerIngest } from './ingest.js';
import { register as registerLifecycle } from './lifecycle.js';
import { register as registerMetrics } from './metrics.js';
import { register as registerParse } from './parse.js';
import { register as registerReconcile } from './reconcile.js';
import { register as registerReport } from './report.js';
import { register as registerShow } from './show.js';
import { register as registerSim } from './sim.js';
import { register as registerVersion } from './version.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * True when `--version` comes after the subcommand (`ibsight exposure check --version 21.4R3`): it is
 * then that subcommand's option (SPEC §1), and the root's -V/--version must not swallow it (commander
 * reads root options anywhere on the line).
 */
export function subcommandOwnsVersionFlag(args: readonly string[]): boolean {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    if (args[i] === '-V' || args[i] === '--version') return false;
    i += args[i] === '--config' ? 2 : 1;
  }
  return args.slice(i + 1).some((a) => a === '--version' || a.startsWith('--version='));
}

export function buildProgram(options: { versionFlag?: boolean } = {}): Command {
  const program = new Command('ibsight').description('Installed-base collector for Juniper networks (NETCONF inventory, software, health, history)');
  if (options.versionFlag !== false) program.version(packageVersion());
  program
    .option('--config <file>', 'configuration file (default ./ibsight.yaml, else $IBSIGHT_CONFIG)')
    .option('--json', 'print one machine-readable JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  registerSim(program);
  registerParse(program);
  registerConfig(program);
  registerCollect(program);
  registerIngest(program);
  registerDevices(program);
  registerShow(program);
  registerConfigDiff(program);
  registerIb(program);
  registerReconcile(program);
  registerVersion(program);
  registerAdvisories(program);
  registerExposureRun(registerExposure(program));
  registerLifecycle(program);
  registerReport(program);
  registerMetrics(program);
  registerDashboards(program);
  registerAgent(program);
  registerDemo(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram({ versionFlag: !subcommandOwnsVersionFlag(argv.slice(2)) });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') {
      process.exitCode = ExitCode.Ok;
      return;
    }
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = ExitCode.Usage;
      return;
    }
    throw err;
  }
}

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: String((err as Error)?.stack ?? err) })}\n`);
  process.exitCode = ExitCode.Internal;
});
