/**
 * One MetricPoint as one line of JSON, as the spool stores it (point-spool.ts): typed fields as
 * `{kind, value}`, time as ISO 8601 with milliseconds, a non-finite float as the string "NaN",
 * "Infinity" or "-Infinity" (JSON has no such numbers), an invalid time as null.
 *
 * Rules: reading is strict — a line that does not give back a complete, well-typed point is null
 * (the caller logs and skips it); nothing is guessed.
 */
import type { FieldValue, MetricPoint } from './metric-point.js';

function fieldToJson(field: FieldValue): unknown {
  return field.kind === 'float' && !Number.isFinite(field.value) ? { kind: 'float', value: String(field.value) } : field;
}

export function pointToJsonLine(point: MetricPoint): string {
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(point.fields)) fields[key] = fieldToJson(field);
  const time = Number.isNaN(point.time.getTime()) ? null : point.time.toISOString();
  return `${JSON.stringify({ measurement: point.measurement, tags: point.tags, fields, time })}\n`;
}

function fieldFromJson(raw: unknown): FieldValue | null {
  if (raw === null || typeof raw !== 'object') return null;
  const { kind, value } = raw as { kind?: unknown; value?: unknown };
  if ((kind === 'int' || kind === 'float') && typeof value === 'number') return { kind, value };
  if (kind === 'float' && (value === 'NaN' || value === 'Infinity' || value === '-Infinity')) return { kind, value: Number(value) };
  if (kind === 'string' && typeof value === 'string') return { kind, value };
  if (kind === 'bool' && typeof value === 'boolean') return { kind, value };
  return null;
}

/** A spooled line back to a point, or null when it is not one. */
export function pointFromJsonLine(line: string): MetricPoint | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const { measurement, tags, fields, time } = raw as Record<string, unknown>;
  if (typeof measurement !== 'string' || typeof time !== 'string' || !tags || typeof tags !== 'object' || !fields || typeof fields !== 'object') return null;
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return null;
  const outTags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') return null;
    outTags[key] = value;
  }
  const outFields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    const field = fieldFromJson(value);
    if (field === null) return null;
    outFields[key] = field;
  }
  return { measurement, tags: outTags, fields: outFields, time: date };
}
