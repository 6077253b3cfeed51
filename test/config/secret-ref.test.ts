/**
 * Secret references: literals refused without being echoed (message, context, logs), env: and
 * file: resolution with errors naming the key, one trailing newline trimmed, and a secret file
 * that group or others may read used with a warning (pino, stderr) naming the file and mode.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/config/load-inventory.js';
import { resolveSecret, secretRefProblem } from '../../src/config/secret-ref.js';
import { isIbsightError, type IbsightError } from '../../src/errors/ibsight-error.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-secret-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string, mode: number): string {
  const file = join(dir, name);
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
  return file;
}

function capturingLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function thrown(fn: () => unknown): IbsightError {
  try {
    fn();
  } catch (err) {
    if (isIbsightError(err)) return err;
    throw err;
  }
  throw new Error('expected an IbsightError');
}

describe('a literal secret', () => {
  it.each(['password', 'passphrase'])('is refused as %s, with how to fix it, never echoed', (key) => {
    const file = join(dir, `literal-${key}.yaml`);
    const extra = key === 'passphrase' ? ', privateKey: file:./id_ed25519' : '';
    writeFileSync(file, `credentials:\n  ro: { username: u${extra}, ${key}: "hunter2-Lit3ral" }\ndevices: []\n`);
    const err = thrown(() => loadInventory(file));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe(
      `${file}: credentials.ro.${key}: a literal secret is not accepted: write env:NAME to read it from an environment variable, ` +
        'or file:PATH to read it from a file only its owner can read (chmod 600)',
    );
    expect(JSON.stringify(err.toJSON())).not.toContain('hunter2');
  });

  it('is refused as a private key (file: only), never echoed', () => {
    const file = join(dir, 'literal-key.yaml');
    writeFileSync(file, 'credentials:\n  k: { username: u, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----abc" }\n');
    const err = thrown(() => loadInventory(file));
    expect(err.message).toContain('credentials.k.privateKey: expected file:PATH (a key file readable by its owner only), not the key itself');
    expect(err.message).not.toContain('BEGIN');
  });

  it('of another type is refused without its value either', () => {
    const file = join(dir, 'literal-number.yaml');
    writeFileSync(file, 'credentials:\n  ro: { username: u, password: 98765 }\n');
    const err = thrown(() => loadInventory(file));
    expect(err.message).toBe(`${file}: credentials.ro.password: expected env:NAME or file:PATH`);
  });

  it('is told apart from well-formed references', () => {
    expect(secretRefProblem('env:IBSIGHT_PW', ['env', 'file'])).toBeNull();
    expect(secretRefProblem('file:~/pw', ['env', 'file'])).toBeNull();
    expect(secretRefProblem('env:', ['env', 'file'])).toMatch(/^env: needs a variable name/);
    expect(secretRefProblem('env:A-B', ['env', 'file'])).toMatch(/^env: needs a variable name/);
    expect(secretRefProblem('file:', ['env', 'file'])).toMatch(/^file: needs a path/);
    expect(secretRefProblem('env:KEY', ['file'])).toMatch(/env: is not accepted here/);
  });
});

describe('resolveSecret', () => {
  it('reads an environment variable', () => {
    expect(resolveSecret('env:IB_PW', { keyPath: 'credentials.ro.password', env: { IB_PW: 's3cret' } })).toBe('s3cret');
  });

  it('names the key and the variable when it is not set or empty', () => {
    const missing = thrown(() => resolveSecret('env:IB_PW', { keyPath: 'credentials.ro.password', source: 'inventory.yaml', env: {} }));
    expect(missing.code).toBe('CONFIG_INVALID');
    expect(missing.message).toBe('inventory.yaml: credentials.ro.password: environment variable IB_PW is not set');
    expect(missing.context).toMatchObject({ keyPath: 'credentials.ro.password', env: 'IB_PW' });
    const empty = thrown(() => resolveSecret('env:IB_PW', { keyPath: 'influx.token', env: { IB_PW: '' } }));
    expect(empty.message).toBe('influx.token: environment variable IB_PW is empty');
  });

  it('reads a file, dropping exactly one trailing newline', () => {
    const key = { keyPath: 'k', logger: capturingLogger().logger };
    expect(resolveSecret(`file:${secretFile('lf', 'pw\n', 0o600)}`, key)).toBe('pw');
    expect(resolveSecret(`file:${secretFile('crlf', 'pw\r\n', 0o600)}`, key)).toBe('pw');
    expect(resolveSecret(`file:${secretFile('two', 'pw\n\n', 0o600)}`, key)).toBe('pw\n');
    expect(resolveSecret(`file:${secretFile('none', ' pw ', 0o400)}`, key)).toBe(' pw ');
    expect(resolveSecret(`file:${secretFile('key', '-----BEGIN-----\nabc\n-----END-----\n', 0o600)}`, key)).toBe('-----BEGIN-----\nabc\n-----END-----');
  });

  it('names the key and the file when the file is missing, empty or a directory', () => {
    const missing = thrown(() => resolveSecret(`file:${join(dir, 'absent')}`, { keyPath: 'credentials.ro.password' }));
    expect(missing.code).toBe('CONFIG_INVALID');
    expect(missing.message).toBe(`credentials.ro.password: secret file ${join(dir, 'absent')} does not exist`);
    const empty = secretFile('empty', '\n', 0o600);
    expect(thrown(() => resolveSecret(`file:${empty}`, { keyPath: 'p' })).message).toBe(`p: secret file ${empty} is empty`);
    expect(thrown(() => resolveSecret(`file:${dir}`, { keyPath: 'p' })).message).toBe(`p: secret file ${dir} is not a regular file`);
  });

  it('uses a file that group or others may read, with a warning naming the file and mode', () => {
    const file = secretFile('group-readable', 'pw-in-file\n', 0o640);
    const { logger, lines } = capturingLogger();
    const warnings: string[] = [];
    expect(resolveSecret(`file:${file}`, { keyPath: 'credentials.ro.password', logger, warnings })).toBe('pw-in-file');
    expect(warnings).toEqual([`secret file ${file} has mode 0640: group or others may read it; run chmod 600 ${file}`]);
    const [line] = lines();
    expect(line).toMatchObject({ level: 40, file, mode: '0640', keyPath: 'credentials.ro.password' });
    expect(JSON.stringify(lines())).not.toContain('pw-in-file');
  });

  it('does not warn about an owner-only file', () => {
    const { logger, lines } = capturingLogger();
    const warnings: string[] = [];
    resolveSecret(`file:${secretFile('owner-only', 'pw', 0o600)}`, { keyPath: 'p', logger, warnings });
    expect(warnings).toEqual([]);
    expect(lines()).toEqual([]);
  });
});
