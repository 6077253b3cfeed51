/**
 * A small typed InfluxQL builder for the dashboards (the Grafana foundation SDK has none). A query
 * starts from a measurement of the metric schema (src/outputs/metric-schema.ts), so its field names,
 * tag keys and fixed tag values are checked by the compiler: a rename in the schema breaks the
 * dashboards' build on purpose. It renders the query text Grafana's InfluxDB data source runs in
 * raw mode, with Grafana's macros left in place (`$timeFilter`, `$__interval`, `$site`).
 *
 *   influxql(INVENTORY).select('devices', 'sum').where('site', matchesVariable('site'))
 *     .groupByTime().groupBy('status').latestPerSeries().render()
 *
 * Rules kept:
 *  - Identifiers are double-quoted (`"` and `\` escaped), tag values single-quoted (`'` and `\`
 *    escaped), regex literals have `/` escaped and literal values regex-escaped: no input can end a
 *    token early.
 *  - Every query is bounded by `$timeFilter` (Grafana's time range).
 *  - `latestPerSeries()` aggregates the latest point of each series (every tag set) within each
 *    interval, through a subquery: the store-state measurements write one point per series per
 *    observation, so a `sum` across series must not add two observations of the same series
 *    (docs/metrics.md: "query the latest observation").
 *  - A name the schema does not know is refused at render time too (for callers that widen types).
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import type { MeasurementSpec } from '../src/outputs/metric-schema.js';

export type Aggregate = 'last' | 'sum' | 'mean' | 'max';
export type Fill = 'none' | 'null' | 'previous' | 'linear' | number;

/** The field names of a measurement of the schema. */
export type FieldOf<M extends MeasurementSpec> = keyof M['fields'] & string;
/** The tag keys of a measurement of the schema. */
export type TagOf<M extends MeasurementSpec> = M['tags'][number];
/** The values a tag may take: its fixed vocabulary when the schema has one, else any string. */
export type TagValueOf<M extends MeasurementSpec, K extends TagOf<M>> =
  M['tagValues'] extends { readonly [P in K]: readonly (infer V)[] } ? V & string : string;

export type TagCondition<V extends string = string> =
  | { readonly kind: 'equals'; readonly value: V }
  | { readonly kind: 'notEquals'; readonly value: V }
  | { readonly kind: 'oneOf'; readonly values: readonly V[] }
  | { readonly kind: 'variable'; readonly name: string };

export const equals = <V extends string>(value: V): TagCondition<V> => ({ kind: 'equals', value });
export const notEquals = <V extends string>(value: V): TagCondition<V> => ({ kind: 'notEquals', value });
export const oneOf = <V extends string>(...values: V[]): TagCondition<V> => ({ kind: 'oneOf', values });
/** `"tag" =~ /^$name$/`: a Grafana template variable (a regex when it has several values or All). */
export const matchesVariable = (name: string): TagCondition<never> => ({ kind: 'variable', name });

/** The interval of `GROUP BY time(...)` by default: Grafana's own for the panel. */
export const GRAFANA_INTERVAL = '$__interval';
export const TIME_FILTER = '$timeFilter';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTERVAL = /^(\$__interval|\$interval|[1-9][0-9]*(ns|u|µ|ms|s|m|h|d|w))$/;

function refuse(message: string, context: Record<string, unknown>): never {
  throw new IbsightError('INTERNAL', `InfluxQL: ${message}`, { context });
}

