/**
 * The `lifecycle` section of the configuration: `horizonMonths` and the per-milestone overrides
 * `milestoneHorizonMonths`, whose keys are exactly the milestones that give findings (an unknown
 * one is an error naming it: test/config/load-config.test.ts), loaded into the shape the findings
 * take as their horizon.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lifecycleFindings } from '../../src/analysis/lifecycle-findings.js';
import { loadConfig } from '../../src/config/load-config.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { catalogOf, hardware, lifecycleInput } from './lifecycle-builders.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-lifecycle-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = join(root, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('lifecycle configuration', () => {
  it('defaults to 12 months and no override', () => {
    expect(loadConfig({ file: configFile('storage: { retainDays: 30 }\n'), env: {} }).lifecycle).toEqual({ horizonMonths: 12, milestoneHorizonMonths: {} });
  });

  it('reads per-milestone overrides, 0 included, and the findings take them as the horizon', () => {
    const config = loadConfig({ file: configFile('lifecycle:\n  horizonMonths: 6\n  milestoneHorizonMonths: { endOfSupport: 24, eolAnnounced: 0 }\n'), env: {} });
    expect(config.lifecycle).toEqual({ horizonMonths: 6, milestoneHorizonMonths: { endOfSupport: 24, eolAnnounced: 0 } });
    const catalog = catalogOf(hardware('MX480', { eolAnnounced: '2026-12-20', lastOrder: '2027-05-01', endOfSupport: '2028-06-30' }));
    const { findings } = lifecycleFindings(lifecycleInput(catalog, { devices: [{ name: 'r', site: null, model: 'mx480', os: 'junos' }], horizon: config.lifecycle }));
    expect(findings.map((f) => f.milestone)).toEqual(['lastOrder', 'endOfSupport']);
  });

  it.each([
    ['frs', 'lifecycle.milestoneHorizonMonths.frs: unknown key'],
    ['extended', 'lifecycle.milestoneHorizonMonths.extended: unknown key'],
  ])('refuses %s as a milestone key (it never gives a finding)', (key, message) => {
    try {
      loadConfig({ file: configFile(`lifecycle: { milestoneHorizonMonths: { ${key}: 3 } }\n`), env: {} });
      expect.unreachable();
    } catch (err) {
      expect(isIbsightError(err, 'CONFIG_INVALID')).toBe(true);
      expect((err as Error).message).toContain(message);
    }
  });
});
