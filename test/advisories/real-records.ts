/**
 * The 16 real Juniper CVE JSON 5 records: ../shared/data/advisories/cve beside the repository (read
 * from there, never copied into the repo; see its PROVENANCE.md), or $IBSIGHT_CVE_DIR. Loaded and
 * compiled once per test file.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Advisory, ExposureMatch } from '../../src/advisories/advisory-types.js';
import { readAdvisories, type ReadAdvisoriesResult } from '../../src/advisories/read-advisories.js';
import { compileAdvisories, matchAdvisory, type CompiledAdvisory } from '../../src/analysis/advisory-match.js';
import { parseJunosVersion } from '../../src/analysis/junos-version.js';

export const CVE_DIR = process.env.IBSIGHT_CVE_DIR ?? fileURLToPath(new URL('../../../shared/data/advisories/cve', import.meta.url));

export const REAL_IDS = [
  'CVE-2017-2313',
  'CVE-2019-0044',
  'CVE-2020-1627',
  'CVE-2020-1647',
  'CVE-2021-0223',
  'CVE-2022-22185',
  'CVE-2023-36844',
  'CVE-2023-44186',
  'CVE-2023-44199',
  'CVE-2024-21585',
  'CVE-2024-21591',
  'CVE-2024-21602',
  'CVE-2024-39542',
  'CVE-2025-21590',
  'CVE-2026-21918',
  'CVE-2026-33790',
] as const;

export function cveFile(id: string): string {
  return join(CVE_DIR, `${id}.json`);
}

let loaded: { read: ReadAdvisoriesResult; compiled: Map<string, CompiledAdvisory> } | null = null;

export function realRecords(): { read: ReadAdvisoriesResult; compiled: Map<string, CompiledAdvisory> } {
  if (loaded === null) {
    const read = readAdvisories([CVE_DIR]);
    const { compiled } = compileAdvisories(read.advisories);
    loaded = { read, compiled: new Map(compiled.map((c) => [c.advisory.id, c])) };
  }
  return loaded;
}

export function realAdvisory(id: string): Advisory {
  const a = realRecords().read.advisories.find((x) => x.id === id);
  if (a === undefined) throw new Error(`${id} not loaded from ${CVE_DIR}`);
  return a;
}

/** The match of one real record for a version (and model), no configuration. */
export function realMatch(id: string, version: string, model: string | null = null): ExposureMatch | null {
  const c = realRecords().compiled.get(id);
  if (c === undefined) throw new Error(`${id} not loaded from ${CVE_DIR}`);
  return matchAdvisory(c, { version: parseJunosVersion(version), model, setLines: null });
}
