/**
 * The agent's InfluxDB sink as the configuration makes it: the spool under `spool`, bounded by
 * `spoolMaxMiB`; no sink for `influx: null`. (Delivery through a real influxd: agent-influx.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { influxSinks } from '../../src/agent/agent-outputs.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { InfluxSink } from '../../src/outputs/influx-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'ibsight-agent-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(text: string) {
  writeFileSync(join(dir, 'ibsight.yaml'), text);
  return loadConfig({ cwd: dir, env: {} });
}

describe('the agent InfluxDB sink', () => {
  it('spools under the configured directory, bounded by spoolMaxMiB', async () => {
    const [sink] = influxSinks(configWith('influx: { url: "http://127.0.0.1:1", database: ib }\nspool: ./spool-here\nspoolMaxMiB: 3\n'), silentLogger());
    expect(sink).toBeInstanceOf(InfluxSink);
    const spool = (sink as InfluxSink).spool;
    expect(spool.maxBytes).toBe(3 * 1024 * 1024);
    expect(spool.dir.startsWith(join(dir, 'spool-here'))).toBe(true);
    await sink!.close();
  });

  it('takes the default bound of 512 MiB, and makes no sink for influx: null', async () => {
    const [sink] = influxSinks(configWith('influx: { url: "http://127.0.0.1:1", database: ib }\n'), silentLogger());
    expect((sink as InfluxSink).spool.maxBytes).toBe(512 * 1024 * 1024);
    await sink!.close();
    expect(influxSinks(configWith('influx: null\n'), silentLogger())).toEqual([]);
  });
});
