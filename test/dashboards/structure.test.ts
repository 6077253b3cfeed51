/**
 * The generated dashboards (dashboards/build.ts) as Grafana will read them: seven dashboards with
 * unique stable uids (`ibsight-<file name>`), the `generated` and `ibsight` tags, the `site` and
 * `model` query variables; every panel with a unique id, the ibsight data source and at least one
 * raw InfluxQL target; every measurement, field and tag key a query names (read back from the query
 * text) exists in the metric schema, and every query of a measurement with a site (model) tag is
 * filtered by $site ($model); every measurement of the schema is shown somewhere; KEV findings are
 * highlighted in red on the exposure dashboard. The provisioning files create the data source the
 * panels name (InfluxDB, InfluxQL, address and secrets from Grafana's environment) and load the
 * generated folder.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDashboards } from '../../dashboards/build.js';
import { ALL_VALUE } from '../../dashboards/dashboard-frame.js';
import { DATASOURCE } from '../../dashboards/influxql-target.js';
import { dashboardsProvisioning, datasourceProvisioning } from '../../dashboards/provisioning.js';
import { measurementSpec, MEASUREMENTS } from '../../src/outputs/metric-schema.js';
import { namesInQuery, panelTargets, type DashboardJson } from './dashboard-queries.js';

const built = buildDashboards();
const dashboards = built.map((d) => d.json as unknown as DashboardJson);
const targets = panelTargets(dashboards);

describe('generated dashboards', () => {
  it('are the seven dashboards, each with a unique stable uid named after its file', () => {
    expect(built.map((d) => d.file)).toEqual([
      'generated/installed-base.json', 'generated/software.json', 'generated/exposure.json', 'generated/lifecycle.json',
      'generated/contracts.json', 'generated/device-health.json', 'generated/collection-health.json',
    ]);
    for (const d of built) {
      const json = d.json as unknown as DashboardJson;
      expect(json.uid).toBe(`ibsight-${d.file.slice('generated/'.length, -'.json'.length)}`);
      expect(json.uid.length).toBeLessThanOrEqual(40);
      expect(json.title).toMatch(/^ibsight — /);
      expect(json).not.toHaveProperty('id');
    }
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    expect(new Set(dashboards.map((d) => d.title)).size).toBe(dashboards.length);
  });

  it('carry the generated and ibsight tags', () => {
    for (const d of dashboards) expect(d.tags, d.uid).toEqual(expect.arrayContaining(['generated', 'ibsight']));
  });

  it('have the site and model query variables on the ibsight data source, All = .*', () => {
    for (const d of dashboards) {
      expect(d.templating.list.map((v) => v.name), d.uid).toEqual(['site', 'model']);
      for (const v of d.templating.list) {
        expect(v.type).toBe('query');
        expect(v.datasource).toEqual(DATASOURCE);
        expect(v.includeAll).toBe(true);
        expect(v.multi).toBe(true);
        expect(v.allValue).toBe(ALL_VALUE);
        expect(v.query).toMatch(new RegExp(`^SHOW TAG VALUES FROM "ibsight_inventory" WITH KEY = "${v.name}"`));
      }
    }
  });

  it('give every panel a unique id, a place on the grid, the data source and at least one raw InfluxQL target', () => {
    for (const d of dashboards) {
      expect(d.panels.length, d.uid).toBeGreaterThanOrEqual(6);
      expect(d.panels.map((p) => p.id), d.uid).toEqual(d.panels.map((_, i) => i + 1));
      for (const p of d.panels) {
        const where = `${d.uid} / ${p.title}`;
        expect(p.title, where).toBeTruthy();
        expect(p.datasource, where).toEqual(DATASOURCE);
        expect(p.gridPos!.x + p.gridPos!.w, where).toBeLessThanOrEqual(24);
        expect(p.targets?.length ?? 0, where).toBeGreaterThanOrEqual(1);
        expect(new Set(p.targets!.map((t) => t.refId)).size, where).toBe(p.targets!.length);
        for (const t of p.targets!) {
          expect(t.datasource, where).toEqual(DATASOURCE);
          expect(t.rawQuery, where).toBe(true);
          expect(t.resultFormat, where).toBe(p.type === 'table' ? 'table' : 'time_series');
          expect(t.query, where).toMatch(/^SELECT .+ FROM .+ WHERE .*\$timeFilter/);
        }
      }
    }
  });

  it('read back names from query text (the reader itself)', () => {
    expect(namesInQuery('SELECT sum("devices") AS "n" FROM (SELECT last("devices") AS "devices" FROM "ibsight_inventory" WHERE "site" =~ /^$site$/ AND $timeFilter GROUP BY time($__interval), * fill(none)) WHERE $timeFilter GROUP BY time($__interval), "status", "os" fill(none)'))
      .toEqual({ measurements: ['ibsight_inventory'], fields: ['devices'], tags: ['site', 'status', 'os'] });
  });

  it('name only measurements, fields and tags of the metric schema, one measurement per query', () => {
    const queries = [...targets.map((t) => ({ where: `${t.dashboard} / ${t.panel} / ${t.refId}`, query: t.query })),
      ...dashboards.flatMap((d) => d.templating.list.map((v) => ({ where: `${d.uid} / $${v.name}`, query: v.query })))];
    for (const { where, query } of queries) {
      const names = namesInQuery(query);
      expect(names.measurements, where).toHaveLength(1);
      const spec = measurementSpec(names.measurements[0]!);
      expect(spec, `${where}: ${names.measurements[0]} is not in the metric schema`).toBeDefined();
      if (!query.startsWith('SHOW ')) expect(names.fields.length, where).toBeGreaterThan(0);
      for (const f of names.fields) expect(Object.keys(spec!.fields), `${where}: field ${f}`).toContain(f);
      for (const t of names.tags) expect(spec!.tags, `${where}: tag ${t}`).toContain(t);
    }
  });

  it('filter every query of a measurement with a site or model tag by $site or $model', () => {
    for (const t of targets) {
      const spec = measurementSpec(namesInQuery(t.query).measurements[0]!)!;
      const where = `${t.dashboard} / ${t.panel} / ${t.refId}`;
      if ((spec.tags as readonly string[]).includes('site')) expect(t.query, where).toContain('"site" =~ /^$site$/');
      if ((spec.tags as readonly string[]).includes('model')) expect(t.query, where).toContain('"model" =~ /^$model$/');
    }
  });

  it('show every measurement of the metric schema on some dashboard', () => {
    const read = new Set(targets.flatMap((t) => namesInQuery(t.query).measurements));
    expect([...read].sort()).toEqual(MEASUREMENTS.map((m) => m.measurement).sort());
  });

  it('highlight KEV findings in red on the exposure dashboard', () => {
    const exposure = dashboards.find((d) => d.uid === 'ibsight-exposure')!;
    const redFromOne = (steps: unknown) => expect(steps).toEqual({ mode: 'absolute', steps: [{ value: null, color: 'green' }, { value: 1, color: 'red' }] });
    const kevStat = exposure.panels.find((p) => p.type === 'stat' && p.targets!.some((t) => namesInQuery(t.query).fields.includes('kev_findings')));
    expect(kevStat?.title).toMatch(/KEV/);
    redFromOne(kevStat!.fieldConfig!.defaults!.thresholds);
    expect(kevStat!.options!.colorMode).toBe('background');
    const kevColumn = exposure.panels.flatMap((p) => (p.type === 'table' ? p.fieldConfig!.overrides! : []))
      .find((o) => o.matcher.id === 'byName' && o.matcher.options === 'kev_findings');
    expect(kevColumn).toBeDefined();
    redFromOne(kevColumn!.properties.find((p) => p.id === 'thresholds')!.value);
    expect(kevColumn!.properties.find((p) => p.id === 'custom.cellOptions')!.value).toEqual({ type: 'color-background' });
    const kevTrend = exposure.panels.find((p) => p.type === 'timeseries' && p.targets!.some((t) => namesInQuery(t.query).fields.includes('kev_findings')));
    expect(kevTrend!.fieldConfig!.overrides).toContainEqual({
      matcher: { id: 'byName', options: 'KEV findings' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }],
    });
  });

  it('come with provisioning for the data source they name and for the generated folder', () => {
    const sources = parse(datasourceProvisioning()) as { apiVersion: number; datasources: Record<string, unknown>[] };
    expect(sources.apiVersion).toBe(1);
    expect(sources.datasources).toEqual([{
      name: 'ibsight InfluxDB', uid: DATASOURCE.uid, type: DATASOURCE.type, access: 'proxy',
      url: '${IBSIGHT_INFLUX_URL}', user: '${IBSIGHT_INFLUX_USER}',
      jsonData: { dbName: '${IBSIGHT_INFLUX_DATABASE}', httpMode: 'GET' },
      secureJsonData: { password: '${IBSIGHT_INFLUX_PASSWORD}' },
      editable: false,
    }]);
    const providers = parse(dashboardsProvisioning()) as { apiVersion: number; providers: { type: string; folderUid: string; options: { path: string } }[] };
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers).toHaveLength(1);
    expect(providers.providers[0]).toMatchObject({ type: 'file', folderUid: 'ibsight', allowUiUpdates: false, options: { path: '${IBSIGHT_DASHBOARDS_DIR}' } });
  });
});
