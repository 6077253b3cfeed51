/**
 * Contract findings (issue 6): which seen serials get a finding, its state, severity and key.
 */
import { describe, expect, it } from 'vitest';
import { contractFindings, type ContractFindingsInput } from '../../src/analysis/contract-findings.js';
import type { ExposureComponent } from '../../src/store/exposure-store.js';
import type { IbContract } from '../../src/installed-base/installed-base-types.js';

const NOW = new Date('2026-06-01T10:00:00Z');

function component(serial: string | null, kind: ExposureComponent['kind'], more: Partial<ExposureComponent> = {}): ExposureComponent {
  return { device: 'mx1', path: kind === 'chassis' ? ['Chassis'] : ['Chassis', 'FPC 0'], kind, serialNumber: serial, serialPlaceholder: false,
    partNumber: '750-1', modelNumber: 'M-1', description: null, ...more };
}

const contract = (start: string | null, end: string | null): IbContract => ({ contractId: 'C', serviceLevel: 'NDCE', start, end });

function input(components: ExposureComponent[], records: Record<string, IbContract[]>): ContractFindingsInput {
  return {
    components,
    contracts: new Map(Object.entries(records).map(([serial, contracts]) => [serial, { siteId: 'S1', sku: null, contracts }])),
    devices: new Map([['mx1', { site: 'S1', model: 'mx960' }]]),
    kinds: ['chassis', 'fpc'],
    expiringDays: 90,
    now: NOW,
  };
}

describe('contractFindings', () => {
  it('gives expired, none and expiring findings with severities by kind, and nothing for active cover', () => {
    const found = contractFindings(input(
      [component('CH1', 'chassis'), component('F-EXP', 'fpc'), component('F-NONE', 'fpc'), component('F-SOON', 'fpc'), component('F-OK', 'fpc')],
      {
        CH1: [contract('2020-01-01', '2026-05-31')],
        'F-EXP': [contract(null, '2025-01-01'), contract(null, '2026-01-01')],
        'F-NONE': [],
        'F-SOON': [contract('2025-06-01', '2026-08-30')],
        'F-OK': [contract('2025-06-01', '2027-06-01')],
      },
    ));
    expect(found.map((f) => [f.component!.serialNumber, f.status, f.severity, f.date])).toEqual([
      ['CH1', 'expired', 'high', '2026-05-31'],
      ['F-EXP', 'expired', 'medium', '2026-01-01'],
      ['F-NONE', 'none', 'medium', null],
      ['F-SOON', 'expiring', 'low', '2026-08-30'],
    ]);
    expect(found[0]).toMatchObject({ key: 'contract|mx1|CH1|expired', kind: 'contract', site: 'S1', model: 'mx960', ref: 'expired' });
    expect(found[3]!.detail).toContain('within 90 days');
  });

  it('skips serials without a record, placeholders, other kinds, and counts a serial once per device', () => {
    const found = contractFindings(input(
      [
        component('UNKNOWN', 'fpc'),
        component('BUILTIN', 'fpc', { serialPlaceholder: true }),
        component('X1', 'transceiver'),
        component(null, 'fpc'),
        component('TWICE', 'fpc'),
        component('TWICE', 'fpc', { path: ['Chassis', 'FPC 0', 'PIC 0'] }),
      ],
      { BUILTIN: [], X1: [], TWICE: [] },
    ));
    expect(found.map((f) => f.component!.serialNumber)).toEqual(['TWICE']);
  });
});
