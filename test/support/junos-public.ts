/**
 * Where the real Junos replies live: ../shared/data/junos-public beside the repository
 * (read from there, never copied into the repo), or $JUNOS_PUBLIC_DIR.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JUNOS_PUBLIC = process.env.JUNOS_PUBLIC_DIR ?? fileURLToPath(new URL('../../../shared/data/junos-public', import.meta.url));

/** Absolute path of a file given relative to junos-public, e.g. `pyez/facts/sw_info_vc_command.xml`. */
export function junosPublic(file: string): string {
  return join(JUNOS_PUBLIC, file);
}

/** Every file below junos-public, as paths relative to it, sorted (PROVENANCE.md excluded). */
export function listJunosPublic(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'PROVENANCE.md') out.push(relative(JUNOS_PUBLIC, path));
    }
  };
  walk(JUNOS_PUBLIC);
  return out.sort();
}
