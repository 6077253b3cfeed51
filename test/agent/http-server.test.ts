/**
 * The agent's HTTP endpoints (src/agent/http-server.ts) served by a real Agent (real store in a temp
 * dir, real prom-client registry): /healthz 200 with every job's state, /metrics in the Prometheus
 * text format with the agent's own and the process metrics, 404 elsewhere, 405 for other methods;
 * 503 while starting is over and the store fails, and while stopping. Only loopback addresses are
 * accepted — 0.0.0.0 and the like are refused at start and by the configuration schema — and a
 * port in use is a clear error. The jobs here are the test's own (a collect that waits on a promise
 * the test controls, one that fails like a broken store); the real jobs run in store-jobs.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { AgentJobName, JobBodyResult } from '../../src/agent/agent-job.js';
import { parseLoopbackListen, startHttpServer } from '../../src/agent/http-server.js';
import { STORE_JOBS, type JobBody } from '../../src/agent/store-jobs.js';
import type { IbsightConfig } from '../../src/config/config-types.js';
import { configFromDocument } from '../../src/config/load-config.js';
import { IbsightError, isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { findFreePortRange } from '../../src/sim/port-range.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-agent-http-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function agentConfig(name: string): Promise<IbsightConfig> {
  const port = await findFreePortRange(1);
  return configFromDocument(
    { storage: { sqlite: join(dir, name, 'ibsight.db') }, agent: { listen: `127.0.0.1:${port}`, shutdownGraceMs: 30000 }, delivery: { dir: join(dir, name, 'reports') } },
    { label: 'ibsight.yaml', file: join(dir, name, 'ibsight.yaml') },
    join(dir, name),
  );
}

/** Collect waits for `release()`; reconcile fails the way a broken store does, or succeeds once `storeFixed`. */
function testJobs() {
  const waiting: (() => void)[] = [];
  const state = { storeFixed: false };
  const done = (): JobBodyResult => ({ outcome: 'ok', result: { job: 'reports', dir, files: [], skipped: [], delivery: null } });
  const bodies: Record<AgentJobName, JobBody> = {
    ...STORE_JOBS,
    collect: async () => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return done();
    },
    reconcile: async () => {
      if (!state.storeFixed) throw new IbsightError('STORE_FAILED', 'store: disk I/O error');
      return done();
    },
  };
  return { bodies, state, release: () => waiting.splice(0).forEach((resolve) => resolve()) };
}

