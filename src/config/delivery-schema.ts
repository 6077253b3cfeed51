/**
 * The `delivery.smtp` and `delivery.webhook` mappings of the configuration (SPEC §3, issue 7) and
 * their conversion to the loaded shape (src/config/config-types.ts). Each is null (off) or a
 * strict mapping; docs/delivery.md describes them for users.
 *
 * Rules kept here: a password is a secret reference, never a literal. `secure: none` (no TLS at
 * all) is refused unless the host is a loopback address, because the password and the reports
 * (serial numbers, sites, contracts) would otherwise cross the network in clear; a relay on the
 * same host is the one place where that is harmless. A webhook header whose name says it carries
 * a credential (Authorization, Cookie, *token*, *key*, *secret*...) must be a secret reference; a
 * URL may not carry user:password@. Messages never repeat a refused value.
 */
import { z } from 'zod';
import type { DeliveryConfig, SecretRef, SmtpDeliveryConfig, SmtpSecurity, WebhookDeliveryConfig } from './config-types.js';
import { hostName, intIn, listOf, mapping, matching, oneOf, text } from './schema-fields.js';
import { absoluteSecretRef, LITERAL_REFUSED, secretRefProblem, secretRefSchema } from './secret-ref.js';

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export const ATTACHABLE_FORMATS = ['html', 'csv', 'json'] as const;

/** The port each `secure` mode uses when `port` is left out (submission, submissions, smtp). */
export const SMTP_DEFAULT_PORTS: Record<SmtpSecurity, number> = { starttls: 587, tls: 465, none: 25 };

export const SMTP_DEFAULTS = {
  secure: 'starttls',
  subjectPrefix: '[ibsight]',
  attach: ['html'],
  maxAttachmentBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
} as const;

export const WEBHOOK_DEFAULTS = { timeoutMs: 10_000 } as const;

export const MAX_RECIPIENTS = 50;
export const MAX_WEBHOOK_HEADERS = 32;

/** Literal loopback addresses (no names: `localhost` is whatever the resolver says it is). */
export function isLoopbackHost(host: string): boolean {
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

function emailAddress() {
  return matching(/^[^\s@<>()[\],;:"\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, 'an e-mail address such as noc@example.net');
}

function noControlCharacters(what: string, max: number) {
  const error = `expected ${what} (at most ${max} characters, no line breaks)`;
  return z.string({ error }).max(max, { error }).regex(/^[^\r\n\0]*$/, { error });
}

export const smtpSchema = mapping({
  host: hostName(),
  port: intIn(1, 65535).optional(),
  secure: oneOf(SMTP_SECURITY).default(SMTP_DEFAULTS.secure),
  username: text('a user name or null').nullable().default(null),
  password: secretRefSchema().nullable().default(null),
  from: emailAddress(),
  to: listOf(emailAddress(), 'e-mail addresses')
    .min(1, { error: 'expected at least one e-mail address' })
    .max(MAX_RECIPIENTS, { error: `expected at most ${MAX_RECIPIENTS} e-mail addresses` }),
  subjectPrefix: noControlCharacters('a subject prefix', 100).default(SMTP_DEFAULTS.subjectPrefix),
  attach: listOf(oneOf(ATTACHABLE_FORMATS), 'report formats (html, csv, json)').default([...SMTP_DEFAULTS.attach]),
  maxAttachmentBytes: intIn(0, 100 * 1024 * 1024).default(SMTP_DEFAULTS.maxAttachmentBytes),
  timeoutMs: intIn(1000, 600_000).default(SMTP_DEFAULTS.timeoutMs),
}).superRefine((smtp, ctx) => {
  if (smtp.secure === 'none' && !isLoopbackHost(smtp.host)) {
    ctx.addIssue({
      code: 'custom',
      path: ['secure'],
      message:
        'none (no TLS) is allowed only to a loopback address (127.0.0.1 or ::1), where the message never leaves ' +
        'the host; elsewhere the password and the reports would cross the network in clear: use starttls or tls',
      params: { noValue: true },
    });
  }
  if (smtp.username !== null && smtp.password === null) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'expected env:NAME or file:PATH when username is set' });
  }
  if (smtp.username === null && smtp.password !== null) {
    ctx.addIssue({ code: 'custom', path: ['username'], message: 'expected a user name when password is set' });
  }
});

