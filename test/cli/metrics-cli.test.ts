/**
 * `ibsight metrics [--format line|json]` end to end (the compiled CLI: `npm run build` first)
 * against a real SQLite store filled through the Store API (test/outputs/metric-fleet.ts): the
 * JSON document and the line protocol are exactly the points buildStoreMetricPoints gives for that
 * store, `--json` is `--format json`, an unknown format is a usage error (exit 2), and a store that
 * does not exist yet prints nothing (exit 0) and creates no file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { encodeLines } from '../../src/outputs/line-protocol.js';
import type { MetricPoint } from '../../src/outputs/metric-point.js';
import { buildStoreMetricPoints } from '../../src/outputs/metric-points.js';
import { openStore } from '../../src/store/open-store.js';
import { recordFleet } from '../outputs/metric-fleet.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-metrics-cli-'));
const storeFile = join(dir, 'data', 'ibsight.db');
let expected: MetricPoint[];

function cli(config: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), '--config', config, ...args], { cwd: dir, encoding: 'utf8' });
}

function configFile(name: string, sqlite: string): string {
  const file = join(dir, name);
  writeFileSync(file, `storage: { sqlite: ${JSON.stringify(sqlite)} }\n`);
  return file;
}

beforeAll(async () => {
  const store = await openStore({ sqlite: storeFile, logger: silentLogger() });
  try {
    await recordFleet(store);
    expected = await buildStoreMetricPoints(store, new Date());
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ibsight metrics', () => {
  it('prints the store\'s points as JSON with --format json, and the same with --json', () => {
    const config = configFile('ibsight.yaml', storeFile);
    const r = cli(config, 'metrics', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { points: { measurement: string; tags: Record<string, string>; fields: Record<string, { kind: string; value: unknown }>; time: string }[] };
    expect(doc.points).toEqual(expected.map((p) => ({ measurement: p.measurement, tags: p.tags, fields: p.fields, time: p.time.toISOString() })));
    expect(doc.points.find((p) => p.measurement === 'ibsight_accuracy_fleet')).toEqual({
      measurement: 'ibsight_accuracy_fleet', tags: {}, time: '2026-11-21T01:00:00.000Z',
      fields: { pct: { kind: 'float', value: 75.4 }, in_scope: { kind: 'int', value: 85 }, matched: { kind: 'int', value: 52 }, not_verified: { kind: 'int', value: 16 } },
    });
    const json = cli(config, '--json', 'metrics');
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toBe(r.stdout);
  });

  it('prints InfluxDB line protocol by default', () => {
    const r = cli(configFile('ibsight.yaml', storeFile), 'metrics');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(encodeLines(expected));
    expect(r.stdout).toContain('ibsight_health,site=0100012345 core_dumps=2i,devices_with_core_dumps=1i,reboots_24h=3i,devices_rebooted_24h=2i 1795219500000000000\n');
    expect(r.stdout).toContain('ibsight_accuracy_fleet pct=75.4,in_scope=85i,matched=52i,not_verified=16i 1795222800000000000\n');
  });

  it('refuses an unknown format (exit 2)', () => {
    const r = cli(configFile('ibsight.yaml', storeFile), 'metrics', '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('prints nothing for a store not created yet, and does not create it', () => {
    const missing = join(dir, 'none', 'ibsight.db');
    const r = cli(configFile('empty.yaml', missing), 'metrics');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(missing)).toBe(false);
  });
});
