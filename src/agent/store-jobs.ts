/**
 * The four jobs of `ibsight agent` (SPEC §3 `schedules`), each one run against the open store with
 * the same code as its command: collect (`collectIntoStore`, as `ibsight collect`), reconcile
 * (`runReconcileJob`), exposure (`runExposureJob`), reports (`writeStoreReport`, then delivery).
 *
 * Rules: the inventory file is read again at every collect and reconcile, so an edited inventory
 * applies without a restart (a broken one fails that run, CONFIG_INVALID, and the next run reads it
 * again). Collect stops starting devices when the agent stops (`signal`); the devices in flight
 * finish and the run is recorded. Reports go to a dated folder of `delivery.dir`
 * (`<dir>/<YYYY-MM-DD>/`, in the agent's time zone), so last week's stay; a kind with nothing to
 * report yet (no reconciliation, no exposure run: INPUT_INVALID) is skipped and makes the run
 * partial; a store failure fails the job.
 */
import { join } from 'node:path';
import { collectIntoStore } from '../collect/collect-into-store.js';
import { exitCodeForRun } from '../collect/run-summary.js';
import { selectCollectors } from '../collect/run-selection.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { IbsightConfig } from '../config/config-types.js';
import { loadInventory } from '../config/load-inventory.js';
import { IbsightError, isIbsightError, toIbsightError } from '../errors/ibsight-error.js';
import { runExposureJob } from '../jobs/exposure-job.js';
import { runReconcileJob } from '../jobs/reconcile-job.js';
import type { Logger } from '../log/logger.js';
import { writeStoreReport, type ReportKind } from '../reports/store-reports.js';
import type { Store } from '../store/store-api.js';
import type { AgentJobName, DeliveryChannelOutcome, JobBodyResult, JobOutcome, SkippedReport } from './agent-job.js';

/** The small JSON that travels with delivered reports (src/outputs/delivery-summary.ts). */
export interface ReportsSummary {
  kinds: string[];
  generatedAt: string;
  dir: string;
  files: number;
  skipped: string[];
  accuracyPct?: number;
  [key: string]: unknown;
}

/** Hands written report files to the delivery channels (e-mail, webhook); never rejects for a channel. */
export type DeliverReports = (files: readonly string[], summary: ReportsSummary) => Promise<readonly DeliveryChannelOutcome[]>;

export interface JobContext {
  config: IbsightConfig;
  store: Store;
  /** A child logger carrying {job}. */
  logger: Logger;
  /** Aborted when the agent is stopping. */
  signal: AbortSignal;
  now: Date;
  scrubKey: Buffer;
  /** Null when no delivery is wired: the reports stay in their folder. */
  deliver: DeliverReports | null;
  /** When this job last did its work (the reports job's changes period starts there). */
  previousSuccess: Date | null;
}

export type JobBody = (ctx: JobContext) => Promise<JobBodyResult>;

/** Report kinds written by the reports job, in this order; serials once per inventory site. */
export const SCHEDULED_REPORT_KINDS: readonly ReportKind[] = ['software', 'changes', 'accuracy', 'exposure', 'lifecycle'];

