/**
 * Reading a time given on the command line (`--since`, `--from`, `--to`): ISO 8601, a date
 * (`2025-01-31`, midnight UTC) or a date and time (`2025-01-31T12:00:00Z`; without a zone it is
 * read as UTC, so the answer does not depend on the machine's time zone). Anything else — a
 * 31st of February included — is a usage error naming the option.
 */
import { IbsightError } from '../errors/ibsight-error.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseIsoOption(option: string, value: string): Date {
  const bad = () =>
    new IbsightError('USAGE', `${option}: "${value}" is not an ISO 8601 time (e.g. 2025-01-31 or 2025-01-31T12:00:00Z)`, {
      context: { option, value },
    });
  const m = ISO.exec(value.trim());
  if (!m) throw bad();
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw bad();
  if (m[4] === undefined) return date;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw bad();
  const fraction = (m[7] ?? '').slice(0, 4); // milliseconds are enough
  const zone = m[8] === undefined || m[8] === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${String(second).padStart(2, '0')}${fraction}${zone}`);
  if (Number.isNaN(t.getTime())) throw bad();
  return t;
}
