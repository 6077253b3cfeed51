/**
 * The contract state of an installed-base record at a given day (SPEC §5 `contract`).
 *
 * Rules:
 *  - Dates are calendar days `YYYY-MM-DD` (as in the installed base) compared with the UTC date of
 *    `now`. A contract is current when start ≤ today ≤ end, both ends inclusive; a missing start
 *    or end is open (started long ago, never ends).
 *  - Some contract current: `expiring` when the latest end among the current ones is within
 *    `expiringDays` of today (end ≤ today + expiringDays, so a contract ending today is current
 *    and expiring), else `active` (an open end is never expiring).
 *  - None current, but some ended (end < today): `expired`.
 *  - No contract, or only future ones (start > today): `none`.
 *  - No installed-base record at all is JSON null: the caller's business, not this file's.
 */
import type { IbContract } from '../installed-base/installed-base-types.js';
import type { ContractState } from './reconcile-types.js';

/** "Today" and the last day that still counts as expiring, both `YYYY-MM-DD`. */
export interface ContractClock {
  today: string;
  horizon: string;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function contractClock(now: Date, expiringDays: number): ContractClock {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { today: isoDay(today), horizon: isoDay(today + expiringDays * 86_400_000) };
}

export function contractState(contracts: readonly IbContract[], clock: ContractClock): ContractState {
  let current = false;
  let openEnded = false;
  let latestEnd = '';
  let ended = false;
  for (const c of contracts) {
    const started = c.start === null || c.start <= clock.today;
    const notOver = c.end === null || c.end >= clock.today;
    if (started && notOver) {
      current = true;
      if (c.end === null) openEnded = true;
      else if (c.end > latestEnd) latestEnd = c.end;
    } else if (c.end !== null && c.end < clock.today) ended = true;
  }
  if (current) return !openEnded && latestEnd <= clock.horizon ? 'expiring' : 'active';
  return ended ? 'expired' : 'none';
}
