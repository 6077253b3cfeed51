/**
 * Which failures a collection run retries, and how long it waits first. Only transient
 * failures are retried: the device or the path to it may answer a moment later (connect timeout
 * or refusal, a dropped connection, an RPC that timed out). Never retried: authentication and
 * host key failures (retrying an auth failure counts towards the account's lockout), unsafe or
 * oversized replies, protocol faults and configuration errors — those fail the same way again.
 * Waits grow exponentially with jitter (uniform in the upper half of base * 2^n, "equal
 * jitter"), so a fleet that lost its path at once does not come back in lock step.
 */
import type { ErrorCode } from '../errors/ibsight-error.js';

const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CONNECT_TIMEOUT', 'CONNECT_REFUSED', 'DISCONNECTED', 'RPC_TIMEOUT']);

export const DEFAULT_RETRY_BASE_MS = 1_000;
export const MAX_RETRY_WAIT_MS = 30_000;

export function isTransient(code: ErrorCode): boolean {
  return TRANSIENT.has(code);
}

/**
 * Milliseconds to wait before retry number `retry` (1 for the first retry): a uniform draw in
 * [base * 2^(retry-1) / 2, base * 2^(retry-1)], capped. Half the window is kept as a floor so a
 * retry never comes back immediately.
 */
export function backoffMs(retry: number, baseMs = DEFAULT_RETRY_BASE_MS, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_WAIT_MS, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
