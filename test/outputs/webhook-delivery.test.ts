/**
 * Webhook delivery of reports against a real node:http server on 127.0.0.1: the JSON body (file
 * names, never paths), Content-Type and User-Agent, headers from env: and file: references and
 * literal text; retries on 503 then success, on connection refused, never on 400, a redirect or a
 * timeout; a URL given by reference whose token path never reaches the logs; an unset variable
 * failing the channel before any request. Retry delays are shortened through the test-only option.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DeliveryConfig, WebhookDeliveryConfig } from '../../src/config/config-types.js';
import { deliverReports, type DeliveryOutcome } from '../../src/outputs/report-delivery.js';
import { webhookUserAgent } from '../../src/outputs/webhook-delivery.js';
import { captureLog, type CapturedLog } from './log-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-webhook-'));
const FILES = ['accuracy.html', 'accuracy.csv', 'exposure.json'].map((name) => join(dir, name));
for (const file of FILES) writeFileSync(file, 'report\n');
const SUMMARY = { kinds: ['accuracy', 'exposure'], generatedAt: '2025-03-03T07:00:00.000Z', accuracyPct: 97.5, findings: { critical: 2, high: 5, medium: 0 } };
const AUTH = 'Bearer hook-s3cret-t0ken';
const KEY = 'k3y-from-a-file';
const keyFile = join(dir, 'hook.key');
writeFileSync(keyFile, `${KEY}\n`);
chmodSync(keyFile, 0o600);

interface Request {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = (res: ServerResponse, index: number) => void;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server answering the n-th request with answers[n] (the last one repeats). */
async function startHook(...answers: Answer[]): Promise<{ base: string; requests: Request[] }> {
  const requests: Request[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const index = requests.length;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answers[Math.min(index, answers.length - 1)]!(res, index);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  closers.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const status = (code: number): Answer => (res) => res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}\n`);
const never: Answer = () => undefined;

function config(webhook: WebhookDeliveryConfig): DeliveryConfig {
  return { dir, smtp: null, webhook };
}

async function deliver(webhook: WebhookDeliveryConfig, env: NodeJS.ProcessEnv = {}, log: CapturedLog = captureLog()): Promise<DeliveryOutcome> {
  const outcomes = await deliverReports(config(webhook), { files: FILES, summary: SUMMARY, logger: log.logger, env }, { webhookRetryDelaysMs: [20, 40] });
  expect(outcomes.map((o) => o.channel)).toEqual(['dir', 'webhook']);
  expect(outcomes[0]!.ok).toBe(true);
  return outcomes[1]!;
}

describe('webhook delivery to a real HTTP server on 127.0.0.1', () => {
  it('POSTs the event, summary and file names as JSON, with the configured headers resolved', async () => {
    const hook = await startHook(status(204));
    const log = captureLog();
    const outcome = await deliver(
      {
        url: `${hook.base}/hooks/ibsight?team=noc`,
        headers: { Authorization: 'env:HOOK_AUTH', 'X-Api-Key': `file:${keyFile}`, 'X-Source': 'ibsight-ams' },
        timeoutMs: 5000,
      },
      { HOOK_AUTH: AUTH },
      log,
    );
    expect(outcome).toEqual({ channel: 'webhook', ok: true, message: `POST ${hook.base}: HTTP 204 after 1 attempt` });
    expect(hook.requests).toHaveLength(1);
    const req = hook.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/ibsight?team=noc');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe(webhookUserAgent());
    expect(webhookUserAgent()).toMatch(/^ibsight\/\d+\.\d+\.\d+/);
    expect(req.headers.authorization).toBe(AUTH);
    expect(req.headers['x-api-key']).toBe(KEY);
    expect(req.headers['x-source']).toBe('ibsight-ams');
    expect(JSON.parse(req.body)).toEqual({ event: 'ibsight.reports', summary: SUMMARY, files: ['accuracy.html', 'accuracy.csv', 'exposure.json'] });
    expect(req.body).not.toContain(dir);
    expect(log.text()).not.toContain(AUTH);
    expect(log.text()).not.toContain(KEY);
  });

  it('retries a 503 and succeeds on the next attempt', async () => {
    const hook = await startHook(status(503), status(200));
    const log = captureLog();
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: {}, timeoutMs: 5000 }, {}, log);
    expect(outcome).toMatchObject({ ok: true, message: `POST ${hook.base}: HTTP 200 after 2 attempts` });
    expect(hook.requests).toHaveLength(2);
    expect(hook.requests[1]!.body).toBe(hook.requests[0]!.body);
    expect(log.entries().filter((e) => e.retryInMs === 20)).toHaveLength(1);
  });

  it('gives up after two retries of a 5xx', async () => {
    const hook = await startHook(status(502));
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: {}, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED', message: `webhook ${hook.base}: HTTP 502 Bad Gateway (after 3 attempts)` });
    expect(hook.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const hook = await startHook(status(400), status(200));
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: {}, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED', message: `webhook ${hook.base}: HTTP 400 Bad Request` });
    expect(hook.requests).toHaveLength(1);
  });

  it('does not follow a redirect (the headers would go elsewhere)', async () => {
    const target = await startHook(status(200));
    const hook = await startHook((res) => res.writeHead(302, { location: `${target.base}/elsewhere` }).end());
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: { Authorization: 'env:HOOK_AUTH' }, timeoutMs: 5000 }, { HOOK_AUTH: AUTH });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED' });
    expect(outcome.message).toContain('HTTP 302');
    expect(outcome.message).toContain('redirects are not followed');
    expect(hook.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it('fails a receiver that never answers after timeoutMs, without retrying', async () => {
    const hook = await startHook(never);
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: {}, timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED', message: `webhook ${hook.base}: no answer within 300 ms` });
    expect(hook.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports it', async () => {
    const hook = await startHook(status(200));
    await closers.pop()!();
    const log = captureLog();
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: {}, timeoutMs: 2000 }, {}, log);
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED', message: `webhook ${hook.base}: connection failed (ECONNREFUSED) (after 3 attempts)` });
    expect(log.entries().filter((e) => e.channel === 'webhook' && typeof e.retryInMs === 'number').map((e) => e.retryInMs)).toEqual([20, 40]);
  });

  it('takes the URL from a reference and logs only its origin', async () => {
    const hook = await startHook(status(200));
    const secretPath = '/services/T000/B000/XyZsecretPathToken';
    const log = captureLog();
    const outcome = await deliver({ url: 'env:HOOK_URL', headers: {}, timeoutMs: 5000 }, { HOOK_URL: `${hook.base}${secretPath}` }, log);
    expect(outcome.ok).toBe(true);
    expect(hook.requests[0]!.url).toBe(secretPath);
    expect(log.text()).toContain(hook.base);
    expect(log.text()).not.toContain('XyZsecretPathToken');
    expect(outcome.message).not.toContain('XyZsecretPathToken');
  });

  it('an unset header variable fails the channel before any request, naming the variable', async () => {
    const hook = await startHook(status(200));
    const outcome = await deliver({ url: `${hook.base}/hook`, headers: { Authorization: 'env:HOOK_AUTH' }, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED' });
    expect(outcome.message).toContain('delivery.webhook.headers.Authorization: environment variable HOOK_AUTH is not set');
    expect(hook.requests).toHaveLength(0);
  });

  it('a URL reference that does not hold an http(s) URL fails without echoing it', async () => {
    const outcome = await deliver({ url: 'env:HOOK_URL', headers: {}, timeoutMs: 5000 }, { HOOK_URL: 'ftp://files.example.net/s3cr3t' });
    expect(outcome).toMatchObject({ ok: false, code: 'DELIVERY_FAILED' });
    expect(outcome.message).toContain('delivery.webhook.url: expected an http:// or https:// URL');
    expect(outcome.message).not.toContain('s3cr3t');
  });
});
