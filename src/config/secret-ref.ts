/**
 * Secret references (SPEC §3): a password, passphrase or token is never written in a file; it is
 * `env:NAME` (an environment variable) or `file:PATH` (a file readable by its owner only; one
 * trailing newline is dropped). A private key is `file:PATH`. A literal is refused with a message
 * that says how to fix it and never repeats the literal. Resolution happens when a value is
 * needed; a secret file that group or others may read is used, with a warning.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { IbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import type { SecretRef } from './config-types.js';
import { resolveConfigPath } from './config-paths.js';

export type SecretKind = 'env' | 'file';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_SECRET_FILE_BYTES = 1024 * 1024;

export const LITERAL_REFUSED =
  'a literal secret is not accepted: write env:NAME to read it from an environment variable, ' +
  'or file:PATH to read it from a file only its owner can read (chmod 600)';

function expected(kinds: readonly SecretKind[]): string {
  return kinds.length === 1 && kinds[0] === 'file' ? 'expected file:PATH (a key file readable by its owner only)' : 'expected env:NAME or file:PATH';
}

/** What is wrong with a reference, or null when it is well-formed. Never quotes the text. */
export function secretRefProblem(text: string, kinds: readonly SecretKind[]): string | null {
  if (text.startsWith('env:')) {
    if (!kinds.includes('env')) return `${expected(kinds)} (env: is not accepted here)`;
    return ENV_NAME.test(text.slice(4)) ? null : 'env: needs a variable name of letters, digits and _ (e.g. env:IBSIGHT_PASSWORD)';
  }
  if (text.startsWith('file:')) return text.length > 5 ? null : 'file: needs a path (e.g. file:./secrets/ibsight.password)';
  if (kinds.length === 1 && kinds[0] === 'file') return `${expected(kinds)}, not the key itself`;
  return LITERAL_REFUSED;
}

/** zod schema of a secret reference (a string checked by secretRefProblem). */
export function secretRefSchema(kinds: readonly SecretKind[] = ['env', 'file']) {
  return z.string({ error: expected(kinds) }).superRefine((text, ctx) => {
    const problem = secretRefProblem(text, kinds);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, params: { noValue: true } });
  }) as unknown as z.ZodType<SecretRef>;
}

/** The reference with a `file:` path made absolute against `baseDir`. */
export function absoluteSecretRef(ref: SecretRef, baseDir: string): SecretRef {
  return ref.startsWith('file:') ? `file:${resolveConfigPath(baseDir, ref.slice(5))}` : ref;
}

export interface ResolveSecretOptions {
  /** Where the reference is written, e.g. `credentials.readonly.password`. */
  keyPath: string;
  /** The file it is written in, as the user named it (prefixes messages). */
  source?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Warnings (e.g. a secret file readable by others) are also appended here. */
  warnings?: string[];
}

function fail(options: ResolveSecretOptions, message: string, context: Record<string, unknown> = {}, cause?: unknown): never {
  const where = `${options.source ? `${options.source}: ` : ''}${options.keyPath}`;
  throw new IbsightError('CONFIG_INVALID', `${where}: ${message}`, {
    ...(cause !== undefined ? { cause } : {}),
    context: { keyPath: options.keyPath, ...(options.source ? { source: options.source } : {}), ...context },
  });
}

/** Drops one trailing `\n` or `\r\n`. */
function trimOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

function readSecretFile(path: string, options: ResolveSecretOptions): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : `cannot be read (${code ?? String(err)})`;
    return fail(options, `secret file ${path} ${reason}`, { file: path }, err);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail(options, `secret file ${path} is not a regular file`, { file: path });
    if (stat.size > MAX_SECRET_FILE_BYTES) fail(options, `secret file ${path} is larger than ${MAX_SECRET_FILE_BYTES} bytes`, { file: path });
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      const octal = `0${mode.toString(8).padStart(3, '0')}`;
      const message = `secret file ${path} has mode ${octal}: group or others may read it; run chmod 600 ${path}`;
      (options.logger ?? log()).warn({ file: path, mode: octal, keyPath: options.keyPath }, message);
      if (options.warnings && !options.warnings.includes(message)) options.warnings.push(message);
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The secret a reference points to. An unset or empty environment variable, or a missing, unreadable
 * or empty file, is CONFIG_INVALID naming the key (and the variable or file, never the secret).
 * `file:` paths should be absolute (as loading makes them); a relative one resolves against the cwd.
 */
export function resolveSecret(ref: SecretRef, options: ResolveSecretOptions): string {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = (options.env ?? process.env)[name];
    if (value === undefined) return fail(options, `environment variable ${name} is not set`, { env: name });
    if (value === '') return fail(options, `environment variable ${name} is empty`, { env: name });
    return value;
  }
  if (ref.startsWith('file:')) {
    const path = resolveConfigPath(process.cwd(), ref.slice(5));
    const value = trimOneNewline(readSecretFile(path, options));
    if (value === '') return fail(options, `secret file ${path} is empty`, { file: path });
    return value;
  }
  return fail(options, 'not a secret reference (expected env:NAME or file:PATH)');
}
