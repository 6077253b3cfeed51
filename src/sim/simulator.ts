/**
 * The simulator engine: one Node process serving a whole fleet of simulated Junos devices,
 * one SSH port each on 127.0.0.1, consecutive from the base port in fleet order (a `refuse`
 * device keeps its port number but nothing listens on it). Profiles are loaded once and shared.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { DeviceServer } from './device-server.js';
import type { FleetPlan } from './fleet-file.js';
import { loadProfile, type Profile } from './profile.js';
import { SimDevice } from './sim-device.js';

export const DEFAULT_BASE_PORT = 20000;
const LISTEN_BATCH = 500;

export interface StartOptions {
  basePort?: number;
  logger: Logger;
}

export interface RunningSimulator {
  devices: SimDevice[];
  /** Milliseconds from the call to every device listening. */
  startMs: number;
  close(): Promise<void>;
}

/** Loads each distinct profile directory once. */
export function loadProfiles(plan: FleetPlan, logger: Logger): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const device of plan.devices) {
    if (profiles.has(device.profileDir)) continue;
    try {
      const profile = loadProfile(device.profileDir);
      for (const warning of profile.warnings) logger.warn({ profile: device.profileRef }, warning);
      profiles.set(device.profileDir, profile);
    } catch (err) {
      if (err instanceof IbsightError) {
        throw err.withContext({ keyPath: `${device.keyPath}.profile`, file: err.context.file ?? plan.file });
      }
      throw err;
    }
  }
  return profiles;
}

export function checkPortRange(basePort: number, count: number): void {
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535) {
    throw new IbsightError('USAGE', `--base-port must be an integer from 1 to 65535, got ${basePort}`);
  }
  const last = basePort + count - 1;
  if (last > 65535) {
    throw new IbsightError('USAGE', `${count} devices from port ${basePort} would need ports up to ${last}; lower --base-port`);
  }
}

export async function startSimulator(plan: FleetPlan, options: StartOptions): Promise<RunningSimulator> {
  const started = performance.now();
  const basePort = options.basePort ?? DEFAULT_BASE_PORT;
  const { logger } = options;
  checkPortRange(basePort, plan.devices.length);
  if (basePort + plan.devices.length - 1 >= 32768) {
    logger.warn({ basePort, devices: plan.devices.length }, 'ports reach 32768 or above, where the kernel picks ephemeral ports: collisions are possible');
  }
  const profiles = loadProfiles(plan, logger);
  const devices = plan.devices.map((d, i) => new SimDevice(d, basePort + i, profiles.get(d.profileDir)!));

  let sessionId = 1000 + (process.pid % 1000) * 100;
  const serverOptions = { username: plan.username, password: plan.password, logger, nextSessionId: () => ++sessionId };
  const servers = devices.filter((d) => d.fault !== 'refuse').map((d) => new DeviceServer(d, serverOptions));

  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };
  for (let at = 0; at < servers.length; at += LISTEN_BATCH) {
    const results = await Promise.allSettled(servers.slice(at, at + LISTEN_BATCH).map((s) => s.listen()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await close();
      throw failed.reason;
    }
  }
  return { devices, startMs: Math.round(performance.now() - started), close };
}
