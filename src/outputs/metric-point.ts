/**
 * One metric point as every sink takes it (issue 7): a measurement, low-cardinality tags, typed
 * fields and a time. The measurement, tag and field names are those of the metric schema
 * (src/outputs/metric-schema.ts, docs/metrics.md) — a contract: renaming is a breaking change.
 *
 * Rules: tags are strings and never carry serial numbers, timestamps or other unbounded values;
 * field values are numbers (integers are marked as such, so InfluxDB stores them as integers),
 * strings or booleans; `time` is a JS Date (millisecond precision is enough for every ibsight metric).
 */
export type FieldValue = { kind: 'int'; value: number } | { kind: 'float'; value: number } | { kind: 'string'; value: string } | { kind: 'bool'; value: boolean };

export interface MetricPoint {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, FieldValue>>;
  time: Date;
}

export const int = (value: number): FieldValue => ({ kind: 'int', value: Math.trunc(value) });
export const float = (value: number): FieldValue => ({ kind: 'float', value });
export const str = (value: string): FieldValue => ({ kind: 'string', value });
export const bool = (value: boolean): FieldValue => ({ kind: 'bool', value });
