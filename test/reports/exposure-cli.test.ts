/**
 * `ibsight report exposure` and `ibsight report lifecycle` end to end: the compiled CLI
 * (`npm run build` first) against a real SQLite store filled through the Store API with two
 * exposure runs. Before any run both exit 2 telling to run `ibsight exposure` first; after, they
 * write the files asked for, print their paths (`--json`: `{"report","files"}`), take the site
 * names from the inventory, and the documents hold the latest run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import type { ExposureReport } from '../../src/reports/exposure-report.js';
import type { LifecycleReport } from '../../src/reports/lifecycle-report.js';
import { openStore } from '../../src/store/open-store.js';
import { RUN2_AT, fillStore, run2Findings } from './exposure-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'ibsight-exposure-cli-'));
const filled = join(dir, 'filled');
const empty = join(dir, 'empty');
let runIds: [number, number];

function cli(home: string, ...args: string[]) {
  return spawnSync(process.execPath, [MAIN, '--config', join(home, 'ibsight.yaml'), ...args], { cwd: home, encoding: 'utf8' });
}

function configure(home: string): void {
  mkdirSync(join(home, 'data'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, 'ibsight.yaml'), 'storage: { sqlite: ./data/ibsight.db }\ninventory: ./inventory.yaml\ndelivery: { dir: ./reports }\n');
  writeFileSync(
    join(home, 'inventory.yaml'),
    'sites:\n  - { id: "S1", name: "Amsterdam DC1" }\n  - { id: "S2" }\ncredentials:\n  lab: { username: lab, password: env:IBSIGHT_TEST_PASSWORD }\n' +
      'devices:\n  - { name: mx1, host: 127.0.0.1, port: 20000, site: "S1", credentials: lab }\n',
  );
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error('build first: npm run build');
  configure(filled);
  configure(empty);
  const store = await openStore({ sqlite: join(filled, 'data', 'ibsight.db'), logger: silentLogger() });
  try {
    runIds = await fillStore(store);
  } finally {
    await store.close();
  }
  // an empty store file: nothing recorded yet
  await (await openStore({ sqlite: join(empty, 'data', 'ibsight.db'), logger: silentLogger() })).close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ibsight report exposure / lifecycle', () => {
  it.each(['exposure', 'lifecycle'])('%s exits 2 telling to run `ibsight exposure` first when no run is stored', (kind) => {
    const r = cli(empty, 'report', kind, '--json');
    expect(r.status, r.stderr).toBe(2);
    const error = JSON.parse(r.stdout).error;
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('no exposure run stored yet: run `ibsight exposure` first');
    expect(existsSync(join(empty, 'reports'))).toBe(false);
  });

  it('exposure --out DIR --json writes html, csv and json and prints their paths', () => {
    const out = join(dir, 'out-exposure');
    const r = cli(filled, 'report', 'exposure', '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    const files = ['html', 'csv', 'json'].map((ext) => join(out, `exposure.${ext}`));
    expect(JSON.parse(r.stdout)).toEqual({ report: 'exposure', files });
    const doc = JSON.parse(readFileSync(files[2]!, 'utf8')) as ExposureReport;
    expect([doc.run.id, doc.run.at, doc.trend.length]).toEqual([runIds[1], RUN2_AT, 2]);
    expect(doc.run.perSite.map((s) => [s.site, s.siteName])).toEqual([['S1', 'Amsterdam DC1'], ['S2', null]]);
    const expected = run2Findings().filter((f) => f.kind !== 'lifecycle');
    expect(doc.findings).toHaveLength(expected.length);
    expect(doc.advisories[0]).toMatchObject({ id: 'CVE-2024-21591', kev: true, cvss: { version: '3.1', score: 9.8 } });
    expect(doc.findings.filter((f) => f.pastEndOfEngineering).map((f) => f.device)).toEqual(['mx1', 'mx1', 'mx1']);
    const csv = parseCsv(readFileSync(files[1]!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(expected.length);
    expect(readFileSync(files[0]!, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*Amsterdam DC1/);
  });

  it('lifecycle --format csv,json writes into delivery.dir and prints the paths one a line', () => {
    const r = cli(filled, 'report', 'lifecycle', '--format', 'csv,json');
    expect(r.status, r.stderr).toBe(0);
    const files = ['csv', 'json'].map((ext) => join(filled, 'reports', `lifecycle.${ext}`));
    expect(r.stdout.trim().split('\n')).toEqual(files);
    const doc = JSON.parse(readFileSync(files[1]!, 'utf8')) as LifecycleReport;
    expect(doc.findings).toHaveLength(run2Findings().filter((f) => f.kind === 'lifecycle').length);
    expect(doc.software.map((s) => [s.train, s.milestone, s.status])).toEqual([
      ['21.2', 'endOfEngineering', 'passed'], ['21.4', 'endOfEngineering', 'upcoming'], ['21.2', 'endOfSupport', 'upcoming'],
    ]);
    const csv = parseCsv(readFileSync(files[0]!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => row.milestone)).toEqual(doc.findings.map((f) => f.ref));
    expect(existsSync(join(filled, 'reports', 'lifecycle.html'))).toBe(false);
  });

  it('refuses --site and --since on these reports as usage errors', () => {
    expect(cli(filled, 'report', 'exposure', '--site', 'S1').status).toBe(2);
    expect(cli(filled, 'report', 'lifecycle', '--since', '2026-01-01').status).toBe(2);
  });
});
