/**
 * The `delivery` section (issue 7, src/config/delivery-schema.ts): good smtp and webhook shapes load
 * with their defaults and absolute secret files; bad ones are CONFIG_INVALID naming the key path;
 * literal secrets are refused without being echoed; `secure: none` only to a loopback address.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/config/delivery-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-delivery-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function load(text: string) {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ibsight.yaml'), text);
  return { dir, config: () => loadConfig({ cwd: dir, env: {} }) };
}

function loadError(text: string): string {
  try {
    load(text).config();
  } catch (err) {
    if (!isIbsightError(err, 'CONFIG_INVALID')) throw err;
    return err.message;
  }
  throw new Error('expected CONFIG_INVALID');
}

const SMTP_MIN = 'delivery:\n  smtp: { host: mail.example.net, from: ibsight@example.net, to: [noc@example.net] }\n';

describe('delivery.smtp', () => {
  it('is null by default', () => {
    const { config } = load('storage: { retainDays: 10 }\n');
    expect(config().delivery).toMatchObject({ smtp: null, webhook: null });
  });

  it('fills in the defaults of a minimal mapping (starttls on 587, html attached, 10 MiB)', () => {
    expect(load(SMTP_MIN).config().delivery.smtp).toEqual({
      host: 'mail.example.net',
      port: 587,
      secure: 'starttls',
      username: null,
      password: null,
      from: 'ibsight@example.net',
      to: ['noc@example.net'],
      subjectPrefix: '[ibsight]',
      attach: ['html'],
      maxAttachmentBytes: 10 * 1024 * 1024,
      timeoutMs: 30000,
    });
  });

  it('takes the port from secure when left out, and keeps an explicit one', () => {
    const base = 'from: a@example.net, to: [b@example.net]';
    expect(load(`delivery: { smtp: { host: m.example.net, secure: tls, ${base} } }\n`).config().delivery.smtp?.port).toBe(465);
    expect(load(`delivery: { smtp: { host: 127.0.0.1, secure: none, ${base} } }\n`).config().delivery.smtp?.port).toBe(25);
    expect(load(`delivery: { smtp: { host: m.example.net, port: 2525, ${base} } }\n`).config().delivery.smtp?.port).toBe(2525);
  });

  it('loads every key, a file: password made absolute against the config directory', () => {
    const text = [
      'delivery:',
      '  smtp:',
      '    host: "::1"',
      '    port: 2525',
      '    secure: none',
      '    username: ibsight',
      '    password: file:./secrets/smtp.password',
      '    from: ibsight@example.net',
      '    to: [noc@example.net, sm@example.org]',
      '    subjectPrefix: "[lab]"',
      '    attach: [html, csv, html]',
      '    maxAttachmentBytes: 0',
      '    timeoutMs: 5000',
      '',
    ].join('\n');
    const { dir, config } = load(text);
    expect(config().delivery.smtp).toEqual({
      host: '::1',
      port: 2525,
      secure: 'none',
      username: 'ibsight',
      password: `file:${join(dir, 'secrets/smtp.password')}`,
      from: 'ibsight@example.net',
      to: ['noc@example.net', 'sm@example.org'],
      subjectPrefix: '[lab]',
      attach: ['html', 'csv'],
      maxAttachmentBytes: 0,
      timeoutMs: 5000,
    });
  });

  it.each([
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], secure: ssl } }', 'ibsight.yaml: delivery.smtp.secure: expected one of starttls, tls, none, got "ssl"'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], sender: x } }', 'ibsight.yaml: delivery.smtp.sender: unknown key (expected one of: host, port, secure, username, password, from, to, subjectPrefix, attach, maxAttachmentBytes, timeoutMs)'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [] } }', 'ibsight.yaml: delivery.smtp.to: expected at least one e-mail address'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net, "not an address"] } }', 'ibsight.yaml: delivery.smtp.to[1]: expected an e-mail address such as noc@example.net, got "not an address"'],
    ['delivery: { smtp: { host: mail.example.net, from: "a@example.net\\nBcc: x@evil.example", to: [b@example.net] } }', 'ibsight.yaml: delivery.smtp.from: expected an e-mail address'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], attach: [pdf] } }', 'ibsight.yaml: delivery.smtp.attach[0]: expected one of html, csv, json, got "pdf"'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], port: 0 } }', 'ibsight.yaml: delivery.smtp.port: expected an integer from 1 to 65535, got 0'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], maxAttachmentBytes: -1 } }', 'ibsight.yaml: delivery.smtp.maxAttachmentBytes: expected an integer from 0 to 104857600, got -1'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], subjectPrefix: "a\\r\\nBcc: x" } }', 'ibsight.yaml: delivery.smtp.subjectPrefix: expected a subject prefix (at most 100 characters, no line breaks)'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], username: ibsight } }', 'ibsight.yaml: delivery.smtp.password: required: expected env:NAME or file:PATH when username is set'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], password: env:P } }', 'ibsight.yaml: delivery.smtp.username: required: expected a user name when password is set'],
    ['delivery: { smtp: { host: mail.example.net, from: a@example.net, to: [b@example.net], secure: none } }', 'ibsight.yaml: delivery.smtp.secure: none (no TLS) is allowed only to a loopback address (127.0.0.1 or ::1)'],
    ['delivery: { smtp: { host: localhost, from: a@example.net, to: [b@example.net], secure: none } }', 'ibsight.yaml: delivery.smtp.secure: none (no TLS) is allowed only to a loopback address'],
    ['delivery: { smtp: { from: a@example.net, to: [b@example.net] } }', 'ibsight.yaml: delivery.smtp.host: required: expected a host name or IP address'],
    ['delivery: { smtp: yes }', 'ibsight.yaml: delivery.smtp: expected a mapping (key: value), got "yes"'],
  ])('%s', (text, expected) => {
    expect(loadError(`${text}\n`)).toContain(expected);
  });

  it('refuses a literal password without echoing it', () => {
    const message = loadError('delivery: { smtp: { host: m.example.net, from: a@example.net, to: [b@example.net], username: u, password: Hunter2Secret } }\n');
    expect(message).toContain('ibsight.yaml: delivery.smtp.password: a literal secret is not accepted: write env:NAME');
    expect(message).not.toContain('Hunter2Secret');
  });
});

describe('delivery.webhook', () => {
  it('loads with its default timeout, literal and referenced headers, file: references made absolute', () => {
    const text = [
      'delivery:',
      '  webhook:',
      '    url: https://hooks.example.net/ibsight',
      '    headers: { Authorization: env:HOOK_AUTH, X-Api-Key: file:hook.key, X-Source: ibsight-ams }',
      '',
    ].join('\n');
    const { dir, config } = load(text);
    expect(config().delivery.webhook).toEqual({
      url: 'https://hooks.example.net/ibsight',
      headers: { Authorization: 'env:HOOK_AUTH', 'X-Api-Key': `file:${join(dir, 'hook.key')}`, 'X-Source': 'ibsight-ams' },
      timeoutMs: 10000,
    });
  });

  it('takes the URL by reference (a URL that embeds a token)', () => {
    const { config } = load('delivery: { webhook: { url: env:IBSIGHT_HOOK_URL, timeoutMs: 2500 } }\n');
    expect(config().delivery.webhook).toEqual({ url: 'env:IBSIGHT_HOOK_URL', headers: {}, timeoutMs: 2500 });
  });

  it.each([
    ['delivery: { webhook: { url: "ftp://x.example.net/" } }', 'ibsight.yaml: delivery.webhook.url: expected an http:// or https:// URL (or env:NAME / file:PATH holding one), got "ftp://x.example.net/"'],
    ['delivery: { webhook: { url: "https://u:pw@x.example.net/" } }', 'ibsight.yaml: delivery.webhook.url: a URL with user:password@ is not accepted'],
    ['delivery: { webhook: { url: "env:1BAD" } }', 'ibsight.yaml: delivery.webhook.url: env: needs a variable name'],
    ['delivery: { webhook: { url: "https://x.example.net/", retries: 5 } }', 'ibsight.yaml: delivery.webhook.retries: unknown key (expected one of: url, headers, timeoutMs)'],
    ['delivery: { webhook: { url: "https://x.example.net/", timeoutMs: 50 } }', 'ibsight.yaml: delivery.webhook.timeoutMs: expected an integer from 100 to 600000, got 50'],
    ['delivery: { webhook: { url: "https://x.example.net/", headers: { "Bad Name": x } } }', 'ibsight.yaml: delivery.webhook.headers.Bad Name: not a valid HTTP header name'],
    ['delivery: { webhook: { url: "https://x.example.net/", headers: { Content-Type: text/plain } } }', 'ibsight.yaml: delivery.webhook.headers.Content-Type: Content-Type is set by ibsight and cannot be configured'],
    ['delivery: { webhook: { url: "https://x.example.net/", headers: { X-Team: 5 } } }', 'ibsight.yaml: delivery.webhook.headers.X-Team: expected a header value as a string'],
    ['delivery: { webhook: { url: "https://x.example.net/", headers: [a] } }', 'ibsight.yaml: delivery.webhook.headers: expected a mapping of header names to values'],
    ['delivery: { webhook: { headers: {} } }', 'ibsight.yaml: delivery.webhook.url: required'],
  ])('%s', (text, expected) => {
    expect(loadError(`${text}\n`)).toContain(expected);
  });

  it.each(['Authorization', 'X-Auth-Token', 'X-Api-Key', 'Cookie'])('refuses a literal %s header without echoing it', (name) => {
    const message = loadError(`delivery: { webhook: { url: "https://x.example.net/", headers: { ${name}: "Bearer s3cr3tvalue" } } }\n`);
    expect(message).toContain(`ibsight.yaml: delivery.webhook.headers.${name}: a literal secret is not accepted`);
    expect(message).not.toContain('s3cr3tvalue');
  });

  it('names every problem of the section at once', () => {
    const message = loadError('delivery: { webhook: { url: "gopher://x" , timeoutMs: 0 }, smtp: { host: m.example.net, from: a@example.net, to: [b@example.net], secure: nope } }\n');
    expect(message).toContain('delivery.webhook.url');
    expect(message).toContain('delivery.webhook.timeoutMs');
    expect(message).toContain('delivery.smtp.secure');
  });
});

describe('isLoopbackHost', () => {
  it('accepts literal loopback addresses only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['localhost', '10.0.0.1', '127.0.0.256', '::2', '128.0.0.1', 'mail.example.net'].map(isLoopbackHost)).toEqual([false, false, false, false, false, false]);
  });
});
