/**
 * The terminal views as pure functions: the devices table with its status summary, an empty
 * store's hint, and terminal escape sequences a device could send shown harmlessly as `?`.
 */
import { describe, expect, it } from 'vitest';
import { devicesText } from '../../src/reports/device-views.js';
import { textTable } from '../../src/reports/text-table.js';
import type { DeviceRow } from '../../src/store/store-api.js';

const row = (name: string, status: DeviceRow['status'], hostname: string | null = null): DeviceRow => ({
  name, site: 'S1', hostname, model: 'mx480', os: 'junos', version: '22.4R3-S2.11', serialNumber: 'JN1', lastCollected: null, status,
});

describe('devicesText', () => {
  it('aligns columns and sums up the statuses', () => {
    const text = devicesText([row('mx1', 'ok', 'edge-1'), row('a-much-longer-name', 'stale'), row('mx3', 'ok')]);
    const lines = text.split('\n');
    expect(lines[0]!.indexOf('SITE')).toBe(lines[2]!.indexOf('S1'));
    expect(lines[1]).toMatch(/^mx1\s+S1\s+edge-1\s+mx480\s+junos\s+22\.4R3-S2\.11\s+JN1\s+-\s+ok$/);
    expect(text.trimEnd().split('\n').pop()).toBe('3 devices: 2 ok, 1 stale');
  });

  it('tells what to do when nothing is known', () => {
    expect(devicesText([])).toMatch(/^No devices known yet: run `ibsight collect`/);
  });

  it('does not pass terminal escape sequences through', () => {
    const text = devicesText([row('mx1', 'ok', 'evil\u001b[2J\u001b]0;title\u0007')]);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('evil?[2J?]0;title?');
  });
});

describe('textTable', () => {
  it('shows null as - and keeps an empty string blank, without trailing spaces', () => {
    expect(textTable(['A', 'B'], [['x', null], ['group', '']], { indent: '  ' })).toBe('  A      B\n  x      -\n  group\n');
  });
});
