/**
 * `ingest` of saved replies (`<dir>/<device>/<rpc>.xml`): the simulator's built-in profile files
 * saved under device directories go through the same parsers as a live collection. The same
 * profile directories are served by the simulator (unpersonalised) and collected over real SSH,
 * and every collector's records must come out identical. Also: `collectedAt` is the newest file
 * time, unknown directories are skipped, broken files fail their collector with the file named
 * while the rest goes on, and a missing required file is named.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectors } from '../../collectors/index.js';
import { runCollection } from '../../src/collect/collection-run.js';
import { runIngest, type IngestReport } from '../../src/collect/ingest-run.js';
import type { InventoryDevice } from '../../src/config/config-types.js';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import type { DeviceCollection } from '../../src/store/store-api.js';
import { labConfig, startLab, type Lab } from './sim-lab.js';

const PROFILES = ['mx480', 'ex4300-vc', 'srx345-cluster', 'ptx10001'];
const SCRUB_KEY = Buffer.from('collect-test-scrub-key');
const NEWEST = new Date('2025-06-01T10:20:30.000Z');
const OLDER = new Date('2025-05-01T00:00:00.000Z');

let root: string;
let savedDir: string;
let lab: Lab;
let report: IngestReport;
const ingested = new Map<string, DeviceCollection>();
const collected = new Map<string, DeviceCollection>();

const device = (name: string): InventoryDevice => ({ name, host: '192.0.2.1', port: 830, site: 'remote', credentials: 'none' });

function saveProfile(profile: string, deviceName: string): string {
  const dir = join(savedDir, deviceName);
  cpSync(builtinProfileDir(profile), dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ibsight-ingest-'));
  savedDir = join(root, 'saved');
  mkdirSync(savedDir);
  for (const profile of PROFILES) {
    const dir = saveProfile(profile, `saved-${profile}`);
    for (const file of readdirSync(dir)) utimesSync(join(dir, file), OLDER, OLDER);
    utimesSync(join(dir, 'get-chassis-inventory.xml'), NEWEST, NEWEST);
    // a file no collector reads does not count
    utimesSync(join(dir, 'file-show.xml'), new Date('2025-07-01T00:00:00Z'), new Date('2025-07-01T00:00:00Z'));
  }
  // broken files: inventory malformed (essential → failed), route-engine a DTD (non-essential → partial)
  const broken = saveProfile('qfx5120', 'saved-broken');
  writeFileSync(join(broken, 'get-chassis-inventory.xml'), '<chassis-inventory><chassis><name>Chassis</chassis-inventory>');
  writeFileSync(join(broken, 'get-route-engine-information.xml'), '<!DOCTYPE x [<!ENTITY a "b">]><route-engine-information/>');
  const partial = saveProfile('qfx5120', 'saved-partial');
  rmSync(join(partial, 'get-system-alarm-information.xml'));
  writeFileSync(join(partial, 'get-environment-information.xml'), `<environment-information>${' '.repeat(300 * 1024)}</environment-information>`);
  mkdirSync(join(savedDir, 'saved-empty'));
  writeFileSync(join(savedDir, 'saved-empty', 'notes.txt'), 'nothing here');
  saveProfile('mx960', 'not-in-inventory');
  writeFileSync(join(savedDir, 'README.txt'), 'loose file');

  const inventoryDevices = [...PROFILES.map((p) => `saved-${p}`), 'saved-broken', 'saved-partial', 'saved-empty'].map(device);
  report = await runIngest({
    runId: 'run-ingest',
    dir: savedDir,
    devices: inventoryDevices,
    collectors,
    scrubKey: SCRUB_KEY,
    sink: async (result) => {
      ingested.set(result.device, result);
    },
    logger: silentLogger(),
    maxFileBytes: 256 * 1024,
  });

  // the same profile directories, served by the simulator and collected live
  lab = await startLab(PROFILES.map((p) => ({ name: `live-${p}`, profile: join(savedDir, `saved-${p}`) })), 'ibsight-ingest-live-');
  await runCollection({
    runId: 'run-live',
    devices: lab.inventory.devices,
    inventory: lab.inventory,
    collectors,
    config: labConfig(lab.knownHosts),
    scrubKey: SCRUB_KEY,
    sink: async (result) => {
      collected.set(result.device, result);
    },
    logger: silentLogger(),
  });
}, 120_000);

afterAll(async () => {
  await lab?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('ingest of saved replies', () => {
  it.each(PROFILES)('%s: the same records as a live collection of the same replies', (profile) => {
    const saved = ingested.get(`saved-${profile}`)!;
    const live = collected.get(`live-${profile}`)!;
    expect(saved).toMatchObject({ runId: 'run-ingest', source: 'ingest', outcome: 'ok', error: null });
    expect(live.outcome).toBe('ok');
    const liveOk = live.collectors.filter((c) => c.status === 'ok');
    expect(liveOk.length).toBeGreaterThan(8);
    for (const c of liveOk) {
      const s = saved.collectors.find((x) => x.collector === c.collector);
      expect(s, c.collector).toBeDefined();
      expect({ collector: c.collector, records: s!.records }).toEqual({ collector: c.collector, records: c.records });
    }
    // a collector refused live is either not applicable from its saved refusal too, or absent (no file)
    for (const c of live.collectors.filter((x) => x.status === 'not-applicable')) {
      const s = saved.collectors.find((x) => x.collector === c.collector);
      if (s) expect(s.status).toBe('not-applicable');
    }
  });

  it('collectedAt is the newest time of the files used', () => {
    expect(ingested.get('saved-mx480')!.collectedAt).toBe(NEWEST.toISOString());
  });

  it('skips directories of devices not in the inventory, and loose files', () => {
    expect(report.skipped).toEqual([
      { entry: 'README.txt', reason: 'not a device directory' },
      { entry: 'not-in-inventory', reason: 'no such device in the inventory' },
    ]);
    expect(ingested.has('not-in-inventory')).toBe(false);
  });

  it('a malformed or unsafe file fails its collector, naming the file; the rest goes on', () => {
    const broken = ingested.get('saved-broken')!;
    const inventory = broken.collectors.find((c) => c.collector === 'chassis-inventory')!;
    expect(inventory.error!.code).toBe('XML_MALFORMED');
    expect(inventory.error!.message).toContain(join(savedDir, 'saved-broken', 'get-chassis-inventory.xml'));
    const re = broken.collectors.find((c) => c.collector === 'route-engine')!;
    expect(re.error!.code).toBe('XML_DTD_REFUSED');
    expect(re.error!.message).toContain('get-route-engine-information.xml');
    expect(broken).toMatchObject({ outcome: 'failed', error: { code: 'XML_MALFORMED' } });
    expect(broken.collectors.find((c) => c.collector === 'software-information')!.status).toBe('ok');
    expect(broken.collectors.find((c) => c.collector === 'configuration')!.status).toBe('ok');
  });

  it('an oversized file and a missing required file fail only their collectors: partial', () => {
    const partial = ingested.get('saved-partial')!;
    expect(partial.outcome).toBe('partial');
    const environment = partial.collectors.find((c) => c.collector === 'environment')!;
    expect(environment.error).toMatchObject({ code: 'REPLY_TOO_LARGE', message: expect.stringContaining('get-environment-information.xml') });
    const alarms = partial.collectors.find((c) => c.collector === 'alarms')!;
    expect(alarms.error).toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('get-system-alarm-information.xml') });
  });

  it('a device directory without any usable file is a failed device', () => {
    expect(ingested.get('saved-empty')).toMatchObject({ outcome: 'failed', error: { code: 'INPUT_INVALID' }, collectors: [] });
  });

  it('summarises the run', () => {
    expect(report.devices).toEqual({ total: 7, ok: 4, partial: 1, failed: 2 });
    expect(report.failures.filter((f) => f.device === 'saved-empty')).toEqual([
      { device: 'saved-empty', collector: null, code: 'INPUT_INVALID', message: expect.any(String) },
    ]);
  });

  it('a missing directory is an input error', async () => {
    const run = runIngest({ runId: 'x', dir: join(root, 'nope'), devices: [], collectors, scrubKey: SCRUB_KEY, sink: async () => undefined, logger: silentLogger() });
    await expect(run).rejects.toBeInstanceOf(IbsightError);
    await expect(run).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
