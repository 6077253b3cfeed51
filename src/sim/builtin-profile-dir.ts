/**
 * Where the built-in simulator profiles live: `<package root>/src/sim/profiles/<name>/`.
 * The package root is found by walking up from this module to ibsight's package.json, so
 * the same code works from `src/` (vitest) and from `dist/src/` (the compiled CLI).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The directory holding ibsight's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
        if (pkg.name === 'ibsight') {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ibsight package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function builtinProfilesRoot(): string {
  return join(packageRoot(), 'src', 'sim', 'profiles');
}

/** The directory of `builtin:<name>` (it may not exist: the caller checks). */
export function builtinProfileDir(name: string): string {
  return join(builtinProfilesRoot(), name);
}

/** Names of the built-in profiles present (directories holding at least one .xml reply). */
export function listBuiltinProfiles(): string[] {
  const root = builtinProfilesRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => {
      const dir = join(root, name);
      return statSync(dir).isDirectory() && readdirSync(dir).some((f) => f.endsWith('.xml'));
    })
    .sort();
}
