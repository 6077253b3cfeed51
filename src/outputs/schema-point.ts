/**
 * Building metric points that keep to the schema (metric-schema.ts): `schemaPoint` takes only the
 * measurement's tag keys (with their fixed vocabulary where the schema has one) and field names,
 * typed, at compile time; at run time it checks again — a point that does not keep to the schema
 * is a bug in ibsight, refused with IbsightError INTERNAL before any sink sees it.
 * `checkPoint` applies the same checks to any MetricPoint (tests, sinks).
 *
 * Tag values: non-empty, at most TAG_VALUE_MAX characters, no control character and no backslash
 * (InfluxDB line protocol cannot carry a line break in a tag value, and a backslash next to an
 * escaped character reads back differently). `tagValue` turns a value from the store into one:
 * null or blank → `unknown`, control characters → space, `\` → `/`, cut at TAG_VALUE_MAX.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { bool, float, int, str, type FieldValue, type MetricPoint } from './metric-point.js';
import { measurementSpec, UNKNOWN, type FieldType, type MeasurementSpec } from './metric-schema.js';

export const TAG_VALUE_MAX = 128;

const CONTROL = /[\u0000-\u001f\u007f]/g;
const BAD_TAG_VALUE = /[\u0000-\u001f\u007f\\]/;

/** A store value as a tag value (see the header). */
export function tagValue(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return UNKNOWN;
  const clean = raw.replace(CONTROL, ' ').replace(/\\/g, '/').trim().slice(0, TAG_VALUE_MAX).trim();
  return clean === '' ? UNKNOWN : clean;
}

type JsValue<T extends FieldType> = T extends 'int' | 'float' ? number : T extends 'string' ? string : boolean;

/** The tags of a point of M: every tag key, with the fixed vocabulary where the schema has one. */
export type TagsOf<M extends MeasurementSpec> = [M['tags'][number]] extends [never]
  ? { readonly [key: string]: never }
  : { readonly [K in M['tags'][number]]: M['tagValues'][K] extends readonly (infer V)[] ? V : string };

/** The fields of a point of M: every field, with a JS value of its declared type. */
export type FieldsOf<M extends MeasurementSpec> = {
  readonly [K in keyof M['fields']]: JsValue<M['fields'][K]['type']>;
};

function refuse(spec: { measurement: string }, message: string, context: Record<string, unknown> = {}): never {
  throw new IbsightError('INTERNAL', `metric ${spec.measurement}: ${message}`, { context: { measurement: spec.measurement, ...context } });
}

function typed(spec: MeasurementSpec, field: string, type: FieldType, value: unknown): FieldValue {
  switch (type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) refuse(spec, `field ${field} must be an integer, got ${String(value)}`, { field });
      return int(value);
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) refuse(spec, `field ${field} must be a finite number, got ${String(value)}`, { field });
      return float(value);
    case 'string':
      if (typeof value !== 'string' || /[\r\n]/.test(value)) refuse(spec, `field ${field} must be a string without line breaks`, { field });
      return str(value);
    case 'bool':
      if (typeof value !== 'boolean') refuse(spec, `field ${field} must be a boolean, got ${String(value)}`, { field });
      return bool(value);
  }
}

function checkTags(spec: MeasurementSpec, tags: Readonly<Record<string, unknown>>): Record<string, string> {
  const keys = Object.keys(tags);
  for (const key of keys) if (!(spec.tags as readonly string[]).includes(key)) refuse(spec, `tag ${key} is not in the schema`, { tag: key });
  const out: Record<string, string> = {};
  for (const key of spec.tags) {
    const value = tags[key];
    if (typeof value !== 'string') refuse(spec, `tag ${key} is missing`, { tag: key });
    if (value === '' || value.length > TAG_VALUE_MAX || BAD_TAG_VALUE.test(value)) refuse(spec, `tag ${key} has a value that cannot be a tag: ${JSON.stringify(value)}`, { tag: key });
    const allowed = spec.tagValues[key];
    if (allowed !== undefined && !allowed.includes(value)) refuse(spec, `tag ${key}=${value} is not one of ${allowed.join(', ')}`, { tag: key });
    out[key] = value;
  }
  return out;
}

function checkTime(spec: MeasurementSpec, time: unknown): Date {
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) refuse(spec, 'time must be a valid Date');
  return time;
}

/** One point of `spec`, checked against the schema (see the header). */
export function schemaPoint<M extends MeasurementSpec>(spec: M, tags: TagsOf<M>, fields: FieldsOf<M>, time: Date): MetricPoint {
  const values = fields as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(values)) if (!(name in spec.fields)) refuse(spec, `field ${name} is not in the schema`, { field: name });
  const out: Record<string, FieldValue> = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    if (!(name in values)) refuse(spec, `field ${name} is missing`, { field: name });
    out[name] = typed(spec, name, field.type, values[name]);
  }
  return { measurement: spec.measurement, tags: checkTags(spec, tags as Readonly<Record<string, unknown>>), fields: out, time: checkTime(spec, time) };
}

/** Checks any point against the schema of its measurement; throws INTERNAL on the first mismatch. */
export function checkPoint(point: MetricPoint): void {
  const spec = measurementSpec(point.measurement) ?? refuse(point, 'no such measurement in the schema');
  checkTags(spec, point.tags);
  checkTime(spec, point.time);
  for (const name of Object.keys(point.fields)) if (!(name in spec.fields)) refuse(spec, `field ${name} is not in the schema`, { field: name });
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = point.fields[name];
    if (value === undefined) refuse(spec, `field ${name} is missing`, { field: name });
    if (value.kind !== field.type) refuse(spec, `field ${name} is ${value.kind}, the schema says ${field.type}`, { field: name });
    typed(spec, name, field.type, value.value);
  }
}
