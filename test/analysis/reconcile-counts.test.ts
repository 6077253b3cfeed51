/**
 * Counts, accuracy and per-site figures of a reconciliation (src/analysis/reconcile-counts.ts).
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { accuracyPct } from '../../src/analysis/reconcile-counts.js';
import { component, device, input, record, shippedFamilies as families, SITE_A, SITE_B } from './reconcile-builders.js';

describe('accuracyPct = 100 × matched ÷ (inScope − notVerified), to 0.1', () => {
  it.each([
    [1, 8, 0, 12.5],
    [1, 3, 0, 33.3],
    [2, 3, 0, 66.7],
    [1, 1000, 0, 0.1],
    [1, 2001, 0, 0],
    [999, 1000, 0, 99.9],
    [19999, 20000, 0, 100],
    [3, 5, 1, 75],
    [0, 4, 0, 0],
  ])('matched %i, inScope %i, notVerified %i → %f', (matched, inScope, notVerified, pct) => {
    expect(accuracyPct(matched, inScope, notVerified)).toBe(pct);
  });

  it('halves round up: 1 of 16 is 6.25 → 6.3', () => {
    expect(accuracyPct(1, 16, 0)).toBe(6.3);
  });

  it('is 100 when nothing is verifiable', () => {
    expect(accuracyPct(0, 0, 0)).toBe(100);
    expect(accuracyPct(0, 3, 3)).toBe(100);
  });
});

describe('summary and perSite', () => {
  it('count every site of the scope, sorted, each item at the site it was seen at, else its installed-base site', () => {
    const result = reconcile(
      input({
        sites: [{ id: SITE_B, name: 'FRA' }, { id: 'Z-EMPTY', name: null }, { id: SITE_A, name: 'AMS' }],
        // a2 is current (with nothing of its own to report), so SITE_A was looked at: A-GONE is missing there
        devices: [device('b1', SITE_B), device('a1', SITE_A, false), device('a2', SITE_A)],
        components: [
          component('b1', 'B-OK', 'chassis', ['Chassis']),
          component('b1', 'FROM-A', 'fpc', ['Chassis', 'FPC 0']),
          component('a1', 'A-STALE', 'chassis', ['Chassis']),
        ],
        installedBase: [
          record('B-OK', SITE_B, null),
          record('FROM-A', SITE_A, null),
          record('A-STALE', SITE_A, null),
          record('A-GONE', SITE_A, null),
        ],
      }),
      families,
    );
    expect(result.perSite).toEqual([
      { site: SITE_A, inScope: 2, matched: 0, unregistered: 0, missing: 1, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 1, accuracyPct: 0 },
      { site: SITE_B, inScope: 2, matched: 1, unregistered: 0, missing: 0, siteMismatch: 1, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 50 },
      { site: 'Z-EMPTY', inScope: 0, matched: 0, unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0, accuracyPct: 100 },
    ]);
    expect(result.summary).toEqual({
      inScope: 4, matched: 1, unregistered: 0, missing: 1, siteMismatch: 1, productMismatch: 0, rmaSuspected: 0, notVerified: 1, accuracyPct: 33.3,
    });
  });

  it('a fleet whose only serials are not verified is 100 % accurate, not 0', () => {
    const result = reconcile(
      input({
        devices: [device('a1', SITE_A, false)],
        components: [component('a1', 'A-STALE', 'chassis', ['Chassis'])],
        installedBase: [record('A-STALE', SITE_A, null)],
      }),
      families,
    );
    expect(result.summary).toMatchObject({ inScope: 1, notVerified: 1, accuracyPct: 100 });
  });

  it('an empty snapshot: every site with zeros and 100 %', () => {
    const result = reconcile(input({}), families);
    expect(result.items).toEqual([]);
    expect(result.summary).toMatchObject({ inScope: 0, accuracyPct: 100 });
    expect(result.perSite.map((s) => [s.site, s.inScope, s.accuracyPct])).toEqual([[SITE_A, 0, 100], [SITE_B, 0, 100]]);
  });
});
