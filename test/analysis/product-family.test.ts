/**
 * Product families (src/analysis/product-family.ts) with the shipped table: SKUs and what real
 * devices report map to base model families, and only a real contradiction is one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chassisInventoryCollector, type InventoryComponent } from '../../collectors/chassis-inventory.js';
import { parseReplies } from '../../collectors/outcome.js';
import { ProductFamilyTable, type ReportedProduct } from '../../src/analysis/product-family.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';
import { shippedFamilies as families } from './reconcile-builders.js';

function inventory(file: string): InventoryComponent[] {
  const outcome = parseReplies(chassisInventoryCollector, [{ key: null, root: parseXml(readFileSync(file, 'utf8')) }], {
    scrubKey: Buffer.from('product-family-test'),
  });
  if (outcome.status !== 'ok') throw new Error(`${file}: ${outcome.status}`);
  return outcome.records.components;
}

function reported(device: string, c: InventoryComponent): ReportedProduct {
  return { device, path: c.path, modelNumber: c.modelNumber, partNumber: c.partNumber, description: c.description };
}

function at(components: InventoryComponent[], ...path: string[]): InventoryComponent {
  const found = components.find((c) => c.path.join('/') === path.join('/'));
  if (!found) throw new Error(`no component ${path.join('/')}`);
  return found;
}

describe('familyOf with the shipped table', () => {
  it.each([
    ['MX960BASE3-AC-ECM', 'MX960'],
    ['MX960-PREMIUM3-AC-ECM', 'MX960'],
    ['mx480base3-ac', 'MX480'],
    ['MX2020BASE-AC', 'MX2020'],
    ['MX10003', 'MX10003'],
    ['SRX345-SYS-JB', 'SRX345'],
    ['SRX340-SYS-JE', 'SRX340'],
    ['SRX5400BB-AC', 'SRX5400'],
    ['EX4300-48T-AFI', 'EX4300'],
    ['QFX5120-48Y-AFI', 'QFX5120'],
    ['PTX10001-36MR-AC', 'PTX10001-36MR'],
    ['ACX7100-48L', 'ACX7100'],
    ['ACX710-DC', 'ACX710'],
    ['MPC7E-MRATE', 'MPC7E'],
    ['SCBE3-MX-S', 'SCBE3'],
    ['RE-S-X6-64G-S', 'RE-S-X6'],
  ])('SKU %s is family %s', (sku, family) => {
    expect(families.familyOf(sku)).toBe(family);
  });

  it.each([
    ['MX960', 'MX960'],
    ['Enhanced MX960 Backplane', 'MX960'],
    ['JNP10001-36MR [PTX10001-36MR]', 'PTX10001-36MR'],
    ['JNP48Y8C-CHAS', 'QFX5120'],
    ['SRX345-DUAL-AC', 'SRX345'],
    ['MPC7E 3D MRATE-12xQSFPP-XGE-XLGE-CGE', 'MPC7E'],
    ['MPC10E 3D MRATE-15xQSFPP', 'MPC10E'],
    ['MX-MPC3E-3D-NG-Q', 'MPC3E'],
    ['RE-S-2X00x6', 'RE-S-X6'],
  ])('reported %s is family %s', (text, family) => {
    expect(families.familyOf(text)).toBe(family);
  });

  it.each([['SRX3400'], ['ACX7100X'], ['Virtual Chassis'], ['PS 4.1kW; 200-240V AC in'], ['CHAS-BP3-MX960-S'], ['PWR-MX960-4100-AC-S'], ['750-047849'], ['  '], [null]])(
    '%s has no family (unknown, not guessed from a prefix)',
    (text) => {
      expect(families.familyOf(text)).toBeNull();
    },
  );

  it('the more literal pattern wins, then the later one', () => {
    const table = new ProductFamilyTable([
      { family: 'WIDE', kinds: null, skus: ['ABC*'], models: [] },
      { family: 'NARROW', kinds: null, skus: ['ABC-1*'], models: [] },
      { family: 'LATE', kinds: null, skus: ['ABC*'], models: [] },
    ]);
    expect(table.familyOf('ABC-123')).toBe('NARROW');
    expect(table.familyOf('ABCD')).toBe('LATE');
  });

  it('description words are matched against model patterns only', () => {
    const table = new ProductFamilyTable([{ family: 'BUNDLE', kinds: null, skus: ['KIT9'], models: [] }]);
    expect(table.familyOf('KIT9')).toBe('BUNDLE');
    expect(table.familyOf('Spare KIT9 tray')).toBeNull();
  });
});

describe('what the simulator profiles and real inventories report', () => {
  it.each([
    ['mx480', ['Chassis'], 'MX480'],
    ['mx960', ['Chassis'], 'MX960'],
    ['ptx10001', ['Chassis'], 'PTX10001-36MR'],
    ['qfx5120', ['Chassis'], 'QFX5120'],
    ['srx345-cluster', ['Chassis'], 'SRX345'],
    ['ex4300-vc', ['Chassis', 'FPC 0'], 'EX4300'],
    ['mx480', ['Chassis', 'Routing Engine 0'], 'RE-S-X6'],
    ['mx960', ['Chassis', 'CB 0'], 'SCBE3'],
  ])('profile %s: %j is family %s', (profile, path, family) => {
    const components = inventory(join(builtinProfileDir(profile), 'get-chassis-inventory.xml'));
    const found = families.reportedFamilies([reported('dev', at(components, ...path))]);
    expect(found.map((r) => r.family)).toContain(family);
  });

  it('a real MX480 (PyEZ fixture): chassis, REs, SCBs and MPCs find their families', () => {
    const components = inventory(junosPublic('pyez/facts/chassis_serialnumber_get-chassis-inventory.xml'));
    const familyOf = (path: string[]) => families.reportedFamilies([reported('mx', at(components, ...path))]).map((r) => r.family);
    expect(familyOf(['Chassis'])).toEqual(['MX480']);
    expect(familyOf(['Chassis', 'Routing Engine 0'])).toContain('RE-S-1800X4');
    expect(familyOf(['Chassis', 'CB 0'])).toContain('SCBE2');
    expect(familyOf(['Chassis', 'FPC 0'])).toContain('MPC5E');
  });
});

describe('productContradiction', () => {
  const chassis = (description: string): ReportedProduct => ({ device: 'mx1', path: ['Chassis'], modelNumber: null, partNumber: null, description });

  it('an MX960 bundle on a chassis that says MX480 is a contradiction, in one sentence', () => {
    expect(families.productContradiction('MX960BASE3-AC-ECM', [chassis('MX480')])).toBe(
      'SKU MX960BASE3-AC-ECM (family MX960) contradicts description MX480 reported by mx1 Chassis',
    );
  });

  it('the same family is no contradiction', () => {
    expect(families.productContradiction('MX960BASE3-AC-ECM', [chassis('MX960')])).toBeNull();
    expect(families.compareProduct('MX960BASE3-AC-ECM', [chassis('MX960')]).verdict).toBe('same-family');
  });

  it('unknown on either side is never a contradiction', () => {
    expect(families.compareProduct('ZZ-UNKNOWN-BUNDLE', [chassis('MX480')]).verdict).toBe('unknown-sku');
    expect(families.compareProduct('MX960BASE3-AC-ECM', [chassis('Virtual Chassis')]).verdict).toBe('unknown-reported');
    expect(families.productContradiction('MX960BASE3-AC-ECM', [chassis('Virtual Chassis')])).toBeNull();
    expect(families.compareProduct(null, [chassis('MX480')]).verdict).toBe('no-sku');
  });

  it('an SKU equal to a reported model or part number is never a contradiction, whatever the families say', () => {
    const table = new ProductFamilyTable([
      { family: 'ONE', kinds: null, skus: [], models: ['PART-1*'] },
      { family: 'TWO', kinds: null, skus: [], models: ['TWO*'] },
      { family: 'THREE', kinds: null, skus: ['THREE-*'], models: [] },
    ]);
    const fru: ReportedProduct = { device: 'r1', path: ['Chassis', 'FPC 1'], modelNumber: 'part-1x', partNumber: 'THREE-750', description: 'TWO things' };
    // THREE-750 is family THREE by its SKU pattern, but it is also the part number reported: not compared further
    expect(table.compareProduct('THREE-750', [fru])).toEqual({ verdict: 'same-number', field: 'part number', text: 'THREE-750' });
    expect(table.compareProduct('PART-1X', [fru])).toEqual({ verdict: 'same-number', field: 'model', text: 'part-1x' });
    // one reported text of the SKU's family is enough
    expect(table.productContradiction('PART-1Y', [fru])).toBeNull();
    expect(table.productContradiction('TWO-9', [fru])).toBeNull();
    // family THREE against ONE (the model) and TWO (a word of the description): a contradiction
    expect(table.productContradiction('THREE-9', [{ ...fru, partNumber: '750-1' }])).toBe(
      'SKU THREE-9 (family THREE) contradicts model part-1x (family ONE) and description TWO things (family TWO) reported by r1 Chassis / FPC 1',
    );
  });

  it('a virtual-chassis member: the SKU is compared with every component of the serial; one agreeing text is enough', () => {
    const members: ReportedProduct[] = [
      { device: 'vc1', path: ['Chassis'], modelNumber: null, partNumber: null, description: 'Virtual Chassis' },
      { device: 'vc1', path: ['Chassis', 'FPC 0'], modelNumber: 'EX4300-48P', partNumber: '650-044936', description: 'EX4300-48P' },
      { device: 'vc1', path: ['Chassis', 'FPC 0', 'PIC 0'], modelNumber: 'EX4300-48P', partNumber: '650-044936', description: '48x 10/100/1000 Base-T' },
    ];
    expect(families.productContradiction('EX4300-48T-AFI', members)).toBeNull();
    expect(families.productContradiction('SRX345-SYS-JB', members)).toBe(
      'SKU SRX345-SYS-JB (family SRX345) contradicts model EX4300-48P (family EX4300) reported by vc1 Chassis / FPC 0; model EX4300-48P (family EX4300) reported by vc1 Chassis / FPC 0 / PIC 0',
    );
  });
});
