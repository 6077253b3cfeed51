/**
 * `ibsight config-diff DEVICE [--from ISO] [--to ISO]`: which two stored configuration snapshots
 * to compare, and their unified diff.
 *
 * Choosing: without --to, the latest snapshot (the one seen last), and without --from the one
 * seen last before it. With a time T, the snapshot current at T: the one that first appeared last
 * at or before T; without --from it is compared with the one that had appeared before it. (A
 * snapshot is stored once per distinct content with the first and last time it was seen, so a
 * configuration that went back to an earlier content is placed by its first appearance when
 * chosen by time.) No snapshot at or before T is an input error naming the earliest one.
 *
 * The header lines name the device, the snapshot, when it was first seen, and its commit time and
 * user: `--- mx1 #3 seen 2025-01-02T03:04:05.000Z (committed 2025-01-02 03:00:00 UTC by admin)`.
 */
import { unifiedDiff } from '../diff/unified-diff.js';
import { IbsightError } from '../errors/ibsight-error.js';
import type { ConfigSnapshot } from '../store/store-api.js';
import { parseIsoOption } from './iso-time.js';

export interface ConfigDiffChoice {
  from: ConfigSnapshot;
  to: ConfigSnapshot;
}

export interface ConfigDiffDocument {
  device: string;
  from: ConfigSnapshot;
  to: ConfigSnapshot;
  changed: boolean;
  /** The unified diff text; '' when unchanged. */
  diff: string;
}

const seen = (s: ConfigSnapshot): number => Date.parse(s.lastSeen);
const first = (s: ConfigSnapshot): number => Date.parse(s.firstSeen);

function currentAt(device: string, snapshots: readonly ConfigSnapshot[], flag: string, value: string): ConfigSnapshot {
  const t = parseIsoOption(flag, value).getTime();
  let best: ConfigSnapshot | null = null;
  for (const s of snapshots) {
    if (first(s) <= t && (best === null || first(s) > first(best) || (first(s) === first(best) && s.id > best.id))) best = s;
  }
  if (best === null) {
    const earliest = [...snapshots].sort((a, b) => first(a) - first(b))[0]!;
    throw new IbsightError('INPUT_INVALID', `${device}: no configuration snapshot at or before ${value} (${flag}); the earliest is from ${earliest.firstSeen}`, {
      context: { device, option: flag, value, earliest: earliest.firstSeen },
    });
  }
  return best;
}

/**
 * The snapshots to compare. `from` equals `to` when there is nothing to compare (one snapshot,
 * or both times fall on the same one): the caller prints "no change".
 */
export function chooseSnapshots(device: string, snapshots: readonly ConfigSnapshot[], options: { from?: string; to?: string }): ConfigDiffChoice {
  if (snapshots.length === 0) {
    throw new IbsightError('INPUT_INVALID', `${device}: no configuration snapshot stored (the configuration collector has not run on it yet)`, {
      context: { device },
    });
  }
  const byLastSeen = [...snapshots].sort((a, b) => seen(a) - seen(b) || first(a) - first(b) || a.id - b.id);
  const to = options.to === undefined ? byLastSeen[byLastSeen.length - 1]! : currentAt(device, snapshots, '--to', options.to);
  let from: ConfigSnapshot;
  if (options.from !== undefined) from = currentAt(device, snapshots, '--from', options.from);
  else if (options.to === undefined) {
    // the latest against the one seen last before it (also right when the content went back)
    from = byLastSeen[byLastSeen.length - 2] ?? to;
  } else {
    // a snapshot chosen by time against the one that had appeared last before it
    const before = snapshots.filter((s) => first(s) < first(to) || (first(s) === first(to) && s.id < to.id));
    from = before.sort((a, b) => first(a) - first(b) || a.id - b.id)[before.length - 1] ?? to;
  }
  return { from, to };
}

export function snapshotLabel(device: string, s: ConfigSnapshot): string {
  const commit = [s.commitTime === null ? null : `committed ${s.commitTime}`, s.commitUser === null ? null : `by ${s.commitUser}`]
    .filter((x) => x !== null)
    .join(' ');
  return `${device} #${s.id} seen ${s.firstSeen}${commit === '' ? '' : ` (${commit})`}`;
}

export function configDiffDocument(device: string, choice: ConfigDiffChoice, fromText: string, toText: string): ConfigDiffDocument {
  const diff =
    choice.from.id === choice.to.id ? '' : unifiedDiff(fromText, toText, { fromLabel: snapshotLabel(device, choice.from), toLabel: snapshotLabel(device, choice.to) });
  return { device, from: choice.from, to: choice.to, changed: diff !== '', diff };
}
