/**
 * Choosing the configuration snapshots `config-diff` compares (defaults, by time, a content that
 * went back to an earlier one), the labels with commit time and user, and reading ISO times.
 */
import { describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { chooseSnapshots, configDiffDocument, snapshotLabel } from '../../src/reports/config-diff.js';
import { parseIsoOption } from '../../src/reports/iso-time.js';
import type { ConfigSnapshot } from '../../src/store/store-api.js';

const snap = (id: number, firstSeen: string, lastSeen: string, commitUser: string | null = null): ConfigSnapshot => ({
  id,
  device: 'mx1',
  firstSeen,
  lastSeen,
  hash: String(id).repeat(64).slice(0, 64),
  commitTime: commitUser ? '2025-01-01T00:00:00.000Z' : null,
  commitUser,
});

// A seen Jan 1–2, B Jan 3–4, C Jan 5 onwards
const A = snap(1, '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', 'alice');
const B = snap(2, '2025-01-03T00:00:00.000Z', '2025-01-04T00:00:00.000Z', 'bob');
const C = snap(3, '2025-01-05T00:00:00.000Z', '2025-01-09T00:00:00.000Z');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isIbsightError(err)) return err.code;
    throw err;
  }
  return undefined;
}

describe('chooseSnapshots', () => {
  it('compares the previous snapshot with the latest by default, whatever the store order', () => {
    expect(chooseSnapshots('mx1', [C, A, B], {})).toEqual({ from: B, to: C });
  });

  it('takes the snapshot current at a time', () => {
    expect(chooseSnapshots('mx1', [A, B, C], { from: '2025-01-02T12:00:00Z', to: '2025-01-04' })).toEqual({ from: A, to: B });
    expect(chooseSnapshots('mx1', [A, B, C], { to: '2025-01-03T00:00:00Z' })).toEqual({ from: A, to: B });
    expect(chooseSnapshots('mx1', [A, B, C], { from: '2025-01-01' })).toEqual({ from: A, to: C });
  });

  it('compares the latest with the one seen just before when the content went back', () => {
    // A, then B, then A again: A is stored once, first seen Jan 1, last seen Jan 9
    const again = { ...A, lastSeen: '2025-01-09T00:00:00.000Z' };
    expect(chooseSnapshots('mx1', [again, B], {})).toEqual({ from: B, to: again });
  });

  it('has nothing to compare with a single snapshot or one time', () => {
    expect(chooseSnapshots('mx1', [A], {})).toEqual({ from: A, to: A });
    expect(chooseSnapshots('mx1', [A, B], { from: '2025-01-03T01:00Z', to: '2025-01-03T02:00Z' })).toEqual({ from: B, to: B });
  });

  it('refuses no snapshot at all, a time before the first one, and a time that is not ISO', () => {
    expect(code(() => chooseSnapshots('mx1', [], {}))).toBe('INPUT_INVALID');
    expect(code(() => chooseSnapshots('mx1', [A, B], { from: '2024-12-31' }))).toBe('INPUT_INVALID');
    expect(code(() => chooseSnapshots('mx1', [A, B], { to: 'last tuesday' }))).toBe('USAGE');
  });
});

describe('configDiffDocument', () => {
  it('labels both sides with snapshot, first seen, commit time and user', () => {
    expect(snapshotLabel('mx1', A)).toBe('mx1 #1 seen 2025-01-01T00:00:00.000Z (committed 2025-01-01T00:00:00.000Z by alice)');
    expect(snapshotLabel('mx1', C)).toBe('mx1 #3 seen 2025-01-05T00:00:00.000Z');
    const doc = configDiffDocument('mx1', { from: A, to: B }, 'a\nb\n', 'a\nc\n');
    expect(doc.changed).toBe(true);
    expect(doc.diff.split('\n').slice(0, 2)).toEqual([`--- ${snapshotLabel('mx1', A)}`, `+++ ${snapshotLabel('mx1', B)}`]);
  });

  it('is unchanged for one snapshot, or two with the same text', () => {
    expect(configDiffDocument('mx1', { from: A, to: A }, 'x\n', 'x\n')).toMatchObject({ changed: false, diff: '' });
    expect(configDiffDocument('mx1', { from: A, to: B }, 'x\n', 'x\n')).toMatchObject({ changed: false, diff: '' });
  });
});

describe('parseIsoOption', () => {
  it.each([
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T12:00', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T12:00:05Z', '2025-01-31T12:00:05.000Z'],
    ['2025-01-31 12:00:00.123+02:00', '2025-01-31T10:00:00.123Z'],
    ['2025-01-31T12:00:00-0130', '2025-01-31T13:30:00.000Z'],
  ])('%s → %s (UTC unless a zone is given)', (text, iso) => {
    expect(parseIsoOption('--since', text).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2025-02-30', '2025-13-01', '2025-01-31T24:00', '31/01/2025', ''])('refuses %j', (text) => {
    expect(code(() => parseIsoOption('--since', text))).toBe('USAGE');
  });
});
