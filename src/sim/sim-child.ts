/**
 * Runs `ibsight sim` from dist/ as a child process and waits for its ready line, for the
 * simulator's integration tests and bench/transport.ts (which stop it by PID).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from './builtin-profile-dir.js';

export interface ReadyLine {
  ready: boolean;
  devices: { name: string; port: number }[];
}

export interface SimChild {
  child: ChildProcess;
  ready: ReadyLine;
  /** Milliseconds from spawn to the ready line. */
  startMs: number;
  stderr(): string;
  exited: Promise<number | null>;
}

/** The compiled CLI entry point. */
export function compiledMain(): string {
  return join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
}

function spawnSim(args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [compiledMain(), 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
}

/** Starts the simulator; resolves on its ready line, rejects if it exits first. */
export async function startSimChild(args: string[], env?: NodeJS.ProcessEnv): Promise<SimChild> {
  const started = performance.now();
  const child = spawnSim(args, env);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ReadyLine);
      } catch (err) {
        reject(err as Error);
      }
    });
    void exited.then((code) => reject(new Error(`ibsight sim exited with ${code} before ready: ${stderr.slice(-4000)}`)));
  });
  return { child, ready, startMs: Math.round(performance.now() - started), stderr: () => stderr, exited };
}

/** Stops a simulator started by startSimChild (SIGTERM) and waits for its exit; nothing for undefined. */
export async function stopSimChild(sim: SimChild | undefined): Promise<void> {
  if (sim === undefined) return;
  sim.child.kill('SIGTERM');
  await sim.exited;
}

/** Runs the simulator to its exit (for invocations that fail at start). */
export function runSimToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnSim(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
