/**
 * `ibsight exposure` as a pure function (issue 6): every advisory, lifecycle and contract finding
 * of every known device, with counts overall and per site for trends. Pure: the store snapshot,
 * the catalogs and "today" come in; the store fills `firstSeen` when the result is recorded.
 *
 * Rules:
 *  - Devices: those of the snapshot (the current inventory). A device never collected has nothing
 *    to judge and is named in `notes`; a device whose latest attempt failed is judged on what was
 *    last collected (the data it is kept for), like every report.
 *  - Advisory findings: advisory-findings.ts (one per device member and advisory).
 *  - Lifecycle findings: lifecycle-findings.ts; converted here. Lifecycle severity `info` (an EOL
 *    announcement far ahead) is stored as `none` — informational. Keys name the device, the item
 *    (member for software, component path and serial for hardware), the catalog key and milestone.
 *  - Contract findings: contract-findings.ts.
 *  - Counts: findings by kind and severity; `kev` counts affected findings of KEV advisories;
 *    `pastEndOfEngineering` counts devices with a member on a train past End of Engineering (a
 *    software `endOfEngineering` finding that has passed); `devicesWithFindings` any kind.
 */
import type { ExposureSnapshot } from '../store/exposure-store.js';
import type { Advisory } from '../advisories/advisory-types.js';
import type { LifecycleCatalog, LifecycleFinding, LifecycleHorizon } from '../lifecycle/lifecycle-types.js';
import { advisoryFindings } from './advisory-findings.js';
import { contractFindings } from './contract-findings.js';
import { emptyExposureCounts, type ExposureCounts, type ExposureResult, type Finding, type FindingSeverity } from './exposure-types.js';
import { lifecycleFindings } from './lifecycle-findings.js';

export interface ExposureInput {
  snapshot: ExposureSnapshot;
  advisories: readonly Advisory[];
  lifecycle: LifecycleCatalog;
  horizon: LifecycleHorizon;
  /** `reconcile.kinds`: the kinds whose contracts are judged. */
  kinds: readonly string[];
  expiringDays: number;
  now: Date;
}

const MILESTONE_TITLES: Record<LifecycleFinding['milestone'], string> = {
  eolAnnounced: 'End of Life announced',
  lastOrder: 'End of Sale (last order date)',
  lastWarrantyConversion: 'Last date to convert warranty',
  endOfSoftwareEngineering: 'End of Software Engineering (EOE) for the hardware',
  endOfEngineering: 'End of Engineering (EOE): no more fixes',
  endOfSupport: 'End of Support (EOS)',
};

function lifecycleFinding(f: LifecycleFinding, model: string | null): Finding {
  const item = f.kind === 'software' ? `member ${f.member ?? '-'}` : `${(f.path ?? []).join('/')} ${f.serialNumber ?? ''}`.trim();
  const when = f.state === 'passed' ? `passed on ${f.date}` : `on ${f.date}, in ${f.daysUntil} days`;
  const what = f.kind === 'software' ? `train ${f.key} (${f.version})` : `${f.matchedBy} ${f.key}${f.matchedValue !== f.key ? ` (reported ${f.matchedValue})` : ''}`;
  return {
    key: `lifecycle|${f.device}|${f.kind}|${item}|${f.matchedBy}:${f.key.toLowerCase()}|${f.milestone}`,
    kind: 'lifecycle',
    device: f.device,
    site: f.site,
    model,
    member: f.member,
    version: f.version,
    component: f.kind === 'hardware'
      ? { path: f.path ?? [], kind: f.componentKind, serialNumber: f.serialNumber, partNumber: f.matchedBy === 'partNumber' ? f.matchedValue : null,
        modelNumber: f.matchedBy === 'model' ? f.matchedValue : null }
      : null,
    ref: f.milestone,
    title: `${MILESTONE_TITLES[f.milestone]}: ${f.key}`,
    severity: f.severity === 'info' ? 'none' : f.severity,
    status: f.state,
    kev: false,
    cvss: null,
    date: f.date,
    detail: `${what}: ${MILESTONE_TITLES[f.milestone]} ${when}${f.replacement ? `; replacement ${f.replacement}` : ''}${f.example ? ' (example catalog: illustrative date)' : ''}`,
    firstSeen: '',
  };
}

