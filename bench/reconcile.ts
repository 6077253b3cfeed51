/**
 * Reconciliation benchmark (issue 5): `reconcile()` alone (src/analysis/reconcile.ts), in memory,
 * on a generated fleet the size of a large customer:
 *  - DEVICES devices (default 10,000) over sites of 20 devices, profiles mixing MX960, MX480,
 *    QFX5120 and EX4300 virtual chassis; each with ~50 components of reconciled kinds (chassis, REs,
 *    CBs, PEMs, fans, FPCs, MICs, PICs) and 10 transceivers (not reconciled), as the store snapshot
 *    gives them (all kinds, real serials only). Virtual-chassis members repeat their serial on FPC,
 *    RE and PIC.
 *  - IB_RECORDS installed-base records (default 1,000,000): every reconciled serial of the fleet
 *    with its SKU (chassis as bundles such as MX960BASE3-AC-ECM, FRUs as their model number), some
 *    written in lower case; the rest at sites outside the inventory (other parts of the customer).
 *  - Planted discrepancies of every status, in known numbers: unregistered, missing, site mismatch,
 *    product mismatch (chassis sold as the other MX), RMA pairs (a missing FPC and an unregistered one
 *    of the same model at one site), not verified (devices whose latest collection failed).
 * The result is checked against the planted numbers before anything is reported (a wrong result is
 * an error, not a number). `reconcile()` runs RUNS times (default 3); the first is reported apart.
 * Prints ONE JSON line:
 *   {"bench":"reconcile","devices","components","installedBase","results":{"firstMs","ms":[...],"medianMs",
 *    "rssBeforeMiB","maxRssFirstRunMiB","maxRssMiB","heapUsedBeforeMiB","heapUsedAfterMiB","gcExposed"},
 *    "summary":{...},"target":{"ms":10000,"met"}}
 * RSS: rssBeforeMiB once the input is built; maxRssFirstRunMiB the process's peak right after the
 * first run (so maxRssFirstRunMiB − rssBeforeMiB bounds what one reconcile needed, unless generating
 * the input peaked higher); maxRssMiB the peak after every run (later runs add garbage V8 has not
 * collected yet, not live memory). With
 * `node --expose-gc` the heap is collected before and after, so heapUsedAfterMiB − heapUsedBeforeMiB
 * is what the last result keeps alive (items and their detail sentences).
 * Run: `npm run build && node --expose-gc dist/bench/reconcile.js` (env DEVICES, IB_RECORDS, RUNS).
 */
import { reconcile } from '../src/analysis/reconcile.js';
import type { ReconcileDevice, ReconcileInput, ReconcileResult, SeenComponent } from '../src/analysis/reconcile-types.js';
import { loadProductFamilyTable, SHIPPED_SKU_FAMILIES } from '../src/analysis/sku-family-table.js';
import type { ComponentKind } from '../collectors/chassis-inventory-kind.js';
import type { IbRecord } from '../src/installed-base/installed-base-types.js';

