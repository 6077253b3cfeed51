/**
 * `ibsight dashboards build [--out DIR]` end to end (the compiled CLI: `npm run build` first): it
 * writes exactly renderOutputFiles() under DIR (created), prints the paths (one per line, or
 * `{"out","files"}` with --json), defaults to ./ibsight-dashboards, rewrites in place on a second
 * run, and an output that cannot be written is an input error (exit 2) with a JSON error under
 * --json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderOutputFiles } from '../../dashboards/build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-dashboards-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { cwd: dir, encoding: 'utf8' });
const expected = renderOutputFiles();

describe('ibsight dashboards build', () => {
  it('writes the dashboards and provisioning files into --out and lists them with --json', () => {
    const out = join(dir, 'nested', 'grafana');
    const r = cli('--json', 'dashboards', 'build', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { out: string; files: string[] };
    expect(doc).toEqual({ out, files: expected.map((f) => join(out, ...f.file.split('/'))) });
    for (const f of expected) expect(readFileSync(join(out, ...f.file.split('/')), 'utf8'), f.file).toBe(f.text);
    const again = cli('--json', 'dashboards', 'build', '--out', out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(r.stdout);
  });

  it('defaults to ./ibsight-dashboards and prints one path per line', () => {
    const r = cli('dashboards', 'build');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual(expected.map((f) => join('ibsight-dashboards', ...f.file.split('/'))));
    expect(existsSync(join(dir, 'ibsight-dashboards', 'generated', 'exposure.json'))).toBe(true);
  });

  it('fails with exit 2 when the output cannot be written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder\n');
    const r = cli('--json', 'dashboards', 'build', '--out', blocker);
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { code: string; context: { file: string } } };
    expect(doc.error.code).toBe('INPUT_INVALID');
    expect(doc.error.context.file).toContain(blocker);
  });
});
