/**
 * The installation scrub key: created on first use beside the SQLite database (0600 file, 0700
 * directory), the same bytes afterwards, the same key for processes that start at once (real
 * child processes racing), and a damaged key refused.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { loadScrubKey, scrubKeyPath } from '../../src/config/scrub-key.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ibsight-scrub-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logger = silentLogger();

describe('loadScrubKey', () => {
  it('creates 32 random bytes, mode 0600, in a new 0700 directory beside the database', () => {
    const config = { storage: { sqlite: join(dir, 'first/data/ibsight.db'), retainDays: 730 } };
    const key = loadScrubKey(config, { logger });
    const file = scrubKeyPath(config);
    expect(file).toBe(join(dir, 'first/data/scrub.key'));
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'first/data')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file).equals(key)).toBe(true);
  });

  it('returns the same key on every later use', () => {
    const config = { storage: { sqlite: join(dir, 'stable/ibsight.db'), retainDays: 730 } };
    const first = loadScrubKey(config, { logger });
    expect(loadScrubKey(config, { logger }).equals(first)).toBe(true);
    expect(loadScrubKey({ storage: { sqlite: join(dir, 'other/ibsight.db'), retainDays: 1 } }, { logger }).equals(first)).toBe(false);
  });

  it('gives processes that start at once the same key', async () => {
    const sqlite = join(dir, 'race/ibsight.db');
    const script = `
      import { loadScrubKey } from './dist/src/config/scrub-key.js';
      import { silentLogger } from './dist/src/log/logger.js';
      process.stdout.write(loadScrubKey({ storage: { sqlite: ${JSON.stringify(sqlite)} } }, { logger: silentLogger() }).toString('hex'));
    `;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const keys = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(readFileSync(join(dir, 'race/scrub.key')).toString('hex'));
  });

  it('refuses a key file of the wrong length', () => {
    const config = { storage: { sqlite: join(dir, 'damaged/ibsight.db'), retainDays: 730 } };
    loadScrubKey(config, { logger });
    writeFileSync(scrubKeyPath(config), 'short');
    expect(() => loadScrubKey(config, { logger })).toThrow(/scrub key .*scrub\.key has 5 bytes, expected 32/);
  });
});
