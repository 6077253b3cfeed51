/**
 * Reading advisories from paths: directories walked (nested, sorted), .json = CVE record and
 * .yaml/.yml = catalog; a file that cannot be read is a warning naming it and the rest go on; a
 * catalog entry wins over a CVE record of the same id. Works in a temp directory.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAdvisories } from '../../src/advisories/read-advisories.js';
import { cveFile } from './real-records.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-read-advisories-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'cves', '2019'), { recursive: true });
mkdirSync(join(dir, 'cves', '2024'), { recursive: true });
copyFileSync(cveFile('CVE-2019-0044'), join(dir, 'cves', '2019', 'CVE-2019-0044.json'));
copyFileSync(cveFile('CVE-2024-21591'), join(dir, 'cves', '2024', 'CVE-2024-21591.json'));
writeFileSync(join(dir, 'cves', '2024', 'broken.json'), '{"cveMetadata": ');
writeFileSync(join(dir, 'cves', 'README.md'), '# not an advisory\n');
writeFileSync(join(dir, 'cves', 'huge.json'), `{"pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
const catalog = join(dir, 'local.yaml');
writeFileSync(
  catalog,
  [
    'advisories:',
    '  - id: CVE-2024-21591',
    '    title: J-Web RCE, exposed only with J-Web on',
    '    severity: critical',
    '    affected:',
    '      - platforms: [SRX Series, EX Series]',
    '        versions: [{ version: "22.4", lessThan: "22.4R2-S2, 22.4R3" }]',
    '    config: { anyOf: ["set system services web-management http*"] }',
    '  - id: TSB-LOCAL-1',
    '    title: A local notice',
    '    affected:',
    '      - versions: [{ version: "21.4", lessThan: "21.4R3-S6" }]',
    '',
  ].join('\n'),
);

describe('readAdvisories', () => {
  const result = readAdvisories([join(dir, 'cves'), catalog, join(dir, 'missing.json'), join(dir, 'cves', 'README.md')]);

  it('reads the nested records and the catalog, in order, the catalog entry replacing the record of the same id', () => {
    expect(result.advisories.map((a) => [a.id, a.source])).toEqual([
      ['CVE-2019-0044', 'cve'],
      ['CVE-2024-21591', 'catalog'],
      ['TSB-LOCAL-1', 'catalog'],
    ]);
    expect(result.advisories[1]!.configCondition).toEqual(['set system services web-management http*']);
  });

  it('counts readable and unreadable files (README.md in a directory is skipped silently)', () => {
    expect(result.filesRead).toBe(3);
    expect(result.filesUnreadable).toBe(2);
  });

  it('names every file it could not read, and why', () => {
    const byFile = Object.fromEntries(result.warnings.map((w) => [w.file, w.message]));
    expect(byFile[join(dir, 'cves', '2024', 'broken.json')]).toMatch(/^not read: not JSON/);
    expect(byFile[join(dir, 'cves', 'huge.json')]).toMatch(/^not read: \d+ bytes; a CVE record may have at most 2097152$/);
    expect(byFile[join(dir, 'missing.json')]).toBe('cannot read (no such file or directory)');
    expect(byFile[join(dir, 'cves', 'README.md')]).toBe('not a .json (CVE record) or .yaml/.yml (catalog) file; not read');
    expect(byFile[join(dir, 'cves', '2024', 'CVE-2024-21591.json')]).toBe(`the catalog entry in ${catalog} is used instead of this record`);
    expect(result.warnings).toHaveLength(5);
  });

  it('keeps the first of two CVE records with one id, with a warning naming the second', () => {
    const again = readAdvisories([cveFile('CVE-2019-0044'), join(dir, 'cves', '2019', 'CVE-2019-0044.json')]);
    expect(again.advisories).toHaveLength(1);
    expect(again.advisories[0]!.file).toBe(cveFile('CVE-2019-0044'));
    expect(again.warnings).toEqual([
      { file: join(dir, 'cves', '2019', 'CVE-2019-0044.json'), id: 'CVE-2019-0044', entry: null, message: `CVE-2019-0044 was already read from ${cveFile('CVE-2019-0044')}; this one is not used` },
    ]);
  });

  it('reads nothing from nothing readable', () => {
    const none = readAdvisories([join(dir, 'missing.json'), join(dir, 'cves', '2024', 'broken.json')]);
    expect(none).toMatchObject({ advisories: [], filesRead: 0, filesUnreadable: 1 });
    expect(none.warnings).toHaveLength(2);
  });
});
