/**
 * `ibsight agent [--once JOB]` (docs/agent.md). Without --once: the long-running agent — serves
 * /healthz and /metrics on `agent.listen` (loopback only), runs the jobs of `schedules` in
 * `agent.timezone`, stops gracefully on SIGTERM/SIGINT (exit 0; 1 when `agent.shutdownGraceMs`
 * passed with a job still running, or on a second signal). `--once JOB` (collect, reconcile,
 * exposure, reports) runs that job now, as the schedule would (same outputs, /healthz and /metrics
 * served while it runs), and exits: 0 ok, 3 partial, 2 a configuration or input problem, 4 nothing
 * succeeded or the store is unusable, 1 internal error; a signal stops it as it stops the agent.
 * `--json` prints the finished job as one JSON document. Exit 2 for configuration errors, 4 when the
 * store cannot be opened.
 */
import type { Command } from 'commander';
import { runSummaryText } from '../collect/run-summary-text.js';
import { Agent, stopOnSignals } from '../agent/agent.js';
import { AGENT_JOBS, type AgentJobName, type FinishedJob } from '../agent/agent-job.js';
import { agentOutputs } from '../agent/agent-outputs.js';
import type { IbsightConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface AgentCommandOptions {
  once?: string;
}

function parseJob(text: string): AgentJobName {
  if ((AGENT_JOBS as readonly string[]).includes(text)) return text as AgentJobName;
  throw new IbsightError('USAGE', `--once: expected one of ${AGENT_JOBS.join(', ')}, got "${text}"`, { context: { option: '--once' } });
}

/** The exit code of a `--once` run (see the file header). */
export function exitCodeForJob(job: FinishedJob): ExitCode {
  if (job.outcome === 'ok') return ExitCode.Ok;
  if (job.outcome === 'partial') return ExitCode.Partial;
  const code = job.error?.code;
  if (code === 'CONFIG_INVALID' || code === 'INPUT_INVALID' || code === 'USAGE') return ExitCode.Usage;
  if (code === 'INTERNAL') return ExitCode.Internal;
  return ExitCode.NothingSucceeded;
}

/** The finished job as `--json` prints it: the result's summary, never every item or finding. */
export function finishedJobJson(job: FinishedJob): Record<string, unknown> {
  const r = job.result;
  const result =
    r === null
      ? null
      : r.job === 'collect'
        ? { ...r.report, notStarted: r.notStarted }
        : r.job === 'reconcile'
          ? { reconciliationId: r.reconciliation.reconciliationId, at: r.reconciliation.at, summary: r.reconciliation.result.summary }
          : r.job === 'exposure'
            ? { exposureRunId: r.exposure.exposureRunId, at: r.exposure.at, summary: r.exposure.result.summary }
            : { dir: r.dir, files: r.files, skipped: r.skipped, delivery: r.delivery };
  return {
    job: job.job,
    outcome: job.outcome,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt.toISOString(),
    durationMs: job.durationMs,
    error: job.error,
    result,
  };
}

function finishedJobText(job: FinishedJob): string {
  const head = `${job.job}: ${job.outcome} in ${(job.durationMs / 1000).toFixed(1)} s${job.error ? ` (${job.error.code}: ${job.error.message})` : ''}\n`;
  if (job.result?.job === 'collect') return head + runSummaryText(job.result.report, 'collect run');
  if (job.result?.job === 'reports') return `${head}${job.result.files.length} report files in ${job.result.dir}\n`;
  return head;
}

async function runAgent(options: AgentCommandOptions, global: GlobalOptions): Promise<void> {
  const logger = log();
  const once = options.once === undefined ? null : parseJob(options.once);
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const agent = await Agent.start({ config, logger, outputs: agentOutputs(config, logger), schedule: once === null });
  // a second signal, or the deadline passing, ends the process from the handler
  stopOnSignals(agent, logger, (code) => process.exit(code));
  if (once === null) {
    const stopped = await agent.whenStopped();
    exitSoon(stopped.completed ? ExitCode.Ok : ExitCode.Internal);
    return;
  }
  const finished = await agent.runOnce(once);
  const stopped = await agent.stop('once-finished');
  if (global.json) printJson(finishedJobJson(finished));
  else process.stdout.write(finishedJobText(finished));
  const bySignal = agent.stoppedBy === 'SIGTERM' || agent.stoppedBy === 'SIGINT';
  exitSoon(bySignal ? (stopped.completed ? ExitCode.Ok : ExitCode.Internal) : exitCodeForJob(finished));
}

/** Sets the exit code; exits anyway shortly after if a handle (a device that never answered) lingers. */
function exitSoon(code: ExitCode): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
}

export function register(program: Command): void {
  program
    .command('agent')
    .description('long-running: run the jobs of `schedules`, serve /healthz and /metrics on agent.listen (127.0.0.1)')
    .option('--once <job>', `run one job now and exit (${AGENT_JOBS.join(', ')})`)
    .action(async (options: AgentCommandOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        await runAgent(options, global);
      } catch (err) {
        failCommand(err, global);
        if (err instanceof IbsightError && (err.code === 'STORE_FAILED' || err.code === 'STORE_SCHEMA_NEWER')) process.exitCode = ExitCode.NothingSucceeded;
      }
    });
}
