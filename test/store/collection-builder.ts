/**
 * Test input for the store: DeviceCollection objects built from the built-in simulator profiles'
 * replies, parsed by the real collectors (no hand-written records), plus small edits (a swapped
 * FPC, another version) expressed on those parsed records.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlarmRecord } from '../../collectors/alarms.js';
import { alarmsCollector } from '../../collectors/alarms.js';
import type { ChassisInventoryRecords } from '../../collectors/chassis-inventory.js';
import { chassisInventoryCollector } from '../../collectors/chassis-inventory.js';
import type { Collector, CollectorName } from '../../collectors/collector.js';
import type { ConfigurationRecord } from '../../collectors/configuration.js';
import { configurationCollector } from '../../collectors/configuration.js';
import type { CoreDumpRecord } from '../../collectors/core-dumps.js';
import { coreDumpsCollector } from '../../collectors/core-dumps.js';
import { parseReplies } from '../../collectors/outcome.js';
import type { RouteEngineRecords } from '../../collectors/route-engine.js';
import { routeEngineCollector } from '../../collectors/route-engine.js';
import type { SoftwareInformation } from '../../collectors/software-information.js';
import { softwareInformationCollector } from '../../collectors/software-information.js';
import type { ErrorCode } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import type { CollectorResult, DeviceCollection, Store } from '../../src/store/store-api.js';
import { parseXml } from '../../src/xml/parse.js';

export const PROFILES = fileURLToPath(new URL('../../src/sim/profiles', import.meta.url));

export interface ProfileData {
  software: SoftwareInformation;
  inventory: ChassisInventoryRecords;
  routeEngines: RouteEngineRecords;
  configuration: ConfigurationRecord;
  alarms: AlarmRecord[];
  coreDumps: CoreDumpRecord[];
}

const SCRUB_KEY = Buffer.alloc(32, 7);

function parseFile<R>(collector: Collector<R>, profile: string, file: string): R {
  const root = parseXml(readFileSync(join(PROFILES, profile, file), 'utf8'));
  const outcome = parseReplies(collector, [{ key: null, root }], { scrubKey: SCRUB_KEY });
  if (outcome.status !== 'ok') throw new Error(`${profile}/${file}: ${outcome.reason}`);
  return outcome.records;
}

const cache = new Map<string, ProfileData>();

/** The parsed records of a built-in profile (a fresh deep copy each call). */
export function profileData(profile: string): ProfileData {
  let data = cache.get(profile);
  if (data === undefined) {
    data = {
      software: parseFile(softwareInformationCollector, profile, 'command+show-version-invoke-on-all-routing-engines.xml'),
      inventory: parseFile(chassisInventoryCollector, profile, 'get-chassis-inventory.xml'),
      routeEngines: parseFile(routeEngineCollector, profile, 'get-route-engine-information.xml'),
      configuration: parseFile(configurationCollector, profile, 'get-configuration@format=text.xml'),
      alarms: parseFile(alarmsCollector, profile, 'get-alarm-information.xml'),
      coreDumps: parseFile(coreDumpsCollector, profile, 'get-system-core-dumps.xml'),
    };
    cache.set(profile, data);
  }
  return structuredClone(data);
}

/** Makes every real serial unique to `tag` (several devices from one profile). */
export function withSerialSuffix(data: ProfileData, tag: string): ProfileData {
  for (const c of data.inventory.components) if (c.serialNumber !== null && !c.serialPlaceholder) c.serialNumber = `${c.serialNumber}-${tag}`;
  return data;
}

export function ok(collector: CollectorName, records: unknown, durationMs = 5): CollectorResult {
  return { collector, status: 'ok', durationMs, error: null, reason: null, records };
}

export function failedCollector(collector: CollectorName, code: ErrorCode, message = `${collector} failed`): CollectorResult {
  return { collector, status: 'error', durationMs: 5, error: { code, message }, reason: null, records: null };
}

export function notApplicable(collector: CollectorName, reason: string): CollectorResult {
  return { collector, status: 'not-applicable', durationMs: 5, error: null, reason, records: null };
}

/** Every collector ok with the profile's records. */
export function collectorsOf(data: ProfileData): CollectorResult[] {
  return [
    ok('software-information', data.software),
    ok('chassis-inventory', data.inventory),
    ok('route-engine', data.routeEngines),
    ok('configuration', data.configuration),
    ok('alarms', data.alarms),
    ok('core-dumps', data.coreDumps),
  ];
}

export function collection(runId: string, device: string, collectedAt: string, collectors: CollectorResult[]): DeviceCollection {
  const failed = collectors.some((c) => c.status === 'error');
  return { runId, device, collectedAt, source: 'collect', outcome: failed ? 'partial' : 'ok', durationMs: 100, error: null, collectors };
}

export function failedDevice(runId: string, device: string, collectedAt: string, code: ErrorCode, message = 'could not connect'): DeviceCollection {
  return { runId, device, collectedAt, source: 'collect', outcome: 'failed', durationMs: 100, error: { code, message }, collectors: [] };
}

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
}

export async function tempStore(prefix = 'ibsight-store-'): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'data', 'ibsight.db');
  return { store: await openStore({ sqlite: file, logger: silentLogger() }), dir, file };
}

/** Starts a run at `startedAt`. */
export async function run(store: Store, runId: string, startedAt: string): Promise<void> {
  await store.beginRun({ runId, kind: 'collect', startedAt, collectors: ['software-information', 'chassis-inventory'] });
}
