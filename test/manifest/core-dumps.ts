/**
 * Manifest part: the real replies to get-system-core-dumps. The genieparser `show system
 * core-dumps` capture is CLI text: listed in out-of-scope.ts.
 */
import { expect } from 'vitest';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import type { ManifestEntry } from './manifest-entry.js';

export const entries: ManifestEntry<CoreDumpRecord[]>[] = [
  {
    file: 'pyez/rpc-reply/get-system-core-dumps.xml',
    collector: 'core-dumps',
    outcome: 'records',
    note: 'vSRX 12.1X46: a directory-list with only "No such file or directory" notes — no core files, not an error',
    check: (records) => {
      expect(records).toEqual([]);
    },
  },
];
