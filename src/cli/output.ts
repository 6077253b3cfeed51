/**
 * The --json convention: one JSON document on stdout, logs on stderr.
 * Errors end the command with the exit code their kind calls for.
 */
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import { log } from '../log/logger.js';
import { ExitCode } from './exit-codes.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

const USAGE_CODES = new Set(['CONFIG_INVALID', 'INPUT_INVALID', 'USAGE']);

export function exitCodeFor(err: IbsightError): ExitCode {
  return USAGE_CODES.has(err.code) ? ExitCode.Usage : ExitCode.Internal;
}

/** Reports a failed command (JSON on stdout under --json, a log line on stderr always) and sets the exit code. */
export function failCommand(err: unknown, options: GlobalOptions): void {
  const e = toIbsightError(err);
  const exit = exitCodeFor(e);
  if (options.json) printJson({ error: e.toJSON() });
  if (exit === ExitCode.Internal) log().error({ err: e, code: e.code, context: e.context }, e.message);
  else log().error({ code: e.code, context: e.context }, e.message);
  process.exitCode = exit;
}
