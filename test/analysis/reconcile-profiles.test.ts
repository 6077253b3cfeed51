/**
 * The reconciliation on what the simulator's six device profiles really report (their
 * get-chassis-inventory replies, parsed by the real collector): an installed base that lists every
 * reconciled serial with its realistic SKU matches completely, the chassis compared by family;
 * a wrong chassis SKU is a product mismatch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chassisInventoryCollector } from '../../collectors/chassis-inventory.js';
import { parseReplies } from '../../collectors/outcome.js';
import { reconcile } from '../../src/analysis/reconcile.js';
import type { SeenComponent } from '../../src/analysis/reconcile-types.js';
import { serialKey } from '../../src/analysis/serial-sightings.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { parseXml } from '../../src/xml/parse.js';
import { device, input, record, shippedFamilies as families, SITE_A } from './reconcile-builders.js';

const CHASSIS_SKU: Record<string, string> = {
  mx480: 'MX480BASE3-AC',
  mx960: 'MX960BASE3-AC-ECM',
  ptx10001: 'PTX10001-36MR-AC',
  qfx5120: 'QFX5120-48Y-AFI',
  'srx345-cluster': 'SRX345-SYS-JB',
  'ex4300-vc': 'EX4300-48P-AFI',
};
const KINDS = ['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan'];

function seen(profile: string): SeenComponent[] {
  const text = readFileSync(join(builtinProfileDir(profile), 'get-chassis-inventory.xml'), 'utf8');
  const outcome = parseReplies(chassisInventoryCollector, [{ key: null, root: parseXml(text) }], { scrubKey: Buffer.from('reconcile-profiles') });
  if (outcome.status !== 'ok') throw new Error(`${profile}: ${outcome.status}`);
  return outcome.records.components
    .filter((c) => c.serialNumber !== null && !c.serialPlaceholder)
    .map((c) => ({
      device: profile,
      serialNumber: c.serialNumber!,
      kind: c.kind,
      path: c.path,
      partNumber: c.partNumber,
      modelNumber: c.modelNumber,
      description: c.description,
    }));
}

/** One record per reconciled serial: the chassis as its bundle SKU, every other part as its model (else part) number. */
function installedBase(profile: string, components: SeenComponent[]) {
  const bySerial = new Map<string, SeenComponent>();
  for (const c of components) {
    const key = serialKey(c.serialNumber)!;
    const known = bySerial.get(key);
    if (KINDS.includes(c.kind) && (known === undefined || c.path.length < known.path.length)) bySerial.set(key, c);
  }
  return [...bySerial.values()].map((c) => record(c.serialNumber, SITE_A, c.kind === 'chassis' ? CHASSIS_SKU[profile]! : (c.modelNumber ?? c.partNumber)));
}

describe.each(Object.keys(CHASSIS_SKU))('profile %s', (profile) => {
  const components = seen(profile);
  const base = installedBase(profile, components);

  it('matches completely, one item per distinct serial, the chassis compared by family', () => {
    const result = reconcile(input({ devices: [device(profile, SITE_A)], components, installedBase: base, kinds: KINDS }), families);
    expect(result.items.filter((i) => i.status !== 'matched')).toEqual([]);
    expect(result.summary).toMatchObject({ inScope: base.length, matched: base.length, accuracyPct: 100 });
    const chassis = result.items.filter((i) => i.kind === 'chassis');
    expect(chassis.length).toBeGreaterThan(0);
    for (const c of chassis) expect(c.detail).toMatch(/\(family [A-Z0-9-]+\) agrees with /);
  });

  it('a chassis recorded as another product family is a product mismatch', () => {
    const wrong = base.map((r) => (r.sku === CHASSIS_SKU[profile] ? { ...r, sku: profile === 'mx960' ? 'MX480BASE3-AC' : 'MX960BASE3-AC-ECM' } : r));
    const result = reconcile(input({ devices: [device(profile, SITE_A)], components, installedBase: wrong, kinds: KINDS }), families);
    const mismatched = result.items.filter((i) => i.status === 'product-mismatch');
    expect(mismatched.length).toBe(base.filter((r) => r.sku === CHASSIS_SKU[profile]).length);
    for (const m of mismatched) expect(m.detail).toMatch(/^SKU MX(960|480)BASE3-AC(-ECM)? \(family MX(960|480)\) contradicts /);
  });
});
