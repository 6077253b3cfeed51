/**
 * Test support for the per-RE collectors (software-information, route-engine, system-uptime):
 * parse a saved reply the way `ibsight parse` does, read the built-in simulator profiles, and
 * list this collector's golden fixture pairs under test/fixtures/<platform>_<version>/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Collector, CollectorOutcome } from '../../collectors/collector.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseXml } from '../../src/xml/parse.js';

export const SCRUB_KEY = Buffer.from('ibsight-golden-test-key');
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

/** The outcome of parsing XML text with a collector, as for a saved file (key null). */
export function parseText<R>(collector: Collector<R>, text: string): CollectorOutcome<R> {
  return parseReplies(collector, [{ key: null, root: parseXml(text) }], { scrubKey: SCRUB_KEY });
}

export function parseFile<R>(collector: Collector<R>, path: string): CollectorOutcome<R> {
  return parseText(collector, readFileSync(path, 'utf8'));
}

/** Records of an `ok` outcome (throws otherwise, with the status). */
export function recordsOf<R>(outcome: CollectorOutcome<R>): R {
  if (outcome.status !== 'ok') throw new Error(`expected records, got ${outcome.status}`);
  return outcome.records;
}

/** The IbsightError code a parse throws, or null when it does not throw. */
export function errorCodeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof IbsightError) return err.code;
    throw err;
  }
}

export const BUILTIN_PROFILES = ['ex4300-vc', 'mx480', 'mx960', 'ptx10001', 'qfx5120', 'srx345-cluster'] as const;

export interface ProfileMeta {
  hostname: string;
  release: string;
}

export function profileMeta(profile: string): ProfileMeta {
  return parseYaml(readFileSync(join(builtinProfileDir(profile), 'profile.yaml'), 'utf8')) as ProfileMeta;
}

export function profileFile(profile: string, file: string): string {
  return join(builtinProfileDir(profile), file);
}

/** Golden pairs (`.xml` with its `.json`) whose expected JSON names this collector. */
export function goldenPairs(collector: string): { xml: string; json: string }[] {
  const pairs: { xml: string; json: string }[] = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    const path = join(FIXTURES, dir);
    if (!dir.includes('_') || !statSync(path).isDirectory()) continue;
    for (const name of readdirSync(path).filter((n) => n.endsWith('.json')).sort()) {
      const json = join(path, name);
      const xml = json.replace(/\.json$/, '.xml');
      const doc = JSON.parse(readFileSync(json, 'utf8')) as { collector?: string };
      if (doc.collector === collector && existsSync(xml)) pairs.push({ xml, json });
    }
  }
  return pairs;
}

/** What `ibsight parse <collector> <file> --json` prints for a golden reply. */
export function goldenDocument(collector: Collector, xml: string): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = outcomeDocument(collector.name, parseFile(collector, xml));
  } catch (err) {
    if (!(err instanceof IbsightError)) throw err;
    doc = { collector: collector.name, status: 'error', error: { code: err.code } };
  }
  return JSON.parse(JSON.stringify(doc));
}
