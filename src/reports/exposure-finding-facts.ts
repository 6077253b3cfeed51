/**
 * What the exposure report reads off the findings beyond their fields:
 *  - Past End of Engineering: a release past EOE gets no more security fixes. An advisory finding
 *    is marked when the same run has a software lifecycle finding `endOfEngineering` with status
 *    `passed` for the same device and member, or for the same device and version (both producers
 *    read the same software rows; the version catches a member named differently).
 *  - The fixed-release hint: the Junos versions the finding's detail names after `fixed in`,
 *    `fixed release(s)`, `fixed:` or `upgrade to` (the advisory matcher's wording), at most 12.
 *  - CVSS when the finding carries none (runs stored before findings had `cvss`): the score of
 *    an advisory as the stored advisories catalog carries it, read tolerantly: a body `{id, cvss: {version, score}}` (SPEC §7's shape,
 *    or a list of them: the highest version wins) or a CVE JSON 5 record
 *    (`cveMetadata.cveId`, `containers.cna.metrics[].cvssV4_0 | cvssV3_1 | cvssV3_0 .baseScore`).
 *    Anything else gives no score.
 */
import type { Finding } from '../analysis/exposure-types.js';

export const PAST_EOE_MARK = 'release past End of Engineering: no further security fixes';

export interface Cvss {
  version: string;
  score: number;
}

const joinKey = (...parts: (string | null)[]): string => parts.map((p) => p ?? '').join('\u0000');

/** Whether a finding is software lifecycle, End of Engineering, passed. */
export function isPastEndOfEngineering(f: Finding): boolean {
  return f.kind === 'lifecycle' && f.component === null && f.ref === 'endOfEngineering' && f.status === 'passed';
}

/** The test "does this advisory finding run a release past EOE", built from one run's findings. */
export function pastEndOfEngineeringIndex(findings: readonly Finding[]): (f: Finding) => boolean {
  const byMember = new Set<string>();
  const byVersion = new Set<string>();
  for (const f of findings) {
    if (!isPastEndOfEngineering(f)) continue;
    byMember.add(joinKey(f.device, f.member));
    if (f.version !== null) byVersion.add(joinKey(f.device, f.version));
  }
  return (f) => byMember.has(joinKey(f.device, f.member)) || (f.version !== null && byVersion.has(joinKey(f.device, f.version)));
}

const FIX_PHRASE = /\b(?:fixed in|fixed releases?|fixed versions?|fixed:|fix(?:ed)? available in|upgrade to)\s*:?\s*([^;\n]*)/gi;
const VERSION_TOKEN = /\b\d{1,2}\.\d{1,2}(?:[RXFB]\d*[A-Za-z0-9.\-_]*)?(?:-EVO)?\b/g;
const HINT_MAX = 12;

/** The versions a detail names as fixed, in order, without repeats; [] when it names none. */
export function fixedReleases(detail: string): string[] {
  const out: string[] = [];
  for (const phrase of detail.matchAll(FIX_PHRASE)) {
    for (const token of phrase[1]!.matchAll(VERSION_TOKEN)) {
      const v = token[0].replace(/[.\-_]+$/, '');
      if (!out.includes(v)) out.push(v);
      if (out.length >= HINT_MAX) return out;
    }
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cvssOf(value: unknown): Cvss | null {
  const list = Array.isArray(value) ? value : [value];
  let best: Cvss | null = null;
  for (const v of list) {
    if (!isRecord(v)) continue;
    const score = typeof v.score === 'number' ? v.score : typeof v.baseScore === 'number' ? v.baseScore : NaN;
    if (!Number.isFinite(score) || score < 0 || score > 10) continue;
    const version = typeof v.version === 'string' || typeof v.version === 'number' ? String(v.version) : '';
    if (best === null || version.localeCompare(best.version, 'en', { numeric: true }) > 0) best = { version, score };
  }
  return best;
}

const CVE_METRICS: readonly [string, string][] = [['cvssV4_0', '4.0'], ['cvssV3_1', '3.1'], ['cvssV3_0', '3.0']];

function cveRecordCvss(body: Record<string, unknown>): [string, Cvss] | null {
  const meta = body.cveMetadata;
  const cna = isRecord(body.containers) ? body.containers.cna : undefined;
  if (!isRecord(meta) || typeof meta.cveId !== 'string' || !isRecord(cna) || !Array.isArray(cna.metrics)) return null;
  for (const [field, version] of CVE_METRICS) {
    for (const m of cna.metrics) {
      const metric = isRecord(m) ? m[field] : undefined;
      if (isRecord(metric) && typeof metric.baseScore === 'number') return [meta.cveId, { version, score: metric.baseScore }];
    }
  }
  return null;
}

/** Advisory id → CVSS from the stored catalog bodies (see the header); ids without a score are left out. */
export function advisoryScores(bodies: readonly unknown[]): Map<string, Cvss> {
  const out = new Map<string, Cvss>();
  for (const body of bodies) {
    if (!isRecord(body)) continue;
    if (typeof body.id === 'string') {
      const cvss = cvssOf(body.cvss);
      if (cvss !== null) out.set(body.id, cvss);
      continue;
    }
    const cve = cveRecordCvss(body);
    if (cve !== null) out.set(cve[0], cve[1]);
  }
  return out;
}
