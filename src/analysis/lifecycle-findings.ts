/**
 * Lifecycle findings (issue 6, SPEC §8): which hardware and software of every device has passed an
 * EOL/EOS/EOE milestone of the catalog, or reaches one within the horizon. Pure: no I/O, "today"
 * and the catalog come in with the input. Rules kept (docs/lifecycle-catalog.md):
 * - hardware matching: lifecycle-hardware.ts; when and how severe: lifecycle-milestones.ts.
 * - software: each routing engine / VC member / cluster node is judged on its own version's train
 *   (`junosTrain`: `21.4R3-S5.4` → `21.4`, `23.4R2-S3.9-EVO` → `23.4-EVO`; a device whose os is
 *   junos-evolved is looked up as `-EVO` even if its version lacks the suffix). Evolved trains have
 *   their own entries. A train the catalog lacks gives no finding and is counted in
 *   `summary.software.notInCatalog`, so a report can say what it could not judge.
 * - One finding per item and milestone, in device order (as `devices` lists them, then devices
 *   only seen in components or software), hardware in inventory order then software in input
 *   order, milestones in the order they happen.
 * Cost: one map lookup or two per component, each catalog entry judged once (10,000 devices of
 * ~60 components each is 600,000 lookups).
 */
import { junosTrain } from '../reports/junos-train.js';
import type {
  FindingSeverity,
  LifecycleCatalog,
  LifecycleFinding,
  LifecycleInput,
  LifecycleResult,
  LifecycleSummary,
  SoftwareEntry,
} from '../lifecycle/lifecycle-types.js';
import { matchHardware } from './lifecycle-hardware.js';
import { MilestoneJudge } from './lifecycle-milestones.js';

/** The train a device's version is judged under, or null when the version is not a Junos version. */
export function lifecycleTrain(version: string, os: string | null): string | null {
  const train = junosTrain(version);
  if (train === null) return null;
  return os === 'junos-evolved' && !train.endsWith('-EVO') ? `${train}-EVO` : train;
}

