/**
 * Webhook delivery of reports (issue 7): one HTTP POST of
 * `{"event":"ibsight.reports","summary":{...},"files":["accuracy.html",...]}` (application/json,
 * User-Agent `ibsight/<version>`) to the configured URL.
 *
 * Rules: a 2xx answer is success. A 5xx answer or a connection error (refused, reset, DNS) is
 * retried twice, after the delays in DEFAULT_RETRY_DELAYS_MS; anything else — 4xx, a redirect
 * (never followed: it could carry the headers elsewhere), a timeout (the receiver may still be
 * working on it) — fails at once. Each attempt is bounded by `timeoutMs`, response body included.
 * Only file names leave the host, never paths. Header values given by reference are resolved here
 * and never logged; logs name the URL's origin only (a URL path can hold a token).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { WebhookDeliveryConfig } from '../config/config-types.js';
import { isLoopbackHost, webhookUrlProblem } from '../config/delivery-schema.js';
import { resolveSecret } from '../config/secret-ref.js';
import { IbsightError, isIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { summaryJson, type DeliverySummary } from './delivery-summary.js';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 3000];
export const WEBHOOK_EVENT = 'ibsight.reports';
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookDeliveryInput {
  /** Paths of the report files (only their names are sent). */
  files: readonly string[];
  summary: DeliverySummary;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface WebhookTestOptions {
  retryDelaysMs?: readonly number[];
}

let userAgent: string | undefined;

/** `ibsight/0.1.0`: the version from the package.json above this file (src/ or dist/src/). */
export function webhookUserAgent(): string {
  if (userAgent !== undefined) return userAgent;
  let version = 'unknown';
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'ibsight' && typeof pkg.version === 'string') {
        version = pkg.version;
        break;
      }
    } catch {
      // not there: try one level up
    }
  }
  userAgent = `ibsight/${version}`;
  return userAgent;
}

function failed(origin: string, message: string, cause?: unknown, attempts?: number): IbsightError {
  return new IbsightError('DELIVERY_FAILED', `webhook ${origin}: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
    context: { channel: 'webhook', origin, ...(attempts === undefined ? {} : { attempts }) },
  });
}

function resolveRef(value: string, keyPath: string, input: WebhookDeliveryInput): string {
  if (!value.startsWith('env:') && !value.startsWith('file:')) return value;
  return resolveSecret(value as `env:${string}`, { keyPath, env: input.env, logger: input.logger });
}

/** The URL and headers with every reference resolved, or DELIVERY_FAILED naming what is wrong. */
function resolveRequest(webhook: WebhookDeliveryConfig, input: WebhookDeliveryInput): { url: URL; headers: Record<string, string> } {
  let urlText: string;
  try {
    urlText = resolveRef(webhook.url, 'delivery.webhook.url', input);
  } catch (err) {
    throw failed('(url by reference)', isIbsightError(err) ? err.message : String(err), err);
  }
  const problem = webhookUrlProblem(urlText.trim());
  if (problem !== null) throw failed('(url by reference)', `delivery.webhook.url: ${problem}`);
  const url = new URL(urlText.trim());
  const headers: Record<string, string> = { 'user-agent': webhookUserAgent() };
  for (const [name, value] of Object.entries(webhook.headers)) {
    let resolved: string;
    try {
      resolved = resolveRef(value, `delivery.webhook.headers.${name}`, input);
    } catch (err) {
      throw failed(url.origin, isIbsightError(err) ? err.message : String(err), err);
    }
    if (/[\r\n\0]/.test(resolved)) throw failed(url.origin, `delivery.webhook.headers.${name}: the value holds a line break`);
    headers[name.toLowerCase()] = resolved;
  }
  headers['content-type'] = 'application/json';
  return { url, headers };
}

type Attempt = { ok: true; status: number } | { ok: false; retry: boolean; message: string; cause?: unknown };

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** The error code under fetch's "fetch failed" (ECONNREFUSED, ENOTFOUND...). */
function connectionCode(err: unknown): string {
  let current: unknown = err;
  for (let i = 0; i < 5 && current instanceof Error; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Reads at most MAX_RESPONSE_BYTES of the answer, then lets it go. */
async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  try {
    while (read < MAX_RESPONSE_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the body is not needed: an error reading it changes nothing
  }
}

async function attempt(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Attempt> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal });
  } catch (err) {
    if (isTimeout(err)) return { ok: false, retry: false, message: `no answer within ${timeoutMs} ms`, cause: err };
    return { ok: false, retry: true, message: `connection failed (${connectionCode(err)})`, cause: err };
  }
  await drain(response);
  if (signal.aborted) return { ok: false, retry: false, message: `no complete answer within ${timeoutMs} ms` };
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status };
  const text = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (status >= 500) return { ok: false, retry: true, message: text };
  if (status >= 300 && status < 400) return { ok: false, retry: false, message: `${text} (redirects are not followed: configure the final URL)` };
  return { ok: false, retry: false, message: text };
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Posts the summary; resolves with a one-line account, or throws DELIVERY_FAILED. */
export async function postReportWebhook(webhook: WebhookDeliveryConfig, input: WebhookDeliveryInput, test: WebhookTestOptions = {}): Promise<string> {
  const { url, headers } = resolveRequest(webhook, input);
  const summary = summaryJson(input.summary);
  if ('problem' in summary) throw failed(url.origin, summary.problem);
  const names = JSON.stringify(input.files.map((file) => basename(file)));
  const body = `{"event":${JSON.stringify(WEBHOOK_EVENT)},"summary":${summary.json},"files":${names}}`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'http:' && !isLoopbackHost(host) && Object.keys(webhook.headers).length > 0) {
    input.logger.warn({ channel: 'webhook', origin: url.origin }, 'webhook headers are sent over plain http: use https');
  }
  const delays = test.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let tries = 1; ; tries++) {
    const result = await attempt(url, headers, body, webhook.timeoutMs);
    if (result.ok) return `POST ${url.origin}: HTTP ${result.status} after ${tries} attempt${tries === 1 ? '' : 's'}`;
    const delay = delays[tries - 1];
    if (!result.retry || delay === undefined) {
      const suffix = tries > 1 ? ` (after ${tries} attempts)` : '';
      throw failed(url.origin, `${result.message}${suffix}`, result.cause, tries);
    }
    input.logger.info({ channel: 'webhook', origin: url.origin, attempt: tries, retryInMs: delay }, `webhook: ${result.message}; retrying`);
    await sleep(delay);
  }
}
