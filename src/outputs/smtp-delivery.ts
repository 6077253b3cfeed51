/**
 * E-mail delivery of reports over SMTP with nodemailer (issue 7): one message per delivery,
 * composed by src/outputs/report-mail.ts.
 *
 * Rules: `secure: starttls` requires the server to offer STARTTLS (no silent fall-back to clear
 * text); `tls` speaks TLS from the first byte; `none` (loopback only, enforced by the schema) never
 * tries TLS. Certificates are always verified (TLS 1.2 or later); the only way around that is the
 * test-only `tls` option, which no configuration key reaches. The password is resolved from its
 * reference here, handed to nodemailer and nowhere else: nodemailer's own logger stays off and
 * what is logged is host, port, counts and error codes. Connect, greeting and each step are
 * bounded by `timeoutMs`, the whole send by SEND_DEADLINE_FACTOR times it. A failure, or a
 * message some recipients refused, is DELIVERY_FAILED.
 */
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpDeliveryConfig } from '../config/config-types.js';
import { resolveSecret } from '../config/secret-ref.js';
import { IbsightError, isIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { summaryJson, type DeliverySummary } from './delivery-summary.js';
import { composeReportMail } from './report-mail.js';

export const SEND_DEADLINE_FACTOR = 10;

export interface MailDeliveryInput {
  /** Absolute paths of the report files. */
  files: readonly string[];
  summary: DeliverySummary;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface SmtpTestOptions {
  /** Test servers with self-signed certificates only. */
  tls?: { rejectUnauthorized: boolean };
}

function where(smtp: SmtpDeliveryConfig): string {
  return `${smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host}:${smtp.port}`;
}

function failed(smtp: SmtpDeliveryConfig, message: string, cause?: unknown): IbsightError {
  return new IbsightError('DELIVERY_FAILED', `e-mail via ${where(smtp)}: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
    context: { channel: 'smtp', host: smtp.host, port: smtp.port },
  });
}

function transportOptions(smtp: SmtpDeliveryConfig, password: string | null, test: SmtpTestOptions): SMTPTransport.Options {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    ...(smtp.username !== null && password !== null ? { auth: { user: smtp.username, pass: password } } : {}),
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    dnsTimeout: smtp.timeoutMs,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
    tls: { minVersion: 'TLSv1.2', ...(test.tls ?? {}) },
  };
}

/** A short reason from a nodemailer error: its code, the server's reply when there was one. */
function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  return `${code}${message.replace(/[\r\n]+/g, ' ').slice(0, 300)}`;
}

/** Sends the reports; resolves with a one-line account of what was sent, or throws DELIVERY_FAILED. */
export async function sendReportMail(smtp: SmtpDeliveryConfig, input: MailDeliveryInput, test: SmtpTestOptions = {}): Promise<string> {
  const summary = summaryJson(input.summary);
  if ('problem' in summary) throw failed(smtp, summary.problem);
  let password: string | null = null;
  if (smtp.password !== null) {
    try {
      password = resolveSecret(smtp.password, { keyPath: 'delivery.smtp.password', env: input.env, logger: input.logger });
    } catch (err) {
      throw failed(smtp, isIbsightError(err) ? err.message : String(err), err);
    }
  }
  let mail: ReturnType<typeof composeReportMail>;
  try {
    mail = composeReportMail(smtp, input.files, input.summary);
  } catch (err) {
    throw failed(smtp, `the message could not be composed (${reason(err)})`, err);
  }
  const transport = createTransport(transportOptions(smtp, password, test));
  const deadlineMs = smtp.timeoutMs * SEND_DEADLINE_FACTOR;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failed(smtp, `no answer within ${deadlineMs} ms`)), deadlineMs);
    timer.unref();
  });
  let info: SMTPTransport.SentMessageInfo;
  try {
    info = await Promise.race([
      transport.sendMail({
        from: smtp.from,
        to: smtp.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments,
      }),
      deadline,
    ]);
  } catch (err) {
    if (isIbsightError(err, 'DELIVERY_FAILED')) throw err;
    throw failed(smtp, reason(err), err);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
  const refused = (info.rejected ?? []).map((a) => (typeof a === 'string' ? a : a.address));
  if (refused.length > 0) {
    const accepted = (info.accepted ?? []).length;
    throw failed(smtp, `sent to ${accepted} of ${smtp.to.length} recipients; refused: ${refused.join(', ')}`);
  }
  input.logger.debug(
    { channel: 'smtp', host: smtp.host, port: smtp.port, recipients: smtp.to.length, attached: mail.attachments.length, linked: mail.linked },
    'report e-mail accepted by the server',
  );
  const recipients = smtp.to.length === 1 ? '1 recipient' : `${smtp.to.length} recipients`;
  return `e-mail to ${recipients} via ${where(smtp)}: ${mail.attachments.length} attached, ${mail.linked} listed by path`;
}
