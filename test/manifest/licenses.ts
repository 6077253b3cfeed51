/**
 * Manifest part: real replies to get-license-summary-information under junos-public — there are
 * none (no public project we drew from saved one as a data file). The collector is tested on the
 * built-in simulator profiles and hand-written fixtures (test/collectors/licenses.test.ts).
 */
import type { LicensesRecords } from '../../collectors/licenses.js';
import type { ManifestEntry } from './manifest-entry.js';

export const entries: ManifestEntry<LicensesRecords>[] = [];
