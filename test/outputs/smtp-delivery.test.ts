/**
 * E-mail delivery of reports against a real SMTP server (the `smtp-server` library) listening on
 * 127.0.0.1 inside the test: the received message's From, To, Subject, text body and attachment
 * (byte for byte the report file); AUTH with a password read from an env: reference, which never
 * reaches the logs or the outcomes; the attachment limit; a server refusing recipients (the other
 * channels still deliver); a wrong password; an unset password variable; STARTTLS required and
 * certificates verified (a self-signed certificate made with `openssl` in a temp dir is accepted
 * only through the test-only option); a server that never greets.
 * The STARTTLS cases need `openssl`: a failure under CI=true, a loud skip elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DeliveryConfig, SmtpDeliveryConfig } from '../../src/config/config-types.js';
import { deliverReports, type DeliveryTestOptions } from '../../src/outputs/report-delivery.js';
import { captureLog } from './log-capture.js';
import { parseRawMessage } from './raw-mime.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-smtp-'));
const PASSWORD = 'c0rrect-h0rse-SMTP';
const ENV = { IBSIGHT_SMTP_PASSWORD: PASSWORD };

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Accuracy</title></head><body><h1>Installed-base accuracy — Zürich</h1><p>${'matched '.repeat(200)}</p></body></html>\n`;
const files = {
  html: join(dir, 'accuracy.html'),
  csv: join(dir, 'accuracy.csv'),
  json: join(dir, 'accuracy.json'),
};
writeFileSync(files.html, HTML);
writeFileSync(files.csv, 'serial_number,status\nJN1234,matched\n');
writeFileSync(files.json, '{"summary":{"accuracyPct":97.5}}\n');
const FILES = [files.html, files.csv, files.json];
const SUMMARY = { kinds: ['accuracy'], generatedAt: '2025-03-03T07:00:00.000Z', accuracyPct: 97.5, findings: { critical: 2, high: 5 } };

interface Received {
  raw: Buffer;
  secure: boolean;
  user: string | null;
  from: string | null;
  to: string[];
}

interface RunningSmtp {
  port: number;
  received: Received[];
  connections: number;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<RunningSmtp> {
  const received: Received[] = [];
  const state = { connections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
          from: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.server.address() as AddressInfo).port;
  const close = () => new Promise<void>((done) => server.close(() => done()));
  cleanups.push(close);
  return {
    port,
    received,
    get connections() {
      return state.connections;
    },
    close,
  };
}

function smtpConfig(port: number, over: Partial<SmtpDeliveryConfig> = {}): SmtpDeliveryConfig {
  return {
    host: '127.0.0.1',
    port,
    secure: 'none',
    username: null,
    password: null,
    from: 'ibsight@example.net',
    to: ['noc@example.net', 'sm@example.org'],
    subjectPrefix: '[ibsight]',
    attach: ['html'],
    maxAttachmentBytes: 10 * 1024 * 1024,
    timeoutMs: 5000,
    ...over,
  };
}

function delivery(smtp: SmtpDeliveryConfig, webhook: DeliveryConfig['webhook'] = null): DeliveryConfig {
  return { dir, smtp, webhook };
}

describe('e-mail to a real SMTP server on 127.0.0.1', () => {
  it('sends one message: headers, text body with the reports and numbers, the HTML report attached byte for byte', async () => {
    const server = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'ibsight' && auth.password === PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    const log = captureLog();
    const smtp = smtpConfig(server.port, { username: 'ibsight', password: 'env:IBSIGHT_SMTP_PASSWORD' });
    const outcomes = await deliverReports(delivery(smtp), { files: FILES, summary: SUMMARY, logger: log.logger, env: ENV });

    expect(outcomes.map((o) => [o.channel, o.ok])).toEqual([['dir', true], ['smtp', true]]);
    expect(outcomes[1]!.message).toContain('1 attached, 2 listed by path');
    expect(server.received).toHaveLength(1);
    const got = server.received[0]!;
    expect(got).toMatchObject({ user: 'ibsight', from: 'ibsight@example.net', to: ['noc@example.net', 'sm@example.org'], secure: false });

    const message = parseRawMessage(got.raw);
    expect(message.headers.get('from')).toBe('ibsight@example.net');
    expect(message.headers.get('to')).toBe('noc@example.net, sm@example.org');
    expect(message.headers.get('subject')).toBe('[ibsight] reports: accuracy (2025-03-03T07:00:00.000Z)');

    const attachments = message.parts.filter((p) => p.filename !== null);
    expect(attachments.map((p) => p.filename)).toEqual(['accuracy.html']);
    expect(attachments[0]!.content.equals(readFileSync(files.html))).toBe(true);
    expect(attachments[0]!.headers.get('content-type')).toMatch(/^text\/html/);

    const text = message.parts.find((p) => p.filename === null && /^text\/plain/.test(p.headers.get('content-type') ?? ''));
    expect(text).toBeDefined();
    const body = text!.content.toString('utf8');
    expect(body).toContain('- accuracy.html (');
    expect(body).toContain(', attached)');
    expect(body).toContain(`- ${files.csv} (`);
    expect(body).toContain(`- ${files.json} (`);
    expect(body).toContain('accuracyPct: 97.5');
    expect(body).toContain('findings.critical: 2');
    expect(body).toContain('findings.high: 5');

    expect(log.text()).not.toContain(PASSWORD);
    expect(JSON.stringify(outcomes)).not.toContain(PASSWORD);
    expect(log.entries().some((e) => e.channel === 'smtp' && String(e.msg).startsWith('reports delivered by smtp'))).toBe(true);
  });

  it('attaches every format asked for while the total fits, and lists the rest by path', async () => {
    const server = await startSmtp();
    const csvAndJson = readFileSync(files.csv).length + readFileSync(files.json).length;
    const smtp = smtpConfig(server.port, { attach: ['csv', 'json', 'html'], maxAttachmentBytes: csvAndJson });
    const outcomes = await deliverReports(delivery(smtp), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: true });

    const message = parseRawMessage(server.received[0]!.raw);
    expect(message.parts.filter((p) => p.filename !== null).map((p) => p.filename)).toEqual(['accuracy.csv', 'accuracy.json']);
    const body = message.parts.find((p) => p.filename === null)!.content.toString('utf8');
    expect(body).toContain(`- ${files.html} (`);
    expect(body).toContain(`not attached: over the ${csvAndJson}-byte attachment limit)`);
  });

  it('a server refusing every recipient: smtp DELIVERY_FAILED, the directory and the webhook still delivered', async () => {
    const server = await startSmtp({
      onRcptTo(address, _session, callback) {
        const err = new Error(`5.1.1 <${address.address}>: Recipient address rejected`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
      },
    });
    const hookBodies: string[] = [];
    const hook: HttpServer = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hookBodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ready) => hook.listen(0, '127.0.0.1', ready));
    cleanups.push(() => new Promise<void>((done) => hook.close(() => done())));
    const hookPort = (hook.address() as AddressInfo).port;

    const log = captureLog();
    const outcomes = await deliverReports(
      delivery(smtpConfig(server.port), { url: `http://127.0.0.1:${hookPort}/hook`, headers: {}, timeoutMs: 5000 }),
      { files: FILES, summary: SUMMARY, logger: log.logger, env: {} },
    );
    expect(outcomes.map((o) => [o.channel, o.ok, o.code])).toEqual([
      ['dir', true, undefined],
      ['smtp', false, 'DELIVERY_FAILED'],
      ['webhook', true, undefined],
    ]);
    expect(outcomes[1]!.message).toContain(`e-mail via 127.0.0.1:${server.port}: EENVELOPE`);
    expect(outcomes[1]!.message).toContain('Recipient address rejected');
    expect(server.received).toHaveLength(0);
    expect(hookBodies).toHaveLength(1);
    expect(JSON.parse(hookBodies[0]!)).toMatchObject({ event: 'ibsight.reports', files: ['accuracy.html', 'accuracy.csv', 'accuracy.json'] });
    expect(log.entries().some((e) => e.level === 40 && e.channel === 'smtp' && e.code === 'DELIVERY_FAILED' && e.causeCode === 'EENVELOPE')).toBe(true);
  });

  it('one recipient refused: the message goes to the other, and the outcome says who was refused', async () => {
    const server = await startSmtp({
      onRcptTo(address, _session, callback) {
        callback(address.address === 'sm@example.org' ? new Error('mailbox unavailable') : null);
      },
    });
    const outcomes = await deliverReports(delivery(smtpConfig(server.port)), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toContain('sent to 1 of 2 recipients; refused: sm@example.org');
    expect(server.received.map((r) => r.to)).toEqual([['noc@example.net']]);
  });

  it('a wrong password is DELIVERY_FAILED (EAUTH) and the password shows nowhere', async () => {
    const server = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(_auth, _session, callback) {
        callback(new Error('Invalid username or password'));
      },
    });
    const log = captureLog();
    const smtp = smtpConfig(server.port, { username: 'ibsight', password: 'env:IBSIGHT_SMTP_PASSWORD' });
    const outcomes = await deliverReports(delivery(smtp), { files: FILES, summary: SUMMARY, logger: log.logger, env: ENV });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toContain('EAUTH');
    expect(server.received).toHaveLength(0);
    expect(log.text()).not.toContain(PASSWORD);
    expect(JSON.stringify(outcomes)).not.toContain(PASSWORD);
  });

  it('an unset password variable fails the channel before connecting, naming the variable', async () => {
    const server = await startSmtp();
    const smtp = smtpConfig(server.port, { username: 'ibsight', password: 'env:IBSIGHT_SMTP_PASSWORD' });
    const outcomes = await deliverReports(delivery(smtp), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toContain('delivery.smtp.password: environment variable IBSIGHT_SMTP_PASSWORD is not set');
    expect(server.connections).toBe(0);
  });

  it('a server that accepts the connection and never greets fails within the configured timeout', async () => {
    const sockets: Socket[] = [];
    const silent: TcpServer = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    });
    const port = (silent.address() as AddressInfo).port;
    const outcomes = await deliverReports(delivery(smtpConfig(port, { timeoutMs: 1000 })), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toMatch(/ETIMEDOUT|Greeting never received/);
  });

  it('a report file missing from the directory fails the dir channel; the e-mail still goes, listing it', async () => {
    const server = await startSmtp();
    const missing = join(dir, 'exposure.html');
    const outcomes = await deliverReports(delivery(smtpConfig(server.port)), { files: [files.html, missing], summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[0]).toMatchObject({ channel: 'dir', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[0]!.message).toContain(`${missing} cannot be read (ENOENT)`);
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: true });
    const body = parseRawMessage(server.received[0]!.raw).parts.find((p) => p.filename === null)!.content.toString('utf8');
    expect(body).toContain(`- ${missing} (cannot be read (ENOENT))`);
  });
});

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('openssl is missing: install the Debian package "openssl"');
    console.warn('SKIPPED: SMTP STARTTLS delivery checks: openssl is missing (apt-get install -y openssl)');
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1, made in the temp dir. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const keyFile = join(dir, 'smtp-key.pem');
  const certFile = join(dir, 'smtp-cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

describe.skipIf(!haveOpenssl())('STARTTLS', () => {
  const tlsFiles = selfSignedCertificate();
  const INSECURE_FOR_TEST: DeliveryTestOptions = { smtpTls: { rejectUnauthorized: false } };

  async function startTlsServer() {
    return startSmtp({ disabledCommands: [], key: tlsFiles.key, cert: tlsFiles.cert });
  }

  it('upgrades the connection before sending (self-signed certificate accepted through the test-only option)', async () => {
    const server = await startTlsServer();
    const smtp = smtpConfig(server.port, { secure: 'starttls' });
    const outcomes = await deliverReports(delivery(smtp), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} }, INSECURE_FOR_TEST);
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: true });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.secure).toBe(true);
    const attachment = parseRawMessage(server.received[0]!.raw).parts.find((p) => p.filename === 'accuracy.html');
    expect(attachment?.content.equals(readFileSync(files.html))).toBe(true);
  });

  it('verifies the certificate by default: a self-signed one is DELIVERY_FAILED and nothing is sent', async () => {
    const server = await startTlsServer();
    const outcomes = await deliverReports(delivery(smtpConfig(server.port, { secure: 'starttls' })), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} });
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toMatch(/certificate/i);
    expect(server.received).toHaveLength(0);
  });

  it('never falls back to clear text when the server does not offer STARTTLS', async () => {
    const server = await startSmtp();
    const outcomes = await deliverReports(delivery(smtpConfig(server.port, { secure: 'starttls' })), { files: FILES, summary: SUMMARY, logger: captureLog().logger, env: {} }, INSECURE_FOR_TEST);
    expect(outcomes[1]).toMatchObject({ channel: 'smtp', ok: false, code: 'DELIVERY_FAILED' });
    expect(outcomes[1]!.message).toMatch(/STARTTLS/);
    expect(server.received).toHaveLength(0);
  });
});
