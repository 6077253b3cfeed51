/**
 * Report delivery (issue 7): after the agent (or a command) has written report files into
 * `delivery.dir`, this checks they are there and hands them to the configured channels — e-mail
 * (src/outputs/smtp-delivery.ts) and a webhook (src/outputs/webhook-delivery.ts). docs/delivery.md
 * is the user's side of it.
 *
 * Rules: one outcome per channel — `dir` always, `smtp` and `webhook` when configured (not null).
 * A channel failure never throws: it becomes an outcome with code DELIVERY_FAILED (the cause kept on
 * the logged error), is logged, and the other channels still run (e-mail and webhook at the same
 * time). Every channel is bounded in time by its own timeouts. The summary is small JSON chosen by
 * the caller (at most MAX_SUMMARY_BYTES); it and the file names are all a webhook receives. Secrets
 * are resolved only when a channel runs and never logged.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { DeliveryConfig } from '../config/config-types.js';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import type { DeliverySummary } from './delivery-summary.js';
import { sendReportMail } from './smtp-delivery.js';
import { postReportWebhook } from './webhook-delivery.js';

export type { DeliverySummary } from './delivery-summary.js';

export type DeliveryChannel = 'dir' | 'smtp' | 'webhook';

export interface DeliveryOutcome {
  channel: DeliveryChannel;
  ok: boolean;
  /** DELIVERY_FAILED when not ok. */
  code?: string;
  /** What happened, in a sentence (never a secret). */
  message?: string;
}

export interface DeliveryInput {
  /** Report files already written to `delivery.dir` (absolute, or relative to it). */
  files: readonly string[];
  summary: DeliverySummary;
  logger?: Logger;
  /** Where `env:` references are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * For tests only, never reachable from a configuration file: TLS options for the SMTP connection
 * (a self-signed test server) and shorter webhook retry delays.
 */
export interface DeliveryTestOptions {
  smtpTls?: { rejectUnauthorized: boolean };
  webhookRetryDelaysMs?: readonly number[];
}

export const MAX_DELIVERED_FILES = 200;

/** The files as absolute paths (relative ones resolved against `dir`). */
export function absoluteReportFiles(dir: string, files: readonly string[]): string[] {
  return files.map((file) => (isAbsolute(file) ? file : resolve(dir, file)));
}

function failure(channel: DeliveryChannel, err: unknown, logger: Logger, context: Record<string, unknown> = {}): DeliveryOutcome {
  const base = toIbsightError(err);
  const error = base.code === 'DELIVERY_FAILED' ? base : new IbsightError('DELIVERY_FAILED', base.message, { cause: base, context: base.context });
  const cause = error.cause as { code?: unknown } | undefined;
  logger.warn(
    { channel, code: error.code, ...(cause && typeof cause.code === 'string' ? { causeCode: cause.code } : {}), ...context },
    `report delivery by ${channel} failed: ${error.message}`,
  );
  return { channel, ok: false, code: error.code, message: error.message };
}

/** The `dir` channel: every report file is a regular file inside `delivery.dir`. */
function checkDirectory(dir: string, files: readonly string[]): DeliveryOutcome {
  const problems: string[] = [];
  for (const file of files) {
    const inside = relative(dir, file);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      problems.push(`${file} is not inside ${dir}`);
      continue;
    }
    try {
      if (!statSync(file).isFile()) problems.push(`${file} is not a regular file`);
    } catch (err) {
      problems.push(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new IbsightError('DELIVERY_FAILED', `${problems.length} of ${files.length} report files are missing from ${dir}: ${shown}`, {
      context: { file: dir },
    });
  }
  return { channel: 'dir', ok: true, message: `${files.length === 1 ? '1 report file' : `${files.length} report files`} in ${dir}` };
}

async function runChannel(
  channel: DeliveryChannel,
  logger: Logger,
  run: () => Promise<string> | string,
): Promise<DeliveryOutcome> {
  try {
    const message = await run();
    logger.info({ channel }, `reports delivered by ${channel}: ${message}`);
    return { channel, ok: true, message };
  } catch (err) {
    return failure(channel, err, logger);
  }
}

/**
 * Delivers the report files by every configured channel; resolves with one outcome per channel
 * (dir, then smtp, then webhook, those configured), never rejects for a channel failure.
 */
export async function deliverReports(
  delivery: DeliveryConfig,
  input: DeliveryInput,
  testOptions: DeliveryTestOptions = {},
): Promise<DeliveryOutcome[]> {
  const logger = (input.logger ?? log()).child({ component: 'delivery' });
  const env = input.env ?? process.env;
  const files = absoluteReportFiles(delivery.dir, input.files.slice(0, MAX_DELIVERED_FILES));
  if (input.files.length > MAX_DELIVERED_FILES) {
    logger.warn({ files: input.files.length, limit: MAX_DELIVERED_FILES }, `only the first ${MAX_DELIVERED_FILES} report files are delivered`);
  }
  const dirOutcome = runChannel('dir', logger, () => checkDirectory(delivery.dir, files).message ?? '');
  const smtp = delivery.smtp;
  const webhook = delivery.webhook;
  const mail =
    smtp === null
      ? null
      : runChannel('smtp', logger, () =>
          sendReportMail(smtp, { files, summary: input.summary, env, logger }, testOptions.smtpTls === undefined ? {} : { tls: testOptions.smtpTls }),
        );
  const hook =
    webhook === null
      ? null
      : runChannel('webhook', logger, () =>
          postReportWebhook(
            webhook,
            { files, summary: input.summary, env, logger },
            testOptions.webhookRetryDelaysMs === undefined ? {} : { retryDelaysMs: testOptions.webhookRetryDelaysMs },
          ),
        );
  const outcomes = await Promise.all([dirOutcome, mail, hook]);
  return outcomes.filter((outcome): outcome is DeliveryOutcome => outcome !== null);
}
