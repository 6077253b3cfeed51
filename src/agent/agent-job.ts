/**
 * The jobs `ibsight agent` runs (SPEC §3 `schedules`) and what a finished job looks like: the
 * shared vocabulary of the scheduler, the job runner, /healthz, /metrics and the outputs the
 * agent feeds (metric sinks, report delivery).
 *
 * Rules: a job's outcome is `ok`, `partial` (it ran, some of its work did not succeed: devices
 * that failed, a report that could not be built, a channel that did not deliver) or `failed` (it
 * could not do its work; `error` says why with an IbsightError code). Big results (every
 * reconciliation item, every finding) live only as long as the job's outputs are written.
 */
import type { ExposureJobResult } from '../jobs/exposure-job.js';
import type { ReconcileJobResult } from '../jobs/reconcile-job.js';
import type { RunReport } from '../collect/run-summary.js';
import type { Store } from '../store/store-api.js';
import type { ErrorCode } from '../errors/ibsight-error.js';

export const AGENT_JOBS = ['collect', 'reconcile', 'exposure', 'reports'] as const;
export type AgentJobName = (typeof AGENT_JOBS)[number];

export type JobOutcome = 'ok' | 'partial' | 'failed';
export const JOB_OUTCOMES: readonly JobOutcome[] = ['ok', 'partial', 'failed'];

/** Why a job started: its schedule, or `ibsight agent --once JOB`. */
export type JobReason = 'schedule' | 'once';

/** What one delivery channel did (src/outputs/report-delivery.ts DeliveryOutcome has this shape). */
export interface DeliveryChannelOutcome {
  channel: string;
  ok: boolean;
  code?: string;
  message?: string;
}

/** A report kind the reports job could not build this time, and why (e.g. no reconciliation yet). */
export interface SkippedReport {
  kind: string;
  code: ErrorCode;
  message: string;
}

export type JobResult =
  | { job: 'collect'; report: RunReport; /** devices of the inventory not started because the agent was stopping */ notStarted: number }
  | { job: 'reconcile'; reconciliation: ReconcileJobResult }
  | { job: 'exposure'; exposure: ExposureJobResult }
  | {
      job: 'reports';
      /** Absolute paths of the report files written this time. */
      dir: string;
      files: string[];
      skipped: SkippedReport[];
      /** One outcome per channel; null when no delivery is wired (the files are in `dir`). */
      delivery: DeliveryChannelOutcome[] | null;
    };

/** What a job body hands back to the runner. */
export interface JobBodyResult {
  outcome: JobOutcome;
  result: JobResult;
}

export interface FinishedJob {
  job: AgentJobName;
  reason: JobReason;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: JobOutcome;
  /** Set when the job failed (`outcome: failed`). */
  error: { code: string; message: string } | null;
  /** Null when the job failed before producing anything. */
  result: JobResult | null;
  /** Ticks of this job skipped so far because a run was still going (since the agent started). */
  overruns: number;
  /** Ticks of this job skipped while this run was going (the overruns this run caused). */
  overrunsDuringRun: number;
  /** The open store the job ran against (for metric points read from it). */
  store: Store;
}

/** The state of one job as /healthz and /metrics show it. */
export interface JobStatus {
  running: boolean;
  /** ISO time the current or last run started; null before the first. */
  lastRun: string | null;
  lastOutcome: JobOutcome | null;
  lastDurationMs: number | null;
  lastError: { code: string; message: string } | null;
  /** ISO time the last run ended ok or partial (it did its work); null before that. */
  lastSuccess: string | null;
  runs: Record<JobOutcome, number>;
  overruns: number;
}

export function emptyJobStatus(): JobStatus {
  return { running: false, lastRun: null, lastOutcome: null, lastDurationMs: null, lastError: null, lastSuccess: null, runs: { ok: 0, partial: 0, failed: 0 }, overruns: 0 };
}
