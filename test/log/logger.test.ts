import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs the real logger in a child process so stdout and stderr can be told apart.
function runLogger(script: string): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
  });
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('logger', () => {
  it('writes JSON lines to stderr only, and redacts secrets by key', () => {
    const { stdout, stderr } = runLogger(`
      import { log } from './dist/src/log/logger.js';
      log().child({ device: 'mx1' }).info({ password: 'hunter2', credentials: { passphrase: 'p', username: 'u' } }, 'connected');
    `);
    expect(stdout).toBe('');
    const line = JSON.parse(stderr.trim()) as Record<string, unknown>;
    expect(line.msg).toBe('connected');
    expect(line.device).toBe('mx1');
    expect(line.password).toBe('[redacted]');
    expect(line.credentials).toEqual({ passphrase: '[redacted]', username: 'u' });
    expect(stderr).not.toContain('hunter2');
  });
});
