/**
 * Advisory findings of `ibsight exposure` (issue 6): every stored advisory against the software of
 * every device, one finding per device member (RE, VC member, cluster node) and advisory.
 *
 * Rules:
 *  - A target per current software row: its version (Evolved when the version says `-EVO` or the
 *    device's OS is junos-evolved), the member's model (else the device's), and the device's
 *    current configuration in set form for catalog config conditions (advisory-match.ts).
 *  - A device without software rows but with a version on the device row is judged on that, as
 *    member null. A version that is not a Junos version (or none at all) is not judged and named in
 *    the notes — never silently "not affected".
 *  - Advisories that do not compile (a stored bound that no longer parses) are left out with a note.
 *  - Matching is advisory-match.ts `matchTargets` (answers cached per version + model).
 */
import type { Advisory } from '../advisories/advisory-types.js';
import type { ExposureSnapshot } from '../store/exposure-store.js';
import { compileAdvisories, matchTargets, type ExposureTarget } from './advisory-match.js';
import type { Finding } from './exposure-types.js';
import { tryParseJunosVersion } from './junos-version.js';

interface TargetOf {
  device: string;
  site: string | null;
  deviceModel: string | null;
  member: string | null;
}

export function advisoryFindings(input: { snapshot: ExposureSnapshot; advisories: readonly Advisory[] }): { findings: Finding[]; notes: string[] } {
  const { snapshot } = input;
  const notes: string[] = [];
  if (input.advisories.length === 0) return { findings: [], notes: ['no advisories loaded: `ibsight advisories import PATH...` first'] };
  const { compiled, warnings } = compileAdvisories(input.advisories);
  for (const w of warnings) notes.push(`advisory ${w.id ?? '?'} left out: ${w.message}`);

  const software = new Map<string, ExposureSnapshot['software']>();
  for (const s of snapshot.software) {
    let list = software.get(s.device);
    if (list === undefined) software.set(s.device, (list = []));
    list.push(s);
  }
  const targets: ExposureTarget[] = [];
  const owners: TargetOf[] = [];
  const unparsed = new Map<string, string[]>();
  for (const d of snapshot.devices) {
    if (d.lastCollected === null) continue;
    const rows = software.get(d.name) ?? (d.version !== null ? [{ device: d.name, member: null, model: d.model, version: d.version }] : []);
    for (const s of rows) {
      const text = s.version ?? '';
      const version = tryParseJunosVersion(text, d.os === 'junos-evolved' ? 'junos-evolved' : 'junos');
      if (version === null) {
        const list = unparsed.get(text) ?? [];
        list.push(s.member === null ? d.name : `${d.name} ${s.member}`);
        unparsed.set(text, list);
        continue;
      }
      targets.push({ version, model: s.model ?? d.model, setLines: d.setLines });
      owners.push({ device: d.name, site: d.site, deviceModel: d.model, member: s.member });
    }
  }
  for (const [text, where] of unparsed) {
    notes.push(`version ${JSON.stringify(text)} is not a Junos version, advisories not judged for: ${where.slice(0, 10).join(', ')}${where.length > 10 ? ', ...' : ''}`);
  }

  const results = matchTargets(compiled, targets);
  const findings: Finding[] = [];
  for (let i = 0; i < results.length; i++) {
    const owner = owners[i]!;
    const target = targets[i]!;
    const keyPrefix = `advisory|${owner.device}|${owner.member ?? ''}|`;
    const model = target.model ?? owner.deviceModel;
    for (const m of results[i]!) {
      findings.push({
        key: keyPrefix + m.id,
        kind: 'advisory',
        device: owner.device,
        site: owner.site,
        model,
        member: owner.member,
        version: target.version.text,
        component: null,
        ref: m.id,
        title: m.title,
        severity: m.severity,
        status: m.status,
        kev: m.kev,
        cvss: m.cvss,
        date: null,
        detail: m.reason,
        firstSeen: '',
      });
    }
  }
  return { findings, notes };
}