describe('a running agent', () => {
  let agent: Agent;
  const jobs = testJobs();

  beforeAll(async () => {
    agent = await Agent.start({ config: await agentConfig('running'), logger: silentLogger(), outputs: { sinks: [], pointsAfterJob: null, deliver: null }, schedule: true, bodies: jobs.bodies });
  });

  afterAll(async () => {
    jobs.release();
    await agent.stop();
  });

  it('GET /healthz: 200, every job with its state and next run', async () => {
    const reply = await http(`${agent.url}/healthz`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const doc = JSON.parse(reply.body);
    expect(doc.status).toBe('ok');
    expect(typeof doc.uptime).toBe('number');
    expect(Object.keys(doc.jobs).sort()).toEqual(['collect', 'exposure', 'reconcile', 'reports']);
    expect(doc.jobs.collect).toMatchObject({ lastRun: null, lastOutcome: null, running: false, overruns: 0 });
    expect(Date.parse(doc.jobs.reports.nextRun)).toBeGreaterThan(Date.now());
  });

  it('GET /metrics: the Prometheus text format, agent and process metrics', async () => {
    const reply = await http(`${agent.url}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(reply.body).toMatch(/^# HELP ibsight_agent_uptime_seconds /m);
    expect(reply.body).toMatch(/^# TYPE ibsight_agent_job_runs_total counter$/m);
    expect(reply.body).toContain('ibsight_agent_job_runs_total{job_name="collect",outcome="ok"} 0');
    expect(reply.body).toContain('ibsight_agent_job_overruns_total{job_name="reports"} 0');
    expect(reply.body).toContain('ibsight_agent_store_up 1');
    expect(reply.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(reply.body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('404 for any other path, 405 for any other method', async () => {
    expect((await http(`${agent.url}/`)).status).toBe(404);
    expect((await http(`${agent.url}/metrics/extra`)).status).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
      const reply = await http(`${agent.url}/metrics`, method);
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET');
    }
    expect((await http(`${agent.url}/healthz?verbose=1`)).status).toBe(200);
  });

  it('503 store-failed after a job met a failing store, 200 again once a job gets through', async () => {
    const failed = await agent.runOnce('reconcile');
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'STORE_FAILED' } });
    const reply = await http(`${agent.url}/healthz`);
    expect(reply.status).toBe(503);
    const doc = JSON.parse(reply.body);
    expect(doc).toMatchObject({ status: 'store-failed', store: { ok: false, problem: { code: 'STORE_FAILED', message: 'store: disk I/O error' } } });
    expect(doc.jobs.reconcile).toMatchObject({ lastOutcome: 'failed', running: false, lastError: { code: 'STORE_FAILED' } });
    expect((await http(`${agent.url}/metrics`)).body).toContain('ibsight_agent_store_up 0');
    expect((await http(`${agent.url}/metrics`)).body).toContain('ibsight_agent_job_runs_total{job_name="reconcile",outcome="failed"} 1');

    jobs.state.storeFixed = true;
    expect((await agent.runOnce('reconcile')).outcome).toBe('ok');
    expect((await http(`${agent.url}/healthz`)).status).toBe(200);
  });

  it('503 stopping while a job finishes; the stop waits for it', async () => {
    const run = agent.runOnce('collect');
    expect(JSON.parse((await http(`${agent.url}/healthz`)).body).jobs.collect.running).toBe(true);
    const stopped = agent.stop();
    const reply = await http(`${agent.url}/healthz`);
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toMatchObject({ status: 'stopping', jobs: { collect: { running: true } } });
    jobs.release();
    expect((await run).outcome).toBe('ok');
    expect(await stopped).toEqual({ completed: true, abandoned: [] });
    await expect(http(`${agent.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('loopback only', () => {
  const endpoints = { health: () => ({ status: 'ok' as const, uptime: 0 }), metrics: async () => ({ contentType: 'text/plain', body: '' }) };

  it.each(['0.0.0.0:9108', '[::]:9108', '192.0.2.10:9108', 'localhost:9108', 'ibsight.example.net:9108'])('refuses %s at start', async (listen) => {
    await expect(startHttpServer(listen, endpoints, silentLogger())).rejects.toSatisfy(
      (err: unknown) => isIbsightError(err, 'CONFIG_INVALID') && /agent\.listen: .* is not a loopback address/.test((err as Error).message),
    );
  });

  it('refuses 0.0.0.0 in the configuration file (agent.listen)', () => {
    const load = () => configFromDocument({ agent: { listen: '0.0.0.0:9108' } }, { label: 'ibsight.yaml', file: join(dir, 'ibsight.yaml') }, dir);
    expect(load).toThrow(/ibsight\.yaml: agent\.listen: expected a loopback address, 127\.0\.0\.1:PORT or \[::1\]:PORT/);
    expect(() => configFromDocument({ agent: { listen: '[::1]:9108' } }, null, dir)).not.toThrow();
  });

  it('serves on [::1] and on 127.0.0.1', async () => {
    expect(parseLoopbackListen('[::1]:9108')).toEqual({ host: '::1', port: 9108 });
    for (const listen of ['[::1]:0', '127.0.0.1:0']) {
      const server = await startHttpServer(listen, endpoints, silentLogger());
      try {
        expect((await http(`${server.url}/healthz`)).status).toBe(200);
      } finally {
        await server.close();
      }
    }
  });

  it('a port in use is a clear error', async () => {
    const first = await startHttpServer('127.0.0.1:0', endpoints, silentLogger());
    try {
      await expect(startHttpServer(`127.0.0.1:${first.port}`, endpoints, silentLogger())).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE \(is another ibsight agent running\?\)/);
    } finally {
      await first.close();
    }
  });
});
