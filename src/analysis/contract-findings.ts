/**
 * Contract findings of `ibsight exposure` (issue 6): a component seen on a device whose
 * installed-base record has no current support contract, or one about to end.
 *
 * Rules:
 *  - Only current components with a real (non-placeholder) serial of the reconciled kinds
 *    (`reconcile.kinds`) that HAVE an installed-base record: a serial the installed base does not
 *    know is the accuracy report's business (`unregistered`), not a contract finding.
 *  - The state is SPEC §5's (contract-state.ts, `reconcile.expiringDays`): `expired` (every
 *    contract ended), `none` (the record has no current or past contract), `expiring`; `active`
 *    gives no finding.
 *  - Severity: no cover (`expired`, `none`) on a chassis — the device cannot open a case — is
 *    `high`; on a module `medium`; `expiring` is `low` on either.
 *  - One serial reported by several items of a device (a VC member as FPC and PIC) is one finding.
 */
import type { ExposureComponent, ExposureSnapshot } from '../store/exposure-store.js';
import { contractClock, contractState } from './contract-state.js';
import type { Finding, FindingSeverity } from './exposure-types.js';

export interface ContractFindingsInput {
  components: readonly ExposureComponent[];
  contracts: ExposureSnapshot['contracts'];
  /** device name → site and model */
  devices: ReadonlyMap<string, { site: string | null; model: string | null }>;
  kinds: readonly string[];
  expiringDays: number;
  now: Date;
}

function severityOf(state: 'expired' | 'none' | 'expiring', kind: string): FindingSeverity {
  if (state === 'expiring') return 'low';
  return kind === 'chassis' ? 'high' : 'medium';
}

export function contractFindings(input: ContractFindingsInput): Finding[] {
  const clock = contractClock(input.now, input.expiringDays);
  const kinds = new Set(input.kinds);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const c of input.components) {
    if (c.serialNumber === null || c.serialPlaceholder || !kinds.has(c.kind)) continue;
    const record = input.contracts.get(c.serialNumber);
    if (record === undefined) continue;
    const once = `${c.device}\u0000${c.serialNumber}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const state = contractState(record.contracts, clock);
    if (state === 'active') continue;
    const ends = record.contracts.map((k) => k.end).filter((e): e is string => e !== null).sort();
    const lastEnd = ends.at(-1) ?? null;
    const device = input.devices.get(c.device);
    const what = `${c.kind} ${c.path.join(' / ')} (${c.serialNumber})`;
    const detail =
      state === 'expired' ? `${what}: every contract of the installed-base record has ended (last end ${lastEnd})`
        : state === 'none' ? `${what}: the installed-base record has no support contract`
          : `${what}: the current contract ends ${lastEnd}, within ${input.expiringDays} days`;
    out.push({
      key: `contract|${c.device}|${c.serialNumber}|${state}`,
      kind: 'contract',
      device: c.device,
      site: device?.site ?? null,
      model: device?.model ?? null,
      member: null,
      version: null,
      component: { path: c.path, kind: c.kind, serialNumber: c.serialNumber, partNumber: c.partNumber, modelNumber: c.modelNumber },
      ref: state,
      title: state === 'expired' ? 'Support contract expired' : state === 'none' ? 'No support contract' : 'Support contract expiring',
      severity: severityOf(state, c.kind),
      status: state,
      kev: false,
      cvss: null,
      date: state === 'none' ? null : lastEnd,
      detail,
      firstSeen: '',
    });
  }
  return out;
}
