/**
 * The release train of a Junos version string, as the software report groups versions
 * (junos-primer "versions"): `21.4R3-S5.4` → `21.4`; X trains are lines of their own
 * (`15.1X49-D170.4` → `15.1X49`), so are F lines (`15.1F6-S3` → `15.1F6`); Junos OS Evolved
 * is a separate product (`23.4R2-S3.9-EVO` → `23.4-EVO`). Builds that are not releases
 * (`16.1-20160720.0`, `18.3I20180716_1639`) belong to their major.minor train. Anything else is
 * not a Junos version: null.
 *
 * Also a natural-order comparison for display (numbers compared as numbers): it orders a report's
 * rows, it is NOT the Junos version order (SPEC §7 has that, in src/analysis later).
 */

const VERSION = /^(\d+)\.(\d+)(?:([XF])(\d+))?(?=[RBIS.\-_]|$)/;

export function junosTrain(version: string | null): string | null {
  if (version === null) return null;
  const v = version.trim();
  const m = VERSION.exec(v);
  if (!m) return null;
  const base = `${m[1]}.${m[2]}${m[3] ? `${m[3]}${m[4]}` : ''}`;
  return /-EVO$/i.test(v) ? `${base}-EVO` : base;
}

/** `junos-evolved` when the version says `-EVO`, else the given OS (or `junos` for a Junos version). */
export function productOf(version: string | null, os: string | null): string | null {
  if (version !== null && /-EVO$/i.test(version.trim())) return 'junos-evolved';
  return os ?? (junosTrain(version) !== null ? 'junos' : null);
}

const TOKEN = /(\d+)|(\D+)/g;

/** Natural order for display: `21.4R3-S10` after `21.4R3-S9`; null last. */
export function naturalCompare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ta = a.match(TOKEN) ?? [];
  const tb = b.match(TOKEN) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}
