/**
 * A real Prometheus (Debian 2.42, test/support/prometheus.ts) scrapes a real Agent's /metrics on
 * 127.0.0.1 every second, and the values the agent holds come back from Prometheus's query API:
 * the points of a job (through `pointsAfterJob`, as the metric schema will feed them), points
 * written to the registry, and the agent's own counters after a real job ran against the store.
 * A series that disappears from a measurement's next write disappears from Prometheus too (the
 * registry replaces a measurement as a whole). Needs /usr/bin/prometheus: a failure under CI=true,
 * a loud skip elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { FinishedJob } from '../../src/agent/agent-job.js';
import { configFromDocument } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { bool, int, str, type MetricPoint } from '../../src/outputs/metric-point.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { prometheusAvailable, startPrometheus, type PromSample, type RunningPrometheus } from '../support/prometheus.js';

const havePrometheus = prometheusAvailable('the agent scraped by a real Prometheus');

let dir: string;
let agent: Agent | undefined;
let prometheus: RunningPrometheus | undefined;

function siteDevices(counts: Record<string, number>): MetricPoint[] {
  const time = new Date();
  return Object.entries(counts).map(([site, n]) => ({ measurement: 'ibsight_scrape_sites', tags: { site }, fields: { devices: int(n) }, time }));
}

const bySite = (samples: PromSample[]): Record<string, string> => Object.fromEntries(samples.map((s) => [s.metric.site!, s.value[1]]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-scrape-'));
  if (!havePrometheus) return;
  const port = await findFreePortRange(1);
  const config = configFromDocument({ storage: { sqlite: join(dir, 'ibsight.db') }, agent: { listen: `127.0.0.1:${port}` } }, null, dir);
  const pointsAfterJob = async (job: FinishedJob): Promise<MetricPoint[]> => [
    {
      measurement: 'ibsight_scrape_job',
      tags: { job: job.job, outcome: job.outcome },
      fields: { overruns: int(job.overruns), finished: bool(true), error: str(job.error?.code ?? '') },
      time: job.finishedAt,
    },
  ];
  agent = await Agent.start({ config, logger: silentLogger(), outputs: { sinks: [], pointsAfterJob, deliver: null }, schedule: false });
  prometheus = await startPrometheus([`127.0.0.1:${port}`]);
});

afterAll(async () => {
  await prometheus?.stop();
  await agent?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!havePrometheus)('Prometheus scraping the agent', () => {
  it('finds the target up and reads back what the agent holds', async () => {
    const a = agent!;
    const p = prometheus!;
    // a real job against the (empty) store: exposure refuses (nothing collected yet), a failed run
    const exposure = await a.runOnce('exposure');
    expect(exposure).toMatchObject({ outcome: 'failed', error: { code: 'INPUT_INVALID' } });
    await a.prometheus.write(siteDevices({ ams: 42, fra: 7 }));

    await p.waitForTargetsUp();
    const sites = await p.waitForQuery('ibsight_scrape_sites_devices', (s) => s.length === 2);
    expect(bySite(sites)).toEqual({ ams: '42', fra: '7' });
    expect(sites[0]!.metric).toMatchObject({ job: 'ibsight', instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });

    const runs = await p.query('ibsight_agent_job_runs_total{job_name="exposure",outcome="failed"}');
    expect(runs.map((s) => s.value[1])).toEqual(['1']);
    const finished = await p.query('ibsight_scrape_job_finished');
    // the point's `job` tag meets Prometheus's target label `job`: Prometheus keeps it as exported_job
    expect(finished.map((s) => [s.metric.job, s.metric.exported_job, s.metric.outcome, s.value[1]])).toEqual([['ibsight', 'exposure', 'failed', '1']]);
    // string fields stay out of Prometheus
    expect(await p.query('{__name__=~"ibsight_scrape_job_error.*"}')).toEqual([]);
    expect((await p.query('up{job="ibsight"}')).map((s) => s.value[1])).toEqual(['1']);
  });

  it('drops a series the next write of its measurement no longer has', async () => {
    const p = prometheus!;
    await agent!.prometheus.write(siteDevices({ ams: 43 }));
    const sites = await p.waitForQuery('ibsight_scrape_sites_devices', (s) => s.length === 1 && s[0]!.value[1] === '43');
    expect(bySite(sites)).toEqual({ ams: '43' });
  });
});
