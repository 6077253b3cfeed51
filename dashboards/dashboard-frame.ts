/**
 * What every ibsight dashboard shares: a stable uid (`ibsight-<name>`), the tags `ibsight` and
 * `generated`, the `site` and `model` template variables (InfluxQL `SHOW TAG VALUES` of the
 * inventory measurement, multi-value with All = `.*`), a dropdown of links to the other ibsight
 * dashboards (by tag, keeping time range and variables), the last 7 days, and panel ids 1, 2, 3...
 * in the order panels are added (stable, so links to a panel survive a rebuild).
 *
 * Rules kept: the uid is what Grafana and links know a dashboard by: never derive it from the title,
 * never change it. The generated JSON holds no instance-specific id or version.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { INVENTORY } from '../src/outputs/metric-schema.js';
import { matchesVariable, showTagValues } from './influxql.js';
import { DATASOURCE } from './influxql-target.js';

export const PRODUCT_TAG = 'ibsight';
export const GENERATED_TAG = 'generated';
/** The value of a variable's All: a regex that matches every value (`=~ /^.*$/`). */
export const ALL_VALUE = '.*';

export interface DashboardMeta {
  /** File name stem under generated/ and uid suffix: `installed-base` → uid `ibsight-installed-base`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

function allSelected(): dashboard.VariableOption {
  return { selected: true, text: ['All'], value: ['$__all'] };
}

/** `$site`: the sites of the inventory. */
export function siteVariable(): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder('site')
    .label('Site')
    .description('Site id of the inventory (tag `site`); All matches every site, including sites only the installed base records.')
    .datasource({ ...DATASOURCE })
    .query(showTagValues(INVENTORY, 'site'))
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current(allSelected());
}

/** `$model`: the device models of the selected sites (filters the inventory panels). */
export function modelVariable(): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder('model')
    .label('Model')
    .description('Device model (tag `model` of ibsight_inventory, lower case); only the measurements that carry a model are filtered by it.')
    .datasource({ ...DATASOURCE })
    .query(showTagValues(INVENTORY, 'model', [{ tag: 'site', condition: matchesVariable('site') }]))
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current(allSelected());
}

interface PanelWithId extends cog.Builder<dashboard.Panel> {
  id(id: number): unknown;
}

/** One ibsight dashboard being built: add panels in reading order (the SDK lays them out left to right). */
export class IbsightDashboard {
  readonly meta: DashboardMeta;
  private readonly builder: dashboard.DashboardBuilder;
  private nextId = 1;

  constructor(meta: DashboardMeta) {
    this.meta = meta;
    this.builder = new dashboard.DashboardBuilder(meta.title)
      .uid(`${PRODUCT_TAG}-${meta.name}`)
      .description(meta.description)
      .tags([PRODUCT_TAG, GENERATED_TAG])
      .editable()
      .tooltip(dashboard.DashboardCursorSync.Crosshair)
      .time({ from: 'now-7d', to: 'now' })
      .timezone('browser')
      .refresh('5m')
      .annotations([])
      .timepicker(new dashboard.TimePickerBuilder().refreshIntervals(['1m', '5m', '15m', '1h']))
      .withVariable(siteVariable())
      .withVariable(modelVariable())
      .link(new dashboard.DashboardLinkBuilder('ibsight')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([PRODUCT_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true)
        .icon('external link')
        .tooltip('')
        .targetBlank(false));
  }

  get uid(): string {
    return `${PRODUCT_TAG}-${this.meta.name}`;
  }

  panel(panel: PanelWithId): this {
    panel.id(this.nextId++);
    this.builder.withPanel(panel);
    return this;
  }

  /** The dashboard as plain JSON (the SDK's objects carry functions, which JSON drops). */
  build(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.builder.build())) as Record<string, unknown>;
  }
}
