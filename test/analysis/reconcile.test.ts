/**
 * The reconciliation (src/analysis/reconcile.ts): every status on one small fleet, scope, kinds,
 * placeholders, and the serial rules (case, several components, several devices).
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import type { ReconcileItem, ReconcileResult } from '../../src/analysis/reconcile-types.js';
import { component, device, input, NOW, record, shippedFamilies as families, SITE_A, SITE_B, SITE_OUT } from './reconcile-builders.js';

function item(result: ReconcileResult, serial: string): ReconcileItem {
  const found = result.items.filter((i) => i.serialNumber === serial);
  expect(found, `items for ${serial}`).toHaveLength(1);
  return found[0]!;
}

describe('every status', () => {
  const result = reconcile(
    input({
      devices: [device('mx1', SITE_A), device('mx2', SITE_A, false)],
      components: [
        component('mx1', 'JN1', 'chassis', ['Chassis'], { description: 'MX960' }),
        component('mx1', 'F1', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE', part: '750-056519', description: 'MPC7E 3D MRATE-12xQSFPP-XGE-XLGE-CGE' }),
        component('mx1', 'F2', 'mic', ['Chassis', 'FPC 1', 'MIC 0'], { model: 'MIC-3D-20GE-SFP-E', description: '3D 20x 1GE(LAN)-E,SFP' }),
        component('mx1', 'S1', 'control-board', ['Chassis', 'CB 0'], { model: 'SCBE3-MX-S', description: 'Enhanced MX SCB 3' }),
        component('mx1', 'R-NEW', 'fpc', ['Chassis', 'FPC 2'], { model: 'MPC10E-15C-MRATE', description: 'MPC10E 3D MRATE-15xQSFPP' }),
        component('mx2', 'N1', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE' }),
        component('mx2', 'U2', 'fan', ['Chassis', 'Fan Tray 0'], { model: 'FFANTRAY-MX960-HC-S' }),
      ],
      installedBase: [
        record('JN1', SITE_A, 'MX960BASE3-AC-ECM'),
        record('F1', SITE_A, 'MPC10E-15C-MRATE'),
        record('S1', SITE_B, 'SCBE3-MX-S'),
        record('M1', SITE_A, 'RE-S-X6-64G-S'),
        record('N1', SITE_A, 'MPC7E-MRATE'),
        record('R-OLD', SITE_A, 'MPC10E-15C-MRATE'),
      ],
    }),
    families,
  );

  it('gives each in-scope serial exactly one item with its status', () => {
    expect(Object.fromEntries(result.items.map((i) => [i.serialNumber, i.status]))).toEqual({
      JN1: 'matched',
      F2: 'unregistered',
      U2: 'unregistered',
      M1: 'missing',
      S1: 'site-mismatch',
      F1: 'product-mismatch',
      'R-NEW': 'rma-suspected',
      'R-OLD': 'rma-suspected',
      N1: 'not-verified',
    });
  });

  it('counts them, with accuracy over the verifiable serials', () => {
    expect(result.summary).toEqual({
      inScope: 9, matched: 1, unregistered: 2, missing: 1, siteMismatch: 1, productMismatch: 1, rmaSuspected: 2, notVerified: 1,
      accuracyPct: 12.5,
    });
  });

  it('fills each item from the device and the installed base', () => {
    expect(item(result, 'JN1')).toEqual({
      status: 'matched', serialNumber: 'JN1', device: 'mx1', site: SITE_A, ibSite: SITE_A, kind: 'chassis', partNumber: null, modelNumber: null,
      sku: 'MX960BASE3-AC-ECM', contract: 'active', pairedWith: null,
      detail: `Seen on mx1 Chassis (description MX960) at site ${SITE_A}, where the installed base records it; SKU MX960BASE3-AC-ECM (family MX960) agrees with description MX960.`,
    });
    expect(item(result, 'M1')).toMatchObject({ device: null, site: null, ibSite: SITE_A, kind: null, sku: 'RE-S-X6-64G-S', contract: 'active' });
    expect(item(result, 'F2')).toMatchObject({ device: 'mx1', site: SITE_A, ibSite: null, kind: 'mic', modelNumber: 'MIC-3D-20GE-SFP-E', sku: null, contract: null });
  });

  it('says in one sentence what was compared', () => {
    expect(item(result, 'F1').detail).toBe(
      `SKU MPC10E-15C-MRATE (family MPC10E) contradicts model MPC7E-MRATE (family MPC7E) and description MPC7E 3D MRATE-12xQSFPP-XGE-XLGE-CGE (family MPC7E) reported by mx1 Chassis / FPC 0, at site ${SITE_A} where the installed base records it.`,
    );
    expect(item(result, 'S1').detail).toBe(
      `Seen on mx1 Chassis / CB 0 (model SCBE3-MX-S) at site ${SITE_A}, but the installed base records it at site ${SITE_B} as SKU SCBE3-MX-S.`,
    );
    expect(item(result, 'M1').detail).toBe(
      `Recorded at site ${SITE_A} as SKU RE-S-X6-64G-S, not seen on any device of the inventory whose latest collection succeeded.`,
    );
    expect(item(result, 'N1').detail).toBe(
      `Recorded at site ${SITE_A} as SKU MPC7E-MRATE and last seen on 2026-06-01T06:00:00.000Z on mx2 Chassis / FPC 0 (model MPC7E-MRATE) at site ${SITE_A}, whose latest collection failed, so it could not be verified.`,
    );
    expect(item(result, 'U2').detail).toBe(
      `Last seen on 2026-06-01T06:00:00.000Z on mx2 Chassis / Fan Tray 0 (model FFANTRAY-MX960-HC-S) at site ${SITE_A}, whose collection has failed since; not in the installed base.`,
    );
    expect(item(result, 'R-OLD')).toMatchObject({ pairedWith: 'R-NEW', ibSite: SITE_A, site: null });
    expect(item(result, 'R-NEW')).toMatchObject({ pairedWith: 'R-OLD', site: SITE_A, ibSite: null });
    expect(item(result, 'R-NEW').detail).toContain('missing serial R-OLD (SKU MPC10E-15C-MRATE) at the same site has the same model or part number MPC10E-15C-MRATE');
  });

  it('sorts items by site, status (SPEC order), serial', () => {
    expect(result.items.map((i) => i.serialNumber)).toEqual(['JN1', 'F2', 'U2', 'M1', 'S1', 'F1', 'R-NEW', 'R-OLD', 'N1']);
  });
});

describe('a site where nobody looked', () => {
  // b-new is in the inventory but was never collected: no device of SITE_B has a current inventory
  const result = reconcile(
    input({
      devices: [device('a1', SITE_A), device('b-new', SITE_B, false)],
      components: [component('a1', 'A-CH', 'chassis', ['Chassis'], { description: 'MX960' }), component('a1', 'A-NEW', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE' })],
      installedBase: [
        record('A-CH', SITE_A, 'MX960BASE3-AC-ECM'),
        record('A-GONE', SITE_A, 'MPC7E-MRATE-RB'),
        record('B1', SITE_B, 'MX480BASE-AC'),
        record('B2', SITE_B, null),
      ],
    }),
    families,
  );

  it('does not call its installed-base serials missing: they are not-verified until a device of the site is collected', () => {
    expect(result.items.map((i) => [i.serialNumber, i.status, i.pairedWith])).toEqual([
      ['A-CH', 'matched', null],
      ['A-GONE', 'rma-suspected', 'A-NEW'],
      ['A-NEW', 'rma-suspected', 'A-GONE'],
      ['B1', 'not-verified', null],
      ['B2', 'not-verified', null],
    ]);
    expect(item(result, 'B1')).toMatchObject({ device: null, site: null, ibSite: SITE_B, sku: 'MX480BASE-AC', contract: 'active' });
    expect(item(result, 'B1').detail).toBe(
      `Recorded at site ${SITE_B} as SKU MX480BASE-AC; no device of site ${SITE_B} has a current inventory (never collected, or its latest collection failed), so it could not be verified.`,
    );
    // accuracy over what could be verified: 1 matched of 3 at SITE_A; SITE_B has nothing verifiable
    expect(result.perSite.map((s) => [s.site, s.inScope, s.notVerified, s.accuracyPct])).toEqual([[SITE_A, 3, 0, 33.3], [SITE_B, 2, 2, 100]]);
  });
});

describe('precedence', () => {
  it('not-verified before site-mismatch before product-mismatch', () => {
    const result = reconcile(
      input({
        devices: [device('up', SITE_A), device('down', SITE_A, false)],
        components: [
          component('down', 'STALE-ELSEWHERE', 'chassis', ['Chassis'], { description: 'MX480' }),
          component('up', 'WRONG-SITE-AND-PRODUCT', 'chassis', ['Chassis'], { description: 'MX480' }),
        ],
        installedBase: [record('STALE-ELSEWHERE', SITE_B, 'MX960BASE3-AC-ECM'), record('WRONG-SITE-AND-PRODUCT', SITE_B, 'MX960BASE3-AC-ECM')],
      }),
      families,
    );
    expect(result.items.map((i) => [i.serialNumber, i.status])).toEqual([
      ['WRONG-SITE-AND-PRODUCT', 'site-mismatch'],
      ['STALE-ELSEWHERE', 'not-verified'],
    ]);
  });
});

describe('scope', () => {
  it('ignores devices of other sites and without a site; an installed-base site outside the scope is a site mismatch when seen', () => {
    const result = reconcile(
      input({
        devices: [device('in', SITE_A), device('away', SITE_OUT), device('nowhere', null)],
        components: [
          component('in', 'FROM-ELSEWHERE', 'chassis', ['Chassis'], { description: 'MX480' }),
          component('away', 'AWAY-1', 'chassis', ['Chassis']),
          component('away', 'HOME-BUT-AWAY', 'fpc', ['Chassis', 'FPC 0']),
          component('nowhere', 'NOWHERE-1', 'chassis', ['Chassis']),
          component('ghost', 'GHOST-1', 'chassis', ['Chassis']),
        ],
        installedBase: [
          record('FROM-ELSEWHERE', SITE_OUT, 'MX480BASE3-AC'),
          record('AWAY-1', SITE_OUT, 'MX480BASE3-AC'),
          record('OTHER-CUSTOMER-SITE', SITE_OUT, 'MX960BASE3-AC-ECM'),
          record('HOME-BUT-AWAY', SITE_A, 'MPC7E-MRATE'),
        ],
      }),
      families,
    );
    expect(result.items.map((i) => [i.serialNumber, i.status])).toEqual([
      ['HOME-BUT-AWAY', 'missing'],
      ['FROM-ELSEWHERE', 'site-mismatch'],
    ]);
    expect(item(result, 'FROM-ELSEWHERE').detail).toContain(`records it at site ${SITE_OUT} (not a site of the inventory)`);
    expect(result.perSite.map((s) => s.site)).toEqual([SITE_A, SITE_B]);
  });

  it('reconciles only the configured kinds; an installed-base serial seen as another kind still counts as seen', () => {
    const components = [
      component('mx1', 'XCVR-1', 'transceiver', ['Chassis', 'FPC 0', 'PIC 0', 'Xcvr 0'], { description: 'SFP+-10G-SR', part: '740-021308' }),
      component('mx1', 'XCVR-2', 'transceiver', ['Chassis', 'FPC 0', 'PIC 0', 'Xcvr 1'], { description: 'SFP+-10G-SR' }),
      component('mx1', 'MIDPLANE-1', 'midplane', ['Chassis', 'Midplane'], { model: 'CHAS-BP3-MX960-S' }),
    ];
    const installedBase = [record('XCVR-1', SITE_A, '740-021308')];
    const without = reconcile(input({ devices: [device('mx1', SITE_A)], components, installedBase }), families);
    expect(without.items.map((i) => [i.serialNumber, i.status, i.kind])).toEqual([['XCVR-1', 'matched', 'transceiver']]);
    const withOptics = reconcile(input({ devices: [device('mx1', SITE_A)], components, installedBase, kinds: ['transceiver'] }), families);
    expect(withOptics.items.map((i) => [i.serialNumber, i.status])).toEqual([['XCVR-1', 'matched'], ['XCVR-2', 'unregistered']]);
  });

  it('ignores placeholder serials on both sides', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: ['BUILTIN', ' builtin ', 'NONE', 'N/A', '000000', '   '].map((s, n) => component('mx1', s, 'pic', ['Chassis', 'FPC 0', `PIC ${n}`])),
        installedBase: [record('N/A', SITE_A, 'X'), record(' BUILTIN', SITE_A, 'X')],
      }),
      families,
    );
    expect(result.items).toEqual([]);
    expect(result.summary).toMatchObject({ inScope: 0, accuracyPct: 100 });
  });
});

describe('serials', () => {
  it('compare trimmed and case-insensitively; the item shows the serial as the device reported it', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: [component('mx1', ' jn12ab ', 'chassis', ['Chassis'], { description: 'MX480' })],
        installedBase: [record('JN12AB', SITE_A, 'MX480BASE3-AC')],
      }),
      families,
    );
    expect(result.items.map((i) => [i.serialNumber, i.status])).toEqual([['jn12ab', 'matched']]);
  });

  it('one serial on several components of a device counts once: the highest in the tree gives the kind (FPC before RE)', () => {
    // a virtual-chassis member: its serial on FPC 1, its PIC 0, and the same serial again in another case
    const result = reconcile(
      input({
        devices: [device('vc1', SITE_A)],
        components: [
          component('vc1', 'pe3719150273', 'routing-engine', ['Chassis', 'Routing Engine 1'], { description: 'EX4300-48T' }),
          component('vc1', 'PE3719150273', 'pic', ['Chassis', 'FPC 1', 'PIC 0'], { model: 'EX4300-48T', part: '650-044931', description: '48x 10/100/1000 Base-T' }),
          component('vc1', 'PE3719150273', 'fpc', ['Chassis', 'FPC 1'], { model: 'EX4300-48T', part: '650-044931', description: 'EX4300-48T' }),
          component('vc1', 'PD3718290411', 'chassis', ['Chassis'], { description: 'Virtual Chassis' }),
          component('vc1', 'PD3718290411', 'fpc', ['Chassis', 'FPC 0'], { model: 'EX4300-48P', part: '650-044936' }),
        ],
        installedBase: [record('PE3719150273', SITE_A, 'EX4300-48T-AFI'), record('PD3718290411', SITE_A, 'EX4300-48P')],
      }),
      families,
    );
    expect(result.summary).toMatchObject({ inScope: 2, matched: 2 });
    expect(item(result, 'PE3719150273')).toMatchObject({ kind: 'fpc', partNumber: '650-044931', modelNumber: 'EX4300-48T' });
    // the chassis has no model: part and model come from the next component of the serial that has them
    expect(item(result, 'PD3718290411')).toMatchObject({ kind: 'chassis', partNumber: '650-044936', modelNumber: 'EX4300-48P' });
    expect(item(result, 'PD3718290411').detail).toContain('SKU EX4300-48P is the model the device reported');
  });

  it('one serial on two devices is one item: the current device wins and the detail names both', () => {
    const result = reconcile(
      input({
        devices: [device('old', SITE_A, false), device('new', SITE_B)],
        components: [
          component('old', 'MOVED-1', 'fpc', ['Chassis', 'FPC 3'], { model: 'MPC7E-MRATE' }),
          component('new', 'MOVED-1', 'fpc', ['Chassis', 'FPC 0'], { model: 'MPC7E-MRATE' }),
        ],
        installedBase: [record('MOVED-1', SITE_A, 'MPC7E-MRATE')],
      }),
      families,
    );
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ status: 'site-mismatch', device: 'new', site: SITE_B, ibSite: SITE_A });
    expect(result.items[0]!.detail).toBe(
      `Seen on new Chassis / FPC 0 (model MPC7E-MRATE) at site ${SITE_B}, but the installed base records it at site ${SITE_A} as SKU MPC7E-MRATE; also reported by old Chassis / FPC 3 (model MPC7E-MRATE) at site ${SITE_A}, whose latest collection failed (last collected 2026-06-01T06:00:00.000Z).`,
    );
  });

  it('a record without contracts is `none`; an unregistered serial has no contract state', () => {
    const result = reconcile(
      input({
        devices: [device('mx1', SITE_A)],
        components: [component('mx1', 'A1', 'chassis', ['Chassis']), component('mx1', 'B1', 'fpc', ['Chassis', 'FPC 0'])],
        installedBase: [record('A1', SITE_A, null, [])],
        now: NOW,
      }),
      families,
    );
    expect(item(result, 'A1')).toMatchObject({ status: 'matched', contract: 'none' });
    expect(item(result, 'A1').detail).toContain('no SKU is recorded to compare the product with');
    expect(item(result, 'B1')).toMatchObject({ status: 'unregistered', contract: null });
  });
});