/** `http(s)://...` without user:password@, or a secret reference to such a URL (the URL itself is a secret). */
function webhookUrl() {
  const error = 'expected an http:// or https:// URL (or env:NAME / file:PATH holding one)';
  return z.string({ error }).superRefine((value, ctx) => {
    if (value.startsWith('env:') || value.startsWith('file:')) {
      const problem = secretRefProblem(value, ['env', 'file']);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, params: { noValue: true } });
      return;
    }
    const problem = webhookUrlProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, params: { noValue: problem !== error } });
  });
}

/** What is wrong with a webhook URL, or null. Also used on a URL read from a secret reference. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an http:// or https:// URL (or env:NAME / file:PATH holding one)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'expected an http:// or https:// URL (or env:NAME / file:PATH holding one)';
  if (url.username !== '' || url.password !== '') {
    return 'a URL with user:password@ is not accepted: put the credential in a header (headers: { Authorization: env:NAME })';
  }
  return null;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Set by ibsight itself; a configured value would break the request or hide what sent it. */
const RESERVED_HEADERS = new Set(['host', 'content-type', 'content-length', 'transfer-encoding', 'connection', 'expect', 'te', 'upgrade']);
const CREDENTIAL_HEADER = /authorization|cookie|token|secret|key|password|passwd|auth|signature|session/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

function webhookHeaders() {
  return z.record(z.string(), z.string({ error: 'expected a header value as a string (or env:NAME / file:PATH)' }), {
    error: 'expected a mapping of header names to values',
  }).superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_WEBHOOK_HEADERS) ctx.addIssue({ code: 'custom', message: `expected at most ${MAX_WEBHOOK_HEADERS} headers` });
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(headers)) {
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [name], message, params: { noValue: true } });
      const lower = name.toLowerCase();
      if (!HEADER_NAME.test(name)) issue('not a valid HTTP header name (letters, digits and !#$%&\'*+.^_`|~-)');
      else if (RESERVED_HEADERS.has(lower)) issue(`${name} is set by ibsight and cannot be configured`);
      else if (seen.has(lower)) issue('the same header appears twice (names are case-insensitive)');
      seen.add(lower);
      if (value.startsWith('env:') || value.startsWith('file:')) {
        const problem = secretRefProblem(value, ['env', 'file']);
        if (problem !== null) issue(problem);
      } else if (isCredentialHeader(name)) {
        issue(LITERAL_REFUSED);
      } else if (value.length > 4096 || /[\r\n\0]/.test(value)) {
        issue('expected a header value of at most 4096 characters without line breaks');
      }
    }
  });
}

export const webhookSchema = mapping({
  url: webhookUrl(),
  headers: webhookHeaders().default(() => ({})),
  timeoutMs: intIn(100, 600_000).default(WEBHOOK_DEFAULTS.timeoutMs),
});

export type SmtpDocument = z.output<typeof smtpSchema>;
export type WebhookDocument = z.output<typeof webhookSchema>;

function refAt(value: string, baseDir: string): string {
  return value.startsWith('file:') ? absoluteSecretRef(value as SecretRef, baseDir) : value;
}

/**
 * The loaded delivery configuration: `dir` resolved by `at`, the SMTP port filled in from `secure`,
 * `file:` references made absolute against `baseDir` (the configuration file's directory).
 */
export function deliveryFromDocument(
  doc: { dir: string; smtp: SmtpDocument | null; webhook: WebhookDocument | null },
  at: (path: string) => string,
  baseDir: string,
): DeliveryConfig {
  let smtp: SmtpDeliveryConfig | null = null;
  if (doc.smtp !== null) {
    const s = doc.smtp;
    smtp = {
      host: s.host,
      port: s.port ?? SMTP_DEFAULT_PORTS[s.secure],
      secure: s.secure,
      username: s.username,
      password: s.password === null ? null : absoluteSecretRef(s.password, baseDir),
      from: s.from,
      to: [...s.to],
      subjectPrefix: s.subjectPrefix,
      attach: [...new Set(s.attach)],
      maxAttachmentBytes: s.maxAttachmentBytes,
      timeoutMs: s.timeoutMs,
    };
  }
  let webhook: WebhookDeliveryConfig | null = null;
  if (doc.webhook !== null) {
    const w = doc.webhook;
    const headers = Object.fromEntries(Object.entries(w.headers).map(([name, value]) => [name, refAt(value, baseDir)]));
    webhook = { url: refAt(w.url, baseDir), headers, timeoutMs: w.timeoutMs };
  }
  return { dir: at(doc.dir), smtp, webhook };
}
