/**
 * Collects one device: resolve its login, connect (retrying transient failures with backoff),
 * then run every collector in registry order. A failing collector does not stop the others; a
 * session that dies is reopened for a transient failure while retries remain (the collector
 * that was running is sent again), otherwise the device's remaining collectors fail with the
 * session's error code. A device gets at most `collection.retries` retries in all (connects and
 * reopened sessions together). Device outcome (SPEC §2.4): `failed` when it could not connect or
 * software-information / chassis-inventory failed, `partial` when another collector failed,
 * else `ok` (not-applicable counts as ok).
 */
import type { Collector, ParseContext } from '../../collectors/collector.js';
import type { InventoryDevice, IbsightConfig } from '../config/config-types.js';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { NetconfSession, type ConnectOptions } from '../netconf/session.js';
import type { CollectorResult, DeviceCollection, DeviceOutcome } from '../store/store-api.js';
import { errorResult, runCollector, type RpcChannel } from './collector-requests.js';
import type { CredentialResolver, DeviceLogin } from './device-credentials.js';
import { withHostKeyAdvice } from './host-key-advice.js';
import { backoffMs, isTransient, sleep } from './retry-policy.js';

/** One line of the run summary's `failures` (SPEC §2.4); `collector` null for a device-level failure. */
export interface RunFailure {
  device: string;
  collector: string | null;
  code: string;
  message: string;
}

export interface CollectSession extends RpcChannel {
  close(): Promise<void>;
}

export interface DeviceRunSettings {
  runId: string;
  collectors: readonly Collector[];
  credentials: CredentialResolver;
  ssh: IbsightConfig['ssh'];
  connectTimeoutMs: number;
  rpcTimeoutMs: number;
  retries: number;
  retryBaseMs: number;
  /** Largest reply accepted; undefined = the session's default. */
  maxReplyBytes: number | undefined;
  parseContext: ParseContext;
  /** The run's logger; each device gets a child `{device}`. */
  logger: Logger;
  /** Opens a session (NetconfSession.connect unless replaced, e.g. by a bench's bare client). */
  connect?: (options: ConnectOptions) => Promise<CollectSession>;
}

export interface DeviceRun {
  collection: DeviceCollection;
  failures: RunFailure[];
}

/** Collectors whose failure fails the whole device (SPEC §2.4). */
const ESSENTIAL = new Set(['software-information', 'chassis-inventory']);

/** The session adds `{device}` to the run's logger itself (a second child would repeat the key). */
function connectOptions(device: InventoryDevice, login: DeviceLogin, s: DeviceRunSettings): ConnectOptions {
  const options: ConnectOptions = {
    host: device.host,
    port: device.port,
    ...login,
    knownHostsFile: s.ssh.knownHosts,
    hostKeyPolicy: s.ssh.hostKeyPolicy,
    legacyAlgorithms: s.ssh.legacyAlgorithms,
    connectTimeoutMs: s.connectTimeoutMs,
    rpcTimeoutMs: s.rpcTimeoutMs,
    device: device.name,
    logger: s.logger,
  };
  if (s.maxReplyBytes !== undefined) options.maxReplyBytes = s.maxReplyBytes;
  const jump = s.ssh.proxyJump;
  if (jump) {
    // the jump host is reached with the device's credential (its own user name when given)
    options.proxyJump = { ...login, host: jump.host, port: jump.port, username: jump.username ?? login.username };
  }
  return options;
}

/** Device outcome from its collectors' results (SPEC §2.4), with the failing essential collector's error. */
export function outcomeOf(results: readonly CollectorResult[]): { outcome: DeviceOutcome; error: CollectorResult['error'] } {
  const essential = results.find((r) => r.status === 'error' && ESSENTIAL.has(r.collector));
  if (essential) return { outcome: 'failed', error: essential.error };
  return { outcome: results.some((r) => r.status === 'error') ? 'partial' : 'ok', error: null };
}

export async function collectDevice(device: InventoryDevice, s: DeviceRunSettings): Promise<DeviceRun> {
  const started = performance.now();
  const collectedAt = new Date().toISOString();
  const logger = s.logger.child({ device: device.name });
  const connect = s.connect ?? ((o: ConnectOptions) => NetconfSession.connect(o));
  const results: CollectorResult[] = [];
  const failures: RunFailure[] = [];
  const fail = (collector: string | null, err: IbsightError): void => {
    failures.push({ device: device.name, collector, code: err.code, message: err.message });
  };

  let session: CollectSession | null = null;
  let connected = false;
  let retriesUsed = 0;
  let ended: IbsightError | null = null;
  let index = 0;
  const retry = async (err: IbsightError, stage: string): Promise<boolean> => {
    if (!isTransient(err.code) || retriesUsed >= s.retries) return false;
    retriesUsed++;
    const waitMs = backoffMs(retriesUsed, s.retryBaseMs);
    logger.warn({ code: err.code, stage, retry: retriesUsed, of: s.retries, waitMs }, `retrying after a transient failure: ${err.message}`);
    await sleep(waitMs);
    return true;
  };

  try {
    const login = await s.credentials.login(device.credentials);
    const options = connectOptions(device, login, s);
    while (index < s.collectors.length) {
      if (!session) {
        try {
          session = await connect(options);
          connected = true;
        } catch (err) {
          const e = withHostKeyAdvice(toIbsightError(err), device.name);
          if (await retry(e, 'connect')) continue;
          ended = e;
          if (connected) fail(null, e);
          break;
        }
      }
      const collector = s.collectors[index]!;
      const run = await runCollector(session, collector, s.parseContext);
      if (run.sessionError) {
        const dying = session;
        session = null;
        await dying.close().catch(() => undefined);
        if (await retry(run.sessionError, collector.name)) continue;
        ended = run.sessionError;
      }
      results.push(run.result);
      index++;
      if (run.result.error) {
        const err = new IbsightError(run.result.error.code, run.result.error.message);
        fail(collector.name, err);
        logger.warn({ collector: collector.name, code: err.code }, err.message);
      } else if (run.memberErrors > 0) {
        logger.info({ collector: collector.name, memberErrors: run.memberErrors }, 'reply carried errors beside its data (a member could not answer)');
      }
      if (ended) break;
    }
  } catch (err) {
    // credentials that cannot be resolved (CONFIG_INVALID), or a bug: the device fails, the run goes on
    ended = toIbsightError(err);
  } finally {
    if (session) await session.close().catch(() => undefined);
  }

  for (; index < s.collectors.length; index++) {
    const why = ended ?? new IbsightError('INTERNAL', 'not run');
    const note = connected ? `not run: the session ended (${why.code})` : `not run: could not connect (${why.code})`;
    results.push(errorResult(s.collectors[index]!, new IbsightError(why.code, note), 0));
  }
  const durationMs = Math.round(performance.now() - started);
  let outcome: DeviceOutcome;
  let error: DeviceCollection['error'];
  if (!connected) {
    const e = ended ?? new IbsightError('INTERNAL', 'no session');
    outcome = 'failed';
    error = { code: e.code, message: e.message };
    fail(null, e);
    logger.warn({ code: e.code, durationMs }, `device failed: ${e.message}`);
  } else {
    ({ outcome, error } = outcomeOf(results));
    logger.debug({ outcome, durationMs, retries: retriesUsed }, 'device collected');
  }
  return {
    collection: { runId: s.runId, device: device.name, collectedAt, source: 'collect', outcome, durationMs, error, collectors: results },
    failures,
  };
}
