/**
 * The e-mail that carries a delivery of reports (issue 7): subject, plain-text body and
 * attachments. Pure apart from reading the report files; src/outputs/smtp-delivery.ts sends it.
 *
 * Rules: one message per delivery. Files whose format (by extension) is in `attach` are attached
 * in the order given while the total stays within `maxAttachmentBytes`; the others are listed by
 * their path on the agent's host. The body lists every report and the summary's numbers (flattened
 * to `key: value` lines, at most MAX_SUMMARY_LINES). Nothing from the summary reaches a header
 * except the report kinds and the time, without line breaks.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { SmtpDeliveryConfig } from '../config/config-types.js';
import type { DeliverySummary } from './delivery-summary.js';

export const MAX_SUMMARY_LINES = 200;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface ReportMail {
  subject: string;
  text: string;
  attachments: MailAttachment[];
  /** Files listed by path instead of attached (format not in `attach`, too large, unreadable). */
  linked: number;
}

type FilePlan =
  | { file: string; action: 'attach'; size: number }
  | { file: string; action: 'link'; size: number; reason: string }
  | { file: string; action: 'missing'; reason: string };

/** `html` for `accuracy.html`; null for anything else. */
function formatOf(file: string): 'html' | 'csv' | 'json' | null {
  const ext = extname(file).slice(1).toLowerCase();
  return ext === 'html' || ext === 'csv' || ext === 'json' ? ext : null;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t\0]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

function planFiles(smtp: SmtpDeliveryConfig, files: readonly string[]): FilePlan[] {
  let budget = smtp.maxAttachmentBytes;
  return files.map((file): FilePlan => {
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return { file, action: 'missing', reason: 'not a regular file' };
      size = stat.size;
    } catch (err) {
      return { file, action: 'missing', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    const format = formatOf(file);
    if (format === null || !smtp.attach.includes(format)) return { file, action: 'link', size, reason: 'not attached' };
    if (size > budget) {
      return { file, action: 'link', size, reason: `not attached: over the ${smtp.maxAttachmentBytes}-byte attachment limit` };
    }
    budget -= size;
    return { file, action: 'attach', size };
  });
}

/** `findings.critical: 3` lines from a nested summary (arrays of plain values joined by commas). */
export function summaryLines(summary: DeliverySummary, max = MAX_SUMMARY_LINES): string[] {
  const lines: string[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (lines.length > max) return;
    if (value === null || typeof value !== 'object') {
      lines.push(`${path}: ${value === null ? 'null' : oneLine(String(value), 200)}`);
    } else if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
      lines.push(`${path}: ${oneLine(value.map(String).join(', '), 500)}`);
    } else if (depth >= 6) {
      lines.push(`${path}: ...`);
    } else {
      const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value);
      for (const [key, inner] of entries) visit(inner, path === '' ? key : key.startsWith('[') ? `${path}${key}` : `${path}.${key}`, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(summary)) visit(value, oneLine(key, 100), 0);
  if (lines.length > max) return [...lines.slice(0, max), `(and more: see the reports)`];
  return lines;
}

function kindsOf(summary: DeliverySummary): string[] {
  const kinds = Array.isArray(summary.kinds) ? summary.kinds : typeof summary.kind === 'string' ? [summary.kind] : [];
  return kinds.filter((k): k is string => typeof k === 'string').map((k) => oneLine(k, 40)).slice(0, 10);
}

export function mailSubject(prefix: string, summary: DeliverySummary): string {
  const kinds = kindsOf(summary);
  const when = typeof summary.generatedAt === 'string' ? ` (${oneLine(summary.generatedAt, 40)})` : '';
  const what = kinds.length > 0 ? `reports: ${kinds.join(', ')}` : 'reports';
  return oneLine(`${prefix} ${what}${when}`, 250);
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Composes the message; reads the files it attaches. */
export function composeReportMail(smtp: SmtpDeliveryConfig, files: readonly string[], summary: DeliverySummary): ReportMail {
  const plans = planFiles(smtp, files);
  const attachments: MailAttachment[] = [];
  const reportLines: string[] = [];
  let linked = 0;
  for (const plan of plans) {
    if (plan.action === 'attach') {
      try {
        const content = readFileSync(plan.file);
        attachments.push({ filename: basename(plan.file), content, contentType: CONTENT_TYPES[formatOf(plan.file)!]! });
        reportLines.push(`- ${basename(plan.file)} (${sizeText(content.length)}, attached)`);
        continue;
      } catch (err) {
        reportLines.push(`- ${plan.file} (cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        linked += 1;
        continue;
      }
    }
    linked += 1;
    if (plan.action === 'missing') reportLines.push(`- ${plan.file} (${plan.reason})`);
    else reportLines.push(`- ${plan.file} (${sizeText(plan.size)}, ${plan.reason})`);
  }
  const summaryText = summaryLines(summary);
  const text = [
    'ibsight has generated these reports:',
    '',
    ...(reportLines.length > 0 ? reportLines : ['(no report files)']),
    '',
    'Summary:',
    '',
    ...(summaryText.length > 0 ? summaryText.map((line) => `  ${line}`) : ['  (empty)']),
    '',
    'Reports not attached are on the ibsight host at the path shown.',
    '',
  ].join('\n');
  return { subject: mailSubject(smtp.subjectPrefix, summary), text, attachments, linked };
}
