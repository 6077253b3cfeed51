/**
 * `ibsight agent`, the long-running process on the jump host: serves /healthz and /metrics on
 * `agent.listen` (loopback), opens the store, and runs the jobs of `schedules` (or one job at once,
 * `--once`) through the job runner, feeding the metric sinks and report delivery it is given.
 *
 * Start order: schedule expressions and the listen address checked (CONFIG_INVALID), scrub key
 * loaded, HTTP server bound (/healthz says `starting`, 503), store opened (STORE_FAILED: the server
 * is closed again and the error thrown), jobs scheduled; then /healthz is 200.
 * Stop (`stop()`, on the first SIGTERM/SIGINT): /healthz turns 503 `stopping`, no tick fires any
 * more, no job starts, a running collection starts no further device (its devices in flight finish
 * and the run is recorded); running jobs get `agent.shutdownGraceMs` to end; then every metric sink
 * is closed (flushed), the store closed, the server closed. `completed` is false when the deadline
 * passed with a job still running (the CLI then exits 1, else 0). A second signal exits at once
 * with code 1.
 */
import type { IbsightConfig } from '../config/config-types.js';
import { loadScrubKey } from '../config/scrub-key.js';
import { toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import type { MetricSink } from '../outputs/metric-sink.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store-api.js';
import { AGENT_JOBS, emptyJobStatus, type AgentJobName, type FinishedJob, type JobStatus } from './agent-job.js';
import { parseLoopbackListen, startHttpServer, type HealthDocument, type RunningHttpServer } from './http-server.js';
import { JobRunner, type AgentOutputs } from './job-runner.js';
import { PrometheusRegistry } from './prometheus-registry.js';
import { checkScheduleExpressions, JobSchedule, type ScheduleEntry } from './schedule.js';
import type { JobBody } from './store-jobs.js';

export interface AgentOptions {
  config: IbsightConfig;
  logger: Logger;
  outputs: AgentOutputs;
  /** false for `--once`: nothing is scheduled. */
  schedule: boolean;
  /** Default the store jobs (src/agent/store-jobs.ts). */
  bodies?: Readonly<Record<AgentJobName, JobBody>>;
}

export interface StopResult {
  /** false when the shutdown deadline passed with a job still running. */
  completed: boolean;
  /** Jobs still running when the agent gave up waiting. */
  abandoned: AgentJobName[];
}

/** Sinks closing after the grace period get at least this long. */
const MIN_SINK_CLOSE_MS = 5_000;

function scheduleEntries(config: IbsightConfig): ScheduleEntry[] {
  return AGENT_JOBS.map((job) => ({ job, expression: config.schedules[job] }));
}

/** Resolves with `value` after `ms`, on an unref'd timer (never keeps the process alive). */
function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

export class Agent {
  readonly prometheus: PrometheusRegistry;
  private readonly started = performance.now();
  private state: 'starting' | 'running' | 'stopping' | 'stopped' = 'starting';
  private server: RunningHttpServer | null = null;
  private store: Store | null = null;
  private runner: JobRunner | null = null;
  private schedule: JobSchedule | null = null;
  private stopping: Promise<StopResult> | null = null;
  private stopReason: string | null = null;
  private resolveStopped: (result: StopResult) => void = () => undefined;
  private readonly stopped = new Promise<StopResult>((resolve) => (this.resolveStopped = resolve));

  private constructor(private readonly options: AgentOptions) {
    this.prometheus = new PrometheusRegistry(options.logger, {
      uptimeSeconds: () => this.uptimeSeconds(),
      jobs: () => this.jobStatus(),
      sinkFailures: () => this.runner?.sinkFailureCounts() ?? new Map(),
      storeUp: () => this.store !== null && (this.runner?.storeHealth().ok ?? false),
    });
  }

  static async start(options: AgentOptions): Promise<Agent> {
    const { config, logger } = options;
    if (options.schedule) checkScheduleExpressions(scheduleEntries(config));
    parseLoopbackListen(config.agent.listen);
    const scrubKey = loadScrubKey(config, { logger });
    const agent = new Agent(options);
    agent.server = await startHttpServer(config.agent.listen, { health: () => agent.health(), metrics: () => agent.metricsText() }, logger);
    try {
      agent.store = await openStore({ sqlite: config.storage.sqlite, logger });
    } catch (err) {
      await agent.server.close();
      throw err;
    }
    const { outputs } = options;
    agent.runner = new JobRunner({
      config,
      store: agent.store,
      scrubKey,
      logger,
      outputs: { ...outputs, sinks: [agent.prometheus, ...outputs.sinks] },
      ...(options.bodies ? { bodies: options.bodies } : {}),
    });
    logger.info(
      {
        sinks: outputs.sinks.map((s) => s.name),
        jobMetricPoints: outputs.pointsAfterJob !== null,
        reportDelivery: outputs.deliver !== null ? 'wired' : 'folder only',
        shutdownGraceMs: config.agent.shutdownGraceMs,
      },
      'agent outputs',
    );
    if (options.schedule) agent.schedule = JobSchedule.start(scheduleEntries(config), agent.runner, { timezone: config.agent.timezone, logger });
    agent.state = 'running';
    return agent;
  }

  /** Where /healthz and /metrics are served. */
  get url(): string {
    return this.server!.url;
  }

  uptimeSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  jobStatus(): Record<AgentJobName, JobStatus> {
    if (this.runner) return this.runner.status();
    return Object.fromEntries(AGENT_JOBS.map((j) => [j, emptyJobStatus()])) as Record<AgentJobName, JobStatus>;
  }

  /** The /healthz document: 200 when `status` is ok. */
  health(): HealthDocument {
    const store = this.runner?.storeHealth() ?? { ok: false, problem: null };
    const next = this.schedule?.nextRuns() ?? {};
    const status: HealthDocument['status'] =
      this.state === 'starting' ? 'starting' : this.state !== 'running' ? 'stopping' : store.ok ? 'ok' : 'store-failed';
    const jobs: Record<string, unknown> = {};
    for (const [job, s] of Object.entries(this.jobStatus()) as [AgentJobName, JobStatus][]) {
      jobs[job] = {
        lastRun: s.lastRun,
        lastOutcome: s.lastOutcome,
        running: s.running,
        overruns: s.overruns,
        lastSuccess: s.lastSuccess,
        lastDurationMs: s.lastDurationMs,
        lastError: s.lastError,
        nextRun: next[job] ?? null,
      };
    }
    return { status, uptime: Math.round(this.uptimeSeconds()), store: { open: this.store !== null, ...store }, jobs };
  }

  async metricsText(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.prometheus.contentType, body: await this.prometheus.metrics() };
  }

  /** Runs `job` now (`--once`); resolves when it has finished (early, if the agent is stopping). */
  runOnce(job: AgentJobName): Promise<FinishedJob> {
    return this.runner!.run(job, 'once');
  }

  /** Graceful stop (see the file header); the same promise for every call. `reason`: the first one is kept. */
  stop(reason = 'requested'): Promise<StopResult> {
    this.stopReason ??= reason;
    this.stopping ??= this.shutdown().then((result) => {
      this.resolveStopped(result);
      return result;
    });
    return this.stopping;
  }

  /** Resolves once the agent has stopped, whoever asked it to. */
  whenStopped(): Promise<StopResult> {
    return this.stopped;
  }

  /** Why the agent is stopping (the first reason given: `SIGTERM`, `requested`...); null while it runs. */
  get stoppedBy(): string | null {
    return this.stopReason;
  }

  private async shutdown(): Promise<StopResult> {
    const { logger, config } = this.options;
    this.state = 'stopping';
    const graceMs = config.agent.shutdownGraceMs;
    const deadline = performance.now() + graceMs;
    await this.schedule?.stop();
    const runner = this.runner;
    let abandoned: AgentJobName[] = [];
    if (runner) {
      runner.stopStarting();
      const running = runner.runningJobs();
      if (running.length > 0) logger.info({ running, graceMs }, `stopping: waiting up to ${graceMs} ms for ${running.join(', ')} to finish`);
      const done = await Promise.race([runner.settled().then(() => true), after(graceMs, false)]);
      if (!done) {
        abandoned = runner.runningJobs();
        logger.error({ abandoned, graceMs }, `shutdown deadline passed with ${abandoned.join(', ')} still running: stopping anyway`);
      }
    }
    await this.closeSinks(Math.max(MIN_SINK_CLOSE_MS, deadline - performance.now()));
    if (this.store) {
      await this.store.close().catch((err: unknown) => logger.error({ err }, 'the store could not be closed cleanly'));
    }
    await this.server?.close();
    this.state = 'stopped';
    logger.info({ completed: abandoned.length === 0 }, 'agent stopped');
    return { completed: abandoned.length === 0, abandoned };
  }

  private async closeSinks(withinMs: number): Promise<void> {
    const sinks: MetricSink[] = [this.prometheus, ...this.options.outputs.sinks];
    await Promise.all(
      sinks.map(async (sink) => {
        try {
          const closed = await Promise.race([sink.close().then(() => true), after(withinMs, false)]);
          if (!closed) this.options.logger.error({ sink: sink.name, withinMs }, `metric sink ${sink.name} did not close in time`);
        } catch (err) {
          const e = toIbsightError(err);
          this.options.logger.error({ sink: sink.name, code: e.code, err: e }, `metric sink ${sink.name} could not be closed: ${e.message}`);
        }
      }),
    );
  }
}

/**
 * SIGTERM/SIGINT: the first stops the agent gracefully (exit 1 from here only when the deadline
 * passed; otherwise the caller's flow ends the process), a second exits at once with code 1.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(agent: Agent, logger: Logger, exit: (code: number) => void): () => void {
  let received: NodeJS.Signals | null = null;
  const on = (signal: NodeJS.Signals): void => {
    if (received !== null) {
      logger.error({ signal, first: received }, 'second signal: exiting now, without waiting for running jobs');
      exit(1);
      return;
    }
    received = signal;
    logger.info({ signal }, 'stopping gracefully (send the signal again to exit at once)');
    agent.stop(signal).then(
      (result) => {
        if (!result.completed) exit(1);
      },
      (err: unknown) => {
        logger.error({ err }, 'the agent could not stop cleanly');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
  return () => {
    process.off('SIGTERM', on);
    process.off('SIGINT', on);
  };
}
