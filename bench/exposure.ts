/**
 * Exposure benchmark (issue 6): every advisory against every device, in memory, on a generated
 * fleet and advisory set the size of a large customer:
 *  - ADVISORIES (default 2,000) CVE JSON 5 records in the real Juniper shape (written to a temp
 *    directory and read back with `readAdvisories`, so the importer is measured too), published
 *    over ten years: each lists the six trains supported at its time ("all versions before" the
 *    oldest one's fix, then "T before" each fix: single, combined "A, B", a few whole trains "T*"),
 *    some with a Junos OS Evolved block; platforms phrased as Juniper does (series, sub-series,
 *    exact models, a hardware condition, none); CVSS 3.1, JSA id and PR numbers. A device on an
 *    old train is thus affected by most later advisories of its platform, as in real life.
 *  - DEVICES devices (default 10,000), one or two members each (dual RE, VC, cluster), their
 *    versions drawn from VERSIONS distinct releases (default 150) and nine models.
 * Candidates, side by side in one process on the same inputs:
 *  - `match`: the evaluation itself — compile the advisories, parse every member's version, and
 *    matchTargets() (answers cached per distinct version + model): which advisory applies to which
 *    member, the question of the issue's target;
 *  - `findings`: advisoryFindings() — `match` plus one Finding object per member and advisory, what
 *    `ibsight exposure` stores (a fleet on old releases has millions: this part is allocation);
 *  - `uncached`: the baseline, matchAdvisories() for every member, no cache;
 *  - `exposure`: the whole exposure() (advisories, lifecycle with an empty catalog, contracts, counts).
 * Results are checked equal (findings of `findings` vs matches of `uncached`) before anything is printed.
 * Prints ONE JSON line:
 *   {"bench":"exposure","devices","members","advisories","distinctTargets","results":{"importMs",
 *    "matchMs":[...],"matchMedianMs","findingsMs":[...],"findingsMedianMs","uncachedMs","exposureMs","findings"},
 *    "ratios":{"uncached"},"target":{"ms":2000,"met"}}  (target on matchMedianMs; ratios against it)
 * Run: `npm run build && node dist/bench/exposure.js` (env DEVICES, ADVISORIES, VERSIONS, RUNS).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAdvisories } from '../src/advisories/read-advisories.js';
import { advisoryFindings } from '../src/analysis/advisory-findings.js';
import { compileAdvisories, matchAdvisories, matchTargets, type ExposureTarget } from '../src/analysis/advisory-match.js';
import { exposure } from '../src/analysis/exposure.js';
import { parseJunosVersion } from '../src/analysis/junos-version.js';
import { buildLifecycleCatalog } from '../src/lifecycle/lifecycle-catalog.js';
import type { ExposureSnapshot } from '../src/store/exposure-store.js';

const DEVICES = Number(process.env.DEVICES ?? 10_000);
const ADVISORIES = Number(process.env.ADVISORIES ?? 2_000);
const VERSIONS = Number(process.env.VERSIONS ?? 150);
const RUNS = Number(process.env.RUNS ?? 3);
const TARGET_MS = 2_000;

/** A small deterministic PRNG (mulberry32): the same inputs every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261204);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** Junos trains in release order (mainline), 2015 to 2025. */
const TRAINS = ['15.1', '16.1', '17.1', '17.2', '17.3', '17.4', '18.1', '18.2', '18.3', '18.4', '19.1', '19.2', '19.3', '19.4', '20.1', '20.2', '20.3', '20.4',
  '21.1', '21.2', '21.3', '21.4', '22.1', '22.2', '22.3', '22.4', '23.2', '23.4', '24.2', '24.4', '25.2'];
/** Trains the fleet runs (a customer fleet of 2026: mostly 20.4 to 24.4). */
const FLEET_TRAINS = TRAINS.slice(TRAINS.indexOf('19.4'), TRAINS.indexOf('24.4') + 1);
const PLATFORMS = [['MX Series'], ['MX Series'], ['SRX Series'], ['SRX Series'], ['EX Series', 'QFX Series'], ['EX Series'], ['QFX Series'], ['PTX Series'],
  ['MX304'], ['SRX5000 series'], ['ACX7100-32C'], ['vMX and MX150'], ['MX Series with MPC10 MPC11 or LC9600'], []];

