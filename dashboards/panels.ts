/**
 * The panels the ibsight dashboards are made of, on the foundation SDK's builders: stat, time
 * series, bar gauge and table, each reading the ibsight InfluxDB data source through InfluxQL
 * targets (influxql-target.ts) whose refIds are A, B, C... in the order given.
 *
 * Rules kept:
 *  - Every panel has a title, a description saying what it counts (and over what), the data
 *    source, and at least one target.
 *  - Counts are whole numbers (unit `none`, no decimals). A stat shows "No data" when nothing was
 *    written (a reconciliation or exposure run that never happened is absent, not zero:
 *    docs/metrics.md), except where the schema writes only what exists (`zeroWhenAbsent`: versions
 *    running), where absent means zero.
 *  - Colours carry meaning, the same everywhere: red critical / expired / failed / KEV, orange
 *    high / expiring, yellow medium, blue low, green ok / active.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugePanelBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { IbsightError } from '../src/errors/ibsight-error.js';
import { DATASOURCE, InfluxQLTargetBuilder, type RendersQuery, type ResultFormat } from './influxql-target.js';

/** One target of a panel: the query and Grafana's series name pattern for it. */
export interface PanelQuery {
  readonly query: RendersQuery;
  /** e.g. `$tag_site`; the query's column name when absent. */
  readonly alias?: string;
}

export type Unit = 'none' | 'percent' | 's';

interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly PanelQuery[];
  /** Grid width (of 24) and height. */
  readonly w: number;
  readonly h: number;
  readonly unit?: Unit;
  /** Fixed colours by series name (the alias as Grafana renders it). */
  readonly colors?: Readonly<Record<string, string>>;
}

export type ThresholdStep = readonly [value: number, color: string];

/** A base colour and the steps above it (`thresholds('green', [1, 'red'])`: red from 1). */
export function thresholds(base: string, ...steps: ThresholdStep[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

export const COLORS = {
  critical: 'dark-red',
  high: 'orange',
  medium: 'yellow',
  low: 'blue',
  ok: 'green',
  bad: 'red',
  warn: 'orange',
  neutral: 'text',
} as const;

function targets(queries: readonly PanelQuery[], format: ResultFormat): InfluxQLTargetBuilder[] {
  if (queries.length === 0 || queries.length > 26) {
    throw new IbsightError('INTERNAL', `a panel takes 1 to 26 queries (refIds A to Z), got ${queries.length}`, { context: { queries: queries.length } });
  }
  return queries.map((q, i) => {
    const target = new InfluxQLTargetBuilder(String.fromCharCode(65 + i), q.query).resultFormat(format);
    return q.alias === undefined ? target : target.alias(q.alias);
  });
}

type CommonBuilder = StatPanelBuilder | TimeseriesPanelBuilder | BarGaugePanelBuilder | TablePanelBuilder;

function frame<B extends CommonBuilder>(builder: B, options: PanelOptions, format: ResultFormat): B {
  builder
    .title(options.title)
    .description(options.description)
    .datasource({ ...DATASOURCE })
    .targets(targets(options.queries, format))
    .span(options.w)
    .height(options.h)
    .unit(options.unit ?? 'none');
  if ((options.unit ?? 'none') === 'none') builder.decimals(0);
  for (const [name, color] of Object.entries(options.colors ?? {})) {
    builder.overrideByName(name, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }]);
  }
  return builder;
}

const LAST_NOT_NULL = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

export interface StatOptions extends PanelOptions {
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  /** `background` to make the whole stat take its threshold's colour (alerts such as KEV). */
  readonly colorMode?: common.BigValueColorMode;
  /** Show 0 rather than "No data" when no series matches (measurements that write only what exists). */
  readonly zeroWhenAbsent?: boolean;
}

/** The latest value of each series (the last interval with data), as big numbers. */
export function statPanel(options: StatOptions): StatPanelBuilder {
  const builder = frame(new StatPanelBuilder(), options, 'time_series')
    .reduceOptions(LAST_NOT_NULL())
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(options.colorMode ?? common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Auto)
    .thresholds(options.thresholds ?? thresholds(COLORS.neutral));
  if (options.zeroWhenAbsent) builder.noValue('0');
  if (options.thresholds === undefined) builder.colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds));
  return builder;
}

export interface TimeSeriesOptions extends PanelOptions {
  /** Stack the series (counts that add up to a whole, e.g. devices by status). */
  readonly stacked?: boolean;
  /** Bars rather than lines (one point per run, e.g. failures). */
  readonly bars?: boolean;
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  readonly min?: number;
  readonly max?: number;
}

/** Trends: one line (or bar) per series, legend as a table with the last value. */
export function timeSeriesPanel(options: TimeSeriesOptions): TimeseriesPanelBuilder {
  const builder = frame(new TimeseriesPanelBuilder(), options, 'time_series')
    .drawStyle(options.bars ? common.GraphDrawStyle.Bars : common.GraphDrawStyle.Line)
    .lineWidth(2)
    .fillOpacity(options.stacked ? 40 : 10)
    .showPoints(common.VisibilityMode.Always)
    .pointSize(5)
    .spanNulls(true)
    .stacking(new common.StackingConfigBuilder().mode(options.stacked ? common.StackingMode.Normal : common.StackingMode.None))
    .legend(new common.VizLegendOptionsBuilder()
      .displayMode(common.LegendDisplayMode.Table)
      .placement(common.LegendPlacement.Right)
      .showLegend(true)
      .calcs(['lastNotNull']))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.PaletteClassic));
  if (options.thresholds !== undefined) builder.thresholds(options.thresholds);
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  return builder;
}

export interface BarGaugeOptions extends PanelOptions {
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  readonly min?: number;
  readonly max?: number;
}

/** The latest value of each series as horizontal bars (a breakdown: by kind, by site...). */
export function barGaugePanel(options: BarGaugeOptions): BarGaugePanelBuilder {
  const builder = frame(new BarGaugePanelBuilder(), options, 'time_series')
    .reduceOptions(LAST_NOT_NULL())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .showUnfilled(true)
    .min(options.min ?? 0)
    .thresholds(options.thresholds ?? thresholds(COLORS.low))
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds));
  if (options.max !== undefined) builder.max(options.max);
  return builder;
}

export interface TableOptions extends PanelOptions {
  /** Columns whose cell background takes the colour of these thresholds (e.g. KEV findings in red). */
  readonly alertColumns?: Readonly<Record<string, dashboard.ThresholdsConfigBuilder>>;
  /** Sort by this column, descending. */
  readonly sortBy?: string;
}

/** Rows of the latest value per series (tags as columns), from InfluxQL's table format. */
export function tablePanel(options: TableOptions): TablePanelBuilder {
  const builder = frame(new TablePanelBuilder(), options, 'table')
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .filterable(true)
    // Every row is the latest point of its series in the time range: its time is when it was observed.
    .overrideByName('Time', [{ id: 'displayName', value: 'Observed' }]);
  if (options.sortBy !== undefined) builder.sortBy([new common.TableSortByFieldStateBuilder().displayName(options.sortBy).desc(true)]);
  for (const [column, steps] of Object.entries(options.alertColumns ?? {})) {
    builder.overrideByName(column, [
      { id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorBackground } },
      { id: 'thresholds', value: steps.build() },
      { id: 'color', value: { mode: dashboard.FieldColorModeId.Thresholds } },
    ]);
  }
  return builder;
}
