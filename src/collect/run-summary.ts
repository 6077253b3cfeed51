/**
 * The summary of a collection or ingest run (SPEC §2.4) and the exit code it calls for:
 * `{runId, durationMs, devices:{total,ok,partial,failed}, failures:[{device,collector,code,message}]}`.
 * Exit 0 when every device is ok, 3 when any is partial or failed, 4 when none is ok (an empty
 * run — no device selected — is 0: nothing failed).
 */
import { ExitCode } from '../cli/exit-codes.js';
import type { DeviceOutcome } from '../store/store-api.js';
import type { RunFailure } from './device-collection.js';

export interface RunReport {
  runId: string;
  durationMs: number;
  devices: { total: number; ok: number; partial: number; failed: number };
  failures: RunFailure[];
}

export class RunTally {
  readonly devices = { total: 0, ok: 0, partial: 0, failed: 0 };
  readonly failures: RunFailure[] = [];

  add(outcome: DeviceOutcome, failures: readonly RunFailure[]): void {
    this.devices.total++;
    this.devices[outcome]++;
    for (const f of failures) this.failures.push(f);
  }

  report(runId: string, durationMs: number): RunReport {
    return { runId, durationMs, devices: { ...this.devices }, failures: [...this.failures] };
  }
}

export function exitCodeForRun(report: RunReport): ExitCode {
  const { total, ok, partial, failed } = report.devices;
  if (total === 0) return ExitCode.Ok;
  if (ok === 0) return ExitCode.NothingSucceeded;
  return partial > 0 || failed > 0 ? ExitCode.Partial : ExitCode.Ok;
}
