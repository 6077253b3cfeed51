/**
 * Juniper's own client against the simulator engine: PyEZ (over ncclient) talks to simulated
 * devices in both framings. Needs /usr/bin/python3 with jnpr.junos (Debian python3-junos-eznc):
 * fails in CI when missing, is skipped loudly elsewhere.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';

const PYTHON = '/usr/bin/python3';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sim');

function pyezAvailable(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import jnpr.junos, ncclient'], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `PyEZ is not importable with ${PYTHON} (${(err as Error).message.split('\n')[0]}); install python3-junos-eznc`;
  }
}

const missing = pyezAvailable();
if (missing && process.env.CI === 'true') throw new Error(missing);
if (missing) console.warn(`SKIPPED test/sim/pyez-interop.test.ts: ${missing}`);

const SCRIPT = `
import json, sys
from jnpr.junos import Device
from jnpr.junos.exception import RpcError
from lxml import etree
port, password = int(sys.argv[1]), sys.argv[2]
out = {}
dev = Device(host='127.0.0.1', port=port, user='lab', passwd=password, gather_facts=False, ssh_config=None)
dev.open()
out['hostname'] = dev.rpc.get_software_information().findtext('.//host-name')
out['serial'] = dev.rpc.get_chassis_inventory().findtext('.//chassis/serial-number')
try:
    out['set'] = dev.rpc.get_config(options={'format': 'set'}).text
except RpcError as e:
    out['set'] = None
try:
    dev.rpc.get_bogus_information()
except RpcError as e:
    out['unknown'] = {'message': e.message, 'bad_element': e.rpc_error.get('bad_element')}
from ncclient.transport.session import NetconfBase
out['framing'] = 'chunked' if dev._conn._session._base == NetconfBase.BASE_11 else 'eom'
dev.close()
print(json.dumps(out))
`;

let sim: RunningSimulator;
let dir: string;

function runPyez(deviceName: string): Promise<Record<string, unknown>> {
  const device = sim.devices.find((d) => d.name === deviceName)!;
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [join(dir, 'probe.py'), String(device.port), 'pw-lab'], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>);
    });
  });
}

describe.skipIf(missing !== null)('PyEZ against the simulator', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ibsight-pyez-'));
    writeFileSync(join(dir, 'probe.py'), SCRIPT);
    const plan = parseFleetText(
      'username: lab\npassword: pw-lab\ndevices:\n' +
        `  - { generate: 1, profile: ${JSON.stringify(join(FIXTURES, 'tiny-mx'))}, namePrefix: py-mx-, site: s }\n` +
        `  - { name: py-eom, profile: ${JSON.stringify(join(FIXTURES, 'tiny-eom'))}, site: s }\n`,
      join(dir, 'fleet.yaml'),
    );
    sim = await startSimulator(plan, { basePort: await findFreePortRange(2), logger: silentLogger() });
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads personalised replies, set-format configuration and the unknown-RPC error (base:1.1 device)', async () => {
    const out = await runPyez('py-mx-1');
    expect(out.hostname).toBe('py-mx-1');
    expect(out.serial).toMatch(/^JN1[0-9]{1}[A-Z0-9]{8}$/);
    expect(out.serial).not.toBe('JN12AB34CDEF');
    expect(out.set).toContain('set system host-name py-mx-1');
    expect(out.unknown).toEqual({ message: 'syntax error, expecting <command>', bad_element: 'get-bogus-information' });
    expect(out.framing).toBe('chunked');
  });

  it('works with a device that offers only base:1.0', async () => {
    const out = await runPyez('py-eom');
    expect(out.hostname).toBe('tinyeom-sw1');
    expect(out.serial).toBe('WS3718000123');
    expect(out.framing).toBe('eom');
  });
});
