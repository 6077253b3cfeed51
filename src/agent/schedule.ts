/**
 * The agent's timetable (SPEC §3 `schedules`): one node-cron 4 task per job, in `agent.timezone`
 * (null: the system's), that asks the job runner to start its job.
 *
 * Rules: no overlap, and no silent skip — a tick that finds its job still running does not start
 * it again; it is recorded as an overrun (counted, logged, shown on /healthz and /metrics). The tick
 * itself returns at once (the run goes on in the runner), so node-cron's own overlap prevention,
 * which drops a tick with only a console warning, never comes into play (`noOverlap` is still set,
 * as a second guard). node-cron's messages (missed ticks when the event loop was blocked) go to
 * our JSON log on stderr, never to stdout. Expressions are checked with node-cron's validator
 * before anything is scheduled: a bad one is CONFIG_INVALID naming `schedules.<job>`.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import type { AgentJobName, JobReason } from './agent-job.js';

/** What the schedule needs of the job runner (src/agent/job-runner.ts). */
export interface JobGate {
  isRunning(job: AgentJobName): boolean;
  recordOverrun(job: AgentJobName, tick: Date): void;
  run(job: AgentJobName, reason: JobReason): Promise<unknown>;
  readonly isStopping: boolean;
}

export interface ScheduleEntry {
  job: AgentJobName;
  /** A cron expression: five fields, or six with seconds first (node-cron). */
  expression: string;
}

export interface JobScheduleOptions {
  /** IANA time zone; null = the system's. */
  timezone: string | null;
  logger: Logger;
}

/** Throws CONFIG_INVALID naming `schedules.<job>` for an expression node-cron does not accept. */
export function checkScheduleExpressions(entries: readonly ScheduleEntry[]): void {
  for (const { job, expression } of entries) {
    if (cron.validate(expression)) continue;
    const detail = cron.validateDetailed(expression).errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new IbsightError('CONFIG_INVALID', `schedules.${job}: "${expression}" is not a valid cron expression${detail ? ` (${detail})` : ''}`, {
      context: { keyPath: `schedules.${job}` },
    });
  }
}

/** node-cron's logger, writing to ours. */
function cronLogger(logger: Logger): { info(m: string): void; warn(m: string): void; error(m: string | Error, e?: Error): void; debug(m: string | Error, e?: Error): void } {
  const text = (m: string | Error): string => (m instanceof Error ? m.message : m);
  return {
    info: (m) => logger.debug(`node-cron: ${m}`),
    warn: (m) => logger.warn(`node-cron: ${m}`),
    error: (m, e) => logger.error({ err: e ?? (m instanceof Error ? m : undefined) }, `node-cron: ${text(m)}`),
    debug: (m) => logger.debug(`node-cron: ${text(m)}`),
  };
}

export class JobSchedule {
  private readonly tasks = new Map<AgentJobName, ScheduledTask>();

  private constructor(private readonly logger: Logger) {}

  /** Checks every expression, then schedules every entry (node-cron tasks start at once). */
  static start(entries: readonly ScheduleEntry[], gate: JobGate, options: JobScheduleOptions): JobSchedule {
    checkScheduleExpressions(entries);
    const logger = options.logger.child({ component: 'schedule' });
    const schedule = new JobSchedule(logger);
    const taskLogger = cronLogger(logger);
    for (const { job, expression } of entries) {
      const tick = (context: { date: Date }): void => {
        if (gate.isStopping) return;
        if (gate.isRunning(job)) {
          gate.recordOverrun(job, context.date);
          return;
        }
        gate.run(job, 'schedule').catch((err: unknown) => logger.error({ job, err }, `${job} could not be started`));
      };
      const task = cron.schedule(expression, tick, {
        name: `ibsight-${job}`,
        noOverlap: true,
        logger: taskLogger,
        ...(options.timezone === null ? {} : { timezone: options.timezone }),
      });
      schedule.tasks.set(job, task);
    }
    logger.info({ timezone: options.timezone ?? 'system', next: schedule.nextRuns() }, 'jobs scheduled');
    return schedule;
  }

  /** The next time each scheduled job is due (ISO); empty once stopped. */
  nextRuns(): Partial<Record<AgentJobName, string | null>> {
    const out: Partial<Record<AgentJobName, string | null>> = {};
    for (const [job, task] of this.tasks) out[job] = task.getNextRun()?.toISOString() ?? null;
    return out;
  }

  /** No tick fires after this; runs already started go on. */
  async stop(): Promise<void> {
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of tasks) await task.destroy();
    this.logger.debug('schedule stopped');
  }
}
