/**
 * The demo lab's installed base: `src/demo/lab/installed-base.csv`, the vendor's records for the
 * 24 lab devices in SPEC §4's native columns, written for a reference day (DEMO_IB_REFERENCE_DAY)
 * with discrepancies planted on purpose:
 *  - unregistered: ams-core-2's MPC10E line card and a power supply of lon-acc-2 are not listed;
 *  - missing: a decommissioned MX480 chassis (LON) and an MPC7E line card (AMS) never seen;
 *  - site-mismatch: ams-edge-2's chassis is recorded at FRA-DC2 but sits in AMS-DC1;
 *  - product-mismatch: ams-leaf-3 (a QFX5120) is recorded as an EX4300-48T-AFI;
 *  - rma-suspected: fra-pe-1's first line card was replaced; the file still has the old serial;
 *  - not-verified: lon-leaf-old and fra-p-3 answer the baseline run, then fail today;
 *  - out of scope: two serials at MAD-DC3, a site outside the lab's inventory;
 *  - contracts: active (two service lines on each chassis), expiring within 90 days, expired, none.
 * The demo shifts every date by the days between the reference day and today, so the contract
 * states are the same whenever it runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../sim/builtin-profile-dir.js';

export const DEMO_IB_REFERENCE_DAY = '2026-12-01';

const DAY_MS = 86_400_000;
const DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

export function demoInstalledBaseFile(): string {
  return join(packageRoot(), 'src', 'demo', 'lab', 'installed-base.csv');
}

/** The shipped CSV with every `YYYY-MM-DD` moved by whole days from the reference day to `today`. */
export function demoInstalledBaseText(today: Date): string {
  const shiftDays = Math.floor(today.getTime() / DAY_MS) - Math.floor(Date.parse(`${DEMO_IB_REFERENCE_DAY}T00:00:00Z`) / DAY_MS);
  return readFileSync(demoInstalledBaseFile(), 'utf8').replace(DATE, (_m, y: string, mo: string, d: string) =>
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + shiftDays * DAY_MS).toISOString().slice(0, 10),
  );
}
