/**
 * RMA suspicion (src/analysis/rma-pairing.ts through reconcile): missing and unregistered serials
 * of one site and the same product pair one to one, deterministically.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import type { ReconcileResult } from '../../src/analysis/reconcile-types.js';
import { component, device, input, record, shippedFamilies as families, SITE_A, SITE_B } from './reconcile-builders.js';

function statuses(result: ReconcileResult): [string, string, string | null][] {
  return result.items.map((i) => [i.serialNumber, i.status, i.pairedWith]);
}

describe('rma-suspected', () => {
  it('two missing and one unregistered of the same product: one pair, the lowest missing serial; the other stays missing', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: [component('mx1', 'NEW-1', 'fpc', ['Chassis', 'FPC 4'], { model: 'MPC7E-MRATE' })],
        installedBase: [record('OLD-B', SITE_A, 'MPC7E-MRATE'), record('OLD-A', SITE_A, 'MPC7E-MRATE')],
      }),
      families,
    );
    expect(statuses(result)).toEqual([
      ['OLD-B', 'missing', null],
      ['NEW-1', 'rma-suspected', 'OLD-A'],
      ['OLD-A', 'rma-suspected', 'NEW-1'],
    ]);
    expect(result.summary).toMatchObject({ inScope: 3, missing: 1, rmaSuspected: 2, unregistered: 0 });
  });

  it('pairs by product family when no number matches, on a component of a kind the family lists', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: [
          component('mx1', 'NEW-RE', 'routing-engine', ['Chassis', 'Routing Engine 1'], { model: 'RE-S-X6-128G-S', description: 'RE-S-2X00x6' }),
          component('mx1', 'NEW-MIDPLANE', 'midplane', ['Chassis', 'Midplane'], { model: 'CHAS-BP3-MX960-S', description: 'Enhanced MX960 Backplane' }),
        ],
        installedBase: [record('OLD-RE', SITE_A, 'RE-S-X6-64G-S'), record('OLD-CHASSIS', SITE_A, 'MX960BASE3-AC-ECM')],
        kinds: ['chassis', 'midplane', 'routing-engine'],
      }),
      families,
    );
    // the MX960 family is a chassis: a midplane that mentions MX960 is not its replacement
    expect(statuses(result)).toEqual([
      ['NEW-MIDPLANE', 'unregistered', null],
      ['OLD-CHASSIS', 'missing', null],
      ['NEW-RE', 'rma-suspected', 'OLD-RE'],
      ['OLD-RE', 'rma-suspected', 'NEW-RE'],
    ]);
    expect(result.items.find((i) => i.serialNumber === 'OLD-RE')!.detail).toBe(
      `Recorded at site ${SITE_A} as SKU RE-S-X6-64G-S but not seen; unregistered serial NEW-RE on mx1 Chassis / Routing Engine 1 (model RE-S-X6-128G-S) at the same site has the same product family RE-S-X6, so it looks like this part's RMA replacement.`,
    );
  });

  it('an exact number match is never taken by a looser family match of a lower serial', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: [component('mx1', 'NEW-1', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE' })],
        installedBase: [record('A-FAMILY-ONLY', SITE_A, 'MPC7E-10G'), record('B-EXACT', SITE_A, 'MPC7E-MRATE')],
      }),
      families,
    );
    expect(statuses(result)).toEqual([
      ['A-FAMILY-ONLY', 'missing', null],
      ['B-EXACT', 'rma-suspected', 'NEW-1'],
      ['NEW-1', 'rma-suspected', 'B-EXACT'],
    ]);
  });

  it('never pairs across sites, products, or with a record without SKU', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A), device('mx2', SITE_B)],
        components: [
          component('mx2', 'NEW-B', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE' }),
          component('mx1', 'NEW-A', 'control-board', ['Chassis', 'CB 1'], { model: 'SCBE3-MX-S' }),
          component('mx1', 'NEW-X', 'fpc', ['Chassis', 'FPC 1'], { model: 'UNKNOWN-CARD' }),
        ],
        installedBase: [record('OLD-A', SITE_A, 'MPC7E-MRATE'), record('OLD-NOSKU', SITE_A, null), record('OLD-SCBE2', SITE_A, 'SCBE2-MX-S')],
      }),
      families,
    );
    expect(result.items.every((i) => i.pairedWith === null && i.status !== 'rma-suspected')).toBe(true);
    expect(result.summary).toMatchObject({ unregistered: 3, missing: 3, rmaSuspected: 0 });
  });

  it('is deterministic whatever the input order', () => {
    const components = ['N3', 'N1', 'N2'].map((s, n) => component('mx1', s, 'fpc', ['Chassis', `FPC ${n}`], { model: 'MPC10E-15C-MRATE' }));
    const installedBase = ['O2', 'O3', 'O1'].map((s) => record(s, SITE_A, 'MPC10E-15C-MRATE'));
    const one = reconcile(input({ devices: [device('mx1', SITE_A)], components, installedBase }), families);
    const two = reconcile(input({ devices: [device('mx1', SITE_A)], components: [...components].reverse(), installedBase: [...installedBase].reverse() }), families);
    expect(two).toEqual(one);
    expect(one.items.filter((i) => i.serialNumber.startsWith('O')).map((i) => [i.serialNumber, i.pairedWith])).toEqual([
      ['O1', 'N1'],
      ['O2', 'N2'],
      ['O3', 'N3'],
    ]);
  });
});