/** `"name"`, with `"` and `\` escaped. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `'value'`, with `'` and `\` escaped. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A literal value made safe inside a regex literal: regex metacharacters and `/` escaped. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
}

function variableName(name: string): string {
  if (!VARIABLE_NAME.test(name)) refuse(`not a template variable name: ${JSON.stringify(name)}`, { variable: name });
  return name;
}

export function renderCondition(tag: string, condition: TagCondition): string {
  const key = quoteIdentifier(tag);
  switch (condition.kind) {
    case 'equals':
      return `${key} = ${quoteString(condition.value)}`;
    case 'notEquals':
      return `${key} != ${quoteString(condition.value)}`;
    case 'oneOf':
      if (condition.values.length === 0) refuse(`oneOf() needs at least one value (tag ${tag})`, { tag });
      return `${key} =~ /^(${condition.values.map(escapeRegex).join('|')})$/`;
    case 'variable':
      return `${key} =~ /^$${variableName(condition.name)}$/`;
  }
}

interface Selection {
  readonly field: string;
  readonly aggregate: Aggregate;
  readonly alias: string;
}

export class InfluxQL<M extends MeasurementSpec> {
  readonly spec: M;
  private readonly selections: Selection[] = [];
  private readonly conditions: { tag: string; condition: TagCondition }[] = [];
  private readonly groupTags: string[] = [];
  private interval: string | null = null;
  private fillValue: Fill | null = null;
  private latest = false;

  constructor(spec: M) {
    this.spec = spec;
  }

  /** `aggregate("field") AS "alias"` (alias: the field's name by default). */
  select(field: FieldOf<M>, aggregate: Aggregate, alias: string = field): this {
    if (!Object.hasOwn(this.spec.fields, field)) refuse(`${this.spec.measurement} has no field ${JSON.stringify(field)}`, { field });
    this.selections.push({ field, aggregate, alias });
    return this;
  }

  where<K extends TagOf<M>>(tag: K, condition: TagCondition<TagValueOf<M, K>>): this {
    this.checkTag(tag);
    this.conditions.push({ tag, condition });
    return this;
  }

  /** `GROUP BY time(interval)`, Grafana's `$__interval` by default. */
  groupByTime(interval: string = GRAFANA_INTERVAL): this {
    if (!INTERVAL.test(interval)) refuse(`not an interval: ${JSON.stringify(interval)}`, { interval });
    this.interval = interval;
    return this;
  }

  groupBy(...tags: TagOf<M>[]): this {
    for (const tag of tags) this.checkTag(tag);
    this.groupTags.push(...tags);
    return this;
  }

  fill(fill: Fill): this {
    if (typeof fill === 'number' && !Number.isFinite(fill)) refuse(`fill() needs a finite number, got ${fill}`, { fill });
    this.fillValue = fill;
    return this;
  }

  /** Aggregate the latest point of each series (within each interval when grouped by time). */
  latestPerSeries(): this {
    this.latest = true;
    return this;
  }

  /** The measurement this query reads. */
  get measurement(): string {
    return this.spec.measurement;
  }

  /** The fields this query reads. */
  get fields(): string[] {
    return [...new Set(this.selections.map((s) => s.field))];
  }

  render(): string {
    if (this.selections.length === 0) refuse(`a query of ${this.spec.measurement} selects no field`, { measurement: this.spec.measurement });
    const where = [...this.conditions.map((c) => renderCondition(c.tag, c.condition)), TIME_FILTER].join(' AND ');
    const from = quoteIdentifier(this.spec.measurement);
    const time = this.interval === null ? [] : [`time(${this.interval})`];
    const fill = this.fillValue === null ? '' : ` fill(${this.fillValue})`;
    const query = (source: string, outerWhere: string): string => {
      const columns = this.selections.map((s) => `${s.aggregate}(${quoteIdentifier(s.field)}) AS ${quoteIdentifier(s.alias)}`);
      const groups = [...time, ...this.groupTags.map(quoteIdentifier)];
      return `SELECT ${columns.join(', ')} FROM ${source} WHERE ${outerWhere}${groups.length > 0 ? ` GROUP BY ${groups.join(', ')}` : ''}${fill}`;
    };
    if (!this.latest) return query(from, where);
    // The inner query keeps each field's name, so the outer one reads the same names.
    const innerColumns = this.fields.map((f) => `last(${quoteIdentifier(f)}) AS ${quoteIdentifier(f)}`);
    const inner = `SELECT ${innerColumns.join(', ')} FROM ${from} WHERE ${where} GROUP BY ${[...time, '*'].join(', ')}${time.length > 0 ? ' fill(none)' : ''}`;
    return query(`(${inner})`, TIME_FILTER);
  }

  private checkTag(tag: string): void {
    if (!this.spec.tags.includes(tag as never)) refuse(`${this.spec.measurement} has no tag ${JSON.stringify(tag)}`, { tag });
  }
}

/** A query of one measurement of the schema. */
export function influxql<M extends MeasurementSpec>(spec: M): InfluxQL<M> {
  return new InfluxQL(spec);
}

/** `SHOW TAG VALUES FROM "m" WITH KEY = "tag" [WHERE ...]`: the query of a template variable. */
export function showTagValues<M extends MeasurementSpec, K extends TagOf<M>>(
  spec: M,
  key: K,
  where: readonly { tag: TagOf<M>; condition: TagCondition }[] = [],
): string {
  for (const tag of [key, ...where.map((w) => w.tag)]) {
    if (!spec.tags.includes(tag as never)) refuse(`${spec.measurement} has no tag ${JSON.stringify(tag)}`, { tag });
  }
  const conditions = where.map((w) => renderCondition(w.tag, w.condition));
  return `SHOW TAG VALUES FROM ${quoteIdentifier(spec.measurement)} WITH KEY = ${quoteIdentifier(key)}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}
