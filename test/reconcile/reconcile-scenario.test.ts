/**
 * Issue 5 end to end through the compiled CLI, over real SSH: `ibsight sim` serves five devices at
 * two sites; a first `collect` sees them all; an installed-base CSV is written from what was seen,
 * with discrepancies planted of every status, contracts in every state, an out-of-scope site and
 * bad rows; `ib import` takes the good rows (exit 3, line numbers); then an FPC of mx1 is swapped
 * (an RMA nobody recorded) and mx2 stops accepting our login, a second `collect` runs, and
 * `reconcile --json` is checked item by item. The accuracy and serials reports are written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';

const SITE_A = '0100012345';
const SITE_B = '0100023456';
const SITE_OUT = '0100099999';
const OLD_FPC = 'CAGB3092';
const NEW_FPC = 'CAGB7731';
const RECONCILED = new Set(['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan']);

let dir: string;
let basePort: number;
let sim: SimChild | undefined;

const ibsight = (...args: string[]) =>
  spawnSync(process.execPath, [compiledMain(), '--config', join(dir, 'ibsight.yaml'), ...args], { encoding: 'utf8', timeout: 120_000 });

function fleet(mx2Fault: string | null): string {
  return [
    'username: lab',
    'password: reconcile-pw',
    'devices:',
    `  - { name: mx1, profile: ./mx960-lab, site: "${SITE_A}" }`,
    `  - { name: qfx1, profile: "builtin:qfx5120", site: "${SITE_A}" }`,
    `  - { name: ex1, profile: "builtin:ex4300-vc", site: "${SITE_B}" }`,
    `  - { name: srx1, profile: "builtin:srx345-cluster", site: "${SITE_B}" }`,
    `  - { name: mx2, profile: "builtin:mx480", site: "${SITE_B}"${mx2Fault ? `, fault: ${mx2Fault}` : ''} }`,
    '',
  ].join('\n');
}

async function startSim(mx2Fault: string | null): Promise<void> {
  writeFileSync(join(dir, 'fleet.yaml'), fleet(mx2Fault));
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(basePort), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
}

async function stopSim(): Promise<void> {
  await stopSimChild(sim);
  sim = undefined;
}

interface Seen {
  device: string;
  site: string;
  kind: string;
  serialNumber: string;
  modelNumber: string | null;
  partNumber: string | null;
  description: string | null;
}

/** Every real serial of a reconciled kind each device reported, first sighting per serial. */
function seenComponents(): Seen[] {
  const out = new Map<string, Seen>();
  for (const [device, site] of [['mx1', SITE_A], ['qfx1', SITE_A], ['ex1', SITE_B], ['srx1', SITE_B], ['mx2', SITE_B]] as const) {
    const r = ibsight('show', device, '--json');
    expect(r.status, r.stderr).toBe(0);
    const comps = (JSON.parse(r.stdout) as { components: (Omit<Seen, 'device' | 'site'> & { serialPlaceholder: boolean })[] }).components;
    for (const c of comps) {
      if (c.serialNumber === null || c.serialPlaceholder || !RECONCILED.has(c.kind) || out.has(c.serialNumber)) continue;
      out.set(c.serialNumber, { device, site, kind: c.kind, serialNumber: c.serialNumber, modelNumber: c.modelNumber, partNumber: c.partNumber, description: c.description });
    }
  }
  return [...out.values()];
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const HEADER = 'serial_number,sku,description,site_id,site_name,contract_id,service_level,contract_start,contract_end,warranty_end,ship_date,parent_serial';

interface Plan {
  csv: string;
  expected: Map<string, { status: string; contract: string | null; pairedWith?: string }>;
  contractOf: Map<string, string>;
  unregistered: string;
  siteMismatch: string;
  productMismatch: string;
  notVerified: string[];
}

/** The installed base: what was seen, with every status and contract state planted. */
function plan(seen: Seen[]): Plan {
  const rows: string[] = [HEADER];
  const expected: Plan['expected'] = new Map();
  const contractOf = new Map<string, string>();
  const skuOf = (s: Seen): string => (s.kind === 'chassis' ? ({ mx1: 'MX960BASE3-AC-ECM', qfx1: 'QFX5120-48Y-AFI', ex1: 'EX4300-48P', srx1: 'SRX345-SYS-JB', mx2: 'MX480BASE3-AC' } as Record<string, string>)[s.device]! : (s.modelNumber ?? s.partNumber ?? 'UNKNOWN'));
  const unregistered = seen.find((s) => s.device === 'qfx1' && s.kind === 'power')!.serialNumber;
  const siteMismatch = seen.find((s) => s.device === 'ex1' && s.kind === 'chassis')!.serialNumber;
  const productMismatch = seen.find((s) => s.device === 'qfx1' && s.kind === 'chassis')!.serialNumber;
  const notVerified = seen.filter((s) => s.device === 'mx2').map((s) => s.serialNumber);
  const states = ['active', 'expiring', 'expired', 'none'] as const;
  let n = 0;
  for (const s of seen) {
    if (s.serialNumber === unregistered || s.serialNumber === NEW_FPC) continue;
    const site = s.serialNumber === siteMismatch ? SITE_A : s.site;
    const sku = s.serialNumber === productMismatch ? 'EX4300-48T-AFI' : skuOf(s);
    const state = states[n++ % states.length]!;
    contractOf.set(s.serialNumber, state);
    const base = `${s.serialNumber},${sku},"${(s.description ?? '').replace(/"/g, '""')}",${site},Site ${site}`;
    const tail = `${day(-900)},${day(-1500)},`;
    if (state === 'active') {
      rows.push(`${base},C-${n},Care Core,${day(-100)},${day(400)},${tail}`);
      rows.push(`${base},C-${n}b,Next Day,${day(-100)},${day(30)},${tail}`); // a second line: the latest end counts
    } else if (state === 'expiring') rows.push(`${base},C-${n},Care Core,${day(-300)},${day(20)},${tail}`);
    else if (state === 'expired') rows.push(`${base},C-${n},Care Core,${day(-700)},${day(-1)},${tail}`);
    else rows.push(`${base},,,,,${tail}`);
    const status = notVerified.includes(s.serialNumber) ? 'not-verified'
      : s.serialNumber === siteMismatch ? 'site-mismatch'
      : s.serialNumber === productMismatch ? 'product-mismatch'
      : s.serialNumber === OLD_FPC ? 'rma-suspected' : 'matched';
    expected.set(s.serialNumber, { status, contract: state, ...(status === 'rma-suspected' ? { pairedWith: NEW_FPC } : {}) });
  }
  expected.set(NEW_FPC, { status: 'rma-suspected', contract: null, pairedWith: OLD_FPC });
  expected.set(unregistered, { status: 'unregistered', contract: null });
  // missing: a chassis that left site B (no unregistered chassis there to pair it with)
  rows.push(`JN11F2A7BAFC,MX480BASE3-AC,MX480,${SITE_B},Site B,C-99,Care Core,${day(-10)},${day(300)},,,`);
  expected.set('JN11F2A7BAFC', { status: 'missing', contract: 'active' });
  // out of scope: a site the inventory does not have
  rows.push(`JN12B4C6DAFB,MX204-HW-BASE,MX204,${SITE_OUT},Madrid,C-98,Care Core,${day(-10)},${day(300)},,,`);
  // bad rows: no serial, a bad date, two rows of one serial that disagree on the site
  rows.push(`,MX480BASE3-AC,MX480,${SITE_B},Site B,,,,,,,`);
  rows.push(`JN1BADDATE01,MX480BASE3-AC,MX480,${SITE_B},Site B,C-97,Care Core,2025-02-30,${day(300)},,,`);
  rows.push(`JN1CONFLICT1,MX480BASE3-AC,MX480,${SITE_A},Site A,C-96,Care Core,,,,,`);
  rows.push(`JN1CONFLICT1,MX480BASE3-AC,MX480,${SITE_B},Site B,C-95,Care Core,,,,,`);
  return { csv: `${rows.join('\n')}\n`, expected, contractOf, unregistered, siteMismatch, productMismatch, notVerified };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-reconcile-'));
  cpSync(builtinProfileDir('mx960'), join(dir, 'mx960-lab'), { recursive: true });
  writeFileSync(
    join(dir, 'ibsight.yaml'),
    `storage: { sqlite: ${join(dir, 'ibsight.db')} }\nssh: { knownHosts: ${join(dir, 'known_hosts')} }\ninventory: ${join(dir, 'inventory.yaml')}\ncollection: { connectTimeoutMs: 5000, retries: 0 }\n`,
  );
  basePort = await findFreePortRange(5);
  await startSim(null);
});

