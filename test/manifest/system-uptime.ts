/**
 * Manifest part: the real replies to get-system-uptime-information. The RPC echo of `| display xml
 * rpc` (pyez/rpc-reply/show-system-uptime-rpc.xml), the JSON and the CLI text captures are listed in
 * out-of-scope.ts.
 */
import { expect } from 'vitest';
import type { SystemUptimeRecords } from '../../collectors/system-uptime.js';
import type { ManifestEntry } from './manifest-entry.js';

export const entries: ManifestEntry<SystemUptimeRecords>[] = [
  {
    file: 'pyez/rpc-reply/get-system-uptime-information.xml',
    collector: 'system-uptime',
    outcome: 'records',
    note: 'one RE, unprefixed seconds attributes',
    check: (r) => {
      expect(r.members).toHaveLength(1);
      expect(r.members[0]).toMatchObject({
        member: null, bootTime: '2017-06-29T20:02:33.000Z', uptimeSeconds: 14234, lastConfiguredTime: '2017-06-29T20:04:11.000Z', lastConfiguredBy: 'root',
      });
    },
  },
];
