/**
 * Progress of a run on stderr. On a terminal: a cli-progress bar (devices done of total, failed,
 * devices per second, ETA), redrawn at most a few times a second; the run then logs errors only
 * (JSON lines would break the bar; each failure is in the summary printed at the end) unless
 * IBSIGHT_LOG_LEVEL asks for more. Not on a terminal: no bar, only JSON log lines — a `progress`
 * line at most every PROGRESS_LOG_MS, so a 10,000-device run logs a few dozen lines, not one per
 * device.
 */
import cliProgress from 'cli-progress';
import type { Logger } from '../log/logger.js';
import type { DeviceRun } from './device-collection.js';

export const PROGRESS_LOG_MS = 10_000;

export interface RunProgress {
  /** The logger the run should use while this progress is shown. */
  logger: Logger;
  tick(run: DeviceRun): void;
  stop(): void;
}

export interface ProgressOptions {
  total: number;
  /** `collect` or `ingest`, shown in front of the bar. */
  label: string;
  logger: Logger;
  stream?: NodeJS.WriteStream;
}

export function createProgress(options: ProgressOptions): RunProgress {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? barProgress(options, stream) : logProgress(options);
}

function rate(done: number, started: number): number {
  const seconds = (performance.now() - started) / 1000;
  return seconds > 0 ? Math.round((done / seconds) * 10) / 10 : 0;
}

function barProgress(options: ProgressOptions, stream: NodeJS.WriteStream): RunProgress {
  const started = performance.now();
  let failed = 0;
  let done = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label} [{bar}] {value}/{total} devices | {failed} failed | {rate}/s | ETA {eta_formatted}`,
      fps: 5,
      etaBuffer: 200,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0, { failed: 0, rate: 0 });
  const quiet = process.env.IBSIGHT_LOG_LEVEL === undefined && options.logger.isLevelEnabled('warn');
  return {
    logger: quiet ? options.logger.child({}, { level: 'error' }) : options.logger,
    tick(run) {
      done++;
      if (run.collection.outcome === 'failed') failed++;
      bar.update(done, { failed, rate: rate(done, started) });
    },
    stop() {
      bar.stop();
    },
  };
}

function logProgress(options: ProgressOptions): RunProgress {
  const started = performance.now();
  let lastLog = started;
  let failed = 0;
  let done = 0;
  return {
    logger: options.logger,
    tick(run) {
      done++;
      if (run.collection.outcome === 'failed') failed++;
      const now = performance.now();
      if (now - lastLog >= PROGRESS_LOG_MS && done < options.total) {
        lastLog = now;
        options.logger.info({ done, total: options.total, failed, perSecond: rate(done, started) }, `${options.label} progress`);
      }
    },
    stop() {},
  };
}