const DEVICES = Number(process.env.DEVICES ?? 10_000);
const IB_RECORDS = Number(process.env.IB_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const DEVICES_PER_SITE = 20;
const TARGET_MS = 10_000;
const MIB = 1024 * 1024;
const KINDS = ['chassis', 'routing-engine', 'control-board', 'fpc', 'mic', 'pic', 'power', 'fan'];

interface Part {
  kind: ComponentKind;
  path: string[];
  model: string | null;
  part: string;
  description: string;
  sku: string;
}

const fru = (kind: ComponentKind, path: string[], model: string, description: string): Part => ({ kind, path, model, part: `750-0${path.length}${kind.length}1`, description, sku: model });

/** ~50 reconciled parts of an MX; `chassis` its description, `bundle` its SKU. */
function mxParts(chassis: string, bundle: string): Part[] {
  const parts: Part[] = [{ kind: 'chassis', path: ['Chassis'], model: null, part: '', description: chassis, sku: bundle }];
  for (const n of [0, 1]) parts.push(fru('routing-engine', ['Chassis', `Routing Engine ${n}`], 'RE-S-X6-64G-S', 'RE-S-2X00x6'));
  for (const n of [0, 1, 2]) parts.push(fru('control-board', ['Chassis', `CB ${n}`], 'SCBE3-MX-S', 'Enhanced MX SCB 3'));
  for (const n of [0, 1, 2, 3]) parts.push(fru('power', ['Chassis', `PEM ${n}`], `PWR-${chassis}-4100-AC-S`, 'PS 4.1kW; 200-240V AC in'));
  for (const n of [0, 1, 2]) parts.push(fru('fan', ['Chassis', `Fan Tray ${n}`], `FFANTRAY-${chassis}-HC-S`, 'Enhanced Fan Tray'));
  for (let f = 0; f < 8; f++) {
    const mpc = f % 2 === 0 ? ['MPC7E-MRATE', 'MPC7E 3D MRATE-12xQSFPP-XGE-XLGE-CGE'] : ['MPC10E-15C-MRATE', 'MPC10E 3D MRATE-15xQSFPP'];
    parts.push(fru('fpc', ['Chassis', `FPC ${f}`], mpc[0]!, mpc[1]!));
    for (const m of [0, 1]) parts.push(fru('mic', ['Chassis', `FPC ${f}`, `MIC ${m}`], `MIC3-3D-10XGE-SFPP`, '10X10GE SFPP'));
    if (f < 6 || f === 7) parts.push(fru('pic', ['Chassis', `FPC ${f}`, 'MIC 0', 'PIC 0'], 'PIC-MRATE', 'MRATE-6xQSFPP-XGE-XLGE-CGE'));
  }
  return parts;
}

/** A switch: its chassis and FPC/RE/PIC; EX virtual chassis: 8 members whose serial repeats on FPC, RE and PIC. */
function switchParts(vc: boolean): Part[][] {
  if (!vc) {
    const parts: Part[] = [{ kind: 'chassis', path: ['Chassis'], model: null, part: '', description: 'JNP48Y8C-CHAS', sku: 'QFX5120-48Y-AFI' }];
    for (let n = 0; n < 49; n++) parts.push(fru(n < 5 ? 'power' : 'fan', ['Chassis', `Module ${n}`], `JPSU-650W-AC-AO-${n % 3}`, 'JPSU-650W-AC-AO'));
    return [parts];
  }
  const members: Part[][] = [];
  for (let m = 0; m < 8; m++) {
    const model = m % 2 === 0 ? 'EX4300-48P' : 'EX4300-48T';
    const sku = `${model}-AFI`;
    members.push([
      { kind: 'fpc', path: ['Chassis', `FPC ${m}`], model, part: '650-044936', description: model, sku },
      { kind: 'routing-engine', path: ['Chassis', `Routing Engine ${m}`], model, part: '650-044936', description: model, sku },
      { kind: 'pic', path: ['Chassis', `FPC ${m}`, 'PIC 0'], model, part: '650-044936', description: '48x 10/100/1000 Base-T', sku },
    ]);
    for (let n = 0; n < 5; n++) members.push([fru(n < 2 ? 'power' : 'fan', ['Chassis', `FPC ${m}`, `Power Supply ${n}`], 'JPSU-350-AC-AFO-A', 'JPSU-350-AC-AFO-A')]);
  }
  return members;
}

/** Each entry: the parts that share one serial (usually one part). */
function profileParts(index: number): Part[][] {
  switch (index % 4) {
    case 0: return mxParts('MX960', 'MX960BASE3-AC-ECM').map((p) => [p]);
    case 1: return mxParts('MX480', 'MX480BASE3-AC').map((p) => [p]);
    case 2: return switchParts(false);
    default: return switchParts(true);
  }
}

const site = (n: number): string => `01${String(n).padStart(8, '0')}`;
const serial = (d: number, i: number): string => `S${d.toString(36).toUpperCase().padStart(4, '0')}X${i.toString(36).toUpperCase().padStart(3, '0')}`;
const record = (serialNumber: string, siteId: string, sku: string | null): IbRecord => ({
  serialNumber, sku, description: null, siteId, siteName: null, shipDate: null, warrantyEnd: null, parentSerial: null,
  contracts: [{ contractId: 'C1', serviceLevel: 'Next Day', start: '2025-01-01', end: serialNumber.endsWith('7') ? '2026-07-01' : '2028-01-01' }],
  lines: [],
});

interface Planted { unregistered: number; missing: number; siteMismatch: number; productMismatch: number; rmaSuspected: number; notVerified: number }

function generate(): { input: ReconcileInput; planted: Planted } {
  const sites = Math.ceil(DEVICES / DEVICES_PER_SITE);
  const devices: ReconcileDevice[] = [];
  const components: SeenComponent[] = [];
  const installedBase: IbRecord[] = [];
  const planted: Planted = { unregistered: 0, missing: 0, siteMismatch: 0, productMismatch: 0, rmaSuspected: 0, notVerified: 0 };
  for (let d = 0; d < DEVICES; d++) {
    const name = `dev${d}`;
    const siteId = site(Math.floor(d / DEVICES_PER_SITE));
    const current = d % 100 !== 99; // 1 % of the devices failed their latest collection
    devices.push({ name, site: siteId, inventoryCurrent: current, lastCollected: '2026-06-15T06:00:00.000Z' });
    profileParts(d).forEach((group, i) => {
      const s = serial(d, i);
      for (const p of group) components.push({ device: name, serialNumber: s, kind: p.kind, path: p.path, partNumber: p.part, modelNumber: p.model, description: p.description });
      const planting = (d * 7 + i) % 997;
      if (!current) {
        planted.notVerified++;
        installedBase.push(record(s, siteId, group[0]!.sku));
      } else if (planting === 1) planted.unregistered++;
      else if (planting === 2) {
        planted.siteMismatch++;
        installedBase.push(record(s, site((Math.floor(d / DEVICES_PER_SITE) + 1) % sites), group[0]!.sku));
      } else if (planting === 3 && group[0]!.kind === 'fpc' && group.length === 1) {
        planted.rmaSuspected += 2; // this FPC replaced an older one of the same model that is still recorded
        installedBase.push(record(`${s}OLD`, siteId, group[0]!.sku));
      } else {
        const sku = group[0]!.kind === 'chassis' && planting < 40 ? swapFamily(group[0]!.sku) : group[0]!.sku;
        if (sku !== group[0]!.sku) planted.productMismatch++;
        installedBase.push(record(planting === 5 ? ` ${s.toLowerCase()}` : s, siteId, sku));
      }
    });
    if (d % 50 === 0) {
      planted.missing++;
      installedBase.push(record(`GONE${d}`, siteId, 'SCBE2-MX-S'));
    }
    for (let x = 0; x < 10; x++) {
      components.push({ device: name, serialNumber: `O${d}-${x}`, kind: 'transceiver', path: ['Chassis', 'FPC 0', 'PIC 0', `Xcvr ${x}`], partNumber: '740-021308', modelNumber: null, description: 'SFP+-10G-SR' });
    }
  }
  for (let n = 0; installedBase.length < IB_RECORDS; n++) installedBase.push(record(`ELSEWHERE${n}`, site(sites + (n % 5000)), 'EX2300-48P'));
  return {
    input: {
      sites: Array.from({ length: sites }, (_, n) => ({ id: site(n), name: `SITE-${n}` })),
      devices, components, installedBase, kinds: KINDS, expiringDays: 90, now: new Date('2026-06-15T12:00:00Z'),
    },
    planted,
  };
}

function swapFamily(sku: string): string {
  if (sku.startsWith('MX960')) return 'MX480BASE3-AC';
  if (sku.startsWith('MX480')) return 'MX960BASE3-AC-ECM';
  if (sku.startsWith('QFX5120')) return 'EX4300-48T-AFI';
  return sku;
}

function check(result: ReconcileResult, planted: Planted): void {
  const s = result.summary;
  for (const key of Object.keys(planted) as (keyof Planted)[]) {
    if (s[key] !== planted[key]) throw new Error(`reconcile gave ${key} ${s[key]}, planted ${planted[key]}: ${JSON.stringify(s)}`);
  }
  const notMatched = planted.unregistered + planted.missing + planted.siteMismatch + planted.productMismatch + planted.rmaSuspected + planted.notVerified;
  if (s.matched !== s.inScope - notMatched) throw new Error(`matched ${s.matched} of ${s.inScope}, expected ${s.inScope - notMatched}`);
}

function main(): void {
  const families = loadProductFamilyTable([SHIPPED_SKU_FAMILIES]);
  const { input, planted } = generate();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBefore = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapUsed;
  const ms: number[] = [];
  let result: ReconcileResult | null = null;
  let maxRssFirstRun = 0;
  for (let run = 0; run < RUNS; run++) {
    result = null; // the previous result may be collected while the next one is built
    const start = performance.now();
    result = reconcile(input, families);
    ms.push(Math.round(performance.now() - start));
    if (run === 0) maxRssFirstRun = process.resourceUsage().maxRSS * 1024;
    check(result, planted);
  }
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'reconcile',
      node: process.version,
      devices: DEVICES,
      components: input.components.length,
      installedBase: input.installedBase.length,
      results: {
        firstMs: ms[0],
        ms,
        medianMs: median,
        rssBeforeMiB: Math.round(rssBefore / MIB),
        maxRssFirstRunMiB: Math.round(maxRssFirstRun / MIB),
        maxRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MIB),
        heapUsedBeforeMiB: Math.round(heapBefore / MIB),
        heapUsedAfterMiB: Math.round(heapAfter / MIB),
        gcExposed: gc !== undefined,
      },
      summary: result!.summary,
      target: { ms: TARGET_MS, met: Math.max(...ms) <= TARGET_MS },
    })}\n`,
  );
}

main();