/**
 * The ranges of an advisory published when `window` (consecutive trains, the supported ones) was
 * current, as Juniper writes them: every release before the oldest supported train's fix, then
 * per train "T before the fix" (some as "A, B" pairs, a few whole trains "T*").
 */
function versionEntries(window: readonly string[], evo: boolean): object[] {
  const suffix = evo ? '-EVO' : '';
  const entries: object[] = [{ version: '0', lessThan: `${window[0]}R3-S${int(1, 12)}${suffix}`, status: 'affected', versionType: 'semver' }];
  for (const train of window.slice(1)) {
    const r = int(1, 3);
    const shape = random();
    const lessThan =
      shape < 0.05 ? `${train}*${suffix}`
        : shape < 0.25 ? `${train}R${r}-S${int(1, 9)}${suffix}, ${train}R${r + 1}${suffix}`
          : `${train}R${r}-S${int(1, 9)}${suffix}`;
    entries.push({ version: `${train}${suffix}`, lessThan, status: 'affected', versionType: 'semver' });
  }
  return entries;
}

function cveRecord(n: number): object {
  const id = `CVE-2090-${String(10000 + n)}`;
  const score = Math.round((4 + random() * 6) * 10) / 10;
  // published over the years: the supported trains then were the six up to the newest of the time
  const newest = Math.floor((n / ADVISORIES) * (TRAINS.length - 6)) + 5;
  const window = TRAINS.slice(newest - 5, newest + 1);
  const affected: object[] = [{ defaultStatus: 'unaffected', platforms: pick(PLATFORMS), product: 'Junos OS', vendor: 'Juniper Networks', versions: versionEntries(window, false) }];
  if (random() < 0.2 && Number(window[0]) >= 20.4) {
    affected.push({ defaultStatus: 'unaffected', product: 'Junos OS Evolved', vendor: 'Juniper Networks', versions: versionEntries(window, true) });
  }
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: id, assignerShortName: 'juniper', state: 'PUBLISHED', datePublished: '2090-01-10T00:00:00.000Z' },
    containers: {
      cna: {
        affected,
        title: `Junos OS: generated advisory ${n}`,
        descriptions: [{ lang: 'en', value: `A generated advisory (${n}) in the shape of Juniper's records.` }],
        metrics: [{ cvssV3_1: { baseScore: score, baseSeverity: score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : 'MEDIUM', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', version: '3.1' }, format: 'CVSS' }],
        source: { advisory: `JSA${90000 + n}`, defect: [String(1700000 + n)], discovery: 'INTERNAL' },
        references: [{ url: `https://supportportal.juniper.net/JSA${90000 + n}` }],
      },
    },
  };
}

const MODELS: readonly { model: string; evo: boolean; members: (string | null)[] }[] = [
  { model: 'mx960', evo: false, members: ['re0', 're1'] },
  { model: 'mx480', evo: false, members: ['re0', 're1'] },
  { model: 'mx204', evo: false, members: [null] },
  { model: 'srx345', evo: false, members: ['node0', 'node1'] },
  { model: 'srx5800', evo: false, members: ['node0', 'node1'] },
  { model: 'ex4300-48t', evo: false, members: ['fpc0', 'fpc1'] },
  { model: 'qfx5120-48y-8c', evo: false, members: [null] },
  { model: 'ptx10001-36mr', evo: true, members: [null] },
  { model: 'acx7100-32c', evo: true, members: [null] },
];

function fleet(): ExposureSnapshot {
  const versions = Array.from({ length: VERSIONS }, () => `${pick(FLEET_TRAINS)}R${int(1, 3)}${random() < 0.7 ? `-S${int(1, 9)}` : ''}.${int(1, 20)}`);
  const snapshot: ExposureSnapshot = { devices: [], software: [], components: [], contracts: new Map() };
  for (let i = 0; i < DEVICES; i++) {
    const m = MODELS[i % MODELS.length]!;
    const version = `${pick(versions)}${m.evo ? '-EVO' : ''}`;
    const name = `dev-${i}`;
    snapshot.devices.push({ name, site: `S${Math.floor(i / 20)}`, model: m.model, os: m.evo ? 'junos-evolved' : 'junos', version, lastStatus: 'ok', lastCollected: '2026-12-01T00:00:00.000Z', setLines: null });
    for (const member of m.members) snapshot.software.push({ device: name, member, model: m.model, version });
  }
  return snapshot;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-bench-exposure-'));
  try {
    mkdirSync(join(dir, 'cve'));
    for (let n = 0; n < ADVISORIES; n++) writeFileSync(join(dir, 'cve', `CVE-2090-${10000 + n}.json`), JSON.stringify(cveRecord(n), null, 4));
    const t0 = performance.now();
    const read = readAdvisories([join(dir, 'cve')]);
    const importMs = performance.now() - t0;
    if (read.advisories.length !== ADVISORIES) throw new Error(`read ${read.advisories.length} of ${ADVISORIES} advisories: ${JSON.stringify(read.warnings.slice(0, 3))}`);
    const snapshot = fleet();

    const matchMs: number[] = [];
    let matched = 0;
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const { compiled } = compileAdvisories(read.advisories);
      const targets: ExposureTarget[] = snapshot.software.map((s) => ({
        version: parseJunosVersion(s.version!, s.version!.endsWith('-EVO') ? 'junos-evolved' : 'junos'), model: s.model, setLines: null,
      }));
      matched = 0;
      for (const list of matchTargets(compiled, targets)) matched += list.length;
      matchMs.push(performance.now() - t);
    }

    const findingsMs: number[] = [];
    let findings = 0;
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      findings = advisoryFindings({ snapshot, advisories: read.advisories }).findings.length;
      findingsMs.push(performance.now() - t);
    }

    // the baseline: every member matched on its own, no cache
    const t1 = performance.now();
    const { compiled } = compileAdvisories(read.advisories);
    let uncached = 0;
    for (const s of snapshot.software) {
      const version = parseJunosVersion(s.version!, s.version!.endsWith('-EVO') ? 'junos-evolved' : 'junos');
      uncached += matchAdvisories(compiled, { version, model: s.model, setLines: null }).length;
    }
    const uncachedMs = performance.now() - t1;
    if (uncached !== findings || matched !== findings) throw new Error(`match ${matched}, findings ${findings}, uncached ${uncached}: the results differ`);

    const t2 = performance.now();
    const whole = exposure({
      snapshot, advisories: read.advisories, lifecycle: buildLifecycleCatalog([]), horizon: { horizonMonths: 12, milestoneHorizonMonths: {} },
      kinds: ['chassis'], expiringDays: 90, now: new Date('2026-12-04T00:00:00Z'),
    });
    const exposureMs = performance.now() - t2;
    if (whole.summary.findings !== findings) throw new Error(`exposure() gave ${whole.summary.findings} findings, advisoryFindings ${findings}`);

    const distinct = new Set(snapshot.software.map((s) => `${s.version}\u0000${s.model}`)).size;
    const medianMs = median(matchMs);
    process.stdout.write(`${JSON.stringify({
      bench: 'exposure', devices: DEVICES, members: snapshot.software.length, advisories: ADVISORIES, distinctTargets: distinct,
      results: { importMs: Math.round(importMs), matchMs: matchMs.map(Math.round), matchMedianMs: Math.round(medianMs),
        findingsMs: findingsMs.map(Math.round), findingsMedianMs: Math.round(median(findingsMs)), uncachedMs: Math.round(uncachedMs),
        exposureMs: Math.round(exposureMs), findings },
      ratios: { uncached: Math.round((uncachedMs / medianMs) * 100) / 100 },
      target: { ms: TARGET_MS, met: medianMs <= TARGET_MS },
    })}\n`);
  } finally {
    if (process.env.KEEP_DIR === undefined) rmSync(dir, { recursive: true, force: true }); else process.stderr.write(dir + "\n");
  }
}

main();
