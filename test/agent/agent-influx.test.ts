/**
 * The agent's outputs wired end to end (src/agent/agent-outputs.ts): `ibsight agent --once collect`
 * (the compiled CLI) against the simulator with `influx:` pointing at a real influxd 1.6 started by
 * the test — the store's metric points and the run's own metrics arrive in InfluxDB with the
 * numbers of the run; then with InfluxDB stopped a second run spools its points (exit still 0:
 * the collection worked), and after the restart a third run delivers the spooled points first.
 * Needs `influxd` (Debian package influxdb): a failure under CI=true, a loud skip elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxV1Writer } from '../../src/outputs/influx-v1-sink.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { compiledMain, startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';
import { influxdAvailable, InfluxdServer } from '../support/influxd.js';

const haveInfluxd = influxdAvailable('the agent writing into a real influxd');
let dir: string;
let sim: SimChild | undefined;
let server: InfluxdServer | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-agent-influx-'));
  if (!haveInfluxd) return;
  server = await InfluxdServer.start();
  writeFileSync(join(dir, 'fleet.yaml'), 'username: lab\npassword: influx-pw\ndevices:\n  - { generate: 3, profile: "builtin:qfx5120", namePrefix: q-, site: "s1" }\n');
  sim = await startSimChild(['--fleet', join(dir, 'fleet.yaml'), '--base-port', String(await findFreePortRange(3)), '--write-inventory', join(dir, 'inventory.yaml'), '--write-known-hosts', join(dir, 'known_hosts')]);
  const port = await findFreePortRange(1);
  writeFileSync(join(dir, 'ibsight.yaml'), [
    `storage: { sqlite: ${join(dir, 'ibsight.db')} }`,
    `ssh: { knownHosts: ${join(dir, 'known_hosts')} }`,
    `inventory: ${join(dir, 'inventory.yaml')}`,
    'collection: { retries: 0 }',
    `influx: { url: "${server.url}", database: agentdb }`,
    `spool: ${join(dir, 'spool')}`,
    `agent: { listen: "127.0.0.1:${port}" }`,
    `delivery: { dir: ${join(dir, 'reports')} }`,
    '',
  ].join('\n'));
}, 60_000);

afterAll(async () => {
  await stopSimChild(sim);
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const once = () => spawnSync(process.execPath, [compiledMain(), '--config', join(dir, 'ibsight.yaml'), 'agent', '--once', 'collect', '--json'], { encoding: 'utf8', timeout: 120_000 });

async function runRows(): Promise<{ time: Date; devices_total: number; devices_ok: number }[]> {
  const reader = new InfluxV1Writer({ url: server!.url, database: 'agentdb', username: null, password: null, logger: pino({ level: 'silent' }) });
  return reader.influx.query('SELECT devices_total, devices_ok FROM ibsight_run ORDER BY time', { database: 'agentdb' });
}

describe.skipIf(!haveInfluxd)('agent outputs into InfluxDB', () => {
  it('writes the store and run metrics after a job, spools them while InfluxDB is down and delivers them after', async () => {
    const first = once();
    expect(first.status, first.stderr.slice(-2000)).toBe(0);
    const rows = await runRows();
    expect(rows.map((r) => [r.devices_total, r.devices_ok])).toEqual([[3, 3]]);
    const reader = new InfluxV1Writer({ url: server!.url, database: 'agentdb', username: null, password: null, logger: pino({ level: 'silent' }) });
    const inventory = await reader.influx.query<{ devices: number; site: string; model: string; status: string }>(
      'SELECT devices, site, model, status FROM ibsight_inventory', { database: 'agentdb' });
    expect(inventory.filter((r) => r.status === 'ok').map((r) => [r.site, r.model, r.devices])).toEqual([['s1', 'qfx5120-48y-8c', 3]]);

    await server!.stop();
    const second = once();
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    expect(second.stderr).toMatch(/SINK_UNREACHABLE/);

    await server!.start();
    const third = once();
    expect(third.status, third.stderr.slice(-2000)).toBe(0);
    const after = await runRows();
    // the second run's points (spooled) arrived before the third's, none twice
    expect(after.map((r) => r.devices_total)).toEqual([3, 3, 3]);
    expect(after[0]!.time.getTime()).toBeLessThan(after[1]!.time.getTime());
    expect(after[1]!.time.getTime()).toBeLessThan(after[2]!.time.getTime());
  }, 240_000);
});