function countInto(counts: ExposureCounts, findings: readonly Finding[], devices: number): void {
  counts.devices = devices;
  const withFindings = new Set<string>();
  const pastEoe = new Set<string>();
  for (const f of findings) {
    counts.findings += 1;
    counts.byKind[f.kind][f.severity] += 1;
    withFindings.add(f.device);
    if (f.kind === 'advisory' && f.kev && f.status === 'affected') counts.kev += 1;
    if (f.kind === 'lifecycle' && f.ref === 'endOfEngineering' && f.status === 'passed' && f.component === null) pastEoe.add(f.device);
  }
  counts.devicesWithFindings = withFindings.size;
  counts.pastEndOfEngineering = pastEoe.size;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4, unknown: 5 };

export function exposure(input: ExposureInput): ExposureResult {
  const { snapshot } = input;
  const notes: string[] = [];
  const deviceInfo = new Map(snapshot.devices.map((d) => [d.name, { site: d.site, model: d.model }] as const));
  const never = snapshot.devices.filter((d) => d.lastCollected === null).map((d) => d.name);
  if (never.length > 0) notes.push(`${never.length} device(s) never collected, not judged: ${never.slice(0, 20).join(', ')}${never.length > 20 ? ', ...' : ''}`);

  const advisory = advisoryFindings({ snapshot, advisories: input.advisories });
  notes.push(...advisory.notes);

  const lifecycle = lifecycleFindings({
    devices: snapshot.devices.map((d) => ({ name: d.name, site: d.site, model: d.model, os: d.os })),
    software: snapshot.software.map((s) => ({ device: s.device, member: s.member, version: s.version })),
    components: snapshot.components,
    catalog: input.lifecycle,
    now: input.now,
    horizon: input.horizon,
  });
  if (input.lifecycle.entries.length === 0) notes.push('no lifecycle catalog loaded: `ibsight lifecycle import PATH...` first');
  for (const t of lifecycle.summary.software.notInCatalog) notes.push(`train ${t.train} not in the lifecycle catalog (${t.devices} device(s)): not judged`);
  for (const c of lifecycle.summary.hardware.chassisNotInCatalog) notes.push(`chassis model ${c.model} not in the lifecycle catalog (${c.devices} device(s)): not judged`);
  if (input.lifecycle.example) notes.push('the lifecycle catalog is an example: its dates are illustrative, not Juniper\'s');

  const contract = contractFindings({
    components: snapshot.components, contracts: snapshot.contracts, devices: deviceInfo,
    kinds: input.kinds, expiringDays: input.expiringDays, now: input.now,
  });

  // device by device (snapshot order), most severe first inside a device: small sorts only
  const byDevice = new Map<string, Finding[]>(snapshot.devices.map((d) => [d.name, []] as const));
  const add = (f: Finding): void => {
    let list = byDevice.get(f.device);
    if (list === undefined) byDevice.set(f.device, (list = []));
    list.push(f);
  };
  for (const f of advisory.findings) add(f);
  for (const f of lifecycle.findings) add(lifecycleFinding(f, deviceInfo.get(f.device)?.model ?? null));
  for (const f of contract) add(f);
  const findings: Finding[] = [];
  for (const list of byDevice.values()) {
    list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    for (const f of list) findings.push(f);
  }

  const summary = emptyExposureCounts();
  countInto(summary, findings, snapshot.devices.length);
  const bySite = new Map<string, { findings: Finding[]; devices: number }>();
  for (const d of snapshot.devices) {
    if (d.site === null) continue;
    const entry = bySite.get(d.site);
    if (entry === undefined) bySite.set(d.site, { findings: [], devices: 1 });
    else entry.devices += 1;
  }
  for (const f of findings) if (f.site !== null) bySite.get(f.site)?.findings.push(f);
  const perSite = [...bySite.keys()].sort().map((site) => {
    const counts = { ...emptyExposureCounts(), site };
    countInto(counts, bySite.get(site)!.findings, bySite.get(site)!.devices);
    return counts;
  });
  return { summary, perSite, findings, notes };
}
