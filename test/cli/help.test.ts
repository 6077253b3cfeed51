import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: root, encoding: 'utf8' });

describe('ibsight CLI', () => {
  it('prints help and exits 0', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: ibsight');
    expect(r.stdout).toContain('sim');
  });

  it('exits 2 on an unknown command or option (usage error)', () => {
    expect(cli('no-such-command').status).toBe(2);
    expect(cli('sim', '--no-such-option').status).toBe(2);
  });

  it('prints the package version', () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