async function collectJob(ctx: JobContext): Promise<JobBodyResult> {
  const { config } = ctx;
  const inventory = loadInventory(config.inventory);
  const report = await collectIntoStore({
    config,
    inventory,
    devices: inventory.devices,
    collectors: selectCollectors(config.collection.collectors),
    concurrency: config.collection.concurrency,
    scrubKey: ctx.scrubKey,
    store: ctx.store,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  const exit = exitCodeForRun(report);
  const outcome: JobOutcome = exit === ExitCode.Ok ? 'ok' : exit === ExitCode.Partial ? 'partial' : 'failed';
  return { outcome, result: { job: 'collect', report, notStarted: inventory.devices.length - report.devices.total } };
}

async function reconcileJob(ctx: JobContext): Promise<JobBodyResult> {
  const reconciliation = await runReconcileJob({ config: ctx.config, inventory: loadInventory(ctx.config.inventory), store: ctx.store, now: ctx.now });
  return { outcome: 'ok', result: { job: 'reconcile', reconciliation } };
}

async function exposureJob(ctx: JobContext): Promise<JobBodyResult> {
  const exposure = await runExposureJob({ config: ctx.config, store: ctx.store, now: ctx.now });
  return { outcome: 'ok', result: { job: 'exposure', exposure } };
}

/** `YYYY-MM-DD` of `at` in `timeZone` (null: the system's). */
export function reportFolderName(at: Date, timeZone: string | null): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? undefined, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Writes one report; true when written. A store failure fails the job; anything else skips the report. */
async function writeOne(ctx: JobContext, what: string, write: () => Promise<string[]>, files: string[], skipped: SkippedReport[]): Promise<boolean> {
  try {
    files.push(...(await write()));
    return true;
  } catch (err) {
    const e = toIbsightError(err);
    if (e.code === 'STORE_FAILED' || e.code === 'STORE_SCHEMA_NEWER') throw e;
    skipped.push({ kind: what, code: e.code, message: e.message });
    if (isIbsightError(err, 'INPUT_INVALID')) ctx.logger.warn({ report: what, code: e.code }, `report skipped: ${e.message}`);
    else ctx.logger.error({ report: what, code: e.code, err: e }, `report failed: ${e.message}`);
    return false;
  }
}

/** Delivery is documented not to reject; if it does anyway, that is one failed outcome, the files stay. */
async function deliverSafely(ctx: JobContext, deliver: DeliverReports, files: string[], summary: ReportsSummary): Promise<DeliveryChannelOutcome[]> {
  try {
    return [...(await deliver(files, summary))];
  } catch (err) {
    const e = toIbsightError(err, 'DELIVERY_FAILED');
    ctx.logger.error({ code: e.code, err: e }, `report delivery failed: ${e.message}`);
    return [{ channel: 'delivery', ok: false, code: e.code, message: e.message }];
  }
}

async function reportsJob(ctx: JobContext): Promise<JobBodyResult> {
  const { config, store } = ctx;
  const dir = join(config.delivery.dir, reportFolderName(ctx.now, config.agent.timezone));
  const inventory = loadInventory(config.inventory);
  const siteNames = new Map(inventory.sites.map((s) => [s.id, s.name] as const));
  const options = { siteNames, generatedAt: ctx.now };
  const files: string[] = [];
  const skipped: SkippedReport[] = [];
  const kinds: string[] = [];
  for (const kind of SCHEDULED_REPORT_KINDS) {
    const since = kind === 'changes' && ctx.previousSuccess !== null ? { since: ctx.previousSuccess.toISOString() } : {};
    if (await writeOne(ctx, kind, () => writeStoreReport(kind, store, dir, ['html', 'csv', 'json'], { ...options, ...since }), files, skipped)) kinds.push(kind);
  }
  let serials = false;
  for (const site of siteNames.keys()) {
    if (await writeOne(ctx, `serials:${site}`, () => writeStoreReport('serials', store, dir, ['csv'], { ...options, site }), files, skipped)) serials = true;
  }
  if (serials) kinds.push('serials');
  if (files.length === 0) {
    const first = skipped[0];
    throw new IbsightError(first?.code ?? 'INTERNAL', `no report could be written to ${dir}${first ? `: ${first.message}` : ''}`, { context: { file: dir } });
  }
  const latest = (await store.reconciliations({ last: 1 })).at(-1);
  const summary: ReportsSummary = {
    kinds,
    generatedAt: ctx.now.toISOString(),
    dir,
    files: files.length,
    skipped: skipped.map((s) => s.kind),
    ...(latest ? { accuracyPct: latest.summary.accuracyPct } : {}),
  };
  const delivery = ctx.deliver === null ? null : await deliverSafely(ctx, ctx.deliver, files, summary);
  const partial = skipped.length > 0 || (delivery ?? []).some((d) => !d.ok);
  return { outcome: partial ? 'partial' : 'ok', result: { job: 'reports', dir, files, skipped, delivery } };
}

export const STORE_JOBS: Readonly<Record<AgentJobName, JobBody>> = {
  collect: collectJob,
  reconcile: reconcileJob,
  exposure: exposureJob,
  reports: reportsJob,
};
