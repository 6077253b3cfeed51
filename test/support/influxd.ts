/**
 * A real InfluxDB 1.6 server for the sink tests (docs/real-components.md): `influxd` started with
 * its own config in a temp dir, on two free 127.0.0.1 ports (HTTP and RPC), ready when `/ping`
 * answers 204. Stop sends SIGTERM to its PID and waits for it to exit (SIGKILL after 15 s); start
 * again comes back on the SAME ports and data dir (the spool test stops it mid-run). A server still
 * running when the test process exits is killed.
 *
 * `influxdAvailable(what)` says whether `influxd` is on PATH: missing is an error under CI=true and
 * a loud skip elsewhere (as test/support/chromium.ts).
 *
 *   const server = await InfluxdServer.start();   // server.url = http://127.0.0.1:<port>
 *   await server.stop(); await server.start();     // same port, same data
 *   await server.destroy();                        // stop and remove the temp dir
 *   server.pid                                     // of the running influxd, or null
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INFLUXD = 'influxd';

export function influxdAvailable(what: string): boolean {
  const probe = spawnSync(INFLUXD, ['version'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  if (process.env.CI === 'true') throw new Error(`${INFLUXD} is missing: install the Debian package "influxdb"`);
  console.warn(`SKIPPED: ${what}: ${INFLUXD} is missing (apt-get install -y influxdb influxdb-client)`);
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class InfluxdServer {
  readonly dir: string;
  readonly httpPort: number;
  readonly rpcPort: number;
  private child: ChildProcess | null = null;

  private constructor(dir: string, httpPort: number, rpcPort: number) {
    this.dir = dir;
    this.httpPort = httpPort;
    this.rpcPort = rpcPort;
    writeFileSync(
      join(dir, 'influxdb.conf'),
      [
        'reporting-enabled = false',
        `bind-address = "127.0.0.1:${rpcPort}"`,
        '[meta]',
        `  dir = "${join(dir, 'meta')}"`,
        '[data]',
        `  dir = "${join(dir, 'data')}"`,
        `  wal-dir = "${join(dir, 'wal')}"`,
        '  query-log-enabled = false',
        '[monitor]',
        '  store-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${httpPort}"`,
        '  log-enabled = false',
        '[logging]',
        '  level = "warn"',
        '',
      ].join('\n'),
    );
  }

  /** A new server in a new temp dir, started and answering /ping. */
  static async start(): Promise<InfluxdServer> {
    const dir = mkdtempSync(join(tmpdir(), 'ibsight-influxd-'));
    const httpPort = await freePort();
    let rpcPort = await freePort();
    while (rpcPort === httpPort) rpcPort = await freePort();
    const server = new InfluxdServer(dir, httpPort, rpcPort);
    await server.start();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** The PID of the running influxd (e.g. to SIGSTOP it), or null. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts (again) on the same ports and data dir; resolves when /ping answers 204. */
  async start(): Promise<void> {
    if (this.child) return;
    const logFd = openSync(join(this.dir, 'influxd.log'), 'a');
    const child = spawn(INFLUXD, ['-config', join(this.dir, 'influxdb.conf')], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.child = child;
    running.add(child);
    let exited = false;
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`influxd exited at start: ${this.logTail()}`);
      const status = await fetch(`${this.url}/ping`).then((r) => r.status, () => 0);
      if (status === 204) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.stop();
    throw new Error(`influxd did not answer /ping within 20 s: ${this.logTail()}`);
  }

  /** SIGTERM to its PID, then waits for it to exit (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exit = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
    this.child = null;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(): string {
    try {
      return readFileSync(join(this.dir, 'influxd.log'), 'utf8').slice(-2000);
    } catch {
      return '(no log)';
    }
  }
}