function tally(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** A count list, the largest count first, then by name. */
function byCount<T>(list: T[], count: (t: T) => number, name: (t: T) => string): T[] {
  return list.sort((a, b) => count(b) - count(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

export function lifecycleFindings(input: LifecycleInput): LifecycleResult {
  const { catalog } = input;
  const judge = new MilestoneJudge(input.now, input.horizon);
  const deviceOf = new Map(input.devices.map((d) => [d.name, d]));
  const findings: LifecycleFinding[] = [];

  const hardware = matchHardware(input.devices, input.components, catalog);
  for (const m of hardware.matches) {
    const { entry } = m;
    for (const hit of judge.hits(entry)) {
      findings.push({
        device: m.device,
        site: deviceOf.get(m.device)?.site ?? null,
        member: m.member,
        kind: 'hardware',
        path: m.path,
        componentKind: m.componentKind,
        serialNumber: m.serialNumber,
        version: null,
        matchedBy: m.matchedBy,
        key: entry.key,
        matchedValue: m.matchedValue,
        ...hit,
        description: entry.description,
        replacement: entry.replacement,
        note: entry.note,
        link: entry.link,
        extended: null,
        example: entry.example,
      });
    }
  }

  const notInCatalog = new Map<string, { members: number; devices: Set<string> }>();
  const unparsed = new Map<string, number>();
  let membersMatched = 0;
  let membersWithoutVersion = 0;
  for (const row of input.software) {
    if (row.version === null || row.version.trim() === '') {
      membersWithoutVersion += 1;
      continue;
    }
    const device = deviceOf.get(row.device);
    const train = lifecycleTrain(row.version, device?.os ?? null);
    if (train === null) {
      tally(unparsed, row.version);
      continue;
    }
    const entry = catalog.byTrain.get(train.toLowerCase());
    if (entry === undefined) {
      const known = notInCatalog.get(train) ?? { members: 0, devices: new Set<string>() };
      known.members += 1;
      known.devices.add(row.device);
      notInCatalog.set(train, known);
      continue;
    }
    membersMatched += 1;
    for (const hit of judge.hits(entry)) {
      findings.push({
        device: row.device,
        site: device?.site ?? null,
        member: row.member,
        kind: 'software',
        path: null,
        componentKind: null,
        serialNumber: null,
        version: row.version,
        matchedBy: 'train',
        key: entry.key,
        matchedValue: train,
        ...hit,
        description: entry.description,
        replacement: entry.replacement,
        note: entry.note,
        link: entry.link,
        extended: entry.extended,
        example: entry.example,
      });
    }
  }

  const order = new Map<string, number>();
  for (const d of input.devices) if (!order.has(d.name)) order.set(d.name, order.size);
  for (const f of findings) if (!order.has(f.device)) order.set(f.device, order.size);
  findings.sort((a, b) => order.get(a.device)! - order.get(b.device)! || (a.kind === b.kind ? 0 : a.kind === 'hardware' ? -1 : 1));

  const bySeverity: Record<FindingSeverity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  const byState = { passed: 0, upcoming: 0 };
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    byState[f.state] += 1;
  }
  const summary: LifecycleSummary = {
    catalogExample: catalog.example,
    devices: new Set([...input.devices.map((d) => d.name), ...input.components.map((c) => c.device), ...input.software.map((s) => s.device)]).size,
    findings: findings.length,
    bySeverity,
    byState,
    hardware: {
      componentsChecked: hardware.componentsChecked,
      itemsMatched: hardware.matches.length,
      chassisNotInCatalog: byCount([...hardware.chassisNotInCatalog].map(([model, devices]) => ({ model, devices })), (x) => x.devices, (x) => x.model),
    },
    software: {
      membersChecked: input.software.length,
      membersMatched,
      notInCatalog: byCount([...notInCatalog].map(([train, v]) => ({ train, members: v.members, devices: v.devices.size })), (x) => x.members, (x) => x.train),
      unparsedVersions: byCount([...unparsed].map(([version, members]) => ({ version, members })), (x) => x.members, (x) => x.version),
      membersWithoutVersion,
    },
  };
  return { findings, summary };
}

/** Where a release train stands, for the exposure report beside its advisories. */
export interface SoftwareLifecycle {
  /** The train judged (`21.4`, `23.4-EVO`), null when the input is not a Junos version or train. */
  train: string | null;
  entry: SoftwareEntry | null;
  status: 'not-in-catalog' | 'supported' | 'past-end-of-engineering' | 'past-end-of-support' | 'no-dates';
  /**
   * Whether Juniper still fixes the train (security fixes included): false once End of Engineering
   * (or, without an EOE date, End of Support) has passed, true before EOE, null when unknown.
   */
  securityFixes: boolean | null;
  /** One sentence for a report. */
  statement: string;
}

/**
 * The lifecycle of a train (or of a version's train: `21.4R3-S5.4` is judged as `21.4`) on the
 * UTC day of `now`. Juniper fixes only releases before their End of Engineering.
 */
export function softwareLifecycleFor(trainOrVersion: string | null, catalog: LifecycleCatalog, now: Date, os: string | null = null): SoftwareLifecycle {
  const train = trainOrVersion === null ? null : lifecycleTrain(trainOrVersion, os);
  if (train === null) {
    return { train: null, entry: null, status: 'not-in-catalog', securityFixes: null, statement: `${JSON.stringify(trainOrVersion)} is not a Junos version or train: lifecycle not judged` };
  }
  const entry = catalog.byTrain.get(train.toLowerCase()) ?? null;
  if (entry === null) {
    return { train, entry, status: 'not-in-catalog', securityFixes: null, statement: `train ${train} is not in the lifecycle catalog: lifecycle not judged` };
  }
  const judge = new MilestoneJudge(now, { horizonMonths: 0, milestoneHorizonMonths: {} });
  const eoe = entry.endOfEngineering;
  const eos = entry.endOfSupport;
  const eoePassed = eoe !== null && judge.passed(eoe);
  const eosPassed = eos !== null && judge.passed(eos);
  const example = entry.example ? ' (example catalog: illustrative dates)' : '';
  if (eosPassed) {
    const since = eoe !== null ? `End of Engineering ${eoe}, ` : '';
    return { train, entry, status: 'past-end-of-support', securityFixes: false, statement: `train ${train} is past ${since}End of Support ${eos}: no fixes, security fixes included, and no support${example}` };
  }
  if (eoePassed) {
    return { train, entry, status: 'past-end-of-engineering', securityFixes: false, statement: `train ${train} is past End of Engineering ${eoe}: Juniper publishes no more fixes for it, security fixes included${example}` };
  }
  if (eoe === null && eos === null) {
    return { train, entry, status: 'no-dates', securityFixes: null, statement: `train ${train} is in the catalog without End of Engineering or End of Support dates${example}` };
  }
  const until = eoe !== null ? `until End of Engineering ${eoe}` : `(End of Engineering date unknown; End of Support ${eos})`;
  return { train, entry, status: 'supported', securityFixes: eoe !== null ? true : null, statement: `train ${train} gets fixes ${until}${example}` };
}
