/**
 * `ibsight parse` end to end (the compiled CLI): for one golden fixture per collector the
 * `--json` output is exactly the expected JSON next to it (scrub markers made under the golden
 * key via IBSIGHT_SCRUB_KEY_FILE); bad input exits 2 naming the file; not-applicable exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'ibsight-parse-cli-'));
const keyFile = join(dir, 'scrub.key');
writeFileSync(keyFile, 'ibsight-golden-test-key', { mode: 0o600 });

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, IBSIGHT_SCRUB_KEY_FILE: keyFile },
  });
}

/** The first golden pair of each collector whose outcome is ok. */
function onePairPerCollector(): { collector: string; xml: string; expected: unknown }[] {
  const seen = new Map<string, { collector: string; xml: string; expected: unknown }>();
  for (const platform of readdirSync(FIXTURES).filter((d) => d.includes('_')).sort()) {
    for (const name of readdirSync(join(FIXTURES, platform)).filter((n) => n.endsWith('.json')).sort()) {
      const expected = JSON.parse(readFileSync(join(FIXTURES, platform, name), 'utf8')) as { collector: string; status: string };
      if (expected.status !== 'ok' || seen.has(expected.collector)) continue;
      seen.set(expected.collector, { collector: expected.collector, xml: join(FIXTURES, platform, name.replace(/\.json$/, '.xml')), expected });
    }
  }
  return [...seen.values()];
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ibsight parse', () => {
  const pairs = onePairPerCollector();

  it('covers all twelve collectors', () => {
    expect(pairs.length).toBe(12);
  });

  it.each(pairs.map((p) => [p.collector, p] as const))('%s --json prints the golden document', (_name, pair) => {
    const r = cli('parse', pair.collector, pair.xml, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(pair.expected);
  });

  it('prints YAML for reading without --json', () => {
    const pair = pairs.find((p) => p.collector === 'software-information')!;
    const r = cli('parse', 'software-information', pair.xml);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^collector: software-information\nstatus: ok\nrecords:\n/);
  });

  it('exits 0 with the reason for a legitimate refusal', () => {
    const r = cli('parse', 'cluster-status', join(FIXTURES, 'qfx5120_22.4R3-S2.11', 'get-chassis-cluster-status.xml'), '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ collector: 'cluster-status', status: 'not-applicable' });
  });

  it('exits 2 on an unknown collector, listing the known ones', () => {
    const r = cli('parse', 'no-such', join(dir, 'x.xml'), '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('USAGE');
    expect(r.stderr).toContain('chassis-inventory');
  });

  it('exits 2 naming the file for a missing file, malformed XML and a DOCTYPE', () => {
    const malformed = join(dir, 'truncated.xml');
    writeFileSync(malformed, '<rpc-reply><chassis-inventory><chassis>');
    const bomb = join(dir, 'bomb.xml');
    writeFileSync(bomb, '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rpc-reply>&b;</rpc-reply>');
    const cases = [
      [join(dir, 'missing.xml'), 'INPUT_INVALID', undefined],
      [malformed, 'INPUT_INVALID', 'XML_MALFORMED'],
      [bomb, 'INPUT_INVALID', 'XML_DTD_REFUSED'],
    ] as const;
    for (const [file, code, reason] of cases) {
      const r = cli('parse', 'chassis-inventory', file, '--json');
      expect(r.status, file).toBe(2);
      const error = JSON.parse(r.stdout).error as { code: string; message: string; context: { file: string; reason?: string } };
      expect(error.code).toBe(code);
      expect(error.context.file).toBe(file);
      expect(error.context.reason).toBe(reason);
    }
  });
});
