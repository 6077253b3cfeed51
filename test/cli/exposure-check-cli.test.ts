/**
 * `ibsight exposure check` end to end (the compiled CLI; `npm run build` first), offline against the
 * 16 real records and the example catalog: the SPEC §7 JSON document, the text table, exit 2 on a bad
 * version or when no advisory file is readable, warnings for files that cannot be read, and the root's
 * own `--version` still working beside the subcommand's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CVE_DIR } from '../advisories/real-records.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'config', 'advisories.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'ibsight-exposure-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });
}

interface CheckDocument {
  version: string;
  model: string | null;
  affected: { id: string; status: string; title: string; severity: string; cvss: { version: string; score: number } | null; kev: boolean; reason: string }[];
  warnings: { file: string; id: string | null; entry: string | null; message: string }[];
}

function check(...args: string[]): { status: number | null; doc: CheckDocument; stderr: string } {
  const r = cli('exposure', 'check', ...args, '--json');
  return { status: r.status, doc: JSON.parse(r.stdout) as CheckDocument, stderr: r.stderr };
}

describe('ibsight exposure check --json', () => {
  it('prints the SPEC §7 document for 22.4R2-S1 on an SRX345', () => {
    const r = check('--version', '22.4R2-S1', '--model', 'SRX345', '--advisories', CVE_DIR);
    expect(r.status).toBe(0);
    expect(Object.keys(r.doc)).toEqual(['version', 'model', 'affected', 'warnings']);
    expect(r.doc.version).toBe('22.4R2-S1');
    expect(r.doc.model).toBe('srx345');
    expect(r.doc.affected.map((m) => [m.id, m.status])).toEqual([
      ['CVE-2024-21591', 'affected'],
      ['CVE-2026-21918', 'affected'],
      ['CVE-2026-33790', 'affected'],
      ['CVE-2025-21590', 'affected'],
    ]);
    expect(r.doc.affected[0]).toEqual({
      id: 'CVE-2024-21591',
      status: 'affected',
      title: 'Junos OS: SRX Series and EX Series: Security Vulnerability in J-web allows a preAuth Remote Code Execution',
      severity: 'critical',
      cvss: { version: '3.1', score: 9.8 },
      kev: false,
      reason: '22.4R2-S1 is in 22.4 before 22.4R2-S2, 22.4R3; srx345 is in SRX Series',
    });
    expect(r.doc.affected[3]).toMatchObject({ id: 'CVE-2025-21590', kev: true, cvss: { version: '4.0', score: 6.7 } });
    expect(r.doc.warnings.map((w) => [w.id, w.entry])).toEqual([
      ['CVE-2017-2313', 'affected[0].versions[5]'],
      ['CVE-2017-2313', 'affected[0].versions[6]'],
    ]);
  });

  it('22.4R2-S2 on the same SRX is no longer in the J-Web advisory', () => {
    const r = check('--version', '22.4R2-S2', '--model', 'srx345', '--advisories', CVE_DIR);
    expect(r.doc.affected.map((m) => m.id)).toEqual(['CVE-2026-21918', 'CVE-2026-33790', 'CVE-2025-21590']);
  });

  it('without --model applies no platform restriction', () => {
    const r = check('--version', '22.4R2-S1', '--advisories', CVE_DIR);
    expect(r.doc.model).toBeNull();
    expect(r.doc.affected.map((m) => m.id).sort()).toEqual(['CVE-2023-36844', 'CVE-2024-21585', 'CVE-2024-21591', 'CVE-2025-21590', 'CVE-2026-21918', 'CVE-2026-33790']);
    expect(r.doc.affected.find((m) => m.id === 'CVE-2023-36844')!.reason).toContain('platform not checked (no model): applies to EX Series');
  });

  // By hand: CVE-2025-21590 has no platforms and 15.1 < 21.2 (affected); the SRX records are only potential on a
  // virtual SRX; CVE-2021-0223 cannot order 15.1X49 against 15.1R7-S9; CVE-2020-1647 and CVE-2022-22185 leave
  // versions before 18.1R1 / 17.3R1 unaffected.
  it('lists potentially-affected after affected, for an X train on a vSRX', () => {
    const r = check('--version', '15.1X49-D170.4', '--model', 'vSRX', '--advisories', CVE_DIR);
    expect(r.doc.affected.map((m) => [m.id, m.status])).toEqual([
      ['CVE-2025-21590', 'affected'],
      ['CVE-2024-21591', 'potentially-affected'],
      ['CVE-2026-21918', 'potentially-affected'],
      ['CVE-2026-33790', 'potentially-affected'],
      ['CVE-2021-0223', 'potentially-affected'],
    ]);
  });

  it('uses a catalog entry instead of the record of the same id, and says the config condition was not checked', () => {
    const r = check('--version', '22.4R2-S1', '--model', 'ex4300-48t', '--advisories', CVE_DIR, EXAMPLE);
    const jweb = r.doc.affected.find((m) => m.id === 'CVE-2023-36844')!;
    expect(jweb.title).toBe('J-Web PHP environment variable modification on EX');
    expect(jweb.reason).toContain('no stored configuration: config condition "set system services web-management http*" not checked');
    expect(r.doc.warnings.filter((w) => w.message.startsWith('the catalog entry in')).length).toBe(16);
  });

  it('goes on past an unreadable file, naming it', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, 'not json');
    const r = check('--version', '21.4R3-S5', '--model', 'srx345', '--advisories', broken, join(CVE_DIR, 'CVE-2026-21918.json'));
    expect(r.status).toBe(0);
    expect(r.doc.affected.map((m) => m.id)).toEqual(['CVE-2026-21918']);
    expect(r.doc.warnings).toEqual([{ file: broken, id: null, entry: null, message: expect.stringMatching(/^not read: not JSON/) as unknown as string }]);
  });
});

describe('exit codes', () => {
  it('exits 2 on a string that is not a Junos version', () => {
    const r = cli('exposure', 'check', '--version', '22.4Q3', '--advisories', CVE_DIR, '--json');
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe('INPUT_INVALID');
    expect(doc.error.message).toContain('"22.4Q3" is not a Junos version');
  });

  it('exits 2 when no advisory file can be read', () => {
    const r = cli('exposure', 'check', '--version', '22.4R3', '--advisories', join(dir, 'missing'), '--json');
    expect(r.status).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toBe(`no readable advisory file in ${join(dir, 'missing')}`);
  });

  it('exits 2 when --advisories is missing', () => {
    expect(cli('exposure', 'check', '--version', '22.4R3').status).toBe(2);
  });

  it('keeps `ibsight --version` printing the package version', () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('text output', () => {
  it('prints a summary, a table with the reason under each row, and the warnings', () => {
    const r = cli('exposure', 'check', '--version', '21.2R3-S3', '--model', 'mx960', '--advisories', CVE_DIR);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    // By hand: CVE-2026-21918, CVE-2023-44186, CVE-2025-21590, CVE-2024-21585 affected; CVE-2024-39542 only with MPC10/11/LC9600.
    expect(lines[0]).toBe('21.2R3-S3 on mx960: 4 affected, 1 potentially-affected');
    expect(lines[2]).toMatch(/^STATUS\s+SEVERITY\s+CVSS\s+KEV\s+ID\s+TITLE$/);
    expect(lines[3]).toMatch(/^affected\s+high\s+8\.7 v4\.0\s+-\s+CVE-2026-21918\s+Junos OS: SRX and MX Series/);
    expect(lines[4]).toBe('    21.2R3-S3 is in all versions before 22.4R3-S7; mx960 is in MX Series');
    expect(r.stdout).toMatch(/\npotentially-affected\s+high\s+8\.7 v4\.0\s+-\s+CVE-2024-39542 /);
    expect(r.stdout).toContain('\nwarnings (2):\n');
  });

  it('says so when nothing applies', () => {
    const r = cli('exposure', 'check', '--version', '25.4R1', '--model', 'mx960', '--advisories', join(CVE_DIR, 'CVE-2019-0044.json'));
    expect(r.stdout).toBe('25.4R1 on mx960: no advisory applies\n');
  });
});
