/**
 * `ibsight metrics [--format line|json]`: a dry run of the metrics (as Telegraf's `--test`): the
 * points ibsight would write now from the store's current state (docs/metrics.md), printed on
 * stdout and written nowhere. `line` (default): InfluxDB line protocol, one point per line,
 * nanosecond timestamps. `json` (also the global `--json`, which wins over `--format line`):
 * `{"points":[{"measurement","tags":{...},"fields":{"name":{"kind":"int","value":3}},"time":ISO}]}`.
 * Run metrics (`ibsight_run*`) are not shown: they are written by the run that produces them.
 * An empty or missing store prints no points (exit 0).
 */
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { encodeLines } from '../outputs/line-protocol.js';
import type { MetricPoint } from '../outputs/metric-point.js';
import { buildStoreMetricPoints } from '../outputs/metric-points.js';
import { withReadStore } from '../reports/report-store.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

function jsonPoint(p: MetricPoint) {
  return { measurement: p.measurement, tags: p.tags, fields: p.fields, time: p.time.toISOString() };
}

export function register(program: Command): void {
  program
    .command('metrics')
    .description('print the metric points ibsight would write now from the store (dry run: InfluxDB line protocol or JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['line', 'json']).default('line'))
    .action(async (options: { format: 'line' | 'json' }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
        const points = await withReadStore(config, (store) => buildStoreMetricPoints(store, new Date()));
        if (global.json || options.format === 'json') printJson({ points: points.map(jsonPoint) });
        else process.stdout.write(encodeLines(points));
      } catch (err) {
        failCommand(err, global);
      }
    });
}