afterAll(async () => {
  await stopSim();
  rmSync(dir, { recursive: true, force: true });
});

describe('reconciliation over the simulator', () => {
  let p: Plan;

  it('refuses to reconcile before an installed base is imported', () => {
    const c = ibsight('collect', '--json');
    expect(c.status, c.stderr.slice(-2000)).toBe(0);
    const r = ibsight('reconcile', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ib import/);
  });

  it('imports the good rows and names the bad ones by line (exit 3)', () => {
    p = plan(seenComponents());
    const csvLines = p.csv.trimEnd().split('\n');
    writeFileSync(join(dir, 'ib.csv'), p.csv);
    const r = ibsight('ib', 'import', join(dir, 'ib.csv'), '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(3);
    const out = JSON.parse(r.stdout) as { import: { rowsRead: number; records: number; rejectedRows: number }; rejected: { line: number; code: string }[] };
    const lineOf = (prefix: string): number[] => csvLines.flatMap((l, i) => (l.startsWith(prefix) ? [i + 1] : []));
    expect(out.rejected.map((x) => [x.line, x.code]).sort()).toEqual(
      [[lineOf(',MX480')[0], 'missing-serial'], [lineOf('JN1BADDATE01')[0], 'bad-date'], ...lineOf('JN1CONFLICT1').map((l) => [l, 'conflicting-rows'])].sort(),
    );
    expect(out.import.rowsRead).toBe(csvLines.length - 1);
    expect(out.import.records).toBe(p.expected.size - 2 + 1); // without NEW_FPC and the unregistered one, plus the out-of-scope serial
  });

  it('after an unrecorded RMA and a device that fails, reconcile gives every status item by item', async () => {
    await stopSim();
    const file = join(dir, 'mx960-lab', 'get-chassis-inventory.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(OLD_FPC, NEW_FPC));
    await startSim('auth-fail');
    const c = ibsight('collect', '--json');
    expect(c.status, c.stderr.slice(-2000)).toBe(3);

    const r = ibsight('reconcile', '--json');
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const result = JSON.parse(r.stdout) as {
      summary: Record<string, number>;
      perSite: { site: string; inScope: number; matched: number; accuracyPct: number }[];
      items: { status: string; serialNumber: string; site: string | null; ibSite: string | null; contract: string | null; pairedWith: string | null; device: string | null }[];
    };
    const bySerial = new Map(result.items.map((i) => [i.serialNumber, i]));
    expect(result.items).toHaveLength(bySerial.size); // one item per serial
    expect([...bySerial.keys()].sort()).toEqual([...p.expected.keys()].sort()); // the out-of-scope serial is not an item
    for (const [serial, want] of p.expected) {
      const item = bySerial.get(serial)!;
      expect({ serial, status: item.status, contract: item.contract }).toEqual({ serial, status: want.status, contract: want.contract });
      if (want.pairedWith) expect(item.pairedWith).toBe(want.pairedWith);
      else expect(item.pairedWith).toBeNull();
    }
    expect(bySerial.get(p.siteMismatch)).toMatchObject({ site: SITE_B, ibSite: SITE_A, device: 'ex1' });
    expect(bySerial.get('JN11F2A7BAFC')).toMatchObject({ site: null, ibSite: SITE_B, device: null });

    const count = (status: string): number => result.items.filter((i) => i.status === status).length;
    const s = result.summary;
    expect(s).toMatchObject({
      inScope: p.expected.size, matched: count('matched'), unregistered: 1, missing: 1, siteMismatch: 1, productMismatch: 1,
      rmaSuspected: 2, notVerified: p.notVerified.length,
    });
    expect(s.accuracyPct).toBeCloseTo((100 * s.matched!) / (s.inScope! - s.notVerified!), 1);
    for (const site of result.perSite) {
      const items = result.items.filter((i) => (i.site ?? i.ibSite) === site.site);
      expect(site.inScope).toBe(items.length);
      expect(site.matched).toBe(items.filter((i) => i.status === 'matched').length);
    }
    expect(result.perSite.map((x) => x.site)).toEqual([SITE_A, SITE_B]);
  });

  it('writes the accuracy report (two reconciliations in the trend) and the serials of one site', () => {
    const out = join(dir, 'reports');
    const a = ibsight('report', 'accuracy', '--format', 'html,csv,json', '--out', out);
    expect(a.status, a.stderr).toBe(0);
    for (const ext of ['html', 'csv', 'json']) expect(existsSync(join(out, `accuracy.${ext}`))).toBe(true);
    const doc = JSON.parse(readFileSync(join(out, 'accuracy.json'), 'utf8')) as { trend: unknown[]; summary: { inScope: number } };
    expect(doc.trend).toHaveLength(1);
    expect(doc.summary.inScope).toBe(p.expected.size);
    const csv = readFileSync(join(out, 'accuracy.csv'), 'utf8');
    expect(csv).toContain(p.unregistered);
    expect(csv).toContain(NEW_FPC);

    const s = ibsight('report', 'serials', '--site', SITE_B, '--format', 'csv', '--out', out);
    expect(s.status, s.stderr).toBe(0);
    const serialsFile = s.stdout.trim().split('\n').find((f) => f.endsWith('.csv'))!;
    const serials = readFileSync(serialsFile, 'utf8');
    expect(serials).toContain(p.siteMismatch);
    expect(serials).not.toContain(p.unregistered); // a site A serial
    expect(ibsight('report', 'serials', '--format', 'csv', '--out', out).status).toBe(2); // --site is required
  });
});
