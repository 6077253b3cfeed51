/**
 * The dashboards' typed InfluxQL builder (dashboards/influxql.ts): exact query text for every
 * clause (SELECT of aggregates with aliases, WHERE on tags with values, value lists and template
 * variables, $timeFilter, GROUP BY time and tags, fill, the latest-per-series subquery, SHOW TAG
 * VALUES), the escaping of identifiers, strings and regex literals, refusals at render time, and —
 * through the real compiler on a scratch file — that a field, tag or tag value the metric schema
 * does not have is a type error while the right names compile.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  equals, escapeRegex, influxql, matchesVariable, notEquals, oneOf, quoteIdentifier, quoteString, renderCondition, showTagValues,
} from '../../dashboards/influxql.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { ACCURACY_FLEET, INVENTORY, RUN_FAILURES, SOFTWARE, type MeasurementSpec } from '../../src/outputs/metric-schema.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('InfluxQL rendering', () => {
  it('renders a plain aggregate bounded by $timeFilter', () => {
    expect(influxql(ACCURACY_FLEET).select('pct', 'last').render()).toBe('SELECT last("pct") AS "pct" FROM "ibsight_accuracy_fleet" WHERE $timeFilter');
  });

  it('renders several fields, aliases, tag conditions, GROUP BY time and tags, fill', () => {
    const q = influxql(SOFTWARE).select('devices', 'max', 'most devices').select('members', 'mean')
      .where('site', matchesVariable('site')).where('os', equals('junos-evolved')).where('train', notEquals('unknown'))
      .groupByTime().groupBy('train', 'version').fill(0);
    expect(q.render()).toBe(
      'SELECT max("devices") AS "most devices", mean("members") AS "members" FROM "ibsight_software" ' +
      'WHERE "site" =~ /^$site$/ AND "os" = \'junos-evolved\' AND "train" != \'unknown\' AND $timeFilter ' +
      'GROUP BY time($__interval), "train", "version" fill(0)',
    );
    expect(q.measurement).toBe('ibsight_software');
    expect(q.fields).toEqual(['devices', 'members']);
  });

  it('renders fixed intervals and each kind of fill', () => {
    const base = () => influxql(RUN_FAILURES).select('devices', 'sum');
    expect(base().groupByTime('5m').fill('none').render()).toBe('SELECT sum("devices") AS "devices" FROM "ibsight_run_failures" WHERE $timeFilter GROUP BY time(5m) fill(none)');
    expect(base().groupByTime('1h').fill('null').render()).toMatch(/GROUP BY time\(1h\) fill\(null\)$/);
    expect(base().groupByTime().fill('previous').render()).toMatch(/ fill\(previous\)$/);
    expect(base().groupByTime().fill('linear').render()).toMatch(/ fill\(linear\)$/);
    expect(base().groupByTime().fill(-1.5).render()).toMatch(/ fill\(-1\.5\)$/);
    expect(base().groupBy('code').render()).toBe('SELECT sum("devices") AS "devices" FROM "ibsight_run_failures" WHERE $timeFilter GROUP BY "code"');
  });

  it('aggregates the latest point of each series through a subquery', () => {
    const q = influxql(INVENTORY).select('devices', 'sum').where('model', matchesVariable('model'))
      .groupByTime().groupBy('status').latestPerSeries().fill('none');
    expect(q.render()).toBe(
      'SELECT sum("devices") AS "devices" FROM (' +
      'SELECT last("devices") AS "devices" FROM "ibsight_inventory" WHERE "model" =~ /^$model$/ AND $timeFilter GROUP BY time($__interval), * fill(none)' +
      ') WHERE $timeFilter GROUP BY time($__interval), "status" fill(none)',
    );
    // Without time grouping (tables): the latest point of each series in the time range.
    expect(influxql(SOFTWARE).select('members', 'sum').select('members', 'max', 'peak').groupBy('version').latestPerSeries().render()).toBe(
      'SELECT sum("members") AS "members", max("members") AS "peak" FROM (' +
      'SELECT last("members") AS "members" FROM "ibsight_software" WHERE $timeFilter GROUP BY *' +
      ') WHERE $timeFilter GROUP BY "version"',
    );
  });

  it('renders value lists as an anchored, escaped regex', () => {
    expect(renderCondition('status', oneOf('failed', 'stale'))).toBe('"status" =~ /^(failed|stale)$/');
    expect(renderCondition('version', oneOf('21.4R3-S5.4', 'a/b'))).toBe('"version" =~ /^(21\\.4R3-S5\\.4|a\\/b)$/');
  });

  it('renders the query of a template variable', () => {
    expect(showTagValues(INVENTORY, 'site')).toBe('SHOW TAG VALUES FROM "ibsight_inventory" WITH KEY = "site"');
    expect(showTagValues(INVENTORY, 'model', [{ tag: 'site', condition: matchesVariable('site') }, { tag: 'os', condition: equals('junos') }]))
      .toBe('SHOW TAG VALUES FROM "ibsight_inventory" WITH KEY = "model" WHERE "site" =~ /^$site$/ AND "os" = \'junos\'');
  });
});

describe('InfluxQL escaping', () => {
  it('quotes identifiers with " and \\ escaped', () => {
    expect(quoteIdentifier('devices')).toBe('"devices"');
    expect(quoteIdentifier('a"b')).toBe('"a\\"b"');
    expect(quoteIdentifier('a\\"b')).toBe('"a\\\\\\"b"');
  });

  it('quotes tag values with \' and \\ escaped', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('c:\\x')).toBe("'c:\\\\x'");
    expect(renderCondition('site', equals("x' OR '1'='1"))).toBe('"site" = \'x\\\' OR \\\'1\\\'=\\\'1\'');
  });

  it('escapes every regex metacharacter and the slash that would end the literal', () => {
    expect(escapeRegex('a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o/p')).toBe('a\\.b\\*c\\+d\\?e\\(f\\)g\\[h\\]i\\{j\\}k\\|l\\^m\\$n\\\\o\\/p');
    const literal = escapeRegex('x/ OR 1=1 /');
    expect(new RegExp(`^${literal}$`).test('x/ OR 1=1 /')).toBe(true);
    expect(literal).not.toMatch(/(^|[^\\])\//);
  });
});

describe('InfluxQL refusals', () => {
  const refused = (f: () => unknown, text: RegExp) => {
    try {
      f();
    } catch (err) {
      expect(isIbsightError(err, 'INTERNAL')).toBe(true);
      expect((err as Error).message).toMatch(text);
      return;
    }
    throw new Error('expected a refusal');
  };
  // A caller that widened the types (as any JSON-driven code would) still cannot name what the schema lacks.
  const loose = () => influxql(INVENTORY as MeasurementSpec);

  it('refuses a field or tag the schema does not have', () => {
    refused(() => loose().select('device', 'sum'), /ibsight_inventory has no field "device"/);
    refused(() => loose().select('devices', 'sum').where('kind', equals('x')), /has no tag "kind"/);
    refused(() => loose().select('devices', 'sum').groupBy('severity'), /has no tag "severity"/);
    refused(() => showTagValues(INVENTORY as MeasurementSpec, 'code'), /has no tag "code"/);
  });

  it('refuses a query without fields, a bad variable name, interval, fill or an empty value list', () => {
    refused(() => influxql(INVENTORY).render(), /selects no field/);
    refused(() => renderCondition('site', matchesVariable('site$/ OR')), /not a template variable name/);
    refused(() => influxql(INVENTORY).groupByTime('5 minutes'), /not an interval/);
    refused(() => influxql(INVENTORY).groupByTime('0m'), /not an interval/);
    refused(() => influxql(INVENTORY).fill(Number.NaN), /finite number/);
    refused(() => renderCondition('status', oneOf()), /at least one value/);
  });
});

describe('InfluxQL types (the real compiler on a scratch file)', () => {
  it('makes a wrong field, tag, tag value or aggregate a type error, and the right ones compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibsight-influxql-types-'));
    try {
      const lines = [
        `import { equals, influxql } from ${JSON.stringify(join(ROOT, 'dashboards/influxql.js'))};`,
        `import { INVENTORY, SOFTWARE } from ${JSON.stringify(join(ROOT, 'src/outputs/metric-schema.js'))};`,
        "influxql(INVENTORY).select('devices', 'sum').where('status', equals('ok')).groupBy('model').render();",
        "influxql(SOFTWARE).select('members', 'last').where('version', equals('any version')).render();",
        "influxql(INVENTORY).select('device', 'sum');", // line 5: no such field
        "influxql(INVENTORY).select('devices', 'median');", // line 6: no such aggregate
        "influxql(INVENTORY).where('kind', equals('fpc'));", // line 7: no such tag
        "influxql(INVENTORY).where('status', equals('okay'));", // line 8: outside the vocabulary
        "influxql(INVENTORY).groupBy('severity');", // line 9: no such tag
        "influxql(SOFTWARE).select('devices', 'sum');",
      ];
      writeFileSync(join(dir, 'check.ts'), `${lines.join('\n')}\n`);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
          types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: ['check.ts'],
      }));
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
      const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(errors.every((l) => l.startsWith('check.ts(')), r.stdout).toBe(true);
      const lineNumbers = [...new Set(errors.map((l) => Number(/^check\.ts\((\d+),/.exec(l)![1])))].sort((a, b) => a - b);
      expect(lineNumbers, r.stdout).toEqual([5, 6, 7, 8, 9]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
