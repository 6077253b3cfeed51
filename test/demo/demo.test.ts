/**
 * `ibsight demo` end to end through the compiled CLI: the built-in lab is collected (a baseline round,
 * then today with its faults) and reconciled with its installed base (every status planted) over real SSH
 * with strict host keys into a real store, the two faulty devices fail with their own codes, the
 * reports are written, and the stored result can be explored with `devices`. A second demo into
 * the same directory reuses the store (new run, nothing lost).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-demo-'));
const out = join(dir, 'demo');
const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ibsight demo', () => {
  it('collects the lab into a store and writes the reports', () => {
    const r = cli('demo', '--out', out, '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const result = JSON.parse(r.stdout) as {
      run: { devices: { total: number; ok: number; failed: number }; failures: { device: string; collector: string | null; code: string }[] };
      baseline: { devices: { total: number; ok: number } };
      installedBase: { records: number; rejectedRows: number };
      reconciliations: { summary: Record<string, number> }[];
      expectedFailures: string[];
      reports: string[];
      catalogs: { advisories: number; lifecycle: number };
      exposure: { summary: { devices: number; kev: number; pastEndOfEngineering: number; byKind: Record<string, Record<string, number>> } }[];
    };
    expect(result.baseline.devices).toMatchObject({ total: 24, ok: 24 });
    // exposure on the example catalogs, after each round
    expect(result.catalogs.advisories).toBeGreaterThanOrEqual(16);
    expect(result.catalogs.lifecycle).toBeGreaterThan(0);
    expect(result.exposure).toHaveLength(2);
    const exposureToday = result.exposure[1]!.summary;
    expect(exposureToday.devices).toBe(24);
    expect(exposureToday.kev).toBeGreaterThan(0);
    for (const kind of ['advisory', 'lifecycle', 'contract']) expect(Object.values(exposureToday.byKind[kind]!).reduce((a, b) => a + b, 0), kind).toBeGreaterThan(0);
    // worked out by hand: CVE-2025-21590 (KEV) lists "23.4 before 23.4R2-S4" and no platform: the MX960s run 23.4R2-S3.9
    const exposureJson = JSON.parse(readFileSync(join(out, 'reports', 'exposure.json'), 'utf8')) as { findings: { device: string; member: string | null; ref: string; status: string; kev: boolean }[] };
    expect(exposureJson.findings).toContainEqual(expect.objectContaining({ device: 'ams-core-1', member: 're0', ref: 'CVE-2025-21590', status: 'affected', kev: true }));
    expect(result.run.devices).toMatchObject({ total: 24, ok: 22, failed: 2 });
    expect(result.installedBase.rejectedRows).toBe(0);
    expect(result.reconciliations).toHaveLength(2);
    // the baseline sees every device; today two fail, so their serials are not verified
    expect(result.reconciliations[0]!.summary.notVerified).toBe(0);
    const today = result.reconciliations[1]!.summary;
    for (const key of ['matched', 'unregistered', 'missing', 'siteMismatch', 'productMismatch', 'rmaSuspected', 'notVerified']) {
      expect(today[key], key).toBeGreaterThan(0);
    }
    expect(today.rmaSuspected! % 2).toBe(0);
    expect(result.expectedFailures.sort()).toEqual(['fra-p-3', 'lon-leaf-old']);
    const codes = Object.fromEntries(result.run.failures.map((f) => [f.device, f.code]));
    expect(codes).toEqual({ 'lon-leaf-old': 'AUTH_FAILED', 'fra-p-3': 'CONNECT_TIMEOUT' });
    for (const site of ['0100012345', '0100023456', '0100034567']) expect(result.reports).toContain(join(out, 'reports', `serials-${site}.csv`));
    for (const kind of ['software', 'changes', 'accuracy', 'exposure', 'lifecycle']) for (const ext of ['html', 'csv', 'json']) {
      expect(result.reports).toContain(join(out, 'reports', `${kind}.${ext}`));
      expect(existsSync(join(out, 'reports', `${kind}.${ext}`))).toBe(true);
    }
    expect(statSync(join(out, 'lab', 'inventory.password')).mode & 0o077).toBe(0);
    expect(readdirSync(join(out, 'dashboards', 'generated')).filter((f) => f.endsWith('.json'))).toHaveLength(7);
  });

  it('leaves a store that `devices` reads: all six profiles, three sites, statuses as collected', () => {
    const r = cli('devices', '--config', join(out, 'ibsight.yaml'), '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const devices = (JSON.parse(r.stdout) as { devices: { name: string; site: string; model: string | null; os: string | null; status: string; serialNumber: string | null }[] }).devices;
    expect(devices).toHaveLength(24);
    expect(new Set(devices.map((d) => d.site)).size).toBe(3);
    const models = new Set(devices.filter((d) => d.status === 'ok').map((d) => d.model));
    for (const m of ['mx960', 'mx480', 'qfx5120-48y-8c', 'srx345', 'ptx10001-36mr', 'ex4300-48p']) expect(models, m).toContain(m);
    expect(devices.find((d) => d.name === 'fra-p-1')!.os).toBe('junos-evolved');
    const serials = devices.filter((d) => d.status === 'ok').map((d) => d.serialNumber);
    expect(new Set(serials).size).toBe(22);
    // answered the baseline round, fails today: stale, its data kept
    expect(devices.find((d) => d.name === 'lon-leaf-old')!.status).toBe('stale');
  });

  it('runs again into the same directory, keeping the store', () => {
    const r = cli('demo', '--out', out, '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const d = cli('devices', '--config', join(out, 'ibsight.yaml'), '--json');
    const devices = (JSON.parse(d.stdout) as { devices: { status: string }[] }).devices;
    expect(devices.filter((x) => x.status === 'ok')).toHaveLength(22);
  });
});
