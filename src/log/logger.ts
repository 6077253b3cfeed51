/**
 * JSON logs on stderr (stdout is for data). Child loggers carry {run, device, collector}.
 * Secrets are redacted by key name wherever they appear in a log object.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = ['password', 'passphrase', 'token', 'secret', '*.password', '*.passphrase', '*.token', '*.secret'];

export function createLogger(options: { level?: string; destination?: number } = {}): Logger {
  const level = options.level ?? process.env.IBSIGHT_LOG_LEVEL ?? 'info';
  return pino(
    { level, base: { app: 'ibsight' }, redact: { paths: REDACT, censor: '[redacted]' } },
    pino.destination({ fd: options.destination ?? 2, sync: true }),
  );
}

let shared: Logger | undefined;

/** The process-wide logger (stderr). */
export function log(): Logger {
  shared ??= createLogger();
  return shared;
}

/** A logger that drops everything (for library use in tests and benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
