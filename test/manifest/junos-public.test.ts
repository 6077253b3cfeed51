/**
 * Walks the manifest over every real reply in ../shared/data/junos-public: each file is listed
 * exactly once, and each in-scope file gives its expected outcome with its collector — records
 * (with key values checked), not-applicable, or a specific error code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCollector } from '../../collectors/index.js';
import { parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic, listJunosPublic } from '../support/junos-public.js';
import { manifest } from './index.js';

const SCRUB_KEY = Buffer.from('ibsight-manifest-test-key');

describe('junos-public manifest', () => {
  it('lists every real reply exactly once, and nothing that is not there', () => {
    const files = listJunosPublic();
    const listed = manifest.map((e) => e.file);
    const duplicates = listed.filter((f, i) => listed.indexOf(f) !== i);
    expect(duplicates, 'listed more than once').toEqual([]);
    expect(files.filter((f) => !listed.includes(f)), 'not in the manifest').toEqual([]);
    expect(listed.filter((f) => !files.includes(f)), 'in the manifest but not in junos-public').toEqual([]);
  });

  it('asserts key values on at least 15 real replies', () => {
    expect(manifest.filter((e) => e.outcome === 'records' && e.check).length).toBeGreaterThanOrEqual(15);
  });

  const inScope = manifest.filter((e) => e.collector !== null);
  it.each(inScope.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
    if (entry.collector === null) return;
    const collector = findCollector(entry.collector)!;
    expect(collector, entry.collector).toBeDefined();
    const run = () => parseReplies(collector, [{ key: null, root: parseXml(readFileSync(junosPublic(entry.file), 'utf8')) }], { scrubKey: SCRUB_KEY });
    if (entry.outcome === 'error') {
      let caught: unknown;
      try {
        run();
      } catch (err) {
        caught = err;
      }
      expect(caught, 'expected an error').toBeInstanceOf(IbsightError);
      expect((caught as IbsightError).code).toBe(entry.code);
      return;
    }
    const outcome = run();
    expect(outcome.status).toBe(entry.outcome === 'records' ? 'ok' : 'not-applicable');
    if (entry.outcome === 'records' && outcome.status === 'ok') entry.check?.(outcome.records);
  });
});
