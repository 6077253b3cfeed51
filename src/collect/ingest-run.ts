/**
 * `ibsight ingest DIR`: saved replies (`DIR/<device>/<rpc>.xml`, e.g. from a site the agent cannot
 * reach) go through the same parsers and the same sink as a collection, with `source: 'ingest'`
 * and `collectedAt` = the newest modification time of the files used for that device.
 *  - Only devices of the inventory are ingested; other directories (and loose files) are
 *    skipped with a warning and listed in the report's `skipped`.
 *  - Collectors none of whose files are present are not part of that device's ingest.
 *  - A file that is too large, unreadable, not safe well-formed XML, or that its collector cannot
 *    use, is that collector's error, with the file named; the other collectors go on. A missing
 *    file for a required request of a collector that has its other files is INPUT_INVALID.
 *  - A device directory with no usable file at all is a failed device (INPUT_INVALID).
 * Files are read asynchronously, each at most once, bounded in size.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Collector, CollectorReply, ParseContext } from '../../collectors/collector.js';
import type { InventoryDevice } from '../config/config-types.js';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import type { CollectorResult, DeviceCollection } from '../store/store-api.js';
import { parseXml, type XmlElement } from '../xml/parse.js';
import type { DeviceSink } from './collection-run.js';
import { store } from './collection-run.js';
import { errorResult, parseOutcome } from './collector-requests.js';
import { outcomeOf, type DeviceRun, type RunFailure } from './device-collection.js';
import type { RunProgress } from './run-progress.js';
import { planDevice, requestFileNames, type CollectorFiles, type PlannedCollector } from './saved-replies.js';
import { RunTally, type RunReport } from './run-summary.js';
import { forEachLimited } from './worker-pool.js';

export const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;
const INGEST_CONCURRENCY = 4;

export interface IngestOptions {
  runId: string;
  dir: string;
  devices: readonly InventoryDevice[];
  collectors: readonly Collector[];
  scrubKey: Buffer;
  sink: DeviceSink;
  logger: Logger;
  maxFileBytes?: number;
  /** Progress display, made once the number of device directories is known; stopped at the end. */
  progress?: (devices: number) => RunProgress;
}

export interface IngestReport extends RunReport {
  /** Entries of DIR that were not ingested, and why. */
  skipped: { entry: string; reason: string }[];
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new IbsightError('INPUT_INVALID', `${dir}: cannot read the directory: ${(err as Error).message}`, { cause: err, context: { file: dir } });
  }
}

export async function runIngest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const logger = options.logger.child({ run: options.runId });
  const entries = (await entriesOf(options.dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(options.devices.map((d) => [d.name, d]));
  const skipped: IngestReport['skipped'] = [];
  const devices: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) skipped.push({ entry: entry.name, reason: 'not a device directory' });
    else if (!byName.has(entry.name)) skipped.push({ entry: entry.name, reason: 'no such device in the inventory' });
    else devices.push(entry.name);
  }
  for (const s of skipped) logger.warn({ entry: join(options.dir, s.entry) }, `skipped: ${s.reason}`);
  logger.info({ dir: options.dir, devices: devices.length, skipped: skipped.length }, 'ingest started');
  const progress = options.progress?.(devices.length);
  const runLogger = progress ? progress.logger.child({ run: options.runId }) : logger;

  const plans = requestFileNames(options.collectors);
  const context: ParseContext = { scrubKey: options.scrubKey };
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tally = new RunTally();
  try {
    await forEachLimited(devices, INGEST_CONCURRENCY, async (name) => {
      const run = await ingestDevice(name, join(options.dir, name), plans, { runId: options.runId, context, maxFileBytes, logger: runLogger.child({ device: name }) });
      await store(run, options.sink, runLogger);
      tally.add(run.collection.outcome, run.failures);
      progress?.tick(run);
    });
  } finally {
    progress?.stop();
  }
  const report = { ...tally.report(options.runId, Math.round(performance.now() - started)), skipped };
  logger.info({ durationMs: report.durationMs, devices: report.devices }, 'ingest finished');
  return report;
}

interface DeviceContext {
  runId: string;
  context: ParseContext;
  maxFileBytes: number;
  logger: Logger;
}

