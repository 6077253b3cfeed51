/**
 * Test support: the queries of the generated dashboards (dashboards/build.ts, as plain JSON), and
 * what an InfluxQL query names (measurement, fields, tags), read back from the query text — the
 * dashboards are checked as Grafana will see them, not through the builder that made them.
 * Also Grafana's substitution of its macros and template variables in a raw InfluxQL query.
 */
import { escapeRegex } from '../../dashboards/influxql.js';

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; query: string; rawQuery: boolean; resultFormat: string; datasource?: { type?: string; uid?: string } }[];
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[] };
  options?: Record<string, unknown>;
}

export interface VariableJson {
  name: string;
  type: string;
  query: string;
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardJson {
  uid: string;
  title: string;
  tags: string[];
  panels: PanelJson[];
  templating: { list: VariableJson[] };
}

export interface PanelTarget {
  dashboard: string;
  panel: string;
  refId: string;
  query: string;
}

export function panelTargets(dashboards: readonly DashboardJson[]): PanelTarget[] {
  return dashboards.flatMap((d) =>
    d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ dashboard: d.uid, panel: p.title, refId: t.refId, query: t.query }))));
}

export interface QueryNames {
  measurements: string[];
  fields: string[];
  tags: string[];
}

/** The measurements (`FROM "m"`), aggregated fields (`sum("f")`) and tag keys (WHERE, GROUP BY) a query names. */
export function namesInQuery(query: string): QueryNames {
  const measurements = [...query.matchAll(/FROM "([^"]+)"/g)].map((m) => m[1]!);
  const fields = [...query.matchAll(/\b(?:last|sum|mean|max)\("([^"]+)"\)/g)].map((m) => m[1]!);
  const whereTags = [...query.matchAll(/"([^"]+)" (?:=~|!=|=) /g)].map((m) => m[1]!);
  const keyTag = [...query.matchAll(/WITH KEY = "([^"]+)"/g)].map((m) => m[1]!);
  const item = String.raw`(?:time\([^)]*\)|\*|"[^"]*")`;
  const groupTags = [...query.matchAll(new RegExp(`GROUP BY (${item}(?:, ${item})*)`, 'g'))].flatMap((m) =>
    [...m[1]!.matchAll(/"([^"]*)"/g)].map((g) => g[1]!));
  return { measurements: [...new Set(measurements)], fields: [...new Set(fields)], tags: [...new Set([...whereTags, ...keyTag, ...groupTags])] };
}

export interface Substitution {
  /** Replaces `$timeFilter`. */
  timeFilter: string;
  /** Replaces `$__interval` and `$interval`. */
  interval: string;
  /** Template variable values: one value is regex-escaped as Grafana does for InfluxDB; ALL is used as is. */
  variables: Record<string, { all: string } | { value: string }>;
}

/** The query as Grafana sends it to InfluxDB, for the given time range, interval and variable values. */
export function substitute(query: string, s: Substitution): string {
  let out = query.replaceAll('$timeFilter', s.timeFilter).replaceAll('$__interval', s.interval).replace(/\$interval\b/g, s.interval);
  for (const [name, v] of Object.entries(s.variables)) {
    const text = 'all' in v ? v.all : escapeRegex(v.value);
    out = out.replace(new RegExp(`\\$${name}(?![A-Za-z0-9_])`, 'g'), () => text);
  }
  const left = /\$[A-Za-z_][A-Za-z0-9_]*/.exec(out);
  if (left) throw new Error(`unsubstituted ${left[0]} in: ${out}`);
  return out;
}
