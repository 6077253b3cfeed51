/**
 * A Grafana InfluxDB (InfluxQL) panel target, as a foundation-SDK builder: the SDK has builders for
 * many data sources but none for InfluxDB, and its panels take any `cog.Builder<cog.Dataquery>`.
 * The target is the data source's raw mode: `{refId, datasource, query, rawQuery: true,
 * resultFormat, alias}`, the query rendered by influxql.ts.
 *
 * Rules kept: every target names the ibsight data source (DATASOURCE, the uid the provisioning file
 * gives it); the key order is fixed, so the generated JSON does not churn.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** The data source the provisioning file creates (provisioning.ts) and every panel reads. */
export const DATASOURCE = { type: 'influxdb', uid: 'ibsight-influxdb' } as const satisfies dashboard.DataSourceRef;

export type ResultFormat = 'time_series' | 'table';

export interface InfluxQLTarget extends cog.Dataquery {
  refId: string;
  datasource: dashboard.DataSourceRef;
  query: string;
  rawQuery: true;
  resultFormat: ResultFormat;
  alias?: string;
}

/** Anything that renders an InfluxQL query (influxql.ts's InfluxQL of any measurement). */
export interface RendersQuery {
  render(): string;
}

export class InfluxQLTargetBuilder implements cog.Builder<cog.Dataquery> {
  private readonly target: InfluxQLTarget;

  constructor(refId: string, query: RendersQuery) {
    this.target = {
      refId,
      datasource: { ...DATASOURCE },
      query: query.render(),
      rawQuery: true,
      resultFormat: 'time_series',
      _implementsDataqueryVariant: () => undefined,
    };
  }

  resultFormat(format: ResultFormat): this {
    this.target.resultFormat = format;
    return this;
  }

  /** Grafana's series name pattern (`$tag_site`, `$col`). */
  alias(alias: string): this {
    this.target.alias = alias;
    return this;
  }

  build(): InfluxQLTarget {
    return this.target;
  }
}
