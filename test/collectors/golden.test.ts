/**
 * Golden files: every `test/fixtures/<platform>_<version>/<rpc>.xml` reply with an expected JSON
 * next to it (`<same name>.json`, reviewed by hand) must parse to exactly that document — the one
 * `ibsight parse <collector> <file> --json` prints. A reply without its expected JSON fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCollector } from '../../collectors/index.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { parseXml } from '../../src/xml/parse.js';

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const GOLDEN_SCRUB_KEY = Buffer.from('ibsight-golden-test-key');

/** Platform folders are named `<platform>_<version>` (the simulator's test profiles live in fixtures/sim). */
function goldenReplies(): string[] {
  const files: string[] = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    const path = join(FIXTURES, dir);
    if (!statSync(path).isDirectory() || !dir.includes('_')) continue;
    for (const name of readdirSync(path).sort()) if (name.endsWith('.xml')) files.push(join(dir, name));
  }
  return files;
}

function parseDocument(collectorName: string, text: string): Record<string, unknown> {
  const collector = findCollector(collectorName);
  if (!collector) throw new Error(`unknown collector ${collectorName}`);
  try {
    return outcomeDocument(collector.name, parseReplies(collector, [{ key: null, root: parseXml(text) }], { scrubKey: GOLDEN_SCRUB_KEY }));
  } catch (err) {
    if (err instanceof IbsightError) return { collector: collector.name, status: 'error', error: { code: err.code } };
    throw err;
  }
}

const replies = goldenReplies();

describe('golden fixtures', () => {
  it('exist', () => {
    expect(replies.length).toBeGreaterThan(0);
  });

  it.each(replies)('%s parses to its expected JSON', (file) => {
    const expectedFile = join(FIXTURES, file.replace(/\.xml$/, '.json'));
    expect(existsSync(expectedFile), `${file} has no expected JSON next to it`).toBe(true);
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as { collector: string };
    const actual = parseDocument(expected.collector, readFileSync(join(FIXTURES, file), 'utf8'));
    expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);
  });
});
