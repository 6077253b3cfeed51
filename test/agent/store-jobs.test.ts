/**
 * The agent's four jobs with the real pieces: a simulated lab served in this process over real SSH
 * (one device refusing connections), its inventory and known_hosts written as `ibsight sim` writes
 * them, a real store, the real collect / reconcile / exposure / report code, the real report
 * delivery (directory channel), and the agent's Prometheus registry fed by `pointsAfterJob`.
 * collect is partial (the refused device), reconcile refuses before an installed base exists and
 * runs after one is imported, exposure runs, reports land in a dated folder of delivery.dir and
 * are delivered; /healthz and /metrics show every run.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { FinishedJob } from '../../src/agent/agent-job.js';
import { reportFolderName } from '../../src/agent/store-jobs.js';
import type { IbsightConfig } from '../../src/config/config-types.js';
import { configFromDocument } from '../../src/config/load-config.js';
import { runIbImportJob } from '../../src/jobs/ib-import-job.js';
import { silentLogger } from '../../src/log/logger.js';
import { int, type MetricPoint } from '../../src/outputs/metric-point.js';
import { deliverReports } from '../../src/outputs/report-delivery.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { writeInventory, writeKnownHosts } from '../../src/sim/inventory-writer.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';
import { openStore } from '../../src/store/open-store.js';

const SITE = '0100012345';
let dir: string;
let sim: RunningSimulator;
let config: IbsightConfig;
let agent: Agent;
const finished: FinishedJob[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-agent-jobs-'));
  const fleet = [
    'username: lab',
    'password: agent-jobs-pw',
    'devices:',
    `  - { name: mx480-a, profile: "builtin:mx480", site: "${SITE}" }`,
    `  - { name: ex-vc-a, profile: "builtin:ex4300-vc", site: "${SITE}" }`,
    `  - { name: qfx-a, profile: "builtin:qfx5120", site: "${SITE}" }`,
    `  - { name: gone-a, profile: "builtin:qfx5120", site: "${SITE}", fault: refuse }`,
    '',
  ].join('\n');
  const plan = parseFleetText(fleet, join(dir, 'fleet.yaml'));
  sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
  writeKnownHosts(join(dir, 'known_hosts'), sim.devices);
  writeInventory(join(dir, 'inventory.yaml'), plan, sim.devices);
  config = configFromDocument(
    {
      storage: { sqlite: './ibsight.db' },
      ssh: { knownHosts: './known_hosts' },
      inventory: './inventory.yaml',
      collection: { concurrency: 4, connectTimeoutMs: 5000, rpcTimeoutMs: 20000, retries: 0 },
      agent: { listen: `127.0.0.1:${await findFreePortRange(1)}`, timezone: 'Europe/Amsterdam' },
      delivery: { dir: './reports' },
    },
    { label: 'ibsight.yaml', file: join(dir, 'ibsight.yaml') },
    dir,
  );
  const logger = silentLogger();
  agent = await Agent.start({
    config,
    logger,
    schedule: false,
    outputs: {
      sinks: [],
      pointsAfterJob: async (job): Promise<MetricPoint[]> => {
        finished.push(job);
        const devices = job.result?.job === 'collect' ? job.result.report.devices.total : 0;
        return [{ measurement: 'ibsight_jobs_test', tags: { job_kind: job.job }, fields: { devices: int(devices) }, time: job.finishedAt }];
      },
      deliver: (files, summary) => deliverReports(config.delivery, { files, summary, logger }),
    },
  });
});

afterAll(async () => {
  await agent?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function health(): Promise<{ status: string; jobs: Record<string, { lastOutcome: string | null; running: boolean; lastError: { code: string } | null }> }> {
  return (await fetch(`${agent.url}/healthz`)).json() as never;
}

describe('the agent jobs against a simulated lab', () => {
  it('collect: every reachable device recorded, the refused one failed: partial', async () => {
    const job = await agent.runOnce('collect');
    expect(job.outcome).toBe('partial');
    expect(job.result?.job).toBe('collect');
    if (job.result?.job !== 'collect') return;
    expect(job.result.report.devices).toEqual({ total: 4, ok: 3, partial: 0, failed: 1 });
    expect(job.result.notStarted).toBe(0);
    expect(job.result.report.failures).toMatchObject([{ device: 'gone-a', collector: null, code: 'CONNECT_REFUSED' }]);
    const reader = await openStore({ sqlite: config.storage.sqlite, logger: silentLogger() });
    try {
      const rows = await reader.listDevices();
      expect(Object.fromEntries(rows.map((r) => [r.name, r.status]))).toEqual({ 'mx480-a': 'ok', 'ex-vc-a': 'ok', 'qfx-a': 'ok', 'gone-a': 'failed' });
    } finally {
      await reader.close();
    }
    expect((await health()).jobs.collect).toMatchObject({ lastOutcome: 'partial', running: false });
  });

  it('reconcile: refused without an installed base, then run once one is imported', async () => {
    const refused = await agent.runOnce('reconcile');
    expect(refused).toMatchObject({ outcome: 'failed', error: { code: 'INPUT_INVALID' }, result: null });
    // a refused job is not a store problem: /healthz stays 200
    expect((await health()).status).toBe('ok');

    const csv = join(dir, 'ib.csv');
    // an SRX345 SKU: no device of the lab is of that model, so it cannot pair as an RMA suspect
    writeFileSync(csv, `serial_number,sku,site_id,site_name,contract_end\nNOT-ON-ANY-DEVICE,SRX345-SYS-JB,${SITE},AMS-DC1,2030-01-01\n`);
    const reader = await openStore({ sqlite: config.storage.sqlite, logger: silentLogger() });
    try {
      await runIbImportJob({ store: reader, file: csv, replace: 'all' });
    } finally {
      await reader.close();
    }
    const job = await agent.runOnce('reconcile');
    expect(job.outcome).toBe('ok');
    if (job.result?.job !== 'reconcile') throw new Error('expected a reconcile result');
    const summary = job.result.reconciliation.result.summary;
    expect(summary.missing).toBe(1);
    expect(summary.unregistered).toBeGreaterThan(0);
  });

  it('exposure: runs over the collected devices', async () => {
    const job = await agent.runOnce('exposure');
    expect(job.outcome).toBe('ok');
    expect(job.result?.job === 'exposure' && job.result.exposure.exposureRunId).toBeGreaterThan(0);
  });

  it('reports: every kind written to a dated folder of delivery.dir and delivered', async () => {
    const job = await agent.runOnce('reports');
    expect(job.error).toBeNull();
    expect(job.outcome).toBe('ok');
    if (job.result?.job !== 'reports') throw new Error('expected a reports result');
    expect(job.result.dir).toBe(join(config.delivery.dir, reportFolderName(job.startedAt, 'Europe/Amsterdam')));
    expect(job.result.skipped).toEqual([]);
    expect(job.result.delivery).toMatchObject([{ channel: 'dir', ok: true }]);
    const names = readdirSync(job.result.dir).sort();
    for (const kind of ['software', 'changes', 'accuracy', 'exposure', 'lifecycle']) {
      for (const ext of ['html', 'csv', 'json']) expect(names).toContain(`${kind}.${ext}`);
    }
    expect(names.filter((n) => n.startsWith('serials'))).toHaveLength(1);
    expect(job.result.files.every((f) => existsSync(f))).toBe(true);
  });

  it('/healthz and /metrics show every run, and the points of each job', async () => {
    const doc = await health();
    expect(doc.status).toBe('ok');
    expect(Object.fromEntries(Object.entries(doc.jobs).map(([j, s]) => [j, s.lastOutcome]))).toEqual({ collect: 'partial', reconcile: 'ok', exposure: 'ok', reports: 'ok' });
    const text = await (await fetch(`${agent.url}/metrics`)).text();
    expect(text).toContain('ibsight_agent_job_runs_total{job_name="collect",outcome="partial"} 1');
    expect(text).toContain('ibsight_agent_job_runs_total{job_name="reconcile",outcome="failed"} 1');
    expect(text).toContain('ibsight_agent_job_runs_total{job_name="reconcile",outcome="ok"} 1');
    // one measurement, replaced at each write: only the last job's point is left
    expect(text).toContain('ibsight_jobs_test_devices{job_kind="reports"} 0');
    expect(text).not.toContain('ibsight_jobs_test_devices{job_kind="collect"}');
    expect(finished.map((j) => `${j.job}:${j.outcome}`)).toEqual(['collect:partial', 'reconcile:failed', 'reconcile:ok', 'exposure:ok', 'reports:ok']);
  });
});

describe('the reports folder', () => {
  it('is the date in the agent time zone', () => {
    const lateEvening = new Date('2025-03-02T23:30:00Z');
    expect(reportFolderName(lateEvening, 'UTC')).toBe('2025-03-02');
    expect(reportFolderName(lateEvening, 'Europe/Amsterdam')).toBe('2025-03-03');
  });
});
