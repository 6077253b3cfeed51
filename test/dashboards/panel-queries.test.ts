/**
 * Every panel query of every generated dashboard returns data from a real InfluxDB 1.6 filled by a
 * demo run: `ibsight demo --influx URL` (the compiled CLI: `npm run build` first) writes the store's
 * metric points and each round's run points; then each target's query, with Grafana's macros and
 * variables substituted as Grafana does (`$timeFilter` → the last 7 days, `$__interval` → 1m,
 * `$site` / `$model` → All, i.e. the variable's allValue `.*`), is sent to /query and must answer
 * at least one series with a value. Each variable's own query must list values, and with each single
 * site selected (regex-escaped, as Grafana does) every query must still run without an error.
 * Three panels are checked against the demo's own summary: devices, fleet accuracy, KEV findings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboards } from '../../dashboards/build.js';
import { influxdAvailable, InfluxdServer } from '../support/influxd.js';
import { panelTargets, substitute, type DashboardJson, type Substitution } from './dashboard-queries.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATABASE = 'ibsight';
const available = influxdAvailable('dashboard panel queries against a real influxd');

const dashboards = buildDashboards().map((d) => d.json as unknown as DashboardJson);
const targets = panelTargets(dashboards);
const variables = dashboards[0]!.templating.list;

interface Series { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }
interface QueryResult { error?: string; series?: Series[] }

interface DemoSummary {
  run: { devices: { total: number } };
  reconciliations: { summary: { accuracyPct: number } }[];
  exposure: { summary: { kev: number } }[];
  influx: { points: number; delivered: number; spooled: number; errorCode: string | null };
}

let server: InfluxdServer;
let dir: string;
let demo: DemoSummary;

async function query(q: string): Promise<QueryResult> {
  const response = await fetch(`${server.url}/query?db=${DATABASE}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = await response.json() as { error?: string; results?: QueryResult[] };
  if (!response.ok || body.error) return { error: body.error ?? `HTTP ${response.status}` };
  return body.results![0]!;
}

/** The non-time values of every series of a result. */
function valuesOf(result: QueryResult): unknown[] {
  return (result.series ?? []).flatMap((s) => s.values.flatMap((row) => row.filter((_, i) => s.columns[i] !== 'time')));
}

/** The values of a SHOW TAG VALUES answer (its `value` column). */
function tagValues(result: QueryResult): string[] {
  return (result.series ?? []).flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')])));
}

const ALL: Substitution = {
  timeFilter: 'time > now() - 7d',
  interval: '1m',
  variables: Object.fromEntries(variables.map((v) => [v.name, { all: v.allValue! }])),
};

async function panelValue(uid: string, title: string): Promise<unknown> {
  const target = targets.find((t) => t.dashboard === uid && t.panel === title);
  expect(target, `${uid} / ${title}`).toBeDefined();
  const series = (await query(substitute(target!.query, ALL))).series ?? [];
  expect(series).toHaveLength(1);
  return series[0]!.values.at(-1)![1];
}

describe.skipIf(!available)('dashboard panel queries against a demo run in a real influxd', () => {
  beforeAll(async () => {
    server = await InfluxdServer.start();
    dir = mkdtempSync(join(tmpdir(), 'ibsight-dashboards-demo-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), '--json', 'demo', '--out', join(dir, 'demo'), '--influx', server.url, '--influx-database', DATABASE], {
      cwd: dir, encoding: 'utf8', timeout: 150_000,
    });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    demo = JSON.parse(r.stdout) as DemoSummary;
    expect(demo.influx.errorCode).toBeNull();
    expect(demo.influx.spooled).toBe(0);
    expect(demo.influx.delivered).toBe(demo.influx.points);
  }, 180_000);

  afterAll(async () => {
    await server?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the site and model variables list values', async () => {
    for (const v of variables) {
      const result = await query(substitute(v.query, ALL));
      expect(result.error, v.query).toBeUndefined();
      expect(tagValues(result).length, v.query).toBeGreaterThan(0);
    }
  });

  it('answers every panel query with at least one series with values (All sites and models)', async () => {
    expect(targets.length).toBeGreaterThan(50);
    const empty: string[] = [];
    for (const t of targets) {
      const q = substitute(t.query, ALL);
      const result = await query(q);
      const values = valuesOf(result);
      if (result.error || (result.series ?? []).length === 0 || !values.some((v) => typeof v === 'number')) {
        empty.push(`${t.dashboard} / ${t.panel} / ${t.refId}: ${result.error ?? 'no data'}\n    ${q}`);
      }
    }
    expect(empty, `panels without data:\n${empty.join('\n')}`).toEqual([]);
  });

  it('runs every panel query without an error for each single site', async () => {
    const sites = tagValues(await query(substitute(variables.find((v) => v.name === 'site')!.query, ALL)));
    expect(sites).toEqual(['0100012345', '0100023456', '0100034567']);
    let withData = 0;
    for (const site of sites) {
      const one: Substitution = { ...ALL, variables: { ...ALL.variables, site: { value: site } } };
      for (const t of targets) {
        const result = await query(substitute(t.query, one));
        expect(result.error, `${t.dashboard} / ${t.panel} / ${t.refId} at site ${site}`).toBeUndefined();
        if ((result.series ?? []).length > 0) withData += 1;
      }
    }
    // Most panels have data at every site (a few, such as Junos Evolved members, only where it runs).
    expect(withData).toBeGreaterThan(targets.length * sites.length * 0.8);
  });

  it('shows the demo\'s own figures: devices, fleet accuracy, KEV findings', async () => {
    expect(await panelValue('ibsight-installed-base', 'Devices')).toBe(demo.run.devices.total);
    expect(await panelValue('ibsight-installed-base', 'Fleet accuracy')).toBe(demo.reconciliations.at(-1)!.summary.accuracyPct);
    expect(await panelValue('ibsight-exposure', 'KEV findings (known exploited)')).toBe(demo.exposure.at(-1)!.summary.kev);
  });
});
