/**
 * One entry of the junos-public manifest: every file under ../shared/data/junos-public is
 * listed once, with the collector that reads it and what must come out. The manifest is split
 * by collector (`test/manifest/<collector>.ts`, plus `out-of-scope.ts`); junos-public.test.ts
 * merges the parts, runs each entry and fails on any file that is not listed.
 */
import type { CollectorName } from '../../collectors/collector.js';
import type { ErrorCode } from '../../src/errors/ibsight-error.js';

export type ManifestExpectation<R = any> =
  /** Parses to records; `check` asserts key values (serial counts, member names, versions...). */
  | { outcome: 'records'; check?: (records: R) => void }
  /** The device legitimately has no such data. */
  | { outcome: 'not-applicable' }
  /** Unusable as a whole: parsing fails with this code (deliberately broken, "not master" notes...). */
  | { outcome: 'error'; code: ErrorCode };

export type ManifestEntry<R = any> =
  | ({ file: string; collector: CollectorName; note?: string } & ManifestExpectation<R>)
  /** CLI text, JSON, or a reply no collector reads: why it is out of scope. */
  | { file: string; collector: null; outcome: 'out-of-scope'; reason: string };
