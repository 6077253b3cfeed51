/**
 * Child process of crash.test.ts: writes runs of devices into a store (the compiled store in
 * dist/) until it is killed. Every run changes every device (a swapped FPC, a new version, a new
 * configuration) so a half-written device would show. It prints one line per step on stdout:
 * `opening`, `opened`, `begin RUN`, `committed RUN DEVICE` (after recordDevice resolved),
 * `finished RUN`, `done`.
 *
 * usage: node crash-writer.mjs DB PROFILE_JSON FIRST_RUN RUNS DEVICES
 */
import { readFileSync } from 'node:fs';
import { openStore } from '../../dist/src/store/open-store.js';
import { silentLogger } from '../../dist/src/log/logger.js';

const [db, profileJson, firstRun, runs, devices] = process.argv.slice(2);
const base = JSON.parse(readFileSync(profileJson, 'utf8'));
const say = (line) => process.stdout.write(`${line}\n`); // synchronous on a pipe: printed before the next step

function runKey(r) {
  return `run-${String(r).padStart(4, '0')}`;
}

function startOf(r) {
  return new Date(Date.UTC(2025, 0, 1) + r * 3_600_000).toISOString();
}

function deviceCollection(r, d) {
  const tag = `d${d}`;
  const components = base.inventory.components.map((c) => ({
    ...c,
    serialNumber: c.serialNumber !== null && !c.serialPlaceholder ? `${c.serialNumber}-${tag}` : c.serialNumber,
  }));
  components.find((c) => c.path.join('/') === 'Chassis/FPC 1').serialNumber = `SWAP-r${r}-${tag}`;
  const version = `23.4R${r}`;
  const software = { ...base.software, version, members: base.software.members.map((m) => ({ ...m, version })) };
  const configuration = { ...base.configuration, text: `version ${version};`, setLines: null, hash: `cfg-${r}` };
  const ok = (collector, records) => ({ collector, status: 'ok', durationMs: 3, error: null, reason: null, records });
  return {
    runId: runKey(r),
    device: `dev-${d}`,
    collectedAt: new Date(Date.parse(startOf(r)) + d * 1000).toISOString(),
    source: 'collect',
    outcome: 'ok',
    durationMs: 40,
    error: null,
    collectors: [
      ok('software-information', software),
      ok('chassis-inventory', { components }),
      ok('route-engine', base.routeEngines),
      ok('configuration', configuration),
      ok('alarms', r % 2 === 0 ? base.alarms : []),
      ok('core-dumps', base.coreDumps),
    ],
  };
}

say('opening');
const store = await openStore({ sqlite: db, logger: silentLogger() });
say('opened');
for (let r = Number(firstRun); r < Number(firstRun) + Number(runs); r++) {
  await store.beginRun({ runId: runKey(r), kind: 'collect', startedAt: startOf(r), collectors: ['software-information', 'chassis-inventory'] });
  say(`begin ${runKey(r)}`);
  let next = 0;
  // eight concurrent writers, as a run's workers would be
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < Number(devices)) {
        const d = next++;
        await store.recordDevice(deviceCollection(r, d));
        say(`committed ${runKey(r)} dev-${d}`);
      }
    }),
  );
  await store.finishRun(runKey(r), { finishedAt: startOf(r + 1), durationMs: 3_600_000, devices: { total: Number(devices), ok: Number(devices), partial: 0, failed: 0 } });
  say(`finished ${runKey(r)}`);
}
await store.close();
say('done');
