/**
 * A real Prometheus (Debian package `prometheus`, 2.42) for the agent's scrape test: started in a
 * temp dir on a free 127.0.0.1 port, scraping the given targets every second, stopped by PID.
 * `prometheusAvailable(what)` says whether the binary exists: missing is an error under CI=true and
 * a loud skip elsewhere. A new target shows up in /api/v1/targets only after a few seconds, so
 * everything here polls for a state (with a generous limit) instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePortRange } from '../../src/sim/port-range.js';

export const PROMETHEUS = '/usr/bin/prometheus';

export function prometheusAvailable(what: string): boolean {
  if (existsSync(PROMETHEUS)) return true;
  if (process.env.CI === 'true') throw new Error(`${PROMETHEUS} is missing: install the Debian package "prometheus"`);
  console.warn(`SKIPPED: ${what}: ${PROMETHEUS} is missing (apt-get install -y prometheus)`);
  return false;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  pid: number;
  /** Resolves once every target is `up` (rejects with Prometheus's last error for them after `limitMs`). */
  waitForTargetsUp(limitMs?: number): Promise<void>;
  /** An instant query; the samples of a vector result. */
  query(expr: string): Promise<PromSample[]>;
  /** Polls `query(expr)` until `accept` holds; resolves with those samples. */
  waitForQuery(expr: string, accept: (samples: PromSample[]) => boolean, limitMs?: number): Promise<PromSample[]>;
  stderr(): string;
  stop(): Promise<void>;
}

const POLL_MS = 200;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function poll<T>(what: string, limitMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`${what}: gave up after ${limitMs} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function startPrometheus(targets: string[], options: { metricsPath?: string } = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-prometheus-'));
  const port = await findFreePortRange(1);
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: ibsight',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      `    metrics_path: ${options.metricsPath ?? '/metrics'}`,
      '    static_configs:',
      `      - targets: [${targets.map((t) => `"${t}"`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await poll('prometheus ready', 20_000, async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const query = async (expr: string): Promise<PromSample[]> => {
    const body = await getJson<{ status: string; data: { resultType: string; result: PromSample[] } }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    if (body.status !== 'success' || body.data.resultType !== 'vector') throw new Error(`query ${expr}: ${JSON.stringify(body)}`);
    return body.data.result;
  };
  return {
    url,
    pid: child.pid!,
    query,
    waitForQuery: (expr, accept, limitMs = 30_000) =>
      poll(`query ${expr}`, limitMs, async () => {
        const samples = await query(expr);
        return accept(samples) ? samples : undefined;
      }),
    waitForTargetsUp: async (limitMs = 30_000) => {
      await poll('targets up', limitMs, async () => {
        const body = await getJson<{ data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] } }>(`${url}/api/v1/targets`);
        const active = body.data.activeTargets;
        if (active.length === targets.length && active.every((t) => t.health === 'up')) return true;
        const down = active.filter((t) => t.health === 'down');
        if (down.length > 0) throw new Error(down.map((t) => `${t.scrapeUrl}: ${t.lastError}`).join('; '));
        return undefined;
      });
    },
    stderr: () => stderr,
    stop,
  };
}
