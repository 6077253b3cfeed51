/**
 * Manifest part: the real replies to the alarms collector's RPCs (get-alarm-information,
 * get-system-alarm-information). The text `<output>` of `show system alarms` is CLI text: listed in
 * out-of-scope.ts (and checked as a PARSE_ERROR in test/collectors/alarms.test.ts).
 */
import { expect } from 'vitest';
import type { AlarmRecord } from '../../collectors/alarms.js';
import type { ManifestEntry } from './manifest-entry.js';

export const entries: ManifestEntry<AlarmRecord[]>[] = [
  {
    file: 'jsnapy/configs/1.1.1.1_snap_exists_post_show_chassis_alarms.xml',
    collector: 'alarms',
    outcome: 'records',
    note: 'active-alarm-count says 2 but one alarm-detail is present (hand-cut); seconds attribute without junos: prefix',
    check: (records) => {
      expect(records).toEqual([
        {
          source: 'chassis',
          member: null,
          class: 'Minor',
          severity: 'minor',
          type: 'Chassis',
          description: 'Plane 0 not online',
          shortDescription: 'Plane 0 not online',
          time: '2018-07-19T12:03:37.000Z',
        },
      ]);
    },
  },
  {
    file: 'jsnapy/configs/1.1.1.1_snap_exists_pre_show_chassis_alarms.xml',
    collector: 'alarms',
    outcome: 'records',
    note: '<no-active-alarms/>',
    check: (records) => {
      expect(records).toEqual([]);
    },
  },
];
