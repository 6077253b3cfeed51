/**
 * Issue 6 end to end through the compiled CLI, over real SSH: `ibsight sim` serves the six built-in
 * profiles; `collect` stores them; `advisories import` loads the 16 real Juniper CVE records
 * (../shared/data/advisories/cve, exit 3: CVE-2017-2313's free text gives warnings) and
 * `lifecycle import` the shipped example catalog; `exposure --json` is then checked device by
 * device against answers worked out by hand from the records (below), the lifecycle findings that
 * cannot change with time (train 21.4 is past its example End of Support of 2025-06-20), the
 * first-seen days across two runs, and both reports are written.
 *
 * Worked out by hand (version → the entry that decides):
 *  - mx1 (mx960, 23.4R2-S3.9, re0/re1): CVE-2025-21590 "23.4 before 23.4R2-S4", all platforms;
 *    CVE-2026-21918 "23.4 before 23.4R2-S4", SRX and MX. Nothing else: CVE-2024-21585's ranges end at
 *    23.2, CVE-2026-33790 is SRX only, CVE-2021-0223 ends at 20.2.
 *  - srx1 (srx345 cluster, 21.4R3-S5.4, node0/node1): CVE-2025-21590 "21.4 before 21.4R3-S10";
 *    CVE-2026-21918 "all versions before 22.4R3-S7" (21.4 is an older train); CVE-2026-33790
 *    "21.4 before 21.4R3-S12". Not CVE-2024-21591: "21.4 before 21.4R3-S5" and S5.4 is at the fix.
 *  - ex1 (ex4300 VC, 21.4R3-S7.5, fpc0/fpc1): CVE-2025-21590 only (the J-Web ones are fixed at S5).
 *  - qfx1 (qfx5120, 22.4R3-S2.11): CVE-2025-21590 "22.4 before 22.4R3-S6"; CVE-2023-44186 and
 *    CVE-2024-21585 "22.4R2-S1/-S2, 22.4R3": at or above 22.4R3.
 *  - mx2 (mx480, 22.4R3-S2.11): CVE-2025-21590, CVE-2026-21918 "all versions before 22.4R3-S7".
 *  - ptx1 (ptx10001, 23.4R2-S3.9-EVO): none — CVE-2025-21590 is Junos OS only, the Evolved ranges
 *    of CVE-2023-44186 / CVE-2024-21585 / CVE-2024-39542 end before 23.4.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';

const CVE_DIR = fileURLToPath(new URL('../../../shared/data/advisories/cve', import.meta.url));
const EXAMPLE_LIFECYCLE = fileURLToPath(new URL('../../config/lifecycle.example.yaml', import.meta.url));
const SITE = '0100012345';

let dir: string;
let sim: SimChild | undefined;

const ibsight = (...args: string[]) =>
  spawnSync(process.execPath, [compiledMain(), '--config', join(dir, 'ibsight.yaml'), ...args], { encoding: 'utf8', timeout: 120_000 });

interface FindingJson {
  kind: string; device: string; member: string | null; ref: string; status: string; kev: boolean; severity: string; firstSeen: string;
  component: { path: string[] } | null;
}
interface ExposureJson { exposureRunId: number; at: string; summary: { devices: number; kev: number; pastEndOfEngineering: number }; findings: FindingJson[]; notes: string[] }

const HAND: Record<string, { members: string[]; advisories: string[] }> = {
  mx1: { members: ['re0', 're1'], advisories: ['CVE-2025-21590', 'CVE-2026-21918'] },
  srx1: { members: ['node0', 'node1'], advisories: ['CVE-2025-21590', 'CVE-2026-21918', 'CVE-2026-33790'] },
  ex1: { members: ['fpc0', 'fpc1'], advisories: ['CVE-2025-21590'] },
  qfx1: { members: [], advisories: ['CVE-2025-21590'] },
  mx2: { members: [], advisories: ['CVE-2025-21590', 'CVE-2026-21918'] },
  ptx1: { members: [], advisories: [] },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-exposure-scenario-'));
  writeFileSync(join(dir, 'fleet.yaml'), [
    'username: lab',
    'password: exposure-pw',
    'devices:',
    ...[['mx1', 'mx960'], ['srx1', 'srx345-cluster'], ['ex1', 'ex4300-vc'], ['qfx1', 'qfx5120'], ['mx2', 'mx480'], ['ptx1', 'ptx10001']]
      .map(([name, profile]) => `  - { name: ${name}, profile: "builtin:${profile}", site: "${SITE}" }`),
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'ibsight.yaml'), [
    `storage: { sqlite: ${join(dir, 'ibsight.db')} }`,
    `ssh: { knownHosts: ${join(dir, 'known_hosts')} }`,
    `inventory: ${join(dir, 'inventory.yaml')}`,
    'collection: { retries: 0 }',
    `delivery: { dir: ${join(dir, 'reports')} }`,
    '',
  ].join('\n'));
  const basePort = await findFreePortRange(6);
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(basePort), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
}, 60_000);

afterAll(async () => {
  await stopSimChild(sim);
  rmSync(dir, { recursive: true, force: true });
});

describe('ibsight exposure on the simulator with the real advisories', () => {
  it('refuses before any collection, then judges every device as worked out by hand', () => {
    const early = ibsight('exposure', '--json');
    expect(early.status).toBe(2);
    expect(early.stderr + early.stdout).toMatch(/was ever collected: run `ibsight collect` first/);

    expect(ibsight('collect', '--json').status).toBe(0);
    const imported = ibsight('advisories', 'import', CVE_DIR, '--json');
    expect(imported.status, imported.stderr).toBe(3);
    const importJson = JSON.parse(imported.stdout) as { import: { total: number }; warnings: { file: string; id: string | null }[] };
    expect(importJson.import.total).toBe(16);
    expect(importJson.warnings.some((w) => w.id === 'CVE-2017-2313')).toBe(true);
    const lifecycle = ibsight('lifecycle', 'import', EXAMPLE_LIFECYCLE, '--json');
    expect(lifecycle.status, lifecycle.stderr).toBe(0);
    expect((JSON.parse(lifecycle.stdout) as { example: boolean }).example).toBe(true);

    const r = ibsight('exposure', '--json');
    expect(r.status, r.stderr).toBe(0);
    const first = JSON.parse(r.stdout) as ExposureJson;
    expect(first.summary.devices).toBe(6);
    for (const [device, hand] of Object.entries(HAND)) {
      const advisories = first.findings.filter((f) => f.kind === 'advisory' && f.device === device);
      expect([...new Set(advisories.map((f) => f.ref))].sort(), device).toEqual(hand.advisories);
      expect(advisories.every((f) => f.status === 'affected'), device).toBe(true);
      // one finding per member and advisory
      if (hand.members.length > 0) for (const id of hand.advisories) {
        expect(advisories.filter((f) => f.ref === id).map((f) => f.member).sort(), `${device} ${id}`).toEqual(hand.members);
      }
    }
    expect(first.findings.filter((f) => f.ref === 'CVE-2025-21590').every((f) => f.kev)).toBe(true);
    expect(first.summary.kev).toBe(first.findings.filter((f) => f.ref === 'CVE-2025-21590').length);

    // lifecycle on the example catalog: 21.4 is past its (example) EOE and EOS for both srx nodes and ex members
    for (const device of ['srx1', 'ex1']) for (const ref of ['endOfEngineering', 'endOfSupport']) {
      const software = first.findings.filter((f) => f.kind === 'lifecycle' && f.device === device && f.component === null && f.ref === ref);
      expect(software.map((f) => f.status), `${device} ${ref}`).toEqual(software.map(() => 'passed'));
      expect(software.length, `${device} ${ref}`).toBe(2);
    }
    expect(first.summary.pastEndOfEngineering).toBeGreaterThanOrEqual(2);
    expect(first.notes.some((n) => /example/.test(n))).toBe(true);

    // a second run: findings carry their first-seen day
    const second = JSON.parse(ibsight('exposure', '--json').stdout) as ExposureJson;
    expect(second.exposureRunId).toBe(first.exposureRunId + 1);
    expect(second.findings.length).toBe(first.findings.length);
    expect(second.findings.every((f) => f.firstSeen === first.at)).toBe(true);

    for (const kind of ['exposure', 'lifecycle']) {
      const report = ibsight('report', kind, '--json');
      expect(report.status, report.stderr).toBe(0);
      for (const ext of ['html', 'csv', 'json']) expect(existsSync(join(dir, 'reports', `${kind}.${ext}`)), `${kind}.${ext}`).toBe(true);
    }
    const reportJson = JSON.parse(readFileSync(join(dir, 'reports', 'lifecycle.json'), 'utf8')) as { run: { notJudged: string[] } };
    expect(reportJson.run.notJudged).toEqual(second.notes);
    expect(readFileSync(join(dir, 'reports', 'lifecycle.html'), 'utf8')).toContain('Not judged: the lifecycle catalog is an example');
    const csv = readFileSync(join(dir, 'reports', 'exposure.csv'), 'utf8');
    expect(csv).toContain('CVE-2026-33790');
  }, 240_000);

  it('checks one version offline against the same records', () => {
    const r = ibsight('exposure', 'check', '--version', '21.4R3-S5.4', '--model', 'srx345', '--advisories', CVE_DIR, '--json');
    expect(r.status, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { affected: { id: string }[] }).affected.map((a) => a.id).sort();
    expect(ids).toEqual(HAND.srx1!.advisories);
  });
});
