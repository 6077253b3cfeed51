/**
 * The agent's schedule (src/agent/schedule.ts) with the real job runner and a real store: node-cron
 * 4 every second (`* * * * * *`), a job that waits on a promise the test controls. A tick that finds
 * the job still running is skipped and counted as an overrun (never a second run at once); after
 * the job ends the next tick runs it again; once stopped no tick fires. Expressions are checked
 * (CONFIG_INVALID naming schedules.<job>), the time zone moves the next run, and agent.timezone is
 * validated by the configuration schema. No wall-clock thresholds: waits poll for a state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentJobName, FinishedJob, JobBodyResult } from '../../src/agent/agent-job.js';
import { JobRunner } from '../../src/agent/job-runner.js';
import { PrometheusRegistry } from '../../src/agent/prometheus-registry.js';
import { checkScheduleExpressions, JobSchedule } from '../../src/agent/schedule.js';
import { STORE_JOBS, type JobBody } from '../../src/agent/store-jobs.js';
import { configFromDocument, defaultConfig } from '../../src/config/load-config.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import type { MetricPoint } from '../../src/outputs/metric-point.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store-api.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-schedule-'));
  store = await openStore({ sqlite: ':memory:', logger: silentLogger() });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A collect job that, on each call, waits until the test releases that call. */
function controlledJob(): { body: JobBody; calls: number; release(): void } {
  const waiting: (() => void)[] = [];
  const state = {
    calls: 0,
    body: async (): Promise<JobBodyResult> => {
      state.calls++;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return { outcome: 'ok', result: { job: 'reports', dir, files: [], skipped: [], delivery: null } };
    },
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
  return state;
}

/** The real runner; every finished job is handed to `finished` (through pointsAfterJob, into a real registry). */
function runnerWith(collect: JobBody, finished: FinishedJob[] = []): JobRunner {
  const bodies: Record<AgentJobName, JobBody> = { ...STORE_JOBS, collect };
  const pointsAfterJob = async (job: FinishedJob): Promise<MetricPoint[]> => {
    finished.push(job);
    return [];
  };
  return new JobRunner({
    config: defaultConfig(dir),
    store,
    scrubKey: Buffer.alloc(32),
    logger: silentLogger(),
    outputs: { sinks: [new PrometheusRegistry(silentLogger(), null, { defaultMetrics: false })], pointsAfterJob, deliver: null },
    bodies,
  });
}

describe('overruns', () => {
  it('a tick that finds the job still running is skipped and counted; the next free tick runs it again', async () => {
    const job = controlledJob();
    const finished: FinishedJob[] = [];
    const runner = runnerWith(job.body, finished);
    const schedule = JobSchedule.start([{ job: 'collect', expression: '* * * * * *' }], runner, { timezone: null, logger: silentLogger() });
    try {
      await vi.waitFor(() => expect(runner.isRunning('collect')).toBe(true), { timeout: 10_000, interval: 50 });
      await vi.waitFor(() => expect(runner.status().collect.overruns).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 50 });
      // the held run is the only one started: every tick meanwhile was an overrun
      expect(job.calls).toBe(1);
      expect(runner.status().collect).toMatchObject({ running: true, runs: { ok: 0, partial: 0, failed: 0 }, lastOutcome: null });
      const overrunsWhileHeld = runner.status().collect.overruns;

      job.release();
      await vi.waitFor(() => expect(runner.status().collect.runs.ok).toBe(1), { timeout: 10_000, interval: 20 });
      await vi.waitFor(() => expect(job.calls).toBe(2), { timeout: 10_000, interval: 50 });
      expect(runner.status().collect.overruns).toBeGreaterThanOrEqual(overrunsWhileHeld);
      // the finished run carries the overruns it caused (what the run metrics report)
      expect(finished[0]!.overrunsDuringRun).toBeGreaterThanOrEqual(overrunsWhileHeld);
      expect(finished[0]!.overruns).toBe(finished[0]!.overrunsDuringRun);
      expect(runner.status().collect.lastSuccess).not.toBeNull();
      // the other jobs were never touched
      expect(runner.status().reconcile).toMatchObject({ running: false, overruns: 0, lastRun: null });
    } finally {
      await schedule.stop();
      job.release();
      await runner.settled();
    }
  });

  it('once stopped, no tick fires', async () => {
    const job = controlledJob();
    const runner = runnerWith(job.body);
    const schedule = JobSchedule.start([{ job: 'collect', expression: '* * * * * *' }], runner, { timezone: null, logger: silentLogger() });
    await vi.waitFor(() => expect(job.calls).toBe(1), { timeout: 10_000, interval: 50 });
    await schedule.stop();
    const overruns = runner.status().collect.overruns;
    job.release();
    await runner.settled();
    // two more seconds of would-be ticks: nothing runs, nothing is counted
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(job.calls).toBe(1);
    expect(runner.status().collect.overruns).toBe(overruns);
    expect(schedule.nextRuns()).toEqual({});
  });

  it('a job refused while it runs or while stopping is never started twice', async () => {
    const job = controlledJob();
    const runner = runnerWith(job.body);
    const first = runner.run('collect', 'once');
    expect(() => runner.run('collect', 'once')).toThrow(/already running/);
    runner.stopStarting();
    expect(() => runner.run('reconcile', 'once')).toThrow(/stopping/);
    job.release();
    expect((await first).outcome).toBe('ok');
    expect(job.calls).toBe(1);
  });
});

describe('expressions and time zones', () => {
  it('refuses an expression node-cron does not accept, naming schedules.<job>', () => {
    try {
      checkScheduleExpressions([{ job: 'reports', expression: '61 * * * *' }]);
      throw new Error('expected CONFIG_INVALID');
    } catch (err) {
      expect(isIbsightError(err, 'CONFIG_INVALID')).toBe(true);
      expect((err as Error).message).toMatch(/^schedules\.reports: "61 \* \* \* \*" is not a valid cron expression/);
    }
    expect(() => checkScheduleExpressions([{ job: 'collect', expression: '0 */6 * * *' }])).not.toThrow();
  });

  it('runs midnight of agent.timezone, not of the system', async () => {
    const runner = runnerWith(controlledJob().body);
    const utc = JobSchedule.start([{ job: 'reports', expression: '0 0 * * *' }], runner, { timezone: 'UTC', logger: silentLogger() });
    const kiritimati = JobSchedule.start([{ job: 'reports', expression: '0 0 * * *' }], runner, { timezone: 'Pacific/Kiritimati', logger: silentLogger() });
    try {
      expect(utc.nextRuns().reports).toMatch(/T00:00:00\.000Z$/);
      // UTC+14 all year: local midnight is 10:00 UTC
      expect(kiritimati.nextRuns().reports).toMatch(/T10:00:00\.000Z$/);
    } finally {
      await utc.stop();
      await kiritimati.stop();
    }
  });

  it('agent.timezone and agent.shutdownGraceMs are checked by the configuration schema', () => {
    const load = (agent: Record<string, unknown>) => configFromDocument({ agent }, { label: 'ibsight.yaml', file: join(dir, 'ibsight.yaml') }, dir);
    expect(load({ timezone: 'Europe/Amsterdam' }).agent).toEqual({ listen: '127.0.0.1:9108', timezone: 'Europe/Amsterdam', shutdownGraceMs: 60000 });
    expect(() => load({ timezone: 'Mars/Olympus_Mons' })).toThrow(/agent\.timezone: expected an IANA time zone name/);
    expect(() => load({ shutdownGraceMs: -1 })).toThrow(/agent\.shutdownGraceMs: expected an integer from 0 to 3600000/);
  });
});
