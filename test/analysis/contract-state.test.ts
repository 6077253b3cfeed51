/**
 * Contract states at their boundaries (src/analysis/contract-state.ts): today is 2026-06-15 (UTC),
 * expiringDays 90, so the last expiring day is 2026-09-13.
 */
import { describe, expect, it } from 'vitest';
import { contractClock, contractState } from '../../src/analysis/contract-state.js';
import { contract } from './reconcile-builders.js';

const clock = contractClock(new Date('2026-06-15T23:59:59Z'), 90);

describe('contractClock', () => {
  it('counts calendar days from the UTC date of now', () => {
    expect(clock).toEqual({ today: '2026-06-15', horizon: '2026-09-13' });
    expect(contractClock(new Date('2026-06-15T00:00:00Z'), 0)).toEqual({ today: '2026-06-15', horizon: '2026-06-15' });
    expect(contractClock(new Date('2028-02-28T10:00:00Z'), 1).horizon).toBe('2028-02-29');
  });
});

describe('contractState', () => {
  it.each([
    ['ends today: still current, and expiring', [contract('2025-06-16', '2026-06-15')], 'expiring'],
    ['ends on the last expiring day', [contract('2025-01-01', '2026-09-13')], 'expiring'],
    ['ends the day after it', [contract('2025-01-01', '2026-09-14')], 'active'],
    ['expired yesterday', [contract('2025-06-15', '2026-06-14')], 'expired'],
    ['starts today', [contract('2026-06-15', '2027-06-14')], 'active'],
    ['only a future contract', [contract('2026-06-16', '2027-06-15')], 'none'],
    ['no contract', [], 'none'],
    ['open start', [contract(null, '2027-01-01')], 'active'],
    ['open end is never expiring', [contract('2020-01-01', null)], 'active'],
    ['no dates at all (a contract id only): open both ways', [contract(null, null)], 'active'],
    ['an expired and a future one', [contract('2024-01-01', '2025-12-31'), contract('2026-07-01', '2027-06-30')], 'expired'],
    ['the latest end of the current ones decides', [contract('2025-01-01', '2026-07-01'), contract('2026-01-01', '2027-12-31')], 'active'],
    ['two current, both ending soon', [contract('2025-01-01', '2026-07-01'), contract('2026-01-01', '2026-08-01')], 'expiring'],
    ['an open-ended current one beats an expiring one', [contract('2025-01-01', '2026-07-01'), contract('2026-01-01', null)], 'active'],
    ['a current one and an expired one', [contract('2020-01-01', '2021-01-01'), contract('2026-01-01', '2027-12-31')], 'active'],
  ])('%s', (_what, contracts, state) => {
    expect(contractState(contracts, clock)).toBe(state);
  });
});
