/**
 * Runs the agent's jobs against the open store, one run per job at a time, and keeps what /healthz
 * and /metrics show of them: running or not, last run, outcome, duration, last success, runs by
 * outcome and overruns (ticks skipped because the previous run was still going — counted here,
 * reported by src/agent/schedule.ts).
 *
 * Rules: a job never throws out of the runner — a failure is an outcome with an IbsightError code,
 * logged (pino child logger {job}) with the stack only for internal errors. After every run the
 * points of `pointsAfterJob` go to every metric sink at once (the agent's Prometheus registry is
 * one); a sink that fails or rejects is logged and counted, never fails the job. A run counts as
 * finished once its points are written, so a slow sink cannot overlap two runs of a job. A job
 * failing with STORE_FAILED / STORE_SCHEMA_NEWER marks the store unusable (/healthz 503) until a
 * later run completes. Once `stopStarting()` is called no run starts and running collections
 * start no further device.
 */
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { IbsightConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import type { MetricPoint } from '../outputs/metric-point.js';
import type { MetricSink } from '../outputs/metric-sink.js';
import type { Store } from '../store/store-api.js';
import { AGENT_JOBS, emptyJobStatus, type AgentJobName, type FinishedJob, type JobBodyResult, type JobReason, type JobResult, type JobStatus } from './agent-job.js';
import { STORE_JOBS, type DeliverReports, type JobBody } from './store-jobs.js';

/** The metric points to write after a job (e.g. the metric schema's store and run points). */
export type PointsAfterJob = (job: FinishedJob) => Promise<MetricPoint[]>;

/** What the agent feeds besides its own /metrics. */
export interface AgentOutputs {
  /** InfluxDB and other sinks; the agent adds its Prometheus registry itself. */
  sinks: readonly MetricSink[];
  /** Null: no metric points from jobs (only the agent's own metrics on /metrics). */
  pointsAfterJob: PointsAfterJob | null;
  /** Null: reports stay in their folder of `delivery.dir`. */
  deliver: DeliverReports | null;
}

export interface StoreHealth {
  ok: boolean;
  /** The failure that made the store unusable, until a later run completes. */
  problem: { code: string; message: string; at: string } | null;
}

export interface JobRunnerOptions {
  config: IbsightConfig;
  store: Store;
  scrubKey: Buffer;
  logger: Logger;
  outputs: AgentOutputs;
  /** Default STORE_JOBS; tests may pass jobs of their own for the scheduling and accounting. */
  bodies?: Readonly<Record<AgentJobName, JobBody>>;
  now?: () => Date;
}

const STORE_CODES = new Set(['STORE_FAILED', 'STORE_SCHEMA_NEWER']);

/** The fields of a result worth a log line (never the items or findings themselves). */
function resultLogFields(result: JobResult | null): Record<string, unknown> {
  if (result === null) return {};
  switch (result.job) {
    case 'collect':
      return { runId: result.report.runId, devices: result.report.devices, notStarted: result.notStarted };
    case 'reconcile':
      return { reconciliationId: result.reconciliation.reconciliationId, accuracyPct: result.reconciliation.result.summary.accuracyPct };
    case 'exposure':
      return { exposureRunId: result.exposure.exposureRunId, summary: result.exposure.result.summary };
    case 'reports':
      return { dir: result.dir, files: result.files.length, skipped: result.skipped.map((s) => s.kind), delivery: result.delivery };
  }
}

export class JobRunner {
  private readonly states = new Map<AgentJobName, JobStatus>(AGENT_JOBS.map((j) => [j, emptyJobStatus()]));
  private readonly running = new Map<AgentJobName, Promise<FinishedJob>>();
  private readonly stopping = new AbortController();
  private readonly sinkFailures = new Map<string, number>();
  private storeProblem: StoreHealth['problem'] = null;
  private readonly now: () => Date;
  private readonly bodies: Readonly<Record<AgentJobName, JobBody>>;

  constructor(private readonly options: JobRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    this.bodies = options.bodies ?? STORE_JOBS;
    for (const sink of options.outputs.sinks) this.sinkFailures.set(sink.name, 0);
  }

  isRunning(job: AgentJobName): boolean {
    return this.running.has(job);
  }

  /** The jobs running now. */
  runningJobs(): AgentJobName[] {
    return [...this.running.keys()];
  }

  get isStopping(): boolean {
    return this.stopping.signal.aborted;
  }

  /** A tick of `job` found its previous run still going: skipped, counted, logged. */
  recordOverrun(job: AgentJobName, tick: Date): void {
    const state = this.states.get(job)!;
    state.overruns++;
    this.options.logger.child({ job }).warn(
      { tick: tick.toISOString(), runningSince: state.lastRun, overruns: state.overruns },
      `${job} is still running at its next scheduled time: this run is skipped (overrun)`,
    );
  }

  /**
   * Starts `job` now. Refused (INTERNAL) while that job is running or the runner is stopping: the
   * scheduler checks `isRunning` first and records an overrun instead.
   */
  run(job: AgentJobName, reason: JobReason): Promise<FinishedJob> {
    if (this.isStopping) throw new IbsightError('INTERNAL', `the agent is stopping: ${job} is not started`, { context: { job } });
    if (this.running.has(job)) throw new IbsightError('INTERNAL', `${job} is already running`, { context: { job } });
    const done = this.execute(job, reason).finally(() => this.running.delete(job));
    this.running.set(job, done);
    return done;
  }

  /** No run starts from now on; running collections start no further device. */
  stopStarting(): void {
    this.stopping.abort();
  }

  /** Resolves when no job is running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  status(): Record<AgentJobName, JobStatus> {
    const out = {} as Record<AgentJobName, JobStatus>;
    for (const [job, s] of this.states) out[job] = { ...s, runs: { ...s.runs }, lastError: s.lastError && { ...s.lastError } };
    return out;
  }

  storeHealth(): StoreHealth {
    return { ok: this.storeProblem === null, problem: this.storeProblem && { ...this.storeProblem } };
  }

  /** Sink name → writes that failed or were rejected since the start. */
  sinkFailureCounts(): ReadonlyMap<string, number> {
    return new Map(this.sinkFailures);
  }

  private async execute(job: AgentJobName, reason: JobReason): Promise<FinishedJob> {
    const state = this.states.get(job)!;
    const logger = this.options.logger.child({ job });
    const startedAt = this.now();
    const t0 = performance.now();
    const overrunsBefore = state.overruns;
    state.running = true;
    state.lastRun = startedAt.toISOString();
    logger.info({ reason }, `${job} started`);
    let body: JobBodyResult | null = null;
    let error: FinishedJob['error'] = null;
    try {
      body = await this.bodies[job]({
        config: this.options.config,
        store: this.options.store,
        logger,
        signal: this.stopping.signal,
        now: startedAt,
        scrubKey: this.options.scrubKey,
        deliver: this.options.outputs.deliver,
        previousSuccess: state.lastSuccess === null ? null : new Date(state.lastSuccess),
      });
    } catch (err) {
      const e = toIbsightError(err);
      error = { code: e.code, message: e.message };
      if (e.code === 'INTERNAL') logger.error({ code: e.code, err: e }, `${job} failed: ${e.message}`);
      else logger.error({ code: e.code, context: e.context }, `${job} failed: ${e.message}`);
    }
    const finishedAt = this.now();
    const durationMs = Math.round(performance.now() - t0);
    const outcome = body?.outcome ?? 'failed';
    if (error !== null && STORE_CODES.has(error.code)) this.storeProblem = { ...error, at: finishedAt.toISOString() };
    else if (outcome !== 'failed') this.storeProblem = null;
    state.runs[outcome]++;
    state.lastOutcome = outcome;
    state.lastDurationMs = durationMs;
    state.lastError = error;
    if (outcome !== 'failed') state.lastSuccess = finishedAt.toISOString();
    const finished: FinishedJob = {
      job,
      reason,
      startedAt,
      finishedAt,
      durationMs,
      outcome,
      error,
      result: body?.result ?? null,
      overruns: state.overruns,
      overrunsDuringRun: state.overruns - overrunsBefore,
      store: this.options.store,
    };
    try {
      await this.writePoints(finished, logger);
    } finally {
      state.running = false;
    }
    logger.info({ outcome, durationMs, ...resultLogFields(finished.result) }, `${job} finished: ${outcome}`);
    return finished;
  }

  private async writePoints(finished: FinishedJob, logger: Logger): Promise<void> {
    const { pointsAfterJob, sinks } = this.options.outputs;
    if (pointsAfterJob === null || sinks.length === 0) return;
    let points: MetricPoint[];
    try {
      points = await pointsAfterJob(finished);
    } catch (err) {
      const e = toIbsightError(err);
      logger.error({ code: e.code, err: e }, `metric points of ${finished.job} could not be built: ${e.message}`);
      return;
    }
    if (points.length === 0) return;
    await Promise.all(sinks.map((sink) => this.writeToSink(sink, points, logger)));
  }

  private async writeToSink(sink: MetricSink, points: readonly MetricPoint[], logger: Logger): Promise<void> {
    try {
      const result = await sink.write(points);
      if (result.errorCode === null) return;
      this.sinkFailures.set(sink.name, (this.sinkFailures.get(sink.name) ?? 0) + 1);
      logger.warn({ sink: sink.name, code: result.errorCode, delivered: result.delivered, spooled: result.spooled }, `metric sink ${sink.name}: ${result.errorMessage ?? result.errorCode}`);
    } catch (err) {
      const e = toIbsightError(err);
      this.sinkFailures.set(sink.name, (this.sinkFailures.get(sink.name) ?? 0) + 1);
      logger.error({ sink: sink.name, code: e.code, err: e }, `metric sink ${sink.name} failed: ${e.message}`);
    }
  }
}
