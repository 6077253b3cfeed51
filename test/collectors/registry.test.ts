/**
 * The registry is explicit: every collector file under collectors/ is registered once, names are
 * unique and the twelve of SPEC §2, and every collector has golden fixtures and manifest entries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { manifest } from '../manifest/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SPEC_NAMES = [
  'software-information', 'chassis-inventory', 'route-engine', 'configuration', 'system-uptime', 'alarms',
  'core-dumps', 'environment', 'virtual-chassis', 'cluster-status', 'licenses', 'interfaces',
];

const COLLECTORS_WITHOUT_REAL_REPLIES = new Set(['licenses']);

/** Files under collectors/ that define a collector (`export const xCollector: Collector<...>`). */
function collectorFiles(): { file: string; exportName: string }[] {
  const dir = join(ROOT, 'collectors');
  const found: { file: string; exportName: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/export const (\w+)\s*:\s*Collector\b/g)) found.push({ file, exportName: m[1]! });
  }
  return found;
}

function goldenCollectors(): Set<string> {
  const names = new Set<string>();
  const fixtures = join(ROOT, 'test', 'fixtures');
  for (const dir of readdirSync(fixtures)) {
    if (!dir.includes('_')) continue;
    for (const f of readdirSync(join(fixtures, dir)).filter((n) => n.endsWith('.json'))) {
      names.add((JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')) as { collector: string }).collector);
    }
  }
  return names;
}

describe('collector registry', () => {
  it('has the twelve collectors of SPEC §2, each once', () => {
    const names = collectors.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...SPEC_NAMES].sort());
  });

  it('registers every collector file, and each file is named after its collector', () => {
    const files = collectorFiles();
    expect(files.length).toBe(collectors.length);
    for (const { file, exportName } of files) {
      const registered = collectors.find((c) => `${c.name}.ts` === file);
      expect(registered, `${file} (${exportName}) is not registered in collectors/index.ts`).toBeDefined();
    }
  });

  it('gives every collector requests with at least one body and a summary', () => {
    for (const c of collectors) {
      expect(c.summary.length, c.name).toBeGreaterThan(0);
      expect(c.requests.length, c.name).toBeGreaterThan(0);
      for (const r of c.requests) expect(r.bodies.length, `${c.name}/${r.key}`).toBeGreaterThan(0);
    }
  });

  it('has golden fixtures and real-reply manifest entries for every collector', () => {
    const golden = goldenCollectors();
    const inManifest = new Set(manifest.map((e) => e.collector));
    for (const c of collectors) {
      expect(golden.has(c.name), `${c.name} has no golden fixture in test/fixtures/<platform>_<version>/`).toBe(true);
      // junos-public holds no licence reply at all: licenses is tested on golden fixtures and the simulator only.
      // Once a real reply shows up, it must be listed (and this exception goes).
      expect(inManifest.has(c.name), `${c.name}: manifest entries vs. real replies`).toBe(!COLLECTORS_WITHOUT_REAL_REPLIES.has(c.name));
    }
  });
});
