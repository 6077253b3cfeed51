/**
 * Paths written in the configuration and inventory: relative ones resolve against the directory
 * of the file they are written in (built-in defaults: against the current directory), and a
 * leading `~/` is the user's home directory, as in a shell.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** SQLite's in-memory database name is not a path. */
const NOT_PATHS = new Set([':memory:']);

export function resolveConfigPath(baseDir: string, path: string): string {
  if (NOT_PATHS.has(path)) return path;
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
