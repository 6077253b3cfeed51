/**
 * `ibsight devices`, `show`, `config-diff` and `report` end to end (the compiled CLI) against a
 * real SQLite store filled through `store.recordDevice` with the records the real collectors
 * parse from the built-in simulator profiles: two runs over six devices of three sites, where
 * the second run swaps an FPC on the MX960, upgrades one RE of the MX480, changes the QFX
 * configuration (another commit user), loses the EX VC (stale), gets a collector error on the
 * PTX (partial); one device always fails and one was never collected.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import type { CollectorName } from '../../collectors/collector.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { loadInventory } from '../../src/config/load-inventory.js';
import { openStore } from '../../src/store/open-store.js';
import type { CollectorResult, DeviceCollection, DeviceDetail, DeviceRow, Store } from '../../src/store/store-api.js';
import { profileResults, type ReplyEdit } from '../reports/profile-records.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const havePatch = existsSync('/usr/bin/patch');
if (!havePatch) {
  if (process.env.CI === 'true') throw new Error('/usr/bin/patch is missing: install the Debian package "patch"');
  console.warn('SKIPPED: applying config-diff output with GNU patch: /usr/bin/patch is missing (apt-get install -y patch)');
}
const dir = mkdtempSync(join(tmpdir(), 'ibsight-views-'));
const configFile = join(dir, 'ibsight.yaml');
const RUN1 = '2025-03-01T00:00:00.000Z';
const RUN2 = '2025-03-02T00:00:00.000Z';
const DEVICES: [name: string, profile: string | null, site: string][] = [
  ['mx480-a', 'mx480', 'S1'],
  ['mx960-a', 'mx960', 'S1'],
  ['broken-1', null, 'S1'],
  ['ex-vc', 'ex4300-vc', 'S2'],
  ['srx-c', 'srx345-cluster', 'S2'],
  ['never-1', null, 'S2'],
  ['qfx-a', 'qfx5120', 'S3'],
  ['ptx-a', 'ptx10001', 'S3'],
];

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), '--config', configFile, ...args], { cwd: dir, encoding: 'utf8' });
}

const qfxEdit: ReplyEdit = (file, text) =>
  file.startsWith('get-configuration')
    ? text
        .replace('time-zone UTC;', 'time-zone Europe/Amsterdam;')
        .replace('<time-zone>UTC</time-zone>', '<time-zone>Europe/Amsterdam</time-zone>')
        .replace('set system time-zone UTC', 'set system time-zone Europe/Amsterdam')
        .replace('2026-11-23 16:02:49 UTC by netops', '2026-11-24 09:00:00 UTC by alice')
        .replace('junos:commit-user="netops"', 'junos:commit-user="alice"')
        .replace('junos:commit-seconds="1795449769"', 'junos:commit-seconds="1795510800"')
    : text;

function edit(results: CollectorResult[], collector: CollectorName, change: (records: any) => void): CollectorResult[] {
  return results.map((r) => {
    if (r.collector !== collector) return r;
    const records = structuredClone(r.records);
    change(records);
    return { ...r, records };
  });
}

const swappedFpc: { old: string | null } = { old: null };

function resultsFor(name: string, profile: string, run: 1 | 2): CollectorResult[] {
  let results = profileResults(profile, run === 2 && name === 'qfx-a' ? qfxEdit : undefined);
  if (run === 2 && name === 'mx960-a') {
    results = edit(results, 'chassis-inventory', (r: ChassisInventoryRecords) => {
      const fpc = r.components.find((c) => c.kind === 'fpc' && c.serialNumber !== null)!;
      swappedFpc.old = fpc.serialNumber;
      fpc.serialNumber = 'SWAPPED-FPC-001';
    });
  }
  if (run === 2 && name === 'mx480-a') results = edit(results, 'software-information', (r: SoftwareInformation) => void (r.members[1]!.version = '22.4R3-S3.1'));
  if (run === 2 && name === 'ptx-a') {
    results = results.map((r) => (r.collector === 'alarms' ? { ...r, status: 'error', records: null, error: { code: 'RPC_TIMEOUT', message: 'no reply within 60000 ms' } } : r));
  }
  return results;
}

async function recordRun(store: Store, run: 1 | 2, at: string): Promise<void> {
  const runId = `run-${run}`;
  await store.beginRun({ runId, kind: 'collect', startedAt: at, collectors: profileResults('mx480').map((r) => r.collector) });
  const counts = { total: 0, ok: 0, partial: 0, failed: 0 };
  for (const [name, profile] of DEVICES) {
    if (name === 'never-1') continue;
    counts.total++;
    const failure =
      name === 'broken-1' ? { code: 'AUTH_FAILED' as const, message: 'authentication failed for user "lab"' }
      : run === 2 && name === 'ex-vc' ? { code: 'CONNECT_TIMEOUT' as const, message: 'no answer within 15000 ms' }
      : null;
    const collectors = failure || profile === null ? [] : resultsFor(name, profile, run);
    const outcome = failure ? 'failed' : collectors.some((c) => c.status === 'error') ? 'partial' : 'ok';
    counts[outcome]++;
    const collection: DeviceCollection = { runId, device: name, collectedAt: at, source: 'collect', outcome, durationMs: 120, error: failure, collectors };
    await store.recordDevice(collection);
  }
  await store.finishRun(runId, { finishedAt: at, durationMs: 1000, devices: counts });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) throw new Error('build first: npx tsc -p tsconfig.json');
  writeFileSync(configFile, 'storage: { sqlite: ./data/ibsight.db }\ninventory: ./inventory.yaml\ndelivery: { dir: ./reports }\n');
  const devices = DEVICES.map(([name, , site], i) => `  - { name: ${name}, host: 127.0.0.1, port: ${20000 + i}, site: "${site}", credentials: lab }`).join('\n');
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `sites:\n  - { id: "S1", name: "AMS-DC1" }\n  - { id: "S2", name: "FRA-DC2" }\n  - { id: "S3" }\ncredentials:\n  lab: { username: lab, password: env:IBSIGHT_TEST_PASSWORD }\ndevices:\n${devices}\n`,
  );
  mkdirSync(join(dir, 'data'), { mode: 0o700 });
  const store = await openStore({ sqlite: join(dir, 'data', 'ibsight.db') });
  try {
    await store.syncInventory(loadInventory(join(dir, 'inventory.yaml')));
    await recordRun(store, 1, RUN1);
    await recordRun(store, 2, RUN2);
  } finally {
    await store.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ibsight devices', () => {
  it('--json lists every device with SPEC §2.5 fields and statuses', () => {
    const r = cli('devices', '--json');
    expect(r.status, r.stderr).toBe(0);
    const { devices } = JSON.parse(r.stdout) as { devices: DeviceRow[] };
    expect(devices.map((d) => [d.name, d.status])).toEqual(
      expect.arrayContaining([['mx480-a', 'ok'], ['mx960-a', 'ok'], ['broken-1', 'failed'], ['ex-vc', 'stale'], ['srx-c', 'ok'], ['never-1', 'never'], ['qfx-a', 'ok'], ['ptx-a', 'partial']]),
    );
    expect(devices).toHaveLength(8);
    const mx = devices.find((d) => d.name === 'mx480-a')!;
    expect(Object.keys(mx).sort()).toEqual(['hostname', 'lastCollected', 'model', 'name', 'os', 'serialNumber', 'site', 'status', 'version']);
    expect(mx).toMatchObject({ site: 'S1', hostname: 'lab-mx480-a', model: 'mx480', os: 'junos', lastCollected: RUN2 });
    expect(devices.find((d) => d.name === 'ex-vc')!.lastCollected).toBe(RUN1);
    expect(devices.find((d) => d.name === 'ptx-a')!.os).toBe('junos-evolved');
  });

  it('prints a table for people', () => {
    const r = cli('devices');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+SITE\s+HOSTNAME\s+MODEL\s+OS\s+VERSION\s+SERIAL\s+LAST COLLECTED\s+STATUS$/);
    expect(r.stdout).toMatch(/^ex-vc\s+S2\s.*\sstale$/m);
    expect(r.stdout).toContain('8 devices:');
  });

  it('answers "nothing yet" without creating a store when none exists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ibsight-views-empty-'));
    try {
      writeFileSync(join(empty, 'ibsight.yaml'), 'storage: { sqlite: ./data/ibsight.db }\n');
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), '--config', join(empty, 'ibsight.yaml'), 'devices', '--json'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ devices: [] });
      expect(existsSync(join(empty, 'data'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('ibsight show', () => {
  it('--json gives the device detail: components, software per member, outcomes', () => {
    const r = cli('show', 'mx960-a', '--json');
    expect(r.status, r.stderr).toBe(0);
    const detail = JSON.parse(r.stdout) as DeviceDetail;
    expect(detail.device).toMatchObject({ name: 'mx960-a', host: '127.0.0.1', status: 'ok', lastError: null });
    expect(detail.components.some((c) => c.serialNumber === 'SWAPPED-FPC-001')).toBe(true);
    expect(detail.components.some((c) => c.serialNumber === swappedFpc.old)).toBe(false);
    expect(detail.outcomes.length).toBe(12);
  });

  it('prints the inventory as a tree indented by path, software per member and outcomes', () => {
    const r = cli('show', 'mx960-a');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const chassis = lines.find((l) => /^ {2}Chassis\s/.test(l));
    expect(chassis, r.stdout).toBeDefined();
    expect(lines.some((l) => /^ {4}FPC \d+\s/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {8}PIC \d+\s/.test(l) || /^ {6}PIC \d+\s/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/^Software\n {2}MEMBER\s+HOSTNAME\s+MODEL\s+VERSION/m);
    expect(r.stdout).toMatch(/^Latest outcomes\n/m);
    expect(r.stdout).toMatch(/^ {2}cluster-status\s+not-applicable/m);
  });

  it('shows the last error of a stale device and a partial outcome', () => {
    expect(cli('show', 'ex-vc').stdout).toMatch(/last error\s+CONNECT_TIMEOUT: no answer within 15000 ms/);
    expect(cli('show', 'ptx-a').stdout).toMatch(/^ {2}alarms\s+error\s+\S+\s+RPC_TIMEOUT/m);
  });

  it('groups a cluster inventory by node', () => {
    const r = cli('show', 'srx-c');
    expect(r.stdout).toMatch(/^ {2}node0\s*$/m);
    expect(r.stdout).toMatch(/^ {4}Chassis\s/m);
  });

  it('exits 2 for an unknown device', () => {
    const r = cli('show', 'no-such', '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('INPUT_INVALID');
  });
});

describe('ibsight config-diff', () => {
  it.skipIf(!havePatch)('prints a unified diff, previous → latest, with commit users in the headers; GNU patch applies it', async () => {
    const r = cli('config-diff', 'qfx-a');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--- qfx-a #\d+ seen 2025-03-01T00:00:00.000Z \(committed \S+ by netops\)\n\+\+\+ qfx-a #\d+ seen 2025-03-02T00:00:00.000Z \(committed \S+ by alice\)\n@@ /);
    expect(r.stdout).toContain('\n-    time-zone UTC;\n+    time-zone Europe/Amsterdam;\n');
    const json = JSON.parse(cli('config-diff', 'qfx-a', '--json').stdout);
    expect(json).toMatchObject({ device: 'qfx-a', changed: true, diff: r.stdout });
    const store = await openStore({ sqlite: join(dir, 'data', 'ibsight.db') });
    const [fromText, toText] = [await store.configText(json.from.id), await store.configText(json.to.id)];
    await store.close();
    writeFileSync(join(dir, 'qfx.old'), fromText!);
    writeFileSync(join(dir, 'qfx.patch'), r.stdout);
    const p = spawnSync('/usr/bin/patch', ['--quiet', '-o', join(dir, 'qfx.new'), join(dir, 'qfx.old'), join(dir, 'qfx.patch')], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    expect(readFileSync(join(dir, 'qfx.new'), 'utf8')).toBe(toText);
  });

  it('chooses snapshots by time with --from / --to', () => {
    expect(cli('config-diff', 'qfx-a', '--from', '2025-03-01T12:00:00Z', '--to', '2025-03-02').stdout).toBe(cli('config-diff', 'qfx-a').stdout);
    const same = cli('config-diff', 'qfx-a', '--from', '2025-03-01T01:00Z', '--to', '2025-03-01T02:00Z');
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^no change/);
  });

  it('says "no change" when the configuration did not change', () => {
    const r = cli('config-diff', 'mx480-a');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^no change/);
    expect(JSON.parse(cli('config-diff', 'mx480-a', '--json').stdout)).toMatchObject({ changed: false, diff: '' });
  });

  it.each([
    ['an unknown device', ['no-such'], 'INPUT_INVALID'],
    ['a device without snapshots', ['broken-1'], 'INPUT_INVALID'],
    ['a time before the first snapshot', ['qfx-a', '--from', '2024-01-01'], 'INPUT_INVALID'],
    ['a time that is not ISO 8601', ['qfx-a', '--to', 'yesterday'], 'USAGE'],
  ])('exits 2 for %s', (_what, args, code) => {
    const r = cli('config-diff', ...args, '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe(code);
  });
});

describe('ibsight report', () => {
  it('software: writes html, csv and json into delivery.dir and prints the paths', () => {
    const r = cli('report', 'software');
    expect(r.status, r.stderr).toBe(0);
    const files = r.stdout.trim().split('\n');
    expect(files).toEqual(['html', 'csv', 'json'].map((ext) => join(dir, 'reports', `software.${ext}`)));
    const doc = JSON.parse(readFileSync(files[2]!, 'utf8'));
    expect(doc.report).toBe('software');
    expect(doc.totals.devices).toBe(6);
    expect(doc.bySite.map((s: { site: string; siteName: string | null }) => [s.site, s.siteName])).toEqual([['S1', 'AMS-DC1'], ['S2', 'FRA-DC2'], ['S3', null]]);
    expect(doc.byVersion.find((v: { version: string }) => v.version === '22.4R3-S3.1')).toMatchObject({ train: '22.4', devices: 1 });
    expect(doc.byTrain.some((t: { train: string; product: string }) => t.train.endsWith('-EVO') && t.product === 'junos-evolved')).toBe(true);
    const csv = parseCsv(readFileSync(files[1]!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(doc.devices.length);
    expect(readFileSync(files[0]!, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('changes --json: the swapped FPC, the upgrade, the configuration change and failing devices', () => {
    const out = join(dir, 'out-changes');
    const r = cli('report', 'changes', '--format', 'json,csv', '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ report: 'changes', files: [join(out, 'changes.json'), join(out, 'changes.csv')] });
    const doc = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8'));
    expect(doc.since).toBe(RUN2);
    expect(doc.componentsAdded).toEqual([expect.objectContaining({ device: 'mx960-a', serialNumber: 'SWAPPED-FPC-001', kind: 'fpc', firstSeen: RUN2 })]);
    expect(doc.componentsRemoved).toEqual([expect.objectContaining({ device: 'mx960-a', serialNumber: swappedFpc.old, removedAt: RUN2 })]);
    expect(doc.softwareChanged).toEqual([expect.objectContaining({ device: 'mx480-a', member: 're1', to: '22.4R3-S3.1' })]);
    expect(doc.configsChanged).toEqual([expect.objectContaining({ device: 'qfx-a', commitUser: 'alice' })]);
    expect(doc.devicesFailing.map((f: { device: string }) => f.device)).toEqual(expect.arrayContaining(['broken-1', 'ex-vc']));
  });

  it('changes --since covers both runs', () => {
    const out = join(dir, 'out-since');
    expect(cli('report', 'changes', '--since', '2025-02-28', '--format', 'json', '--out', out).status).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8'));
    expect(doc.since).toBe('2025-02-28T00:00:00.000Z');
    expect(doc.totals.componentsAdded).toBeGreaterThan(1);
  });

  it.each([
    ['an unknown kind', ['report', 'compliance'], /Allowed choices are accuracy, serials, changes, software, exposure, lifecycle/],
    ['exposure before any exposure run', ['report', 'exposure'], /no exposure run stored yet: run `ibsight exposure` first/],
    ['serials without --site', ['report', 'serials'], /the serials report needs --site ID/],
    ['--site on another report', ['report', 'accuracy', '--site', 'S1'], /--site applies to the serials report only/],
    ['accuracy before any reconciliation', ['report', 'accuracy'], /no reconciliation stored yet: run `ibsight reconcile` first/],
    ['an unknown format', ['report', 'software', '--format', 'pdf'], /unknown report format \\"pdf\\"/],
    ['--since on the software report', ['report', 'software', '--since', '2025-01-01'], /--since applies to the changes report only/],
    ['a bad --since', ['report', 'changes', '--since', 'last week'], /is not an ISO 8601 time/],
  ])('exits 2 for %s', (_what, args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