/** Reads and parses one saved file; the newest mtime seen is kept in `times`. */
async function loadFile(path: string, maxFileBytes: number, times: number[]): Promise<XmlElement> {
  try {
    const info = await stat(path);
    times.push(info.mtimeMs);
    if (info.size > maxFileBytes) {
      throw new IbsightError('REPLY_TOO_LARGE', `${path}: ${info.size} bytes exceeds the limit of ${maxFileBytes}`, { context: { file: path } });
    }
    return parseXml(await readFile(path, 'utf8'));
  } catch (err) {
    if (err instanceof IbsightError) {
      throw err.context.file === path ? err : new IbsightError(err.code, `${path}: ${err.message}`, { cause: err, context: { ...err.context, file: path } });
    }
    throw new IbsightError('INPUT_INVALID', `${path}: cannot read: ${(err as Error).message}`, { cause: err, context: { file: path } });
  }
}

async function ingestCollector(planned: PlannedCollector, deviceDir: string, d: DeviceContext, loaded: Map<string, Promise<XmlElement>>, times: number[]): Promise<CollectorResult> {
  const started = performance.now();
  const { collector } = planned;
  const replies: CollectorReply[] = [];
  try {
    for (const { key, file } of planned.replies) {
      let root = loaded.get(file);
      if (!root) {
        root = loadFile(join(deviceDir, file), d.maxFileBytes, times);
        loaded.set(file, root);
      }
      replies.push({ key, root: await root });
    }
  } catch (err) {
    return errorResult(collector, toIbsightError(err), Math.round(performance.now() - started));
  }
  const missing = planned.missing[0];
  if (missing) {
    const err = new IbsightError('INPUT_INVALID', `${deviceDir}: no saved reply for ${collector.name} request "${missing.key}" (expected one of ${missing.files.join(', ')})`, {
      context: { file: deviceDir, collector: collector.name },
    });
    return errorResult(collector, err, Math.round(performance.now() - started));
  }
  const { result } = parseOutcome(collector, replies, d.context, started);
  if (result.error) {
    const files = planned.replies.map((r) => join(deviceDir, r.file)).join(', ');
    result.error = { code: result.error.code, message: `${files}: ${result.error.message}` };
  }
  return result;
}

async function xmlFilesIn(deviceDir: string): Promise<Set<string>> {
  const entries = await entriesOf(deviceDir);
  return new Set(entries.filter((e) => e.isFile() && e.name.endsWith('.xml')).map((e) => e.name));
}

export async function ingestDevice(name: string, deviceDir: string, plans: readonly CollectorFiles[], d: DeviceContext): Promise<DeviceRun> {
  const started = performance.now();
  const failures: RunFailure[] = [];
  const times: number[] = [];
  const results: CollectorResult[] = [];
  let deviceError: IbsightError | null = null;
  try {
    const plan = planDevice(await xmlFilesIn(deviceDir), plans);
    if (plan.unused.length > 0) d.logger.debug({ files: plan.unused }, 'saved files no collector asks for');
    if (plan.collectors.length === 0) {
      deviceError = new IbsightError('INPUT_INVALID', `${deviceDir}: no saved reply any collector reads (expected files such as get-software-information.xml, get-chassis-inventory.xml)`, {
        context: { file: deviceDir },
      });
    }
    const loaded = new Map<string, Promise<XmlElement>>();
    for (const planned of plan.collectors) {
      const result = await ingestCollector(planned, deviceDir, d, loaded, times);
      results.push(result);
      if (result.error) {
        failures.push({ device: name, collector: result.collector, code: result.error.code, message: result.error.message });
        d.logger.warn({ collector: result.collector, code: result.error.code }, result.error.message);
      }
    }
  } catch (err) {
    deviceError = toIbsightError(err);
  }
  let outcome = outcomeOf(results);
  if (deviceError) {
    outcome = { outcome: 'failed', error: { code: deviceError.code, message: deviceError.message } };
    failures.push({ device: name, collector: null, code: deviceError.code, message: deviceError.message });
    d.logger.warn({ code: deviceError.code }, deviceError.message);
  }
  const newest = times.length > 0 ? Math.max(...times) : Date.now();
  const collection: DeviceCollection = {
    runId: d.runId,
    device: name,
    collectedAt: new Date(newest).toISOString(),
    source: 'ingest',
    outcome: outcome.outcome,
    durationMs: Math.round(performance.now() - started),
    error: outcome.error,
    collectors: results,
  };
  return { collection, failures };
}
