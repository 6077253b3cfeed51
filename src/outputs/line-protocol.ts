/**
 * InfluxDB line protocol (1.x, 2.x and 3.x alike) for metric points: what `ibsight metrics`
 * prints and what the InfluxDB sinks may send.
 *   measurement[,tag=value...] field=value[,field=value...] timestamp
 *
 * Rules kept (InfluxDB's line protocol reference):
 *  - measurement: `,` and space escaped with `\`; tag keys, tag values and field keys: `,`, `=`
 *    and space escaped. Tags are written sorted by key (the order InfluxDB stores them in).
 *  - string fields in double quotes, `"` and `\` escaped; integers with the `i` suffix (safe
 *    integers only); floats finite, as JS prints them (`97.5`, `100`, `1e+21` are all floats to
 *    InfluxDB); booleans `true` / `false`.
 *  - What line protocol cannot carry is refused (IbsightError INTERNAL, naming the part), never
 *    written half: a line break anywhere, a backslash in a name or tag value (it reads back
 *    differently next to an escaped character), an empty name or tag value, a point without
 *    fields, a measurement starting with `#` (a comment line). The schema (schema-point.ts)
 *    keeps such values out before they get here.
 *  - The timestamp is the point's time in the chosen precision (default nanoseconds, InfluxDB's
 *    default when the write names none).
 */
import { IbsightError } from '../errors/ibsight-error.js';
import type { FieldValue, MetricPoint } from './metric-point.js';

export type Precision = 'ns' | 'us' | 'ms' | 's';

const UNSAFE = /[\r\n\\]/;

function refuse(point: MetricPoint, what: string, value: string): never {
  throw new IbsightError('INTERNAL', `line protocol: ${what} ${JSON.stringify(value)} of ${JSON.stringify(point.measurement)} cannot be written`, {
    context: { measurement: point.measurement, part: what },
  });
}

function checked(point: MetricPoint, what: string, value: string): string {
  if (value === '' || UNSAFE.test(value)) refuse(point, what, value);
  return value;
}

function escapeMeasurement(point: MetricPoint): string {
  const name = checked(point, 'measurement', point.measurement);
  if (name.startsWith('#')) refuse(point, 'measurement', name);
  return name.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag keys, tag values and field keys. */
function escapeKey(point: MetricPoint, what: string, value: string): string {
  return checked(point, what, value).replace(/[,= ]/g, (c) => `\\${c}`);
}

function fieldText(point: MetricPoint, key: string, field: FieldValue): string {
  switch (field.kind) {
    case 'int':
      if (!Number.isSafeInteger(field.value)) refuse(point, `integer field ${key}`, String(field.value));
      return `${field.value}i`;
    case 'float':
      if (!Number.isFinite(field.value)) refuse(point, `float field ${key}`, String(field.value));
      return String(field.value);
    case 'bool':
      return field.value ? 'true' : 'false';
    case 'string':
      if (/[\r\n]/.test(field.value)) refuse(point, `string field ${key}`, field.value);
      return `"${field.value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  }
}

function timestamp(point: MetricPoint, precision: Precision): string {
  const ms = point.time.getTime();
  if (!Number.isFinite(ms)) refuse(point, 'time', String(point.time));
  switch (precision) {
    case 'ns':
      return (BigInt(ms) * 1_000_000n).toString();
    case 'us':
      return (BigInt(ms) * 1_000n).toString();
    case 'ms':
      return String(ms);
    case 's':
      return String(Math.floor(ms / 1000));
  }
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One point as one line (without the line break). */
export function encodePoint(point: MetricPoint, precision: Precision = 'ns'): string {
  let line = escapeMeasurement(point);
  for (const key of Object.keys(point.tags).sort(byCodeUnit)) {
    line += `,${escapeKey(point, 'tag key', key)}=${escapeKey(point, `tag ${key} value`, point.tags[key]!)}`;
  }
  const fields = Object.entries(point.fields);
  if (fields.length === 0) refuse(point, 'a point without fields', '');
  line += ` ${fields.map(([key, value]) => `${escapeKey(point, 'field key', key)}=${fieldText(point, key, value)}`).join(',')}`;
  return `${line} ${timestamp(point, precision)}`;
}

/** Points as line protocol, one line each, every line ending with a line break ('' for none). */
export function encodeLines(points: readonly MetricPoint[], precision: Precision = 'ns'): string {
  let out = '';
  for (const p of points) out += `${encodePoint(p, precision)}\n`;
  return out;
}
